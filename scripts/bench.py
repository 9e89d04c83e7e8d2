"""Benchmark: prints load time, per-question latency by stage, and peak memory.

    .venv/bin/python scripts/bench.py [--index DIR] [--questions FILE] [--repeat N]

Figures, not assertions: timed tests flake on a busy machine, so speed is measured here.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.pipeline import Assistant  # noqa: E402
from settings import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--questions", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    questions = [json.loads(line)["q"] for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]

    started = time.perf_counter()
    assistant = Assistant(load_settings(index_dir=args.index))
    load_s = time.perf_counter() - started
    first = assistant.answer(questions[0]).timings_ms["total"]

    stages: dict[str, list[float]] = {"retrieve": [], "answer": [], "total": []}
    for _ in range(args.repeat):
        for question in questions:
            timings = assistant.answer(question).timings_ms
            for stage in stages:
                stages[stage].append(timings[stage])

    print(f"backend            {assistant.backend}")
    print(f"load (models+index) {load_s * 1000:8.0f} ms")
    print(f"first answer        {first:8.0f} ms  (sentence vectors not cached yet)")
    for stage, values in stages.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{stage:<19} p50 {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})")
    print(f"peak memory         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
