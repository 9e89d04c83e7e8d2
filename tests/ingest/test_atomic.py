"""An interrupted ingest (Ctrl-C, an exception, or kill -9) leaves the previous index answering, whole."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from qa.pipeline import Assistant
from vectorstore.embeddings import FakeEmbeddings
from vectorstore.store import BUILDS_DIR, current_build_id

ROOT = Path(__file__).resolve().parents[2]


class _InterruptingEmbeddings(FakeEmbeddings):
    """Fails on the second batch, as Ctrl-C would midway through embedding."""

    def __init__(self, error: BaseException) -> None:
        self.calls = 0
        self.error = error

    def embed_documents(self, texts):
        self.calls += 1
        if self.calls > 1:
            raise self.error
        return super().embed_documents(texts)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("disk full")])
def test_interrupted_rebuild_keeps_the_old_index(fresh_corpus, error):
    settings = fresh_corpus.model_copy(update={"embeddings_batch_size": 1})
    run_ingest(settings)
    before = current_build_id(settings.index_dir)
    with pytest.raises(type(error)):
        run_ingest(settings, rebuild=True, embeddings=_InterruptingEmbeddings(error))
    assert current_build_id(settings.index_dir) == before
    assert [p.name for p in (settings.index_dir / BUILDS_DIR).iterdir()] == [before]  # the partial build was removed
    assert "48 procent" in Assistant(settings).answer("Hvor meget steg andelen af beboere i beskæftigelse?").answer


DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ingest.pipeline import run_ingest
    from settings import load_settings
    from vectorstore.embeddings import FakeEmbeddings

    class Stalling(FakeEmbeddings):
        calls = 0
        def embed_documents(self, texts):
            Stalling.calls += 1
            if Stalling.calls == 2:
                Path(sys.argv[1]).write_text("midway")
                time.sleep(120)  # killed here
            return super().embed_documents(texts)

    settings = load_settings(embeddings_batch_size=1)
    run_ingest(settings, rebuild=True, embeddings=Stalling())
    """
)


def test_killed_ingest_leaves_the_old_index_answering(fresh_corpus, tmp_path):
    run_ingest(fresh_corpus)
    before = current_build_id(fresh_corpus.index_dir)
    marker = tmp_path / "midway"
    env = dict(os.environ, BOLIG_EMBEDDINGS="fake", BOLIG_FETCH="false", BOLIG_CORPUS_DIR=str(fresh_corpus.corpus_dir),
               BOLIG_INDEX_DIR=str(fresh_corpus.index_dir))
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(marker)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.1)
        assert marker.exists(), "the ingest never reached the middle of embedding"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    assert current_build_id(fresh_corpus.index_dir) == before
    answer = Assistant(fresh_corpus).answer("Hvor meget steg andelen af beboere i beskæftigelse?")
    assert "48 procent" in answer.answer
    # The next ingest cleans up and succeeds despite the leftover partial build.
    summary = run_ingest(fresh_corpus, rebuild=True)
    assert summary.wrote_new_build and current_build_id(fresh_corpus.index_dir) != before
