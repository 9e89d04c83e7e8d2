"""What the Streamlit app needs from the read side, loaded once per process (st.cache_resource).

The cache is keyed on the settings, so a process (or a test run) with other settings never gets
an Assistant built for different ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time

import streamlit as st
from pydantic import SecretStr

from qa.pipeline import Assistant
from web.ui_text import examples
from settings import Settings, load_settings
from vectorstore.store import IndexProblem

__all__ = ["assistant_ready", "forget_loaded", "load_assistant", "settings_fingerprint", "warm_up", "IndexProblem"]

log = logging.getLogger(__name__)

# Fingerprints of the settings whose Assistant this process has loaded and warmed. st.cache_resource
# cannot be asked whether it holds a value without computing it, and the chat must know, before it
# accepts a question, whether it has to show the loading state first.
_LOADED: set[str] = set()


def settings_fingerprint(settings: Settings) -> str:
    """A stable key for everything in the settings, secrets included as hashes (never in clear)."""
    data = {}
    for key, value in settings.model_dump().items():
        if isinstance(value, SecretStr):
            value = hashlib.sha256(value.get_secret_value().encode()).hexdigest()
        data[key] = value
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def warm_up(assistant: Assistant) -> float:
    """Answer the example questions once, so the first user pays no one-off costs; returns seconds.

    The cost is the models' first calls and the index's first reads (lazy loads, caches), paid here
    rather than by the first person who asks.
    A failure here is logged and otherwise ignored: answering will report it properly.
    """
    started = time.perf_counter()
    try:
        assistant.warm_up(examples("da")[:2] + examples("en")[:1])
    except Exception as error:  # never let a warm-up failure block the page
        log.warning("warm-up failed: %s: %s", type(error).__name__, error)
    return time.perf_counter() - started


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_assistant(fingerprint: str, _settings: Settings) -> Assistant:
    started = time.perf_counter()
    assistant = Assistant(_settings)
    loaded = time.perf_counter() - started
    log.info("assistant loaded in %.1f s, warmed up in %.1f s", loaded, warm_up(assistant))
    return assistant


def assistant_ready(settings: Settings) -> bool:
    """True when load_assistant(settings) returns at once (loaded and warmed in this process)."""
    return settings_fingerprint(settings) in _LOADED


def forget_loaded() -> None:
    """Call with st.cache_resource.clear() (tests), so assistant_ready tells the truth again."""
    _LOADED.clear()


def load_assistant(settings: Settings | None = None) -> Assistant:
    """The process's Assistant for these settings; raises IndexProblem when the index is missing or unusable."""
    settings = settings or load_settings()
    fingerprint = settings_fingerprint(settings)
    assistant = _cached_assistant(fingerprint, settings)
    _LOADED.add(fingerprint)  # also on a cache hit, should _LOADED have been forgotten meanwhile
    return assistant
