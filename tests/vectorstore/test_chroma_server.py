"""The Chroma server path (HttpClient): a real `chroma run` on 127.0.0.1, started by the test."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from qa.pipeline import Assistant
from scripts.local_server import free_port
from tests.conftest import fake_settings
from tests.fixture_docs import make_corpus
from vectorstore.manifest import IndexManifest
from vectorstore.store import BUILDS_DIR, chroma_client, current_build_id

CHROMA = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


@pytest.fixture
def chroma_server(tmp_path):
    if not Path(CHROMA).exists():
        pytest.skip("the chroma command (from the chromadb package) is not installed")
    port = free_port()
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", CHROMA_ANONYMIZED_TELEMETRY="False")
    log = (tmp_path / "chroma.log").open("w")
    server = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "chroma-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        for _ in range(120):  # bounded: at most 30 s to come up
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the Chroma server did not start within 30 s")
        yield port
    finally:
        server.terminate()
        server.wait(10)
        log.close()


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
