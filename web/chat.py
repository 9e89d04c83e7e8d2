"""The conversation behind the web chat: its turns, the history passed to the Assistant, and a
streamed answer that never lets an exception reach the page.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from typing import Literal

from web.safe_markdown import MarkdownEscaper, escape_markdown
from qa.types import Answer, QuestionError
from web.ui_text import t
from vectorstore.store import IndexProblem

log = logging.getLogger(__name__)

ErrorKind = Literal["question", "rate_limit", "index", "internal"]


@dataclass
class Turn:
    """One question and what came of it: an Answer, or a message for the user instead."""

    question: str
    answer: Answer | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    asked_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    retry_at: float | None = None  # time.time() from which a rate-limited question may be sent again


def history_from_turns(turns: list[Turn]) -> list[tuple[str, str]]:
    """The (role, text) history the Assistant takes; turns without an answer are left out."""
    history: list[tuple[str, str]] = []
    for turn in turns:
        if turn.answer is not None:
            history += [("user", turn.question), ("assistant", turn.answer.answer)]
    return history


def rate_limited_turn(question: str, seconds: int, lang: str, now: float | None = None) -> Turn:
    now = time.time() if now is None else now
    return Turn(
        question=question, error=t("rate_limited", lang, seconds=seconds), error_kind="rate_limit",
        retry_at=now + seconds,
    )


def seconds_to_retry(turn: Turn, now: float | None = None) -> int:
    """Whole seconds until a rate-limited turn may be sent again (0: now)."""
    if turn.retry_at is None:
        return 0
    left = turn.retry_at - (time.time() if now is None else now)
    return max(0, math.ceil(left))


def question_length(question: str) -> int:
    """The length the engine checks: whitespace runs count as one space (as qa.pipeline.clean_question)."""
    return len(" ".join(question.split()))


def format_count(number: int, lang: str) -> str:
    """1.000 in Danish, 1,000 in English."""
    text = f"{number:,}"
    return text.replace(",", ".") if lang == "da" else text


def too_long_turn(question: str, cap: int, lang: str) -> Turn | None:
    """A turn that says, in the UI's language, how long the question is and how long it may be;
    None when it fits. Checked here, before the engine, so the message names the cap in the UI's
    language (the engine's own message is bilingual) and a too-long question costs no rate limit."""
    length = question_length(question)
    if length <= cap:
        return None
    message = t("question_too_long", lang, length=format_count(length, lang), cap=format_count(cap, lang))
    return Turn(question=question, error=message, error_kind="question")


def question_preview(question: str, lang: str, limit: int = 300) -> str:
    """The question as shown in its bubble: a pasted wall of text is cut, saying how much is left out."""
    if len(question) <= limit:
        return question
    return question[:limit].rstrip() + " " + t("question_shown", lang, more=format_count(len(question) - limit, lang))


class AnswerStream:
    """Iterate to get the answer as safe Markdown pieces (for st.write_stream); then read ``.turn``.

    Every failure becomes a friendly message on the turn: a bad question (QuestionError carries
    its own message), an index problem, or anything else (logged with its traceback, never shown).
    """

    def __init__(self, assistant: object, question: str, turns: list[Turn], lang: str) -> None:
        self._assistant = assistant
        self._history = history_from_turns(turns)
        self._lang = lang
        self.turn = Turn(question=question)

    def __iter__(self) -> Iterator[str]:
        escaper = MarkdownEscaper(bullets=True)
        try:
            for item in self._assistant.stream(self.turn.question, self._history):  # type: ignore[attr-defined]
                if isinstance(item, Answer):
                    self.turn.answer = item
                elif item:
                    yield escaper.feed(item)
            rest = escaper.flush()
            if rest:
                yield rest
            if self.turn.answer is None:
                raise RuntimeError("the assistant's stream ended without an Answer")
        except QuestionError as error:
            self._fail(str(error), "question")
        except IndexProblem as error:
            log.warning("index problem while answering: %s", error)
            self._fail(f"{t('index_problem', self._lang)} {error}", "index")
        except Exception:
            log.exception("answering failed")
            self._fail(t("error_internal", self._lang), "internal")

    def _fail(self, message: str, kind: ErrorKind) -> None:
        self.turn.answer = None
        self.turn.error = message
        self.turn.error_kind = kind


def conversation_label(title: str, updated_at: datetime, turns: int, lang: str, tz_name: str | None = None) -> str:
    """A saved conversation in the history list: when, its first question (shortened), how many turns.

    Safe Markdown: the title is a person's question. Times in the browser's time zone where known.
    """
    try:
        zone = ZoneInfo(tz_name) if tz_name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone.utc
    when = updated_at.astimezone(zone).strftime("%d.%m. %H:%M" if lang == "da" else "%d %b %H:%M")
    short = " ".join(title.split())
    short = short if len(short) <= 60 else short[:59].rstrip() + "…"
    return f"{when} · {escape_markdown(short)} ({turns})"
