"""A real browser: Debian's Chromium, driven by Playwright, against `streamlit run app.py` on a test index.

Skipped where /usr/bin/chromium is absent (CI installs it; never `playwright install`). The
accessibility checks inject axe-core from tests/node_modules (`npm ci --prefix tests`) and are
skipped, with the reason, where it is missing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.local_server import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_streamlit
from tests.ui_fixtures import SOURCE_URL, app_environment, ui_index  # noqa: F401
from web.store import STORE_FILE

PROJECT = Path(__file__).resolve().parents[2]
AXE = PROJECT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
STARTUP_LIMIT_S = 60
STEP_TIMEOUT_MS = 30_000
PASSWORD = "korrekt-hest-batteri"
BOX = '[data-testid="stChatInput"] textarea'

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
)


def start_server(root: Path, folder: Path, **settings: str) -> Iterator[dict]:
    """`streamlit run app.py` on 127.0.0.1 and a free port, pointed at the test index."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("BOLIG_")}
    env.update(app_environment(root, folder / "data", **settings))
    port = free_port()
    log = folder / "streamlit.log"
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        problem = wait_for_streamlit(url, process, STARTUP_LIMIT_S)
        if problem:
            pytest.fail(f"{problem}:\n{log.read_text()}")
        yield {"url": url, "data_dir": folder / "data", "started": started}
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server(ui_index, tmp_path_factory):
    """Staff mode (the default), with a staff password."""
    yield from start_server(ui_index, tmp_path_factory.mktemp("staff-server"), staff_password=PASSWORD)


@pytest.fixture(scope="module")
def public_server(ui_index, tmp_path_factory):
    yield from start_server(ui_index, tmp_path_factory.mktemp("public-server"), public_mode="true")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, url: str, width: int = 1280, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(url)
    return page


def wait_ready(page) -> None:
    """The question box opens only once the models are loaded and warm."""
    page.locator(f"{BOX}:not([disabled])").wait_for()


def stored_ratings(data_dir: Path) -> list[tuple[str, str]]:
    path = data_dir / STORE_FILE
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT rating, question FROM feedback").fetchall()


def ask(page, question: str, answers_before: int) -> float:
    """Type a question, press Enter and wait for the finished answer (its feedback thumbs); seconds taken."""
    box = page.locator(BOX)
    box.fill(question)
    asked = time.perf_counter()
    box.press("Enter")
    page.locator('[data-testid="stFeedback"]').nth(answers_before).wait_for(timeout=STEP_TIMEOUT_MS)
    return time.perf_counter() - asked


def wait_idle(page) -> None:
    """Until the script run is over (Streamlit's "running" indicator has gone)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=STEP_TIMEOUT_MS)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (npm ci --prefix tests)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations'],
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in violations if v["impact"] in ("serious", "critical")]


def keyboard_stops(page, presses: int = 60) -> list[str]:
    """What Tab reaches, in order, from the top of the page: a short description of each focused element."""
    page.locator("body").focus()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(
            """() => { const e = document.activeElement; if (!e) return '';
                const test = e.closest('[data-testid]'); const aria = e.getAttribute('aria-label') || '';
                const inside = ['stFeedback', 'stExpander', 'stChatInput'].filter(id => e.closest(`[data-testid="${id}"]`));
                return `${e.tagName.toLowerCase()}|${test ? test.dataset.testid : ''}|${inside.join(',')}|${aria}|`
                    + (e.innerText || '').slice(0, 40); }"""
        ))
    return seen


def test_first_answer_sources_links_feedback_long_paste_keyboard_and_axe(server, browser, record_property):
    sync_api = pytest.importorskip("playwright.sync_api")
    page = open_page(browser, server["url"])
    page.get_by_text("Boligsocialt arbejde").first.wait_for()
    shown_s = time.perf_counter() - server["started"]
    wait_ready(page)
    ready_s = time.perf_counter() - server["started"]
    page.get_by_text("Prøv fx at spørge:").wait_for()
    wait_idle(page)
    # The loading state never shows inside a chat message.
    assert page.locator('[data-testid="stChatMessage"] [data-testid="stSpinner"]').count() == 0
    assert serious_violations(page) == []  # the empty chat

    stops = keyboard_stops(page)
    assert any("stChatInput" in s for s in stops), stops
    assert any(s.startswith("button|") and "forebyggelsesområde" in s for s in stops), stops  # an example question
    assert page.evaluate("document.documentElement.lang") == "da"  # the page's language is the UI's

    first_s = ask(page, "Hvad kritiserede KL?", answers_before=0)
    answer = page.locator('[data-testid="stChatMessage"]').nth(1)
    sync_api.expect(answer).to_contain_text("KL kritiserede den statslige liste")
    # No intro text or example buttons left inside the question's bubble.
    question = page.locator('[data-testid="stChatMessage"]').nth(0)
    assert question.get_by_text("Prøv fx at spørge:").count() == 0 and question.locator("button").count() == 0

    # [1] is a link to its source: following it opens the expander and scrolls it into view.
    source = answer.locator('[data-testid="stExpander"]').first
    assert source.locator("details").get_attribute("open") is None
    answer.locator('a[href^="#kilde-"]').first.click()
    page.wait_for_function("document.querySelector('[data-testid=\"stExpander\"] details').open")
    sync_api.expect(source.get_by_text("obligatoriske udlejningsregler")).to_be_in_viewport()
    link = source.locator('a[href^="http"]').first
    sync_api.expect(link).to_have_attribute("href", re.compile(re.escape(SOURCE_URL) + "#:~:text=KL%20kritiserede"))

    page.get_by_role("radio", name="Thumbs up").first.click()
    for _ in range(40):  # bounded: at most 10 s for the callback to write
        if stored_ratings(server["data_dir"]):
            break
        time.sleep(0.25)
    assert stored_ratings(server["data_dir"]) == [("up", "Hvad kritiserede KL?")]

    # A refusal shows the nearest passages, two of them from one document: their labels differ.
    ask(page, "Hvad står der om boligområder og KL?", answers_before=1)
    labels = page.locator('[data-testid="stChatMessage"]').nth(3).locator('[data-testid="stExpander"] summary').all_inner_texts()
    titles = [label.split(" · ")[0] for label in labels]
    assert len(titles) > len(set(titles)), labels  # one document twice ...
    assert len(set(labels)) == len(labels), labels  # ... as visibly different places
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    wait_idle(page)
    stops = keyboard_stops(page, presses=120)
    assert any(s.startswith("summary|") for s in stops), stops  # source expanders
    assert any("stFeedback" in s.split("|")[2] for s in stops), stops  # thumbs
    assert serious_violations(page) == []  # answers with their sources opened

    # Text from a document that holds HTML and a remote image stays text in the browser.
    later_s = ask(page, "Hvad holder beboerhuset i Nordparken?", answers_before=2)
    sync_api.expect(page.locator('[data-testid="stChatMessage"]').nth(5)).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator('img[src="x"], img[src*="evil.example"]').count() == 0

    # A 3,000-character paste is answered, with the cap, not dropped.
    box = page.locator(BOX)
    box.focus()
    page.keyboard.insert_text("Hvad kritiserede KL? " + "x" * 2979)
    assert len(box.input_value()) == 3000
    box.press("Enter")
    sync_api.expect(page.locator('[data-testid="stAlert"]').last).to_contain_text(
        "Dit spørgsmål er 3.000 tegn langt, men der er plads til 1.000 tegn."
    )
    page.close()
    record_property("page_shown_after_start_s", round(shown_s, 2))
    record_property("ready_after_start_s", round(ready_s, 2))
    record_property("first_answer_s", round(first_s, 2))
    record_property("later_answer_s", round(later_s, 2))
    print(f"\npage shown {shown_s:.2f} s and ready {ready_s:.2f} s after start; "
          f"first answer {first_s:.2f} s after the page was ready; a later answer {later_s:.2f} s")


def test_staff_page_passes_axe_and_has_danish_headers(server, browser):
    page = open_page(browser, server["url"] + "/staff")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Indeksets status").wait_for()
    page.locator("[data-testid=stDataFrame]").first.wait_for()
    wait_idle(page)
    # Wide layout: at 1280 px the tables get the whole width beside the sidebar.
    assert page.evaluate("document.querySelector('[data-testid=stMainBlockContainer]').clientWidth") > 900
    assert page.title() == "Boligsocialt arbejde – spørg KL's materiale"
    assert serious_violations(page) == []
    page.close()


def test_phone_has_no_horizontal_scroll_and_keeps_the_input_in_view(server, browser):
    page = open_page(browser, server["url"], width=390, height=844)
    wait_ready(page)
    ask(page, "Hvad kritiserede KL?", answers_before=0)
    page.locator('[data-testid="stExpander"] summary').first.click()
    wait_idle(page)
    widths = page.evaluate(
        """() => [document.documentElement, document.body, document.querySelector('[data-testid="stMain"]')]
            .filter(Boolean).map(e => [e.scrollWidth, e.clientWidth])"""
    )
    assert all(scroll <= client for scroll, client in widths), widths
    box = page.locator(BOX).bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    excerpt = page.locator('[data-testid="stExpander"]').first.get_by_text("obligatoriske udlejningsregler")
    assert excerpt.bounding_box()["width"] <= 390
    page.close()


def test_public_mode_staff_address_says_not_found_and_leads_back_with_the_conversation(public_server, browser):
    sync_api = pytest.importorskip("playwright.sync_api")
    page = open_page(browser, public_server["url"])
    wait_ready(page)
    ask(page, "Hvad kritiserede KL?", answers_before=0)
    answer = page.locator('[data-testid="stChatMessage"]').nth(1)
    sync_api.expect(answer).to_contain_text("KL kritiserede den statslige liste")
    answer.locator('[data-testid="stExpander"] summary').first.click()
    assert page.get_by_text(re.compile("Relevans|extractive")).count() == 0  # no internals for citizens
    # /staff within this browser session (the history, as the back and forward buttons use it)
    page.evaluate("history.pushState({}, '', '/staff'); dispatchEvent(new PopStateEvent('popstate'))")
    page.get_by_text("Den adresse findes ikke her. / This address does not exist here.").wait_for()
    assert page.get_by_label("Adgangskode").count() == 0
    page.get_by_role("link", name="Tilbage til chatten").click()
    sync_api.expect(page.locator('[data-testid="stChatMessage"]').nth(1)).to_contain_text("KL kritiserede den statslige liste")
    # Typed in the address bar, /staff is a new session: the same page, in Danish and English.
    other = open_page(browser, public_server["url"] + "/staff")
    other.get_by_text("Den adresse findes ikke her. / This address does not exist here.").wait_for()
    other.close()
    page.close()
