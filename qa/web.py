"""What the Streamlit app needs from the read side, loaded once per process."""

from __future__ import annotations

import streamlit as st

from qa.service import Assistant
from settings import load_settings
from vectorstore.store import IndexProblem

__all__ = ["load_assistant", "IndexProblem"]


@st.cache_resource(show_spinner="Indlæser modeller og indeks …")
def load_assistant() -> Assistant:
    return Assistant(load_settings())
