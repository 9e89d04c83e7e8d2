"""Write a new build of the index beside the current one, validate it, switch over, prune old builds.

Only the ingest writes. CURRENT is replaced (atomically) only once a build is complete and validated,
so a killed ingest never leaves a half-written index in use.
"""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import datetime, timezone

from settings import Settings
from vectorstore.lexical import LexicalIndex
from vectorstore.manifest import IndexManifest
from vectorstore.store import (
    BUILDS_DIR, CURRENT_FILE, build_dir, chroma_client, collection_name, current_build_id, refusing_embedding_function,
)

WRITE_BATCH = 256
KEEP_OLD_BUILDS = 2


def switch_current(index_dir: Path, build_id: str) -> None:
    """Point CURRENT at a finished build; os.replace makes the switch atomic."""
    temporary = index_dir / f".{CURRENT_FILE}.tmp"
    temporary.write_text(build_id, encoding="utf-8")
    os.replace(temporary, index_dir / CURRENT_FILE)


def prune_builds(settings: Settings, keep: int = KEEP_OLD_BUILDS) -> None:
    """Delete all but the current build and the newest ``keep`` others (a running app may still read them).

    With a Chroma server, the old builds' collections are dropped from the server too.
    """
    index_dir = settings.index_dir
    current = current_build_id(index_dir)
    builds_root = index_dir / BUILDS_DIR
    if not builds_root.exists():
        return
    others = sorted((p for p in builds_root.iterdir() if p.is_dir() and p.name != current), key=lambda p: p.name)
    for stale in others[:-keep] if keep else others:
        if settings.chroma_host and (stale / "manifest.json").exists():
            try:
                chroma_client(settings, stale).delete_collection(IndexManifest.load(stale).collection)
            except Exception:  # already gone, or the server is away: the folder goes anyway
                pass
        shutil.rmtree(stale, ignore_errors=True)


def build_collection(settings: Settings, manifest: IndexManifest):
    """The Chroma collection of a finished build, for reading its stored chunks and vectors."""
    client = chroma_client(settings, build_dir(settings.index_dir, manifest.build_id))
    return client.get_collection(manifest.collection, embedding_function=refusing_embedding_function())


def read_build_chunks(collection, source: str, content_hash: str) -> dict[str, list]:
    """Chunks of one source version with their stored vectors, to carry into a new build without re-embedding."""
    result = collection.get(
        where={"$and": [{"source": source}, {"content_hash": content_hash}]}, include=["documents", "metadatas", "embeddings"]
    )
    order = sorted(range(len(result["ids"])), key=lambda i: result["metadatas"][i].get("position", 0))
    return {
        "ids": [result["ids"][i] for i in order],
        "texts": [result["documents"][i] for i in order],
        "metadatas": [result["metadatas"][i] for i in order],
        "vectors": [[float(v) for v in result["embeddings"][i]] for i in order],
    }


class BuildValidationError(Exception):
    """A finished build does not hold what was written to it; the old index stays in use."""


class BuildWriter:
    """Collects chunks with their vectors into a fresh collection; ``commit`` makes it the current index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Microseconds keep build ids in creation order, which pruning relies on.
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.build_id = f"{stamp}-{secrets.token_hex(3)}"
        self.folder = build_dir(settings.index_dir, self.build_id)
        self.folder.mkdir(parents=True)
        self.collection_name = collection_name(settings, self.build_id)
        self._client = chroma_client(settings, self.folder)
        self._collection = self._client.create_collection(
            self.collection_name, metadata={"hnsw:space": "cosine"}, embedding_function=refusing_embedding_function()
        )
        self._ids: list[str] = []
        self._lexical_texts: list[str] = []

    def add(self, ids: list[str], texts: list[str], metadatas: list[dict], vectors: list[list[float]], lexical_texts: list[str]) -> None:
        if not (len(ids) == len(texts) == len(metadatas) == len(vectors) == len(lexical_texts)):
            raise ValueError("ids, texts, metadatas, vectors and lexical_texts must have the same length")
        for start in range(0, len(ids), WRITE_BATCH):
            end = start + WRITE_BATCH
            self._collection.add(
                ids=ids[start:end], documents=texts[start:end], metadatas=metadatas[start:end], embeddings=vectors[start:end]
            )
        self._ids.extend(ids)
        self._lexical_texts.extend(lexical_texts)

    def commit(self, manifest: IndexManifest) -> None:
        """Write the lexical index and manifest, check the build, and switch CURRENT to it."""
        LexicalIndex.build(self._ids, self._lexical_texts).save(self.folder / "lexical")
        manifest.chunk_count = len(self._ids)
        manifest.save(self.folder)
        stored = self._collection.count()
        if stored != len(self._ids) or len(set(self._ids)) != len(self._ids):
            raise BuildValidationError(f"the new build holds {stored} chunks, expected {len(self._ids)}")
        if self._ids:
            probe = self._collection.get(ids=[self._ids[0]], include=["embeddings"])
            if len(probe["ids"]) != 1:
                raise BuildValidationError("a written chunk cannot be read back")
        switch_current(self.settings.index_dir, self.build_id)
        prune_builds(self.settings)

    def abort(self) -> None:
        """Remove a build that will not be used (after an error or Ctrl-C)."""
        try:
            if self.settings.chroma_host:
                self._client.delete_collection(self.collection_name)
        except Exception:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)
