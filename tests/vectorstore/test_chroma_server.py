"""The Chroma server path (HttpClient): a real `chroma run` on 127.0.0.1, started by the test."""

import os
import shutil
import sys
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from qa.pipeline import Assistant
from tests.conftest import fake_settings
from tests.fixture_docs import make_corpus
from tests.local_servers import local_server
from vectorstore.manifest import IndexManifest
from vectorstore.store import BUILDS_DIR, chroma_client, current_build_id

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


@pytest.fixture
def chroma_server(tmp_path):
    if not Path(CHROMA).exists():
        pytest.skip("the chroma command (from the chromadb package) is not installed")
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", CHROMA_ANONYMIZED_TELEMETRY="False")
    command = [CHROMA, "run", "--path", str(tmp_path / "chroma-data")]
    with local_server(command, name="the Chroma server", health_path="/api/v2/heartbeat",
                      log_path=tmp_path / "chroma.log", env=env) as port:
        yield port


def test_ingest_and_answer_through_a_chroma_server(chroma_server, tmp_path):
    make_corpus(tmp_path / "corpus")
    settings = fake_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    run_ingest(settings)
    first = current_build_id(settings.index_dir)
    answer = Assistant(settings).answer("Hvor meget steg andelen af beboere i beskæftigelse?")
    assert "48 procent" in answer.answer and answer.citations[0].page == 2

    assert not run_ingest(settings).wrote_new_build  # idempotent against the server too
    for _ in range(3):
        run_ingest(settings, rebuild=True)
    builds = sorted(p.name for p in (settings.index_dir / BUILDS_DIR).iterdir())
    assert first not in builds and len(builds) == 3  # current + 2 kept
    names = {c.name for c in chroma_client(settings, tmp_path).list_collections()}
    assert names == {IndexManifest.load(settings.index_dir / BUILDS_DIR / b).collection for b in builds}
