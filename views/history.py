"""The staff's earlier conversations, in the chat's sidebar (web.history keeps them). Renders only.

Staff mode saves every turn. The list shows only to a session logged in on the staff page: the
store holds the conversations of everyone who used the staff-mode chat. The public demo stores and
shows nothing.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from web.chat import Turn, conversation_label
from web.history import list_conversations, load_conversation, save_turn
from web.staff import session_valid
from web.store import open_store
from web.ui_text import t
from settings import Settings

log = logging.getLogger("app.history")

# Conversations listed in the sidebar: the recent ones; older ones stay in the store until purged.
SHOWN = 10


def conversation_id() -> str:
    return st.session_state.setdefault("conversation_id", uuid.uuid4().hex)


def start_new_conversation() -> None:
    st.session_state["conversation_id"] = uuid.uuid4().hex


def remember(turn: Turn, settings: Settings) -> None:
    """Save the turn in staff mode; a store failure is logged and never stops the chat."""
    if settings.public_mode:
        return
    try:
        save_turn(open_store(settings), conversation_id(), turn)
    except Exception:  # the answer is shown either way; history is a convenience
        log.exception("the turn could not be saved to the history")


def _open(chosen: str, settings: Settings) -> None:
    st.session_state["turns"] = load_conversation(open_store(settings), chosen)
    st.session_state["conversation_id"] = chosen
    st.session_state.pop("pending_question", None)


def render_history(settings: Settings, lang: str) -> None:
    if settings.public_mode or not session_valid(settings, st.session_state.get("staff_token")):
        return
    try:
        conversations = list_conversations(open_store(settings), limit=SHOWN)
    except Exception:
        log.exception("the history could not be read")
        return
    current = conversation_id()
    with st.sidebar:
        st.markdown(f"**{t('history_heading', lang)}**")
        if not conversations:
            st.caption(t("history_empty", lang))
        for summary in conversations:
            st.button(
                conversation_label(summary.title, summary.updated_at, summary.turns, lang, st.context.timezone),
                key=f"conversation-{summary.id}", on_click=_open, args=(summary.id, settings), type="tertiary",
                disabled=summary.id == current, width="stretch",
            )
