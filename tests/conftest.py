"""Shared fixtures: a fixture corpus and an index built from it with the fake embeddings."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import Settings, load_settings
from tests.fixture_docs import make_corpus


def fake_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", data_dir=tmp_path / "data",
        embeddings="fake", fetch=False, scoring={"min_evidence": 0.2, "min_evidence_en": 0.2}, llm_backend="extractive",
    )
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> Settings:
    """Index of the fixture corpus (fake embeddings), built once per test session; tests must not write to it."""
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("fixture-index")
    make_corpus(root / "corpus")
    settings = fake_settings(root)
    run_ingest(settings)
    return settings


@pytest.fixture
def fresh_corpus(tmp_path) -> Settings:
    make_corpus(tmp_path / "corpus")
    return fake_settings(tmp_path)
