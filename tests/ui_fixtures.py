"""Fixtures of the web UI tests: a small index of our own text (fake embeddings) and app settings
passed to Streamlit through BOLIG_* environment variables. Import the fixtures you use.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE_URL = "https://www.example.org/bolig/boligsocialt-arbejde"
SOURCE_TITLE = "Boligsocialt arbejde (testside)"
MISSING_TITLE = "Brev til ministeren"

SOURCES_TOML = f"""
allow_domains = ["example.org"]

[[source]]
url = "{SOURCE_URL}"
title = "{SOURCE_TITLE}"
snapshot = "side.md"

[[expected]]
title = "{MISSING_TITLE}"
link_text = "{MISSING_TITLE}"
domain = "example.org"
"""

# Our own text about the subject, worded so the UI's example questions find their passages.
PAGE = """# Boligsocialt arbejde

Et forebyggelsesområde er en ny kategori af boligområde, som aftalen om blandede boligområder indfører.

Aftalen om blandede boligområder er indgået mellem Venstre, Dansk Folkeparti, Socialistisk Folkeparti, Konservative og Liberal Alliance.

## KL's brev til ministeren

KL kritiserede den statslige liste over forebyggelsesområder med obligatoriske udlejningsregler.

KL skrev brevet til bolig- og indenrigsministeren i marts.

## Historierne

Historierne om boligsociale indsatser er lavet af KL sammen med Center for Boligsocial Udvikling.

## Beboerhuset

Beboerhuset i Nordparken holder <img src=x onerror=alert(1)> fællesspisning ![spor](https://evil.example/x.png) med :red[frivillige] og $x$ hver uge.
"""

NOTE = """Notat om beskæftigelse

Beskæftigelsesindsatser i udsatte boligområder bygger på samarbejde mellem kommunen og boligorganisationerne.
"""

BOLIG_VARIABLES = (
    "INDEX_DIR", "CORPUS_DIR", "DATA_DIR", "EMBEDDINGS", "FETCH", "SCORING__MIN_EVIDENCE", "SCORING__MIN_EVIDENCE_EN", "LLM_BACKEND", "PUBLIC_MODE",
    "STAFF_PASSWORD", "RATE_LIMIT_PER_MINUTE", "MAX_QUESTION_CHARS", "STORE_URL", "GLOBAL_RATE_LIMIT_PER_MINUTE",
    "TRUSTED_PROXY", "LOGIN_FREE_ATTEMPTS", "LOGIN_MAX_DELAY_S",
)


def make_ui_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.toml").write_text(SOURCES_TOML, encoding="utf-8")
    (folder / "side.md").write_text(PAGE, encoding="utf-8")
    (folder / "notat.txt").write_text(NOTE, encoding="utf-8")


def build_ui_index(root: Path) -> Path:
    """Build (once per folder) the index of the fixture text with the fake embeddings."""
    from ingest.pipeline import run_ingest
    from settings import load_settings

    if not (root / "index" / "CURRENT").exists():
        make_ui_corpus(root / "corpus")
        settings = load_settings(embeddings="fake", corpus_dir=root / "corpus", index_dir=root / "index", fetch=False)
        run_ingest(settings)
    return root


def app_environment(root: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    """The BOLIG_* variables that point the app at the fixture index."""
    values = {
        "BOLIG_INDEX_DIR": str(root / "index"), "BOLIG_CORPUS_DIR": str(root / "corpus"),
        "BOLIG_DATA_DIR": str(data_dir), "BOLIG_EMBEDDINGS": "fake", "BOLIG_FETCH": "false",
        "BOLIG_SCORING__MIN_EVIDENCE": "0.2", "BOLIG_SCORING__MIN_EVIDENCE_EN": "0.2", "BOLIG_LLM_BACKEND": "extractive",
    }
    values.update({f"BOLIG_{key.upper()}": value for key, value in extra.items()})
    return values


@pytest.fixture(scope="session")
def ui_index(tmp_path_factory) -> Path:
    """Root folder holding corpus/ and index/ (read-only for the tests); built once per session."""
    return build_ui_index(tmp_path_factory.getbasetemp() / "ui-index")


@dataclass
class AppEnv:
    root: Path
    data_dir: Path
    monkeypatch: pytest.MonkeyPatch

    def set(self, **extra: str) -> None:
        """Point the app at the fixture index, with extra settings (public_mode="true", ...)."""
        for key in BOLIG_VARIABLES:
            self.monkeypatch.delenv(f"BOLIG_{key}", raising=False)
        for key, value in app_environment(self.root, self.data_dir, **extra).items():
            self.monkeypatch.setenv(key, value)

    def feedback_rows(self) -> list[dict]:
        from web.store import STORE_FILE

        path = self.data_dir / STORE_FILE
        if not path.exists():
            return []
        with sqlite3.connect(path) as connection:
            connection.row_factory = sqlite3.Row
            return [dict(row) for row in connection.execute("SELECT * FROM feedback ORDER BY id")]


@pytest.fixture
def app_env(ui_index, tmp_path, monkeypatch) -> AppEnv:
    """Settings for one app test; Streamlit's resource cache is cleared before and after, so an
    Assistant built for one test's settings never serves another."""
    import streamlit as st

    from web.engine import forget_loaded

    st.cache_resource.clear()
    forget_loaded()
    env = AppEnv(root=ui_index, data_dir=tmp_path / "data", monkeypatch=monkeypatch)
    env.set()
    yield env
    st.cache_resource.clear()
    forget_loaded()
