"""A real browser: Debian's Chromium, driven by Playwright, against `streamlit run app.py` on a test index.

Skipped where /usr/bin/chromium is absent (CI installs it; never `playwright install`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_streamlit
from tests.ui_fixtures import SOURCE_URL, app_environment, ui_index  # noqa: F401
from web.store import STORE_FILE

PROJECT = Path(__file__).resolve().parents[2]
STARTUP_LIMIT_S = 60
STEP_TIMEOUT_MS = 30_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
)


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    problem = wait_for_streamlit(url, process, STARTUP_LIMIT_S)
    if problem:
        pytest.fail(f"{problem}:\n{log.read_text()}")


@pytest.fixture
def server(ui_index, tmp_path):
    """`streamlit run app.py` on 127.0.0.1 and a free port, pointed at the test index."""
    data_dir = tmp_path / "data"
    env = {key: value for key, value in os.environ.items() if not key.startswith("BOLIG_")}
    env.update(app_environment(ui_index, data_dir))
    port = free_port()
    log = tmp_path / "streamlit.log"
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield {"url": url, "data_dir": data_dir, "started": started}
    finally:
        stop(process)


def stored_ratings(data_dir: Path) -> list[tuple[str, str]]:
    path = data_dir / STORE_FILE
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT rating, question FROM feedback").fetchall()


def ask(page, question: str, answers_before: int) -> float:
    """Type a question, press Enter and wait for the finished answer (its feedback thumbs); seconds taken."""
    box = page.locator('[data-testid="stChatInput"] textarea')
    box.fill(question)
    asked = time.perf_counter()
    box.press("Enter")
    page.locator('[data-testid="stFeedback"]').nth(answers_before).wait_for(timeout=STEP_TIMEOUT_MS)
    return time.perf_counter() - asked


def test_ask_open_a_source_rate_it_and_take_a_screenshot(server, tmp_path, record_property):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            page.goto(server["url"])
            page.get_by_text("Prøv fx at spørge:").wait_for()
            ready_s = time.perf_counter() - server["started"]

            first_s = ask(page, "Hvad kritiserede KL?", answers_before=0)
            answer = page.locator('[data-testid="stChatMessage"]').nth(1)
            sync_api.expect(answer).to_contain_text("KL kritiserede den statslige liste")
            sync_api.expect(answer).to_contain_text("[1]")

            source = page.locator('[data-testid="stExpander"]').first
            source.locator("summary").click()
            sync_api.expect(source.get_by_text("obligatoriske udlejningsregler")).to_be_visible()
            link = source.locator("a").first
            sync_api.expect(link).to_have_attribute("href", re.compile(re.escape(SOURCE_URL) + "#:~:text=KL%20kritiserede"))

            page.get_by_role("radio", name="Thumbs up").first.click()
            for _ in range(40):  # bounded: at most 10 s for the callback to write
                if stored_ratings(server["data_dir"]):
                    break
                time.sleep(0.25)
            assert stored_ratings(server["data_dir"]) == [("up", "Hvad kritiserede KL?")]

            # Text from a document that holds HTML and a remote image stays text in the browser.
            later_s = ask(page, "Hvad holder beboerhuset i Nordparken?", answers_before=1)
            sync_api.expect(page.locator('[data-testid="stChatMessage"]').nth(3)).to_contain_text("<img src=x onerror=alert(1)>")
            assert page.locator('img[src="x"], img[src*="evil.example"]').count() == 0

            screenshot = tmp_path / "browser.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 10_000
        finally:
            browser.close()
    record_property("page_ready_after_start_s", round(ready_s, 2))
    record_property("first_answer_s", round(first_s, 2))
    record_property("later_answer_s", round(later_s, 2))
    print(f"\npage ready {ready_s:.2f} s after start; first answer {first_s:.2f} s; a later answer {later_s:.2f} s")
