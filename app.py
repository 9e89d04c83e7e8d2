"""Streamlit chat: renders only. All logic lives in qa/ (run with: make run)."""

from __future__ import annotations

import streamlit as st

from qa.types import QuestionError
from qa.web import load_assistant, IndexProblem


def main() -> None:
    st.set_page_config(page_title="Boligsocialt arbejde – spørg KL's materiale", page_icon="🏘️")
    st.title("Boligsocialt arbejde")
    try:
        assistant = load_assistant()
    except IndexProblem as error:
        st.warning(str(error))
        return
    history = st.session_state.setdefault("history", [])
    for role, text in history:
        st.chat_message(role).markdown(text)
    question = st.chat_input("Stil et spørgsmål om materialet")
    if not question:
        return
    st.chat_message("user").text(question)
    try:
        answer = assistant.answer(question, history=list(history))
    except QuestionError as error:
        st.error(str(error))
        return
    with st.chat_message("assistant"):
        st.text(answer.answer)
        for citation in answer.citations:
            st.caption(f"[{citation.n}] {citation.title}" + (f", side {citation.page}" if citation.page else ""))
    history += [("user", question), ("assistant", answer.answer)]


main()
