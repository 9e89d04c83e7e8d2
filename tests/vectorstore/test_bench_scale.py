"""The growth benchmark (make bench-scale) still runs end to end: a tiny size, fake embeddings, table and plot."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.bench_scale import LAWS, make_corpus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not LAWS.is_dir(), reason=f"the law corpus ({LAWS}) is not on this machine")


def test_synthetic_corpus_is_deterministic_law_text_with_varied_numbers(tmp_path):
    first = make_corpus(tmp_path / "a", 50)
    assert first == make_corpus(tmp_path / "b", 50) and len(first) == 30
    text = (tmp_path / "a" / "lov-001.md").read_text(encoding="utf-8")
    assert text.startswith("# Syntetisk lov nr. 1") and text.count("\n\n") >= 50 and "§" in text


def test_bench_scale_prints_the_table_and_writes_the_plot(tmp_path):
    pytest.importorskip("matplotlib")
    done = subprocess.run(
        [sys.executable, "scripts/bench_scale.py", "--sizes", "150", "--real-up-to", "0", "--repeat", "1",
         "--work", str(tmp_path / "work"), "--plot", str(tmp_path / "plot.png"), "--json", str(tmp_path / "rows.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| chunks | embeddings |" in done.stdout and "fused / floor" in done.stdout
    (row,) = json.loads((tmp_path / "rows.json").read_text())
    assert row["embeddings"] == "fake" and row["chunks"] >= 100 and row["app_rss_mb"] > 0 and row["fused_vs_floor"] > 0
    assert (tmp_path / "plot.png").stat().st_size > 10_000
