"""Write a new build of the index beside the current one, validate it, then switch over."""

from __future__ import annotations

import secrets
import shutil
from datetime import datetime, timezone

from settings import Settings
from vectorstore.lexical import LexicalIndex
from vectorstore.manifest import IndexManifest
from vectorstore.store import (
    _refusing_embedding_function, build_dir, chroma_client, collection_name, prune_builds, switch_current,
)

WRITE_BATCH = 256


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
            self.collection_name, metadata={"hnsw:space": "cosine"}, embedding_function=_refusing_embedding_function()
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
