"""The chat page: renders the conversation; qa/ does everything else.

Document and model text reaches the page only through web.safe_markdown / web.highlight, which
escape it: nothing here uses unsafe_allow_html.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from views.answer import answer_with_links, render_related, render_retry, render_sources
from views.history import remember, render_history, start_new_conversation
from web.chat import AnswerStream, Turn, question_preview, rate_limited_turn, too_long_turn
from web.export import conversation_markdown
from web.feedback import MAX_COMMENT_CHARS, FeedbackStore, record_comment, record_thumbs
from web.ratelimit import check_question, client_from_context
from web.safe_markdown import answer_markdown, escape_markdown, markdown_link
from web.store import Store, open_store
from web.status import IndexStatus, index_status, ingest_command, is_missing_index
from web.ui_text import examples_for, refusal_hint, t, ui_language
from web.engine import IndexProblem, assistant_ready, load_assistant
from settings import Settings, load_settings

log = logging.getLogger("app.chat")

# Material icons ship with Streamlit, so they render where no emoji font is installed.
INDEXED = ":green[:material/check_circle:]"
MISSING = ":orange[:material/schedule:]"


def _state() -> tuple[list[Turn], str]:
    turns = st.session_state.setdefault("turns", [])
    session_id = st.session_state.setdefault("session_id", uuid.uuid4().hex)
    return turns, session_id


# --- callbacks (run before the rerun they trigger) ---------------------------------------------

def _new_chat() -> None:
    st.session_state["turns"] = []
    st.session_state.pop("pending_question", None)
    start_new_conversation()


def _ask_example(question: str) -> None:
    st.session_state["pending_question"] = question


def _on_thumbs(turn: Turn, store: Store) -> None:
    value = st.session_state.get(f"thumbs-{turn.id}")
    _, session_id = _state()
    ok = record_thumbs(FeedbackStore(store), turn.answer, turn_id=turn.id, session_id=session_id, value=value)
    st.session_state[f"feedback-status-{turn.id}"] = "saved" if ok else "failed"


def _on_comment(turn: Turn, store: Store) -> None:
    comment = st.session_state.get(f"comment-{turn.id}", "")
    if record_comment(FeedbackStore(store), turn.id, comment):
        st.session_state[f"feedback-status-{turn.id}"] = "commented"


# --- rendering ---------------------------------------------------------------------------------

def render_index_problem(error: IndexProblem, settings: Settings, lang: str) -> None:
    if settings.public_mode:  # paths, model names and commands are for staff, not citizens
        st.warning(t("index_unavailable", lang), icon=":material/build:")
    elif is_missing_index(error):
        st.warning(t("index_missing", lang), icon=":material/build:")
        st.code(ingest_command(settings), language="bash")
    else:
        st.error(f"{t('index_problem', lang)} {escape_markdown(str(error))}")


def shown_examples(status: IndexStatus, lang: str) -> list[str]:
    return examples_for(lang, [(s.title, s.url) for s in status.indexed])


def render_intro(status: IndexStatus, lang: str, ready: bool = True) -> None:
    # In a plain container, not straight in the main column: a chat message drawn later at the same
    # place (the first question) would otherwise inherit the intro's elements while it is answered.
    with st.container(key="intro"), st.chat_message("assistant"):
        st.markdown(t("intro", lang))
        st.markdown(f"**{t('sources_heading', lang)}**")
        st.markdown("\n".join(
            f"- {INDEXED if s.indexed else MISSING} {markdown_link(s.title, s.url)} – "
            f"{t('source_indexed' if s.indexed else 'source_missing', lang)}"
            for s in status.sources
        ))
        st.markdown(f"**{t('examples_heading', lang)}**")
        columns = st.columns(2)
        for number, question in enumerate(shown_examples(status, lang)):
            columns[number % 2].button(
                question, key=f"example-{number}", on_click=_ask_example, args=(question,), width="stretch",
                wrap=True, disabled=not ready,
            )


def render_feedback(turn: Turn, settings: Settings, lang: str) -> None:
    store = open_store(settings)
    rated = st.feedback("thumbs", key=f"thumbs-{turn.id}", on_change=_on_thumbs, args=(turn, store))
    status = st.session_state.get(f"feedback-status-{turn.id}")
    if status == "failed":
        st.caption(t("feedback_failed", lang))
    elif rated is not None and status in ("saved", "commented"):
        st.caption(t("feedback_saved" if status == "saved" else "feedback_comment_saved", lang))
        if status == "saved":
            left, right = st.columns([4, 1], vertical_alignment="bottom")
            left.text_input(t("feedback_comment", lang), key=f"comment-{turn.id}", max_chars=MAX_COMMENT_CHARS)
            right.button(t("feedback_send", lang), key=f"send-{turn.id}", on_click=_on_comment, args=(turn, store))


def render_answer_body(turn: Turn, settings: Settings, lang: str, status: IndexStatus) -> None:
    """Everything under one answer: the text (or refusal, or error), notice, sources, feedback."""
    if turn.answer is None:
        if turn.error_kind in ("question", "rate_limit"):
            st.warning(escape_markdown(turn.error or ""), icon=":material/pan_tool:")
            if turn.error_kind == "rate_limit":
                render_retry(turn, lang)
        elif turn.error_kind == "index" and settings.public_mode:
            st.error(t("index_unavailable", lang))
        else:
            st.error(escape_markdown(turn.error or t("error_internal", lang)))
        return
    answer = turn.answer
    if answer.refused:
        suggestions = shown_examples(status, answer.language)
        hint = refusal_hint(answer.language, [s.title for s in status.indexed], suggestions[0] if suggestions else None)
        st.info(f"{answer_markdown(answer.answer)}\n\n{escape_markdown(hint)}", icon=":material/search:")
    else:
        st.markdown(answer_with_links(turn))
    if answer.notice:
        st.warning(escape_markdown(answer.notice), icon=":material/info:")
    if answer.citations:
        render_sources(turn, settings, lang)
    if answer.refused:
        render_related(turn, lang)
    if not settings.public_mode:
        searched = f" · {escape_markdown(answer.retrieval_query)}" if answer.retrieval_query else ""
        seconds = answer.timings_ms.get("total", 0) / 1000
        st.caption(f"{escape_markdown(answer.backend.get('llm', ''))} · {seconds:.2f} s{searched}")
    render_feedback(turn, settings, lang)


def render_turn(turn: Turn, settings: Settings, lang: str, status: IndexStatus) -> None:
    st.chat_message("user").markdown(escape_markdown(question_preview(turn.question, lang)))
    with st.chat_message("assistant"):
        render_answer_body(turn, settings, lang, status)


def ask(question: str, turns: list[Turn], settings: Settings, lang: str, status: IndexStatus) -> None:
    """Answer one question, streaming, and add it to the conversation."""
    too_long = too_long_turn(question, settings.max_question_chars, lang)
    if too_long is not None:  # said before the rate limit: a question never asked costs no quota
        turns.append(too_long)
        remember(too_long, settings)
        render_turn(too_long, settings, lang, status)
        return
    if settings.public_mode:
        # Counted per client in the shared store: a new browser session or another replica starts no fresh count.
        client = client_from_context(st.context, settings.trusted_proxy)
        decision = check_question(open_store(settings), settings, client)
        if not decision.allowed:
            turn = rate_limited_turn(question, decision.retry_after, lang)
            turns.append(turn)
            render_turn(turn, settings, lang, status)
            return
    st.chat_message("user").markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        slot = st.empty()
        try:
            assistant = load_assistant(settings)  # loaded and warmed before the question box took it
        except IndexProblem as error:
            with slot.container():
                render_index_problem(error, settings, lang)
            return
        stream = AnswerStream(assistant, question, turns, lang)
        with slot.container():
            st.write_stream(stream)
        turns.append(stream.turn)
        remember(stream.turn, settings)
        # The streamed text is replaced by the final answer: markers renumbered, sources, feedback.
        with slot.container():
            render_answer_body(stream.turn, settings, lang, status)


def render_sidebar(turns: list[Turn], settings: Settings, lang: str) -> None:
    with st.sidebar:
        st.button(
            t("new_chat", lang), icon=":material/add_comment:", on_click=_new_chat, width="stretch", disabled=not turns,
        )
        st.download_button(
            t("export", lang), data=conversation_markdown(turns, lang), file_name=t("export_file", lang),
            mime="text/markdown", icon=":material/download:", width="stretch", on_click="ignore",
            disabled=not any(turn.answer for turn in turns),
        )
    render_history(settings, lang)


def main() -> None:
    settings = load_settings()
    lang = ui_language(st.session_state.get("lang"))
    turns, _ = _state()
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    if settings.public_mode:
        st.info(t("public_note", lang), icon=":material/public:")
    try:
        status = index_status(settings)
    except IndexProblem as error:
        render_index_problem(error, settings, lang)
        return
    loading = st.empty()  # the loading state's place: under the title, never inside a chat message
    ready = assistant_ready(settings)
    # No max_chars: the box would silently refuse a longer paste; ask() says what the cap is instead.
    # Closed until the models are loaded and warm, so no question waits inside its bubble for them.
    question = st.chat_input(t("chat_placeholder" if ready else "loading_placeholder", lang), disabled=not ready)
    if ready:
        question = question or st.session_state.pop("pending_question", None)
    if not turns and not question:
        render_intro(status, lang, ready)
    for turn in turns:
        render_turn(turn, settings, lang, status)
    if not ready:
        prepare(settings, lang, loading)
        return
    if question:
        ask(question, turns, settings, lang, status)
    render_sidebar(turns, settings, lang)


def prepare(settings: Settings, lang: str, loading: DeltaGenerator) -> None:
    """Load and warm the models with the page already drawn, then draw it again, ready to ask."""
    # No elapsed time: Streamlit writes it in English ("seconds") whatever the UI's language.
    with loading.container(), st.spinner(t("loading", lang)):
        try:
            load_assistant(settings)
        except IndexProblem as error:
            render_index_problem(error, settings, lang)
            return
    st.rerun()


try:
    main()
except Exception:  # the last line of defence: a friendly message, never a traceback
    log.exception("the chat page failed")
    st.error(t("error_internal", ui_language(st.session_state.get("lang"))))
