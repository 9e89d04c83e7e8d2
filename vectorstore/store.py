"""Open, read and write the index: one folder per build, and a CURRENT pointer switched atomically.

Layout of ``index_dir``::

    CURRENT                 build id of the index that answers
    builds/<build id>/      chroma/ (embedded store), lexical/ (BM25), manifest.json

A build is written beside the current one and CURRENT is replaced only once the build is
complete and validated, so a killed ingest never leaves a half-written index in use.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from langchain_core.documents import Document

from settings import Settings
from vectorstore.embeddings import NamedEmbeddings, make_embeddings, sentence_transformer_available_locally
from vectorstore.lexical import LexicalIndex
from vectorstore.manifest import IndexManifest

CURRENT_FILE = "CURRENT"
BUILDS_DIR = "builds"
KEEP_OLD_BUILDS = 2


class IndexProblem(Exception):
    """Base of index problems that a user can fix; the message says how."""


class IndexMissingError(IndexProblem):
    pass


class IndexMismatchError(IndexProblem):
    pass


def ingest_hint(settings: Settings) -> str:
    return f"Run the ingest first: python -m ingest --index {settings.index_dir}"


def _refusing_embedding_function():
    """Chroma must never embed by itself (its default downloads a model): we always pass vectors."""
    from chromadb.api.types import Documents, EmbeddingFunction

    class RefuseToEmbed(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents):
            raise RuntimeError("Chroma was asked to embed text itself; pass vectors instead")

        @staticmethod
        def name() -> str:
            return "refuse-to-embed"

        def get_config(self) -> dict:
            return {}

        @staticmethod
        def build_from_config(config: dict) -> "RefuseToEmbed":
            return RefuseToEmbed()

    return RefuseToEmbed()


def chroma_client(settings: Settings, build_dir: Path):
    """The single place a Chroma client is chosen: embedded by default, a server when a host is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    return chromadb.PersistentClient(path=str(build_dir / "chroma"), settings=chroma_settings)


def collection_name(settings: Settings, build_id: str) -> str:
    return f"{settings.collection}-{build_id}"


def current_build_id(index_dir: Path) -> str | None:
    pointer = index_dir / CURRENT_FILE
    if not pointer.exists():
        return None
    return pointer.read_text(encoding="utf-8").strip() or None


def build_dir(index_dir: Path, build_id: str) -> Path:
    return index_dir / BUILDS_DIR / build_id


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


def metadata_to_document(text: str, metadata: dict) -> Document:
    metadata = dict(metadata)
    metadata["page"] = int(metadata.get("page") or 0) or None
    metadata["url"] = metadata.get("url") or None
    return Document(page_content=text, metadata=metadata, id=metadata.get("id"))


class Index:
    """A finished, validated build that can be searched; it never writes."""

    def __init__(self, settings: Settings, manifest: IndexManifest, folder: Path, embeddings: NamedEmbeddings) -> None:
        self.settings = settings
        self.manifest = manifest
        self.folder = folder
        self.embeddings = embeddings
        client = chroma_client(settings, folder)
        self._collection = client.get_collection(manifest.collection, embedding_function=_refusing_embedding_function())
        self.lexical = LexicalIndex.load(folder / "lexical")

    @property
    def build_id(self) -> str:
        return self.manifest.build_id

    def dense_search(self, query_vector: list[float], k: int) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity to the query, best first."""
        k = max(1, min(k, self.manifest.chunk_count))
        result = self._collection.query(query_embeddings=[query_vector], n_results=k, include=["distances"])
        return [(chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(result["ids"][0], result["distances"][0])]

    def get_chunks(self, ids: list[str], with_vectors: bool = False) -> dict[str, tuple[Document, list[float] | None]]:
        include = ["documents", "metadatas"] + (["embeddings"] if with_vectors else [])
        result = self._collection.get(ids=list(ids), include=include)
        vectors = result.get("embeddings") if with_vectors else None
        chunks = {}
        for position, chunk_id in enumerate(result["ids"]):
            vector = [float(v) for v in vectors[position]] if vectors is not None else None
            chunks[chunk_id] = (metadata_to_document(result["documents"][position], result["metadatas"][position]), vector)
        return chunks


def _check_embeddings(manifest: IndexManifest, embeddings: NamedEmbeddings, settings: Settings) -> None:
    if embeddings.model_id != manifest.embeddings.model_id or embeddings.dimensions != manifest.embeddings.dimensions:
        raise IndexMismatchError(
            f"The index was built with the embedding model {manifest.embeddings.model_id} "
            f"({manifest.embeddings.dimensions} dimensions), but this run uses {embeddings.model_id}. "
            f"Searching it would give silently wrong results. Rebuild it with: "
            f"python -m ingest --rebuild --index {settings.index_dir}"
        )


def read_current_manifest(settings: Settings) -> IndexManifest:
    build_id = current_build_id(settings.index_dir)
    if build_id is None or not (build_dir(settings.index_dir, build_id) / "manifest.json").exists():
        raise IndexMissingError(f"There is no index in {settings.index_dir}. {ingest_hint(settings)}")
    return IndexManifest.load(build_dir(settings.index_dir, build_id))


def embeddings_for_index(settings: Settings, manifest: IndexManifest) -> NamedEmbeddings:
    """The embeddings to query an index with: 'auto' follows the index, an explicit choice must match it."""
    wanted = settings.embeddings
    built_with = manifest.embeddings
    if wanted == "auto":
        wanted = built_with.backend
        if wanted == "sentence-transformers" and not sentence_transformer_available_locally(built_with.model):
            raise IndexMismatchError(
                f"The index was built with {built_with.model_id}, which is not available on this machine. "
                f"Rebuild it with: python -m ingest --rebuild --index {settings.index_dir}"
            )
        if wanted == "sentence-transformers":
            settings = settings.model_copy(update={"embeddings_model": built_with.model})
    elif wanted != built_with.backend:
        raise IndexMismatchError(
            f"The index was built with {built_with.model_id}, but the settings ask for the {wanted} backend. "
            f"Rebuild it with: python -m ingest --rebuild --index {settings.index_dir}"
        )
    embeddings = make_embeddings(settings, wanted)
    _check_embeddings(manifest, embeddings, settings)
    return embeddings


def open_index(settings: Settings, embeddings: NamedEmbeddings | None = None) -> Index:
    """Open the current build for reading; raise IndexMissingError or IndexMismatchError with the fix."""
    manifest = read_current_manifest(settings)
    if manifest.chunk_count == 0:
        raise IndexMissingError(f"The index in {settings.index_dir} is empty. {ingest_hint(settings)}")
    if embeddings is None:
        embeddings = embeddings_for_index(settings, manifest)
    else:
        _check_embeddings(manifest, embeddings, settings)
    return Index(settings, manifest, build_dir(settings.index_dir, manifest.build_id), embeddings)


def build_collection(settings: Settings, manifest: IndexManifest):
    """The Chroma collection of a finished build, for reading its stored chunks and vectors."""
    client = chroma_client(settings, build_dir(settings.index_dir, manifest.build_id))
    return client.get_collection(manifest.collection, embedding_function=_refusing_embedding_function())


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
