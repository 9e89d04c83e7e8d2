"""Parts of an answer on the chat page: its sources (labelled, anchored) and the retry of a
rate-limited question. Renders only; web/ holds the logic.

The only HTML is web.sources.anchor_html: an empty element with an id we build from the turn id
and the source number. Document and model text goes through web.safe_markdown / web.highlight.
"""

from __future__ import annotations

import streamlit as st

from web.chat import Turn, seconds_to_retry
from web.highlight import highlight_excerpt, marked_answer_markdown, passage_link
from web.safe_markdown import escape_markdown, markdown_link
from web.sources import anchor_html, link_markers, source_anchor, source_labels
from web.ui_text import t
from settings import Settings


def answer_with_links(turn: Turn) -> str:
    """The answer as safe Markdown whose [n] markers link to their sources below it."""
    answer = turn.answer
    assert answer is not None
    return link_markers(marked_answer_markdown(answer.answer, answer.marked), turn.id, {c.n for c in answer.citations})


def render_sources(turn: Turn, settings: Settings, lang: str) -> None:
    answer = turn.answer
    assert answer is not None
    query = answer.retrieval_query or answer.question
    st.markdown(f"**{t('sources_label', lang)}**")
    for citation, label in zip(answer.citations, source_labels(answer.citations, lang)):
        with st.expander(escape_markdown(label)):
            # Inside the expander: following [n] to this id makes Chromium open it and scroll to it.
            st.html(anchor_html(source_anchor(turn.id, citation.n)))
            st.markdown(markdown_link(f"{citation.title} ↗", passage_link(citation)))
            st.markdown(highlight_excerpt(citation.excerpt, query))
            if not settings.public_mode:
                st.caption(t("relevance", lang, score=citation.score))


def render_related(turn: Turn, lang: str) -> None:
    """A refusal's nearest passages, apart from any citation: where to read on, not an answer."""
    answer = turn.answer
    assert answer is not None
    if not answer.related:
        return
    st.markdown(f"**{t('related_label', lang)}**")
    query = answer.retrieval_query or answer.question
    for passage, label in zip(answer.related, source_labels(answer.related, lang, numbered=False)):
        with st.expander(escape_markdown(label)):
            st.markdown(markdown_link(f"{passage.title} ↗", passage_link(passage)))
            st.markdown(highlight_excerpt(passage.excerpt, query))


def _send_again(turn: Turn) -> None:
    """Ask the same question again: the waiting turn makes way for the new answer."""
    turns = st.session_state.get("turns", [])
    if turn in turns:
        turns.remove(turn)
    st.session_state["pending_question"] = turn.question


def render_retry(turn: Turn, lang: str) -> None:
    """Under a rate-limited question: the wait, counted down, then a button that sends it again.

    While waiting, a fragment reruns itself each second (only itself, not the page); when the wait
    is over it reruns the page once, which draws the button enabled and stops the timer.
    """
    waiting = seconds_to_retry(turn) > 0

    @st.fragment(run_every=1 if waiting else None)
    def retry() -> None:
        left = seconds_to_retry(turn)
        if waiting and left == 0:
            st.rerun()
        # Not an on_click callback: from inside a fragment that would rerun only the fragment,
        # and the question must be asked by a run of the whole page.
        if st.button(t("retry", lang), key=f"retry-{turn.id}", icon=":material/refresh:", disabled=left > 0):
            _send_again(turn)
            st.rerun()
        if left:
            st.caption(t("retry_wait", lang, seconds=left))

    retry()
