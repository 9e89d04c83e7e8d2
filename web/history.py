"""Staff conversation history in the shared store: save turns, list, load, delete, purge old ones.

Only staff mode keeps history; the public demo stores no conversation (the page decides, these
functions do not check). Every function takes the store from ``web.store.open_store(settings)``:

- ``save_turn(store, conversation_id, turn)``: save (or replace) one web.chat.Turn: question,
  answer, citations (JSON), notice, error, time. The conversation is created with the first turn,
  titled by its question, and its ``updated_at`` moves with every turn.
- ``list_conversations(store, limit=50)``: ``ConversationSummary`` items, most recently updated first.
- ``load_conversation(store, conversation_id)``: its turns, oldest first, as web.chat.Turn objects
  (answers rebuilt as qa.types.Answer, so the chat renders them like fresh ones); [] when unknown.
- ``delete_conversation(store, conversation_id)``: True when it existed.
- ``purge_expired(store, now)``: delete conversations untouched for ``store.history_retention_days``
  (settings.history_retention_days); returns how many. ``open_store`` runs it once per process.

Times are Unix seconds in the store and timezone-aware UTC datetimes here.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, func, select

from qa.types import Answer, Citation
from web.chat import Turn
from web.store import Store, conversations_table as _conversations, turns_table as _turns

TITLE_CHARS = 200  # a title is the first question, shortened for the list


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    title: str
    started_at: datetime
    updated_at: datetime
    turns: int


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def _turn_row(conversation_id: str, turn: Turn) -> dict:
    answer = turn.answer
    row = {
        "id": turn.id, "conversation_id": conversation_id, "asked_at": turn.asked_at.timestamp(),
        "question": turn.question, "error": turn.error, "error_kind": turn.error_kind,
        "answer": None, "refused": 0, "language": None, "citations": "[]", "backend": "{}", "notice": None,
        "retrieval_query": None,
    }
    if answer is not None:
        row |= {
            "answer": answer.answer, "refused": int(answer.refused), "language": answer.language,
            "citations": json.dumps([asdict(c) for c in answer.citations], ensure_ascii=False),
            "backend": json.dumps(answer.backend, ensure_ascii=False), "notice": answer.notice,
            "retrieval_query": answer.retrieval_query,
        }
    return row


def _turn_from_row(row: dict) -> Turn:
    answer = None
    if row["answer"] is not None:
        answer = Answer(
            question=row["question"], answer=row["answer"], refused=bool(row["refused"]), language=row["language"],
            citations=[Citation(**c) for c in json.loads(row["citations"] or "[]")],
            backend=json.loads(row["backend"] or "{}"), timings_ms={}, notice=row["notice"],
            retrieval_query=row["retrieval_query"],
        )
    return Turn(
        question=row["question"], answer=answer, error=row["error"], error_kind=row["error_kind"], id=row["id"],
        asked_at=_time(row["asked_at"]),
    )


def save_turn(store: Store, conversation_id: str, turn: Turn) -> None:
    """Save one turn of a conversation (again: replaced), creating the conversation with its first turn."""
    asked = turn.asked_at.timestamp()
    conversation = store.insert(_conversations).values(
        id=conversation_id, title=turn.question[:TITLE_CHARS], started_at=asked, updated_at=asked,
    )
    # A turn saved again later (a late feedback edit) must not move the conversation back in time.
    later = func.max if store.dialect == "sqlite" else func.greatest  # the two-argument max of each database
    conversation = conversation.on_conflict_do_update(
        index_elements=["id"], set_={"updated_at": later(_conversations.c.updated_at, conversation.excluded.updated_at)},
    )
    row = _turn_row(conversation_id, turn)
    saved = store.insert(_turns).values(**row)
    saved = saved.on_conflict_do_update(
        index_elements=["id"], set_={key: saved.excluded[key] for key in row if key not in ("id", "conversation_id")},
    )
    with store.write() as connection:
        connection.execute(conversation)
        connection.execute(saved)


def list_conversations(store: Store, limit: int = 50) -> list[ConversationSummary]:
    """The most recently updated conversations first, with their number of turns."""
    counts = (
        select(_turns.c.conversation_id, func.count().label("turns")).group_by(_turns.c.conversation_id).subquery()
    )
    query = (
        select(_conversations, func.coalesce(counts.c.turns, 0).label("turns"))
        .outerjoin(counts, counts.c.conversation_id == _conversations.c.id)
        .order_by(_conversations.c.updated_at.desc(), _conversations.c.id)
        .limit(limit)
    )
    with store.read() as connection:
        return [
            ConversationSummary(
                id=row.id, title=row.title, started_at=_time(row.started_at), updated_at=_time(row.updated_at),
                turns=row.turns,
            )
            for row in connection.execute(query)
        ]


def load_conversation(store: Store, conversation_id: str) -> list[Turn]:
    """The conversation's turns, oldest first; [] when there is no such conversation."""
    query = select(_turns).where(_turns.c.conversation_id == conversation_id).order_by(_turns.c.asked_at, _turns.c.id)
    with store.read() as connection:
        return [_turn_from_row(dict(row._mapping)) for row in connection.execute(query)]


def delete_conversation(store: Store, conversation_id: str) -> bool:
    """Delete a conversation and its turns; False when it did not exist."""
    with store.write() as connection:
        connection.execute(delete(_turns).where(_turns.c.conversation_id == conversation_id))
        return connection.execute(delete(_conversations).where(_conversations.c.id == conversation_id)).rowcount > 0


def purge_expired(store: Store, now: float | datetime | None = None) -> int:
    """Delete conversations not updated within the retention period; return how many went."""
    now_s = time.time() if now is None else now.timestamp() if isinstance(now, datetime) else float(now)
    cutoff = now_s - store.history_retention_days * 86400
    expired = select(_conversations.c.id).where(_conversations.c.updated_at < cutoff)
    with store.write() as connection:
        connection.execute(delete(_turns).where(_turns.c.conversation_id.in_(expired)))
        return connection.execute(delete(_conversations).where(_conversations.c.updated_at < cutoff)).rowcount
