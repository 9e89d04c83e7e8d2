"""Feedback on answers (thumbs up/down, an optional comment), kept in SQLite in settings.data_dir.

Several Streamlit sessions (threads) and processes may write at once, so: WAL mode (readers
never block the writer), a busy timeout (a writer waits instead of failing), one short-lived
connection per write (no connection is shared between threads) and one transaction per write
(BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock on an upgrade).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from filelock import FileLock

from qa.types import Answer

log = logging.getLogger(__name__)

DB_FILE = "feedback.sqlite3"
_READY: set[Path] = set()  # databases this process has set up (a store object lives for one write)
MAX_COMMENT_CHARS = 2000
BUSY_TIMEOUT_S = 30.0
Rating = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    language TEXT NOT NULL,
    citations TEXT NOT NULL,
    backend TEXT NOT NULL,
    retrieval_query TEXT
)
"""
COLUMNS = [
    "id", "turn_id", "session_id", "created_at", "updated_at", "rating", "comment", "question", "answer",
    "refused", "language", "citations", "backend", "retrieval_query",
]


def rating_from_thumbs(value: int | None) -> Rating | None:
    """st.feedback("thumbs") gives 1 for up, 0 for down, None when cleared."""
    return None if value is None else ("up" if value == 1 else "down")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class FeedbackEntry:
    """One rating of one answer, with what is needed to judge it later."""

    turn_id: str
    session_id: str
    rating: Rating
    question: str
    answer: str
    refused: bool
    language: str
    citations: str  # JSON list of {n, title, link, page, section, score, quotes}
    backend: str  # JSON {embeddings, llm}
    retrieval_query: str | None = None
    comment: str = ""

    @classmethod
    def from_answer(cls, answer: Answer, *, turn_id: str, session_id: str, rating: Rating, comment: str = "") -> "FeedbackEntry":
        citations = [
            {"n": c.n, "title": c.title, "link": c.link, "page": c.page, "section": c.section,
             "score": round(c.score, 4), "quotes": c.quotes}
            for c in answer.citations
        ]
        return cls(
            turn_id=turn_id, session_id=session_id, rating=rating, question=answer.question, answer=answer.answer,
            refused=answer.refused, language=answer.language, citations=json.dumps(citations, ensure_ascii=False),
            backend=json.dumps(answer.backend, ensure_ascii=False), retrieval_query=answer.retrieval_query,
            comment=comment,
        )


class FeedbackStore:
    """The feedback database. Cheap to create: it holds a path, never an open connection."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / DB_FILE

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each write is one explicit transaction.
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        return connection

    def _ensure(self) -> None:
        if self.path in _READY and self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Switching a new database to WAL needs it to itself, and SQLite answers "database is locked"
        # at once (no busy wait) when another process opened it meanwhile: set up one at a time.
        with FileLock(f"{self.path}.lock", timeout=BUSY_TIMEOUT_S):
            connection = self._connect()
            try:
                connection.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the database file
                connection.execute(_SCHEMA)
            finally:
                connection.close()
        _READY.add(self.path)

    def _write(self, sql: str, parameters: dict) -> int:
        """Run one statement in its own transaction on its own connection; return the rows changed."""
        self._ensure()
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                changed = connection.execute(sql, parameters).rowcount
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return changed
        finally:
            connection.close()

    def save(self, entry: FeedbackEntry) -> None:
        """Insert the rating, or update it (and a non-empty comment) when this answer was rated before."""
        values = asdict(entry) | {"refused": int(entry.refused), "now": _now()}
        self._write(
            """INSERT INTO feedback (turn_id, session_id, created_at, updated_at, rating, comment, question, answer,
                   refused, language, citations, backend, retrieval_query)
               VALUES (:turn_id, :session_id, :now, :now, :rating, :comment, :question, :answer,
                   :refused, :language, :citations, :backend, :retrieval_query)
               ON CONFLICT(turn_id) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at,
                   comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END""",
            values,
        )

    def set_comment(self, turn_id: str, comment: str) -> bool:
        """Attach a comment to an answer already rated; False when it was not rated."""
        changed = self._write(
            "UPDATE feedback SET comment = :comment, updated_at = :now WHERE turn_id = :turn_id",
            {"comment": comment.strip(), "now": _now(), "turn_id": turn_id},
        )
        return changed > 0

    def remove(self, turn_id: str) -> None:
        """The user took the rating back."""
        self._write("DELETE FROM feedback WHERE turn_id = :turn_id", {"turn_id": turn_id})

    def rows(self) -> list[dict]:
        """Every entry, newest first."""
        if not self.path.exists():
            return []
        connection = self._connect()
        connection.row_factory = sqlite3.Row
        try:
            table = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'feedback'").fetchone()
            if table is None:
                return []
            return [dict(row) for row in connection.execute("SELECT * FROM feedback ORDER BY created_at DESC, id DESC")]
        finally:
            connection.close()


def filter_rows(rows: list[dict], rating: Rating | None = None, text: str = "", only_comments: bool = False) -> list[dict]:
    """Rows with this rating (None: any) whose question, answer or comment contains ``text``."""
    needle = text.strip().lower()
    return [
        row for row in rows
        if (rating is None or row["rating"] == rating)
        and (not only_comments or row["comment"].strip())
        and (not needle or needle in f"{row['question']}\n{row['answer']}\n{row['comment']}".lower())
    ]


def _csv_cell(value: object) -> object:
    """Defuse spreadsheet formulas: public users write comments, staff open the CSV in Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(row.get(key)) for key in COLUMNS})
    return buffer.getvalue()


def record_thumbs(store: FeedbackStore, answer: Answer, *, turn_id: str, session_id: str, value: int | None) -> bool:
    """Save (or take back) a thumbs rating from st.feedback; False, logged, when the store failed."""
    try:
        rating = rating_from_thumbs(value)
        if rating is None:
            store.remove(turn_id)
        else:
            store.save(FeedbackEntry.from_answer(answer, turn_id=turn_id, session_id=session_id, rating=rating))
        return True
    except (sqlite3.Error, OSError) as error:
        log.error("feedback not saved: %s: %s", type(error).__name__, error)
        return False


def record_comment(store: FeedbackStore, turn_id: str, comment: str) -> bool:
    """Attach a comment to a rated answer; False when nothing was saved."""
    if not comment.strip():
        return False
    try:
        return store.set_comment(turn_id, comment[:MAX_COMMENT_CHARS])
    except (sqlite3.Error, OSError) as error:
        log.error("feedback comment not saved: %s: %s", type(error).__name__, error)
        return False


def feedback_table(rows: list[dict]) -> list[dict]:
    """The columns the staff page shows, newest first."""
    return [
        {
            "time": row["created_at"], "rating": row["rating"], "question": row["question"],
            "answer": row["answer"], "comment": row["comment"], "sources": ", ".join(
                f"[{c['n']}] {c['title']}" + (f" p. {c['page']}" if c.get("page") else "")
                for c in json.loads(row["citations"] or "[]")
            ),
            "backend": " / ".join(json.loads(row["backend"] or "{}").values()), "language": row["language"],
        }
        for row in rows
    ]
