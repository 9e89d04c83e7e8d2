"""The staff page and the public demo mode, driven through Streamlit's AppTest."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from web import ratelimit
from tests.ui_fixtures import MISSING_TITLE, SOURCE_TITLE, app_env, ui_index  # noqa: F401

TIMEOUT = 60
PASSWORD = "korrekt-hest-batteri"


def start() -> AppTest:
    return AppTest.from_file("../../app.py", default_timeout=TIMEOUT).run()


def staff_page(at: AppTest) -> AppTest:
    return at.switch_page("views/staff.py").run()


def log_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="staff_password_input").set_value(password)
    return at.form_submit_button[0].click().run()


def test_staff_page_is_locked_without_a_password(app_env):
    at = staff_page(start())
    assert "Siden er låst" in at.info[0].value
    assert not at.text_input  # no login form at all


def test_staff_page_refuses_a_wrong_password(app_env):
    app_env.set(staff_password=PASSWORD)
    at = log_in(staff_page(start()), "forkert")
    assert at.error[0].value == "Forkert adgangskode."
    assert not at.metric and not at.dataframe


def test_login_attempts_wait_and_the_right_password_works_after_the_wait(app_env, monkeypatch):
    app_env.set(staff_password=PASSWORD)
    now = [1_800_000_000.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])  # the page runs in this process
    at = staff_page(start())
    for _ in range(5):
        at = log_in(at, "forkert")
    at = log_in(at, PASSWORD)  # after five attempts even the right one waits ...
    assert at.error[0].value == "For mange forsøg. Vent 2 sekunder."
    assert not at.metric
    now[0] += 2
    at = log_in(at, PASSWORD)  # ... but only the 2 seconds: no lockout of the right password
    assert not at.error and at.metric


def test_staff_page_shows_index_status_and_feedback_for_the_right_password(app_env):
    app_env.set(staff_password=PASSWORD)
    at = start()
    at.chat_input[0].set_value("Hvad kritiserede KL?").run()
    at.feedback[0].set_value(0).run()  # one thumbs down to show on the staff page
    at = log_in(staff_page(at), PASSWORD)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Tekststykker"]) > 0 and metrics["Indekserede kilder"] == "2 / 3"
    status = "\n".join(m.value for m in at.markdown)
    assert "`fake:bag-of-words-256`" in status and "Bygget" in status
    sources, missing, feedback = (d.value for d in at.dataframe)
    assert SOURCE_TITLE in list(sources["title"])
    assert list(missing["source"]) == [MISSING_TITLE] and missing["reason"][0].startswith("not fetched")
    assert list(feedback["question"]) == ["Hvad kritiserede KL?"] and list(feedback["rating"]) == ["Dårligt"]
    assert "KL kritiserede" in feedback["answer"][0]
    # filters: only 👍 leaves nothing; a search for a word of the question finds it again
    at.segmented_control(key="staff_rating").set_value("up").run()
    assert len(at.dataframe[2].value) == 0
    at.segmented_control(key="staff_rating").set_value("all").run()
    at.text_input(key="staff_search").set_value("kritiserede").run()
    assert len(at.dataframe[2].value) == 1
    assert at.download_button[-1].label == "Download som CSV"
    headers = {key: value.get("label") for key, value in json.loads(at.dataframe[2].proto.columns).items()}
    assert headers["question"] == "Spørgsmål" and headers["comment"] == "Kommentar"  # the UI's language
    assert json.loads(at.dataframe[2].proto.columns)["comment"]["width"] == "large"  # comments readable at 1280 px
    assert list(at.dataframe[2].proto.column_order)[:3] == ["time", "rating", "comment"]
    assert json.loads(at.dataframe[0].proto.columns)["title"]["label"] == "Titel"


def test_changing_the_password_logs_staff_out(app_env):
    app_env.set(staff_password=PASSWORD)
    at = log_in(staff_page(start()), PASSWORD)
    assert at.metric
    app_env.set(staff_password="et-andet-kodeord")
    at.run()
    assert not at.metric and at.text_input(key="staff_password_input")


def test_public_mode_has_no_staff_page_and_says_where_answers_come_from(app_env):
    app_env.set(public_mode="true", staff_password=PASSWORD)
    at = start()
    assert "Offentlig demo" in at.info[0].value
    with pytest.raises(ValueError):
        at.switch_page("views/staff.py")  # not registered with st.navigation: it does not exist


def test_public_mode_enforces_the_rate_limit(app_env):
    app_env.set(public_mode="true", rate_limit_per_minute="2")
    at = start()
    for question in ("Hvad kritiserede KL?", "Hvem skrev de til?", "Hvad er et forebyggelsesområde?"):
        at.chat_input[0].set_value(question).run()
    turns = at.session_state["turns"]
    assert [turn.answer is not None for turn in turns] == [True, True, False]
    assert turns[2].error_kind == "rate_limit"
    assert "Du har stillet mange spørgsmål på kort tid" in at.warning[0].value
    assert not any(c.value.startswith("Relevans") for c in at.caption)  # no scores for the public


def test_public_mode_answers_the_staff_address_with_a_way_back_and_keeps_the_conversation(app_env):
    app_env.set(public_mode="true", staff_password=PASSWORD)
    at = start()
    at.chat_input[0].set_value("Hvad kritiserede KL?").run()
    at = at.switch_page("views/not_found.py").run()  # what /staff runs in public mode
    assert at.title[0].value == "Siden findes ikke"
    assert "Den adresse findes ikke her. / This address does not exist here." in at.info[0].value
    assert not at.text_input and not at.metric  # nothing of the staff page
    at = at.switch_page("views/chat.py").run()  # the page link back
    assert [turn.question for turn in at.session_state["turns"]] == ["Hvad kritiserede KL?"]
    assert any("KL kritiserede den statslige liste" in m.value for m in at.markdown)


def test_a_rate_limited_question_can_be_sent_again_once_the_wait_is_over(app_env):
    app_env.set(public_mode="true", rate_limit_per_minute="1")
    at = start()
    for question in ("Hvad kritiserede KL?", "Hvem skrev de til?"):
        at.chat_input[0].set_value(question).run()
    waiting = at.session_state["turns"][1]
    retry = at.button(key=f"retry-{waiting.id}")
    assert retry.disabled and retry.label == "Send spørgsmålet igen"
    assert any(c.value.startswith("Du kan sende det igen om") for c in at.caption)  # the wait, shown
    waiting.retry_at = 0  # the wait is over
    at.run()
    retry = at.button(key=f"retry-{waiting.id}")
    assert not retry.disabled and not any(c.value.startswith("Du kan sende det igen om") for c in at.caption)
    retry.click().run()
    turns = at.session_state["turns"]
    # asked again (answered, or limited again if the limit's own window has not passed): the waiting turn made way
    assert [t.question for t in turns] == ["Hvad kritiserede KL?", "Hvem skrev de til?"]
    assert waiting.id not in [t.id for t in turns]


def test_staff_see_their_earlier_conversations_and_can_open_one(app_env):
    from settings import load_settings
    from web.history import list_conversations
    from web.store import open_store

    app_env.set(staff_password=PASSWORD)
    at = start()
    at.chat_input[0].set_value("Hvad kritiserede KL?").run()
    assert not [b for b in at.button if (b.key or "").startswith("conversation-")]  # not logged in: no list
    at = log_in(staff_page(at), PASSWORD)
    at = at.switch_page("views/chat.py").run()
    [new_chat] = [b for b in at.button if b.label == "Ny samtale"]
    new_chat.click().run()
    at.chat_input[0].set_value("Hvad er et forebyggelsesområde?").run()
    listed = [b for b in at.button if (b.key or "").startswith("conversation-")]
    assert [b.label.split(" · ", 1)[1] for b in listed] == [
        "Hvad er et forebyggelsesområde\\? (1)", "Hvad kritiserede KL\\? (1)",
    ]
    assert listed[0].disabled and not listed[1].disabled  # the open one is marked by being unclickable
    listed[1].click().run()
    assert [t.question for t in at.session_state["turns"]] == ["Hvad kritiserede KL?"]
    assert any("KL kritiserede den statslige liste" in m.value for m in at.markdown)
    assert len(list_conversations(open_store(load_settings()))) == 2


def test_the_public_demo_keeps_no_history(app_env):
    from settings import load_settings
    from web.history import list_conversations
    from web.store import open_store

    app_env.set(public_mode="true")
    at = start()
    at.chat_input[0].set_value("Hvad kritiserede KL?").run()
    assert list_conversations(open_store(load_settings())) == []
