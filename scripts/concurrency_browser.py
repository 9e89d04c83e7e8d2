"""Many users at once, through the real websocket: N browser sessions ask one Streamlit process together.

    .venv/bin/python scripts/concurrency_browser.py [--sessions 8] [--rounds 2] [--index DIR]

Starts `streamlit run app.py` on 127.0.0.1 (staff mode, an index built with the page corpus unless --index
names one), opens N pages in Debian's Chromium, waits until each is ready, then has all N ask a question
at the same moment, `--rounds` times, and prints how long each waited for its answer (p50/p95) and the
answers per second. Bounded: every wait has a time limit, and the server is stopped at the end.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_streamlit  # noqa: E402

BOX = '[data-testid="stChatInput"] textarea'
QUESTIONS = [
    "Hvad er et forebyggelsesområde?", "Hvem er formand for KL's Kultur, Erhverv og Plan-udvalg?",
    "Hvilke partier står bag aftalen?", "Hvad kritiserede KL i brevet?", "Who is the housing minister that KL wrote to?",
    "Hvad handler KL's publikation om?", "Hvornår præsenterede regeringen sit udspil?", "Hvad er boligsocialt arbejde?",
]
STEP_TIMEOUT_MS = 120_000


async def ask(page, question: str, answers_before: int) -> float:
    box = page.locator(f"{BOX}:not([disabled])")
    await box.wait_for(timeout=STEP_TIMEOUT_MS)
    started = time.perf_counter()
    await box.fill(question)
    await box.press("Enter")
    await page.locator('[data-testid="stFeedback"]').nth(answers_before).wait_for(timeout=STEP_TIMEOUT_MS)
    return time.perf_counter() - started


async def measure(url: str, sessions: int, rounds: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = [await (await browser.new_context()).new_page() for _ in range(sessions)]
        await asyncio.gather(*(page.goto(url) for page in pages))
        await asyncio.gather(*(page.locator(f"{BOX}:not([disabled])").wait_for(timeout=STEP_TIMEOUT_MS) for page in pages))
        waits: list[float] = []
        for round_number in range(rounds):
            questions = [QUESTIONS[(i + round_number) % len(QUESTIONS)] for i in range(sessions)]
            waits += await asyncio.gather(*(ask(page, q, round_number) for page, q in zip(pages, questions)))
        await browser.close()
        return waits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--index", type=Path, help="an index to answer from (default: the page corpus, built now)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="browser-load-"))
    index = args.index or work / "index"
    if args.index is None:
        subprocess.run([sys.executable, "-m", "ingest", "--index", str(index), "--offline"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOLIG_")}
    env.update(BOLIG_INDEX_DIR=str(index), BOLIG_DATA_DIR=str(work / "data"), BOLIG_FETCH="false",
               BOLIG_STAFF_PASSWORD="load-test")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        problem = wait_for_streamlit(url, process, 120)
        if problem:
            print(problem, file=sys.stderr)
            return 1
        started = time.perf_counter()
        waits = sorted(asyncio.run(measure(url, args.sessions, args.rounds)))
        elapsed = time.perf_counter() - started
    finally:
        stop(process)
    p95 = waits[int(0.95 * (len(waits) - 1))]
    print(f"{args.sessions} browser sessions x {args.rounds} rounds, asked together: {len(waits)} answers")
    print(f"wait per answer: p50 {statistics.median(waits) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {waits[-1] * 1000:.0f} ms")
    print(f"answers/s over the whole run (page loads included): {len(waits) / elapsed:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
