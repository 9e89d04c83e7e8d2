"""Feedback on answers (thumbs up/down, an optional comment), kept in the shared store (web.store).

The store's guarantees carry over: one transaction per write, and on SQLite WAL, a busy timeout
and BEGIN IMMEDIATE, so several sessions (threads) and processes write at once and lose nothing.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from sqlalchemy import case, delete, select, update

from qa.types import Answer
from web.store import Store, StoreError, feedback_table as _table

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 2000
Rating = Literal["up", "down"]

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
    """The feedback in a store. Cheap to create: it holds the store, never an open connection.

    Give it a Store (web.store.open_store), or a folder for the default SQLite store in it.
    """

    def __init__(self, store: Store | Path | str) -> None:
        self.store = store if isinstance(store, Store) else Store.sqlite(Path(store))

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL)."""
        return self.store.path

    def save(self, entry: FeedbackEntry) -> None:
        """Insert the rating, or update it (and a non-empty comment) when this answer was rated before."""
        now = _now()
        insert = self.store.insert(_table).values(
            **asdict(entry) | {"refused": int(entry.refused), "created_at": now, "updated_at": now}
        )
        statement = insert.on_conflict_do_update(
            index_elements=["turn_id"],
            set_={
                "rating": insert.excluded.rating, "updated_at": insert.excluded.updated_at,
                "comment": case((insert.excluded.comment != "", insert.excluded.comment), else_=_table.c.comment),
            },
        )
        with self.store.write() as connection:
            connection.execute(statement)

    def set_comment(self, turn_id: str, comment: str) -> bool:
        """Attach a comment to an answer already rated; False when it was not rated."""
        statement = update(_table).where(_table.c.turn_id == turn_id).values(comment=comment.strip(), updated_at=_now())
        with self.store.write() as connection:
            return connection.execute(statement).rowcount > 0

    def remove(self, turn_id: str) -> None:
        """The user took the rating back."""
        with self.store.write() as connection:
            connection.execute(delete(_table).where(_table.c.turn_id == turn_id))

    def rows(self) -> list[dict]:
        """Every entry, newest first."""
        with self.store.read() as connection:
            result = connection.execute(select(_table).order_by(_table.c.created_at.desc(), _table.c.id.desc()))
            return [dict(row._mapping) for row in result]


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
    except StoreError as error:
        log.error("feedback not saved: %s: %s", type(error).__name__, error)
        return False


def record_comment(store: FeedbackStore, turn_id: str, comment: str) -> bool:
    """Attach a comment to a rated answer; False when nothing was saved."""
    if not comment.strip():
        return False
    try:
        return store.set_comment(turn_id, comment[:MAX_COMMENT_CHARS])
    except StoreError as error:
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
