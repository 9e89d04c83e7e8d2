"""scripts/concurrency.py still runs end to end (fake embeddings, few askers), and its pool serves in arrival order."""

import subprocess
import sys
import threading
import time
from pathlib import Path

from scripts.concurrency import Pool

ROOT = Path(__file__).resolve().parents[2]


def test_concurrency_script_prints_its_table():
    done = subprocess.run(
        [sys.executable, "scripts/concurrency.py", "--embeddings", "fake", "--askers", "1,2", "--per-asker", "1",
         "--no-ingest", "--modes", "shared,1"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| fake | 1 shared (today) | no | 2 |" in done.stdout and "pool of 1" in done.stdout


def test_pool_hands_the_engine_to_the_longest_waiter():
    served: list[str] = []

    class SlowEngine:
        def answer(self, question: str) -> str:
            served.append(question)
            time.sleep(0.05)
            return question

    pool = Pool([SlowEngine()])
    first = threading.Thread(target=pool.answer, args=("first",))
    first.start()
    time.sleep(0.01)
    waiters = []
    for name in ("second", "third", "fourth"):
        waiters.append(threading.Thread(target=pool.answer, args=(name,)))
        waiters[-1].start()
        time.sleep(0.01)  # arrive in this order
    for thread in [first, *waiters]:
        thread.join(5)
    assert served == ["first", "second", "third", "fourth"]
