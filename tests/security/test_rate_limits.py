"""Rate limits that a client cannot reset or dodge, and a login delay that never locks out the right password.

Each test names the threat it closes. The limits live in the shared store (web.store), so the
store-level tests run on SQLite and, where it is installed, PostgreSQL.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from settings import load_settings
from tests.at_once import run_at_once
from tests.store_fixtures import postgres_url, store  # noqa: F401
from tests.ui_fixtures import app_env, ui_index  # noqa: F401
from web import ratelimit
from web.ratelimit import check_question, client_key, login_attempt, login_succeeded
from web.staff import password_ok
from web.store import Store

NOW = 1_800_000_000.0
PASSWORD = "korrekt-hest-batteri"


def test_rate_limit_reset_by_a_new_browser_session(store, tmp_path):
    """Threat: a public user opens a fresh browser session (or clears cookies) to get a fresh quota."""
    settings = load_settings(data_dir=tmp_path, rate_limit_per_minute=2)
    client = client_key("203.0.113.9", None, None)
    # Every "session" starts from nothing but the store: nothing is kept in st.session_state any more.
    answered = sum(check_question(store, settings, client, NOW + session).allowed for session in range(8))
    assert answered == 2


def _ask_from_process(url: str, barrier, results) -> None:
    settings = load_settings(rate_limit_per_minute=2)
    store = Store(url)
    barrier.wait(timeout=60)
    results.put(sum(check_question(store, settings, "203.0.113.9", NOW).allowed for _ in range(4)))


def test_rate_limit_reset_by_another_process_or_replica(store):
    """Threat: requests spread over several server processes (replicas) each meet a fresh count."""
    answered = run_at_once(_ask_from_process, [(store.url,)] * 2, processes=True, timeout_s=120)
    assert sum(answered) == 2


def test_rate_limit_dodged_with_a_forged_x_forwarded_for():
    """Threat: a client sends a new X-Forwarded-For with every question to look like a new client."""
    keys = {client_key("203.0.113.9", f"198.51.100.{n}", None) for n in range(8)}
    assert keys == {"203.0.113.9"}  # no trusted proxy: the header is not read at all
    behind_proxy = {client_key("10.0.0.2", f"198.51.100.{n}, 203.0.113.9", "10.0.0.2") for n in range(8)}
    assert behind_proxy == {"203.0.113.9"}  # the proxy's own entry counts, not what the client prepended


def test_rate_limit_dodged_with_fresh_ipv6_addresses():
    """Threat: an IPv6 client takes a new address from its /64 for each question."""
    assert len({client_key(f"2001:db8:1:2::{n:x}", None, None) for n in range(1, 9)}) == 1


def test_login_lockout_of_the_right_password(store, tmp_path):
    """Threat: guessing slowed by a lockout that also shuts out the real staff member (a denial of service).

    Wrong passwords make each next attempt wait longer, but after the wait the right one works.
    """
    settings = load_settings(data_dir=tmp_path, staff_password=PASSWORD, login_free_attempts=5)
    client, now = "203.0.113.9", NOW
    for _ in range(12):  # an attacker guesses as fast as the delays allow
        gate = login_attempt(store, settings, client, now)
        if not gate.allowed:
            now += gate.retry_after
            gate = login_attempt(store, settings, client, now)
        assert gate.allowed and not password_ok(settings, "forkert")
    refused = login_attempt(store, settings, client, now)
    assert not refused.allowed and refused.retry_after == 2 ** 8  # the 12th failure: 2^(12-5+1) seconds
    assert login_attempt(store, settings, client, now + refused.retry_after).allowed  # the wait is all it takes
    assert password_ok(settings, PASSWORD)
    login_succeeded(store, client)
    assert login_attempt(store, settings, client, now + refused.retry_after + 1).allowed  # no leftover delay


def test_login_delay_slipped_by_parallel_attempts(store, tmp_path):
    """Threat: when a wait ends, many attempts sent at once all pass before any failure is recorded."""
    settings = load_settings(data_dir=tmp_path, login_free_attempts=1)
    login_attempt(store, settings, "203.0.113.9", NOW)  # one failure: the next attempt waits 2 s

    def attempt(barrier, results) -> None:
        barrier.wait(timeout=30)
        results.put(login_attempt(store, settings, "203.0.113.9", NOW + 2).allowed)

    allowed = run_at_once(attempt, [()] * 6, processes=False, timeout_s=60)
    assert sorted(allowed) == [False] * 5 + [True]


# --- the same through the pages (Streamlit AppTest, one AppTest per browser session) -----------

def _new_session() -> AppTest:
    return AppTest.from_file("../../app.py", default_timeout=60).run()


def test_rate_limit_reset_by_a_new_browser_session_in_the_app(app_env):
    """Threat: the public chat's limit kept per browser session; 8 fresh sessions from one client."""
    app_env.set(public_mode="true", rate_limit_per_minute="2")
    answered = 0
    for _ in range(8):
        at = _new_session().chat_input[0].set_value("Hvad kritiserede KL?").run()
        [turn] = at.session_state["turns"]
        answered += turn.answer is not None
        assert turn.answer is not None or turn.error_kind == "rate_limit"
    assert answered == 2
    assert "Vent" in at.warning[0].value  # the last one is told how long to wait


def test_login_lockout_of_the_right_password_in_the_app(app_env, monkeypatch):
    """Threat: a login delay escaped by opening a new session, or turned into a lockout of the right password."""
    app_env.set(staff_password=PASSWORD)
    now = [NOW]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])  # AppTest runs the page in this process

    def log_in(password: str) -> AppTest:
        at = _new_session().switch_page("views/staff.py").run()  # a new browser session every time
        at.text_input(key="staff_password_input").set_value(password)
        return at.form_submit_button[0].click().run()

    for _ in range(5):
        assert log_in("forkert").error[0].value == "Forkert adgangskode."
    assert log_in(PASSWORD).error[0].value == "For mange forsøg. Vent 2 sekunder."  # the new session still waits
    now[0] += 2
    at = log_in(PASSWORD)
    assert not at.error and at.metric  # logged in: the staff page shows the index status
