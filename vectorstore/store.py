"""Open and search the index: one folder per build, and a CURRENT pointer that names the one that answers.

Layout of ``index_dir``::

    CURRENT                 build id of the index that answers
    builds/<build id>/      chroma/ (embedded store), lexical/ (BM25), manifest.json

Builds are written and switched by ``vectorstore.builds``; this module only reads.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.documents import Document

from settings import Settings
from vectorstore.embeddings import NamedEmbeddings, check_embeddings_match, embeddings_for_index
from vectorstore.lexical import LexicalIndex
from vectorstore.manifest import IndexManifest
from vectorstore.problems import IndexMismatchError, IndexMissingError, IndexProblem

__all__ = ["Index", "IndexMismatchError", "IndexMissingError", "IndexProblem", "open_index", "read_current_manifest"]

CURRENT_FILE = "CURRENT"
SEARCH_BREADTH = 200
BUILDS_DIR = "builds"


def refusing_embedding_function():
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
        self._collection = client.get_collection(manifest.collection, embedding_function=refusing_embedding_function())
        self.lexical = LexicalIndex.load(folder / "lexical")

    @property
    def build_id(self) -> str:
        return self.manifest.build_id

    def dense_search(self, query_vector: list[float], k: int) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity to the query, best first."""
        # HNSW searches as wide as the results asked for (its default breadth is 10): asking for a few dozen
        # missed the true best chunk of the combined index for 4 of 10 dev questions. A wide search costs
        # little and is cut back to k here.
        wanted = max(1, min(k, self.manifest.chunk_count))
        breadth = max(wanted, min(SEARCH_BREADTH, self.manifest.chunk_count))
        result = self._collection.query(query_embeddings=[query_vector], n_results=breadth, include=["distances"])
        pairs = [(chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(result["ids"][0], result["distances"][0])]
        return pairs[:wanted]

    def paragraph_search(self, query_vector: list[float], paragraph: str, k: int) -> list[tuple[str, float]]:
        """Chunks of one § ("61 a") in any source, by similarity to the query: a question that names its § gets it."""
        k = max(1, min(k, self.manifest.chunk_count))
        result = self._collection.query(
            query_embeddings=[query_vector], n_results=k, where={"paragraph": paragraph}, include=["distances"]
        )
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


def read_current_manifest(settings: Settings) -> IndexManifest:
    build_id = current_build_id(settings.index_dir)
    if build_id is None or not (build_dir(settings.index_dir, build_id) / "manifest.json").exists():
        raise IndexMissingError(f"There is no index in {settings.index_dir}.", settings.index_dir)
    return IndexManifest.load(build_dir(settings.index_dir, build_id))


def open_index(settings: Settings, embeddings: NamedEmbeddings | None = None) -> Index:
    """Open the current build for reading; raise IndexMissingError or IndexMismatchError with the fix."""
    manifest = read_current_manifest(settings)
    if manifest.chunk_count == 0:
        raise IndexMissingError(f"The index in {settings.index_dir} is empty.", settings.index_dir)
    if embeddings is None:
        embeddings = embeddings_for_index(settings, manifest)
    else:
        check_embeddings_match(manifest, embeddings, settings)
    return Index(settings, manifest, build_dir(settings.index_dir, manifest.build_id), embeddings)


