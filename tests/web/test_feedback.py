"""The feedback store: what is saved, updates, CSV export, and concurrent writers losing nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from tests.at_once import run_at_once
from tests.sample_answers import sample_answer
from web.feedback import (
    FeedbackEntry, FeedbackStore, feedback_table, filter_rows, record_comment, record_thumbs, to_csv,
)

WRITES_PER_WRITER = 60


def _write_many(data_dir: str, writer: str, barrier, results) -> None:
    store = FeedbackStore(Path(data_dir))
    barrier.wait(timeout=30)
    for number in range(WRITES_PER_WRITER):
        entry = FeedbackEntry.from_answer(
            sample_answer(f"{writer} {number}"), turn_id=f"{writer}-{number}", session_id=writer,
            rating="up" if number % 2 else "down",
        )
        store.save(entry)
    results.put(writer)  # finished: run_at_once waits for one value from each writer


def test_saves_question_answer_citations_backend_and_time(tmp_path):
    store = FeedbackStore(tmp_path / "data")
    # an unrounded score: the saved citation keeps 4 decimals
    assert record_thumbs(store, sample_answer(score=0.8123456), turn_id="t1", session_id="s1", value=1)
    [row] = store.rows()
    assert row["rating"] == "up" and row["question"] == "Hvad kritiserede KL?" and row["session_id"] == "s1"
    assert row["answer"].endswith("[1]") and row["created_at"].endswith("+00:00")
    citation = json.loads(row["citations"])[0]
    assert citation["link"] == "https://www.kl.dk/a.pdf#page=3" and citation["score"] == 0.8123
    assert json.loads(row["backend"]) == {"embeddings": "fake:x", "llm": "extractive"}
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rating_again_updates_the_row_and_keeps_the_comment(tmp_path):
    store = FeedbackStore(tmp_path)
    record_thumbs(store, sample_answer(), turn_id="t1", session_id="s", value=1)
    assert record_comment(store, "t1", "  Godt svar  ")
    record_thumbs(store, sample_answer(), turn_id="t1", session_id="s", value=0)
    [row] = store.rows()
    assert (row["rating"], row["comment"]) == ("down", "Godt svar")
    record_thumbs(store, sample_answer(), turn_id="t1", session_id="s", value=None)  # taken back
    assert store.rows() == []
    assert not record_comment(store, "t1", "for sent")  # nothing rated: nothing to attach to
    assert not record_comment(store, "t1", "   ")


def test_a_failing_store_reports_instead_of_raising(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = FeedbackStore(blocker / "data")
    assert record_thumbs(store, sample_answer(), turn_id="t1", session_id="s", value=1) is False


def test_two_threads_writing_at_once_lose_nothing(tmp_path):
    run_at_once(_write_many, [(str(tmp_path), name) for name in ("a", "b")], processes=False, timeout_s=60)
    rows = FeedbackStore(tmp_path).rows()
    assert len(rows) == 2 * WRITES_PER_WRITER
    assert {row["turn_id"] for row in rows} == {f"{w}-{n}" for w in "ab" for n in range(WRITES_PER_WRITER)}


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    run_at_once(_write_many, [(str(tmp_path), name) for name in ("p", "q")], processes=True, timeout_s=60)
    assert len(FeedbackStore(tmp_path).rows()) == 2 * WRITES_PER_WRITER


def test_filters_and_staff_table(tmp_path):
    store = FeedbackStore(tmp_path)
    record_thumbs(store, sample_answer("Hvad er et forebyggelsesområde?"), turn_id="1", session_id="s", value=1)
    record_thumbs(store, sample_answer("Hvem skrev de til?"), turn_id="2", session_id="s", value=0)
    record_comment(store, "2", "Mangler modtageren")
    rows = store.rows()
    assert [r["turn_id"] for r in filter_rows(rows, rating="down")] == ["2"]
    assert [r["turn_id"] for r in filter_rows(rows, text="FOREBYGGELSES")] == ["1"]
    assert [r["turn_id"] for r in filter_rows(rows, text="modtageren")] == ["2"]
    assert [r["turn_id"] for r in filter_rows(rows, only_comments=True)] == ["2"]
    table = feedback_table(filter_rows(rows, rating="up"))
    assert table[0]["rating"] == "up" and table[0]["sources"] == "[1] Boligsocialt arbejde p. 3"
    assert table[0]["backend"] == "fake:x / extractive"


def test_csv_has_every_column_and_defuses_formulas(tmp_path):
    store = FeedbackStore(tmp_path)
    record_thumbs(store, sample_answer("=HYPERLINK(\"http://evil\")"), turn_id="1", session_id="s", value=1)
    record_comment(store, "1", "@SUM(A1)")
    parsed = list(csv.DictReader(io.StringIO(to_csv(store.rows()))))
    assert parsed[0]["question"] == "'=HYPERLINK(\"http://evil\")" and parsed[0]["comment"] == "'@SUM(A1)"
    assert parsed[0]["rating"] == "up" and json.loads(parsed[0]["citations"])[0]["n"] == 1
