"""The page for an address the app does not have (in the public demo: /staff). Renders only.

Reached inside a session (the browser's back and forward buttons, a link within the app), it keeps
the conversation: session state lives as long as the browser tab's connection, and the link back
is Streamlit's own page link, which switches pages without reloading.
"""

from __future__ import annotations

import streamlit as st

from web.ui_text import t, ui_language

lang = ui_language(st.session_state.get("lang"))
st.title(t("not_found_title", lang))
st.info(t("not_found", lang), icon=":material/explore_off:")
st.page_link("views/chat.py", label=t("back_to_chat", lang), icon=":material/chat:")
