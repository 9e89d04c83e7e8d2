"""The shared store on SQLite and PostgreSQL: one factory, rate limits shared by processes,
login back-off, conversation history with retention, and feedback."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import SecretStr

from settings import load_settings
from tests.at_once import run_at_once
from tests.sample_answers import sample_answer
from tests.store_fixtures import postgres_url, store  # noqa: F401
from web.chat import Turn
from web.feedback import FeedbackEntry, FeedbackStore, record_comment, record_thumbs
from web.history import delete_conversation, list_conversations, load_conversation, purge_expired, save_turn
from web.ratelimit import (
    Limit, check_question, client_key, hit, login_attempt, login_delay, login_succeeded, purge_stale,
)
from web.store import STORE_FILE, Store, open_store, store_url

NOW = 1_800_000_000.0
TRIES_PER_PROCESS = 15


# --- the factory -------------------------------------------------------------------------------

def test_the_default_store_is_a_sqlite_file_in_the_data_folder_in_wal_mode(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    assert store_url(settings) == f"sqlite:///{(tmp_path / 'data' / STORE_FILE).resolve()}"
    store = open_store(settings)
    assert store.dialect == "sqlite" and store.path == (tmp_path / "data" / STORE_FILE).resolve()
    assert store.path.exists()  # open_store's first purge created it
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_postgresql_url_selects_postgresql_with_the_shipped_driver(tmp_path):
    settings = load_settings(data_dir=tmp_path, store_url=SecretStr("postgresql://u:pw@db.example/bolig"))
    assert store_url(settings) == "postgresql+psycopg://u:pw@db.example/bolig"
    assert Store(store_url(settings)).dialect == "postgresql"
    with pytest.raises(ValueError, match="unsupported"):
        Store("mysql://u@h/d")


def test_feedback_of_the_old_sqlite_file_moves_into_a_new_store(tmp_path):
    with sqlite3.connect(tmp_path / "feedback.sqlite3") as old:  # the schema before the shared store
        old.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, turn_id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, "
            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, rating TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', "
            "question TEXT NOT NULL, answer TEXT NOT NULL, refused INTEGER NOT NULL, language TEXT NOT NULL, "
            "citations TEXT NOT NULL, backend TEXT NOT NULL, retrieval_query TEXT)"
        )
        old.execute(
            "INSERT INTO feedback (turn_id, session_id, created_at, updated_at, rating, comment, question, answer, refused, "
            "language, citations, backend) VALUES ('t0', 's', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', "
            "'down', 'Gammel', 'Q', 'A', 0, 'da', '[]', '{}')"
        )
    feedback = FeedbackStore(tmp_path)
    record_thumbs(feedback, sample_answer(), turn_id="t1", session_id="s", value=1)
    assert [(row["turn_id"], row["comment"]) for row in feedback.rows()] == [("t1", ""), ("t0", "Gammel")]


def _first_use(url: str, barrier, results) -> None:
    store = Store(url)
    barrier.wait(timeout=60)
    results.put(hit(store, [Limit("question", "k", 1)], NOW).allowed)


def test_two_processes_creating_a_postgresql_schema_at_once_both_succeed(postgres_url):
    """CREATE TABLE IF NOT EXISTS races on PostgreSQL; the advisory lock makes the second wait instead."""
    from sqlalchemy import create_engine, text

    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS fresh_schema"))
        connection.execute(text("CREATE DATABASE fresh_schema"))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/fresh_schema"
    allowed = run_at_once(_first_use, [(url,)] * 2, processes=True, timeout_s=120)
    assert sorted(allowed) == [False, True]


# --- rate limits -------------------------------------------------------------------------------

def test_a_sliding_window_allows_n_then_says_how_long_to_wait(store):
    limit = [Limit("question", "1.2.3.4", 2)]
    assert hit(store, limit, NOW).allowed and hit(store, limit, NOW + 10).allowed
    assert hit(store, limit, NOW + 20).retry_after == 40  # the first question leaves the window at +60
    assert hit(store, limit, NOW + 60).allowed  # the first left; the refused ones were never counted
    assert hit(store, limit, NOW + 61).retry_after == 9
    assert hit(store, [Limit("question", "5.6.7.8", 2)], NOW + 61).allowed  # another client has its own count


def test_the_question_limit_counts_the_client_and_everyone(store, tmp_path):
    settings = load_settings(data_dir=tmp_path, rate_limit_per_minute=2, global_rate_limit_per_minute=3)
    assert [check_question(store, settings, "a", NOW).allowed for _ in range(3)] == [True, True, False]
    assert check_question(store, settings, "b", NOW + 1).allowed  # the third question overall
    refused = check_question(store, settings, "c", NOW + 2)  # c never asked, but the global limit is full
    assert not refused.allowed and refused.retry_after == 58


def _count_in_process(url: str, barrier, results) -> None:
    store = Store(url)
    barrier.wait(timeout=60)
    allowed = sum(hit(store, [Limit("question", "same-client", 5)], NOW).allowed for _ in range(TRIES_PER_PROCESS))
    results.put(allowed)


def test_two_processes_counting_the_same_limit_see_one_count(store):
    counts = run_at_once(_count_in_process, [(store.url,)] * 2, processes=True, timeout_s=120)
    assert sum(counts) == 5, counts  # 30 tries at once, exactly the 5 the limit allows


def test_login_waits_grow_and_the_right_password_works_after_the_wait(store, tmp_path):
    settings = load_settings(data_dir=tmp_path, login_free_attempts=3, login_max_delay_s=10)
    assert [login_delay(n, settings) for n in range(1, 8)] == [0, 0, 2, 4, 8, 10, 10]
    now = NOW
    for _ in range(3):  # three wrong passwords go through at once
        assert login_attempt(store, settings, "1.2.3.4", now).allowed
    refused = login_attempt(store, settings, "1.2.3.4", now + 1)
    assert not refused.allowed and refused.retry_after == 1
    assert login_attempt(store, settings, "5.6.7.8", now + 1).allowed  # another client is not held up
    assert login_attempt(store, settings, "1.2.3.4", now + 2).allowed  # after the wait: an attempt (wrong again)
    assert login_attempt(store, settings, "1.2.3.4", now + 5).retry_after == 1  # now 4 s
    assert login_attempt(store, settings, "1.2.3.4", now + 6).allowed  # the right password is let through ...
    login_succeeded(store, "1.2.3.4")  # ... and clears the count
    assert all(login_attempt(store, settings, "1.2.3.4", now + 7).allowed for _ in range(3))


def test_stale_counts_are_purged(store):
    hit(store, [Limit("question", "old", 5)], NOW)
    hit(store, [Limit("question", "new", 5)], NOW + 86400)
    assert purge_stale(store, NOW + 86400 + 10) == 2  # the old client's event and its key row
    assert hit(store, [Limit("question", "new", 1)], NOW + 86400 + 10).retry_after > 0  # the recent one stays


@pytest.mark.parametrize(("ip", "forwarded", "trusted", "key"), [
    ("203.0.113.5", None, None, "203.0.113.5"),
    (None, None, None, "127.0.0.1"),  # Streamlit reports loopback as None
    ("203.0.113.5", "198.51.100.7", None, "203.0.113.5"),  # no trusted proxy: the header is ignored
    ("203.0.113.5", "198.51.100.7", "10.0.0.2", "203.0.113.5"),  # not from the proxy: ignored
    ("10.0.0.2", "198.51.100.7", "10.0.0.2", "198.51.100.7"),
    ("10.0.0.2", "6.6.6.6, 198.51.100.7", "10.0.0.2", "198.51.100.7"),  # the client's own prefix is not believed
    ("10.0.0.2", "198.51.100.7, 10.0.0.3", "10.0.0.2,10.0.0.3", "198.51.100.7"),  # two proxies of ours
    ("10.0.0.2", "nonsense", "10.0.0.2", "10.0.0.2"),
    (None, "198.51.100.7", "127.0.0.1", "198.51.100.7"),  # a proxy on the same machine
    ("2001:db8:1:2:aaaa::1", None, None, "2001:db8:1:2::/64"),  # one IPv6 client holds a /64
    ("::ffff:203.0.113.5", None, None, "203.0.113.5"),
])
def test_client_key(ip, forwarded, trusted, key):
    assert client_key(ip, forwarded, trusted) == key


# --- conversation history ----------------------------------------------------------------------

def at(minutes: float) -> datetime:
    return datetime.fromtimestamp(NOW, timezone.utc) + timedelta(minutes=minutes)


def test_history_saves_lists_loads_and_deletes_conversations(store):
    kl = sample_answer(notice="Bemærk", retrieval_query="Hvad kritiserede KL?")  # both must come back
    first = Turn(question="Hvad kritiserede KL?", answer=kl, asked_at=at(0))
    refused = Turn(question="Hvem?", error="For langt", error_kind="question", asked_at=at(1))
    save_turn(store, "c1", first)
    save_turn(store, "c1", refused)
    save_turn(store, "c2", Turn(question="Andet emne", answer=sample_answer("Andet emne"), asked_at=at(5)))
    summaries = list_conversations(store, limit=10)
    assert [(s.id, s.title, s.turns) for s in summaries] == [("c2", "Andet emne", 1), ("c1", "Hvad kritiserede KL?", 2)]
    assert summaries[1].started_at == at(0) and summaries[1].updated_at == at(1)
    assert [s.id for s in list_conversations(store, limit=1)] == ["c2"]
    loaded = load_conversation(store, "c1")
    assert [turn.id for turn in loaded] == [first.id, refused.id]
    assert loaded[0].answer.citations == first.answer.citations and loaded[0].answer.notice == "Bemærk"
    assert loaded[0].answer.retrieval_query == "Hvad kritiserede KL?" and loaded[0].asked_at == at(0)
    assert loaded[1].answer is None and (loaded[1].error, loaded[1].error_kind) == ("For langt", "question")
    save_turn(store, "c1", first)  # saved again (an edit): replaced, not doubled, and no step back in time
    assert [len(load_conversation(store, "c1")), list_conversations(store)[1].updated_at] == [2, at(1)]
    assert delete_conversation(store, "c1") and not delete_conversation(store, "c1")
    assert load_conversation(store, "c1") == [] and [s.id for s in list_conversations(store)] == ["c2"]


def test_history_older_than_the_retention_is_purged(store):
    store.history_retention_days = 30
    save_turn(store, "old", Turn(question="Gammel", answer=sample_answer(), asked_at=at(0)))
    save_turn(store, "recent", Turn(question="Ny", answer=sample_answer(), asked_at=at(0)))
    save_turn(store, "recent", Turn(question="Igen", answer=sample_answer(), asked_at=at(60 * 24 * 20)))
    assert purge_expired(store, at(60 * 24 * 31)) == 1
    assert [s.id for s in list_conversations(store)] == ["recent"] and load_conversation(store, "old") == []
    assert len(load_conversation(store, "recent")) == 2


# --- feedback ------------------------------------------------------------------------------------

def test_feedback_is_saved_updated_and_taken_back(store):
    feedback = FeedbackStore(store)
    assert record_thumbs(feedback, sample_answer(), turn_id="t1", session_id="s", value=1)
    assert record_comment(feedback, "t1", "Godt")
    feedback.save(FeedbackEntry.from_answer(sample_answer(), turn_id="t1", session_id="s", rating="down"))
    [row] = feedback.rows()
    assert (row["rating"], row["comment"], row["refused"]) == ("down", "Godt", 0)
    assert row["created_at"].endswith("+00:00")
    record_thumbs(feedback, sample_answer(), turn_id="t1", session_id="s", value=None)
    assert feedback.rows() == [] and not record_comment(feedback, "t1", "for sent")
