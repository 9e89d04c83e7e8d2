"""Take the documentation screenshots of the chat with the real app and a real index.

    python -m ingest --index /tmp/ui-index            # once (offline: BOLIG_FETCH=false)
    python scripts/screenshots.py --index /tmp/ui-index

Starts `streamlit run app.py` on 127.0.0.1 and a free port, drives Debian's Chromium with
Playwright, and writes docs/screenshot-empty.png and docs/screenshot-answer.png. It also prints
how long the page, the first answer and a later answer took.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from scripts.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_streamlit  # noqa: E402

QUESTION = "Hvad kritiserede KL i brevet til ministeren?"
LATER_QUESTION = "Hvem skrev de til?"


def wait_idle(page, limit_ms: int = 60_000) -> None:
    """Wait until the script run is over (Streamlit's "running" indicator has gone)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=limit_ms)


def take(url: str, out: Path, started: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.set_default_timeout(60_000)
            page.goto(url)
            page.get_by_text("Prøv fx at spørge:").wait_for()
            ready = time.perf_counter() - started
            box = page.locator('[data-testid="stChatInput"] textarea')
            box.fill(QUESTION)
            asked = time.perf_counter()
            box.press("Enter")
            page.locator('[data-testid="stFeedback"]').first.wait_for()
            first = time.perf_counter() - asked
            box.fill(LATER_QUESTION)
            asked = time.perf_counter()
            box.press("Enter")
            page.locator('[data-testid="stFeedback"]').nth(1).wait_for()
            later = time.perf_counter() - asked
            print(f"page ready {ready:.2f} s after start; first answer {first:.2f} s; a later answer {later:.2f} s")

            # The empty chat, in a fresh session, once the models are loaded.
            fresh = browser.new_page(viewport={"width": 1280, "height": 900})
            fresh.goto(url)
            fresh.get_by_text("Prøv fx at spørge:").wait_for()
            wait_idle(fresh)
            fresh.screenshot(path=str(out / "screenshot-empty.png"), full_page=True)

            # A cited answer with its first source opened.
            # Tall enough that nothing scrolls: the chat input is pinned to the bottom and would
            # otherwise cover the end of the answer in a full-page shot.
            session = browser.new_page(viewport={"width": 1280, "height": 1250})
            session.goto(url)
            session.get_by_text("Prøv fx at spørge:").wait_for()
            session.get_by_role("button", name=QUESTION).click()
            session.locator('[data-testid="stFeedback"]').first.wait_for()
            session.locator('[data-testid="stExpander"] summary').first.click()
            wait_idle(session)
            session.wait_for_timeout(500)  # let the expander finish opening
            session.screenshot(path=str(out / "screenshot-answer.png"), full_page=True)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index folder built by python -m ingest")
    parser.add_argument("--out", type=Path, default=PROJECT / "docs", help="where the PNGs go (default: docs/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        env = {key: value for key, value in os.environ.items() if not key.startswith("BOLIG_")}
        env.update({"BOLIG_INDEX_DIR": str(args.index.resolve()), "BOLIG_DATA_DIR": data_dir, "BOLIG_FETCH": "false"})
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            problem = wait_for_streamlit(url, process, limit_s=90)
            if problem:
                raise SystemExit(problem)
            take(url, args.out, started)
        finally:
            stop(process)
    print(f"wrote {args.out / 'screenshot-empty.png'} and {args.out / 'screenshot-answer.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
