"""The staff page: index status and the feedback, behind the staff password. Renders only.

app.py does not register this page in the public demo; the checks below hold even if it were.
"""

from __future__ import annotations

import logging

import streamlit as st

from web.feedback import FeedbackStore, feedback_table, filter_rows, to_csv
from web.ratelimit import client_from_context, login_attempt, login_succeeded
from web.staff import password_ok, session_token, session_valid, staff_locked, staff_page_enabled
from web.store import open_store
from web.status import index_status, ingest_command, is_missing_index
from web.ui_text import t, ui_language
from web.engine import IndexProblem
from settings import Settings, load_settings

log = logging.getLogger("app.staff")

# Column widths of the tables, so that at 1280 px the long texts (questions, answers, comments)
# get the room and short ones (time, rating) do not.
WIDTHS: dict[str, str | int] = {
    "title": "large", "url": "medium", "kind": "small", "chunks": 100, "pages": "small", "hidden": 120,
    "source": "medium", "reason": "large",
    "time": 190, "rating": 100, "comment": "large", "question": "medium", "answer": "large",
    "sources": "medium", "language": 70, "backend": 110,
}
# Feedback columns in reading order: the comment right after the rating it explains.
FEEDBACK_ORDER = ["time", "rating", "comment", "question", "answer", "sources", "language", "backend"]


def column_config(keys: list[str], lang: str) -> dict:
    """Headers in the UI's language for the rows' field names, with their widths."""
    return {key: st.column_config.Column(t(f"col_{key}", lang), width=WIDTHS.get(key, "medium")) for key in keys}


def _logout() -> None:
    st.session_state.pop("staff_token", None)


def render_login(settings: Settings, lang: str) -> None:
    with st.form("staff-login"):
        given = st.text_input(t("password", lang), type="password", key="staff_password_input")
        submitted = st.form_submit_button(t("login", lang))
    if not submitted:
        return
    # Counted in the shared store per client, so a new browser session does not start afresh.
    store, client = open_store(settings), client_from_context(st.context, settings.trusted_proxy)
    gate = login_attempt(store, settings, client)
    if not gate.allowed:
        st.error(t("too_many_attempts", lang, seconds=gate.retry_after))
    elif password_ok(settings, given):
        login_succeeded(store, client)
        st.session_state["staff_token"] = session_token(settings)
        st.rerun()
    else:
        st.error(t("wrong_password", lang))


def render_index_status(settings: Settings, lang: str) -> None:
    st.subheader(t("index_status", lang))
    try:
        status = index_status(settings)
    except IndexProblem as error:
        st.warning(str(error) if not is_missing_index(error) else t("index_missing", lang))
        st.code(ingest_command(settings), language="bash")
        return
    left, right = st.columns(2)
    left.metric(t("chunks", lang), status.chunk_count)
    right.metric(t("indexed_sources", lang), f"{len(status.indexed)} / {len(status.sources)}")
    st.markdown(
        f"- **{t('embedding_model', lang)}:** `{status.embedding_model}` ({status.dimensions} dim.)\n"
        f"- **{t('built_at', lang)}:** {status.built_at:%Y-%m-%d %H:%M} UTC\n"
        f"- **{t('build_id', lang)}:** `{status.build_id}`"
    )
    st.markdown(f"**{t('indexed_sources', lang)}**")
    st.dataframe(
        [{"title": s.title, "url": s.url or "", "kind": s.kind, "chunks": s.chunks, "pages": s.pages, "hidden": s.hidden_chars}
         for s in status.indexed],
        hide_index=True, column_config=column_config(["title", "url", "kind", "chunks", "pages", "hidden"], lang),
    )
    st.markdown(f"**{t('missing_sources', lang)}**")
    if status.missing:
        st.dataframe(
            [{"source": s.title, "reason": s.reason} for s in status.missing], hide_index=True,
            column_config=column_config(["source", "reason"], lang),
        )
    else:
        st.caption(t("no_missing", lang))


def render_feedback(settings: Settings, lang: str) -> None:
    st.subheader(t("feedback_heading", lang))
    rows = FeedbackStore(open_store(settings)).rows()
    if not rows:
        st.caption(t("no_feedback", lang))
        return
    ratings = {"all": t("rating_all", lang), "up": t("rating_up", lang), "down": t("rating_down", lang)}
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    rating = left.segmented_control(
        t("filter_rating", lang), list(ratings), format_func=ratings.__getitem__, key="staff_rating", default="all",
        required=True,
    )
    text = right.text_input(t("filter_text", lang), key="staff_search")
    only_comments = st.checkbox(t("only_comments", lang), key="staff_only_comments")
    shown = filter_rows(rows, rating=None if rating == "all" else rating, text=text or "", only_comments=only_comments)
    st.caption(t("feedback_count", lang, shown=len(shown), total=len(rows)))
    ratings_shown = {"up": t("rating_value_up", lang), "down": t("rating_value_down", lang)}
    table = [row | {"rating": ratings_shown.get(row["rating"], row["rating"])} for row in feedback_table(shown)]
    st.dataframe(
        table, hide_index=True, column_order=FEEDBACK_ORDER,
        column_config=column_config(FEEDBACK_ORDER, lang),
    )
    st.download_button(
        t("download_csv", lang), data=to_csv(shown), file_name="feedback.csv", mime="text/csv", icon=":material/download:",
        on_click="ignore",
    )


def main() -> None:
    settings = load_settings()
    lang = ui_language(st.session_state.get("lang"))
    st.title(t("staff_title", lang))
    if not staff_page_enabled(settings):
        st.info(t("staff_public", lang))
        return
    if staff_locked(settings):
        st.info(t("staff_locked", lang), icon=":material/lock:")
        return
    if not session_valid(settings, st.session_state.get("staff_token")):
        render_login(settings, lang)
        return
    st.button(t("logout", lang), on_click=_logout)
    render_index_status(settings, lang)
    render_feedback(settings, lang)


try:
    main()
except Exception:  # a friendly message, never a traceback
    log.exception("the staff page failed")
    st.error(t("error_internal", ui_language(st.session_state.get("lang"))))
