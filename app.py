"""Streamlit entry point (make run): page setup, the language switch and the navigation. Renders only.

The pages are views/chat.py and, except in the public demo, views/staff.py. st.navigation makes
them the only pages: a page that is not registered (the staff page in public mode) cannot be opened.
The folder is deliberately not called pages/: with a pages/ folder, Streamlit's AppTest (1.67)
falls back to the old multipage mode and reruns a page file alone, without this script.
All logic lives in qa/, where it is tested without Streamlit.
"""

from __future__ import annotations

import logging

import streamlit as st
from pydantic import ValidationError

from web.staff import staff_page_enabled
from web.ui_text import LANGUAGES, document_language_script, t, ui_language
from settings import load_settings

log = logging.getLogger("app")

lang = ui_language(st.session_state.get("lang"))

try:
    settings = load_settings()
except ValidationError as error:
    # Name the bad settings (never their values: one may be a password).
    log.error("invalid settings: %s", error)
    st.error("Indstillingerne er ugyldige / The settings are invalid: " + ", ".join(
        "BOLIG_" + str(e["loc"][0]).upper() for e in error.errors() if e.get("loc")
    ))
    st.stop()

with st.sidebar:
    # A fixed default keeps the widget's identity (and so its state) across reruns.
    st.segmented_control(
        t("language_label", lang), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
        key="lang", default="da", required=True,
    )
lang = ui_language(st.session_state.get("lang"))
# In the sidebar, where an element without content takes no room from the page.
st.sidebar.html(document_language_script(lang), unsafe_allow_javascript=True)

pages = [st.Page("views/chat.py", title=t("nav_chat", lang), icon=":material/chat:", default=True)]
if staff_page_enabled(settings):
    pages.append(st.Page("views/staff.py", title=t("nav_staff", lang), icon=":material/lock:", url_path="staff"))
else:
    # Its address answers in the UI's language with a way back to the chat (Streamlit's own fallback
    # is an English dialog about a pages/ folder); the staff page itself stays unregistered.
    pages.append(st.Page("views/not_found.py", title=t("not_found_title", lang), url_path="staff", visibility="hidden"))
page = st.navigation(pages, position="sidebar" if staff_page_enabled(settings) else "hidden")
# Once per run, knowing the page: the staff page's tables need the width. A second call that changed
# the layout (or one inside the page script) did not always take effect.
wide = page.url_path == "staff" and staff_page_enabled(settings)
st.set_page_config(page_title=t("page_title", lang), page_icon="🏘️", layout="wide" if wide else "centered")
page.run()
