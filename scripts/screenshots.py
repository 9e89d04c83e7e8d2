"""Take the documentation screenshots of the chat with the real app and a real index.

    python -m ingest --index /tmp/ui-index            # once (offline: BOLIG_FETCH=false)
    python scripts/screenshots.py --index /tmp/ui-index

Starts `streamlit run app.py` on 127.0.0.1 and a free port, drives Debian's Chromium with
Playwright, and writes docs/screenshot-loading.png, docs/screenshot-empty.png, docs/screenshot-answer.png (1280 px wide),
docs/screenshot-phone.png (390 x 844) and docs/screenshot-staff.png. It also prints how long the
page took to show and to be ready, the first answer (asked as soon as the page was ready) and a
later answer.
"""

from __future__ import annotations

import argparse
import os
import secrets
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
BOX = '[data-testid="stChatInput"] textarea'
STAFF_PASSWORD = secrets.token_urlsafe(16)  # this run's only: the staff page is shot logged in


def wait_idle(page, limit_ms: int = 60_000) -> None:
    """Wait until the script run is over (Streamlit's "running" indicator has gone)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=limit_ms)


def wait_ready(page) -> None:
    """The question box opens once the models are loaded and warm."""
    page.locator(f"{BOX}:not([disabled])").wait_for()


def answer_with_source_open(browser, url: str, viewport: dict) -> object:
    """A fresh session that asks QUESTION and follows the answer's [1] to its source."""
    session = browser.new_page(viewport=viewport)
    session.set_default_timeout(60_000)
    session.goto(url)
    wait_ready(session)
    session.get_by_role("button", name=QUESTION).click()
    session.locator('[data-testid="stFeedback"]').first.wait_for()
    session.locator('[data-testid="stChatMessage"] a[href^="#kilde-"]').first.click()
    wait_idle(session)
    session.wait_for_timeout(500)  # let the expander finish opening
    return session


def take(url: str, out: Path, started: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.set_default_timeout(60_000)
            page.goto(url)
            page.get_by_text("Boligsocialt arbejde").first.wait_for()
            shown = time.perf_counter() - started
            # The loading state, shown once per server process while the models load and warm up.
            page.get_by_text("Gør klar").first.wait_for()
            page.screenshot(path=str(out / "screenshot-loading.png"))
            wait_ready(page)
            ready = time.perf_counter() - started
            box = page.locator(BOX)
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
            print(
                f"page shown {shown:.2f} s and ready {ready:.2f} s after start; first answer {first:.2f} s; "
                f"a later answer {later:.2f} s"
            )
            page.get_by_role("radio", name="Thumbs up").first.click()  # feedback for the staff page
            wait_idle(page)

            # The empty chat, in a fresh session, once the models are loaded.
            fresh = browser.new_page(viewport={"width": 1280, "height": 900})
            fresh.goto(url)
            wait_ready(fresh)
            wait_idle(fresh)
            fresh.screenshot(path=str(out / "screenshot-empty.png"), full_page=True)

            # A cited answer whose [1] was followed to its source.
            # Tall enough that nothing scrolls: the chat input is pinned to the bottom and would
            # otherwise cover the end of the answer in a full-page shot.
            session = answer_with_source_open(browser, url, {"width": 1280, "height": 1250})
            session.screenshot(path=str(out / "screenshot-answer.png"), full_page=True)

            # The same on a phone: what the reader sees after following [1].
            phone = answer_with_source_open(browser, url, {"width": 390, "height": 844})
            phone.screenshot(path=str(out / "screenshot-phone.png"))

            staff = browser.new_page(viewport={"width": 1280, "height": 1400})
            staff.set_default_timeout(60_000)
            staff.goto(url + "/staff")
            staff.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
            staff.get_by_role("button", name="Log ind").click()
            staff.locator('[data-testid="stDataFrame"]').nth(2).wait_for()
            wait_idle(staff)
            staff.wait_for_timeout(500)
            staff.screenshot(path=str(out / "screenshot-staff.png"), full_page=True)
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
        env.update({
            "BOLIG_INDEX_DIR": str(args.index.resolve()), "BOLIG_DATA_DIR": data_dir, "BOLIG_FETCH": "false",
            "BOLIG_STAFF_PASSWORD": STAFF_PASSWORD,
        })
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            problem = wait_for_streamlit(url, process, limit_s=90)
            if problem:
                raise SystemExit(problem)
            take(url, args.out, started)
        finally:
            stop(process)
    names = ("loading", "empty", "answer", "phone", "staff")
    print("wrote " + ", ".join(str(args.out / f"screenshot-{name}.png") for name in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
