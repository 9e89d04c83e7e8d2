"""The command-line contract: python -m ingest and python -m qa [--json] [-]."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], settings, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BOLIG_EMBEDDINGS="fake", BOLIG_FETCH="false", BOLIG_SCORING__MIN_EVIDENCE="0.2", BOLIG_SCORING__MIN_EVIDENCE_EN="0.2",
               BOLIG_CORPUS_DIR=str(settings.corpus_dir), BOLIG_DATA_DIR=str(settings.data_dir))
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_ingest_cli_prints_summary_and_is_idempotent(fresh_corpus):
    first = _run(["-m", "ingest", "--index", str(fresh_corpus.index_dir)], fresh_corpus)
    assert first.returncode == 0, first.stderr
    assert "new                  4" in first.stdout and "ødelagt.pdf" in first.stdout and "fake:bag-of-words-256" in first.stdout
    second = _run(["-m", "ingest", "--index", str(fresh_corpus.index_dir)], fresh_corpus)
    assert "unchanged            4" in second.stdout and "nothing written" in second.stdout


def test_qa_cli_json_and_text(built_index):
    result = _run(["-m", "qa", "--index", str(built_index.index_dir), "--json", "Hvad anbefaler analyseinstituttet?"], built_index)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["refused"] is False and data["citations"][0]["source"] == "evaluering.pdf" and data["citations"][0]["page"] == 3
    assert data["backend"] == {"embeddings": "fake:bag-of-words-256", "llm": "extractive"}
    text = _run(["-m", "qa", "--index", str(built_index.index_dir), "Hvad anbefaler analyseinstituttet?"], built_index)
    assert "Kilder:" in text.stdout and "[1] Evaluering af helhedsplanen (Anbefalinger, side 3)" in text.stdout


def test_qa_cli_reads_questions_from_stdin_one_json_per_line(built_index):
    questions = "Hvad anbefaler analyseinstituttet?\n\nHvad koster en bolig i Søndervig?\n" + "x" * 5000 + "\n"
    result = _run(["-m", "qa", "--index", str(built_index.index_dir), "--json", "-"], built_index, stdin=questions)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["refused"] is False and lines[1]["refused"] is True and "error" in lines[2]
    assert result.returncode == 1  # one question was rejected


def test_qa_cli_without_index_says_how_to_build_it(tmp_path, fresh_corpus):
    result = _run(["-m", "qa", "--index", str(tmp_path / "none"), "Hej?"], fresh_corpus)
    assert result.returncode == 2 and "python -m ingest" in result.stderr and "Traceback" not in result.stderr
