"""The chat page, driven through Streamlit's AppTest against a small index of our own text (fake embeddings)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from web.export import conversation_markdown
from web.highlight import HIGHLIGHT
from web.safe_markdown import escape_markdown
from web.sources import source_labels
from qa.types import REFUSAL
from tests.ui_fixtures import MISSING_TITLE, SOURCE_TITLE, SOURCE_URL, app_env, ui_index  # noqa: F401

TIMEOUT = 60


def start() -> AppTest:
    return AppTest.from_file("../../app.py", default_timeout=TIMEOUT).run()


def ask(at: AppTest, question: str) -> AppTest:
    return at.chat_input[0].set_value(question).run()


def plain(markdown_text: str) -> str:
    """What the reader sees of escaped Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown_text)


def markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def assistant_text(at: AppTest) -> str:
    """Everything rendered inside the assistant's chat messages."""
    parts = []
    for message in at.chat_message:
        if message.name == "assistant":
            parts += [element.value for element in message.markdown] + [element.value for element in message.info]
    return "\n".join(parts)


def test_question_gets_an_answer_with_numbered_checkable_sources(app_env):
    at = ask(start(), "Hvad kritiserede KL?")
    assert not at.exception
    text = assistant_text(at)
    assert "KL kritiserede den statslige liste" in text
    assert "\\[1\\]" in text  # the marker, escaped so Markdown shows it as typed
    # one expander per source, labelled with its number and title, holding link and excerpt
    assert [e.label for e in at.expander] == ["\\[1\\] Boligsocialt arbejde \\(testside\\) · KL\\'s brev til ministeren"]
    inside = "\n".join(m.value for m in at.expander[0].markdown)
    assert f"]({SOURCE_URL}#:~:text=KL%20kritiserede%20den%20statslige" in inside  # text-fragment link to the passage
    assert HIGHLIGHT.format("KL kritiserede") in inside  # question words highlighted
    assert any(c.value.startswith("Relevans: 0.") for c in at.expander[0].caption)  # staff mode shows the score
    turn = at.session_state["turns"][0]
    assert turn.answer.citations[0].n == 1 and turn.answer.backend["llm"] == "extractive"


def test_empty_chat_lists_sources_and_an_example_button_asks_it(app_env):
    at = start()
    intro = markdown(at)
    assert f":green[:material/check_circle:] [Boligsocialt arbejde \\(testside\\)]({SOURCE_URL}) – indekseret" in intro
    assert f":orange[:material/schedule:] {MISSING_TITLE} – mangler endnu" in intro
    examples = [b for b in at.button if b.key and b.key.startswith("example-")]
    assert len(examples) == 4
    examples[0].click().run()
    assert [m.markdown[0].value for m in at.chat_message if m.name == "user"] == ["Hvad er et forebyggelsesområde\\?"]
    assert "Et forebyggelsesområde er en ny kategori af boligområde" in assistant_text(at)
    assert not [b for b in at.button if b.key and b.key.startswith("example-")]  # the intro is gone


def test_follow_up_question_is_retrieved_in_the_context_of_the_first(app_env):
    at = ask(ask(start(), "Hvad kritiserede KL?"), "Hvem skrev de til?")
    first, second = at.session_state["turns"]
    assert second.answer.retrieval_query == "Hvad kritiserede KL? Hvem skrev de til?"
    assert "bolig- og indenrigsministeren" in second.answer.answer
    assert any("Hvad kritiserede KL\\? Hvem skrev de til\\?" in c.value for c in at.caption)  # shown to staff


def test_refusal_is_calm_and_says_what_the_material_covers(app_env):
    at = ask(start(), "Hvad koster en lejlighed i Aarhus?")
    assert not at.exception and not at.error
    assert len(at.info) == 1
    refusal = at.info[0].value
    assert refusal.startswith(REFUSAL["da"].replace(".", "\\."))
    assert "Materialet handler om" in refusal and "»Boligsocialt arbejde \\(testside\\)«" in refusal
    assert not [e for e in at.expander if e.label.startswith("\\[")]  # a refusal cites nothing: no [n]
    # its nearest passages are shown apart, each labelled as a distinct place, never as a citation
    related = at.session_state["turns"][0].answer.related
    assert [e.label for e in at.expander] == [escape_markdown(label) for label in source_labels(related, "da", numbered=False)]
    assert len({e.label for e in at.expander}) == len(related)
    if related:
        assert "Det nærmeste, materialet kommer på spørgsmålet (ikke et svar):" in markdown(at)


def test_html_and_markdown_from_documents_are_shown_as_text(app_env):
    at = ask(start(), "Hvad holder beboerhuset i Nordparken?")
    rendered = markdown(at)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in rendered
    assert "<img" not in rendered.replace("\\<img", "")
    assert "![" not in rendered and "\\!\\[spor\\]" in rendered
    assert ":red[" not in rendered and "$x$" not in rendered


def test_thumbs_and_comment_are_saved_to_sqlite(app_env):
    at = ask(start(), "Hvad kritiserede KL?")
    at.feedback[0].set_value(1).run()
    rows = app_env.feedback_rows()
    assert len(rows) == 1
    row = rows[0]
    assert row["rating"] == "up" and row["question"] == "Hvad kritiserede KL?"
    assert "KL kritiserede" in row["answer"] and row["created_at"]
    assert json.loads(row["backend"])["llm"] == "extractive"
    assert json.loads(row["citations"])[0]["title"] == SOURCE_TITLE
    at.text_input(key=f"comment-{row['turn_id']}").set_value("Præcist svar").run()
    at.button(key=f"send-{row['turn_id']}").click().run()
    at.feedback[0].set_value(0).run()  # changing the thumb updates the same row
    rows = app_env.feedback_rows()
    assert [(r["rating"], r["comment"]) for r in rows] == [("down", "Præcist svar")]


def test_export_is_the_conversation_as_markdown_with_sources(app_env, monkeypatch):
    downloads = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        downloads.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = ask(ask(start(), "Hvad kritiserede KL?"), "Hvad koster en lejlighed i Aarhus?")
    assert not at.download_button[0].proto.disabled
    data, mimetype, filename = downloads[-1]
    exported = data.decode() if isinstance(data, bytes) else data
    assert mimetype.startswith("text/markdown") and filename.endswith(".md")
    assert exported.startswith("# Samtale om boligsocialt arbejde")
    assert "## Spørgsmål 1\n\nHvad kritiserede KL?" in exported
    assert "KL kritiserede den statslige liste" in exported and "[1]" in exported
    assert f"1. [Boligsocialt arbejde \\(testside\\)]({SOURCE_URL}#:~:text=KL%20kritiserede" in exported
    assert "    > KL kritiserede den statslige liste" in exported  # the quoted sentence
    assert "## Spørgsmål 2" in exported and REFUSAL["da"] in exported
    assert exported.split("_Eksporteret")[1].split("\n", 1)[1] == conversation_markdown(
        at.session_state["turns"], "da").split("_Eksporteret")[1].split("\n", 1)[1]


def test_new_conversation_clears_the_history(app_env):
    at = ask(start(), "Hvad kritiserede KL?")
    [new_chat] = [b for b in at.button if b.label == "Ny samtale"]
    new_chat.click().run()
    assert at.session_state["turns"] == []
    assert len([b for b in at.button if b.key and b.key.startswith("example-")]) == 4


def test_language_switch_turns_the_ui_english_and_answers_follow_the_question(app_env):
    at = start()
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value.startswith("Social housing work")
    assert at.chat_input[0].placeholder == "Ask a question about the material"
    assert "What is a prevention area?" in [b.label for b in at.button]
    at = ask(at, "Hvad kritiserede KL?")  # a Danish question gets a Danish answer in the English UI
    assert at.session_state["turns"][0].answer.language == "da"
    assert "Ifølge materialet" in assistant_text(at) and "Sources" in markdown(at)
    at = ask(at, "What does the material say about the letter from KL?")
    assert at.session_state["turns"][1].answer.language == "en"


def test_missing_index_says_how_to_build_it(app_env, tmp_path):
    app_env.set(index_dir=str(tmp_path / "no-index"))
    at = start()
    assert not at.exception
    assert "Der er intet indeks endnu" in at.warning[0].value
    assert at.code[0].value == f"python -m ingest --index {tmp_path / 'no-index'}"


def test_invalid_settings_are_named_without_a_traceback(app_env):
    app_env.set(rate_limit_per_minute="0", staff_password="hemmelig")
    at = start()
    assert not at.exception
    assert at.error[0].value.endswith("BOLIG_RATE_LIMIT_PER_MINUTE")
    assert "hemmelig" not in at.error[0].value


def test_a_failing_llm_endpoint_gives_the_extractive_answer_with_a_notice(app_env):
    app_env.set(llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1", llm_timeout_s="3")
    at = ask(start(), "Hvad kritiserede KL?")
    assert "Sprogmodellen kunne ikke svare" in at.warning[0].value
    assert "KL kritiserede den statslige liste" in assistant_text(at)


def test_an_exception_becomes_a_friendly_message(app_env, monkeypatch):
    from qa.pipeline import Assistant

    def broken(self, question, history=None):
        raise RuntimeError("secret internals")
        yield  # pragma: no cover

    monkeypatch.setattr(Assistant, "stream", broken)
    at = ask(start(), "Hvad kritiserede KL?")
    assert not at.exception
    assert at.error[0].value.startswith("Beklager\\, der gik noget galt")
    assert "secret internals" not in markdown(at) + at.error[0].value


def test_a_question_over_the_cap_is_answered_with_the_cap_in_the_ui_language(app_env):
    app_env.set(max_question_chars="1000")
    at = start()
    assert at.chat_input[0].proto.max_chars == 0  # no max_chars: the box would silently refuse a long paste
    at = ask(at, "Hvad kritiserede KL? " + "x" * 2979)  # 3,000 characters, as pasted
    assert plain(at.warning[0].value) == (
        "Dit spørgsmål er 3.000 tegn langt, men der er plads til 1.000 tegn. Forkort det, og send det igen."
    )
    [user] = [m for m in at.chat_message if m.name == "user"]
    assert plain(user.markdown[0].value).endswith("(2.700 tegn mere)")  # a wall of text is cut in its bubble
    turn = at.session_state["turns"][0]
    assert turn.answer is None and turn.error_kind == "question"
    at.segmented_control(key="lang").set_value("en").run()
    at = ask(at, "y" * 1001)
    assert plain(at.warning[-1].value).startswith("Your question is 1,001 characters long, but there is room for 1,000.")


def test_the_page_is_ready_before_it_takes_a_question(app_env):
    from web.engine import assistant_ready
    from settings import load_settings

    at = start()  # the first run loads and warms the models, then draws the page again
    assert assistant_ready(load_settings())
    assert not at.chat_input[0].proto.disabled
    assert not any(b.disabled for b in at.button if b.key and b.key.startswith("example-"))
    assert not at.spinner if hasattr(at, "spinner") else True


def test_markers_link_to_their_source_and_the_source_carries_the_anchor(app_env):
    at = ask(start(), "Hvad kritiserede KL?")
    turn = at.session_state["turns"][0]
    anchor = f"kilde-{turn.id[:12]}-1"
    assert f"[\\[1\\]](#{anchor})" in assistant_text(at)
    assert at.expander[0].get("html")[0].proto.body == f'<span id="{anchor}" style="display:block;scroll-margin-top:9rem"></span>'


def test_example_questions_are_about_indexed_sources_only(app_env):
    at = start()
    examples = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    assert examples and not any("brev" in e.lower() and "minister" in e.lower() and MISSING_TITLE in e for e in examples)


def test_public_mode_hides_index_internals(app_env, tmp_path):
    app_env.set(index_dir=str(tmp_path / "no-index"), public_mode="true")
    at = start()
    assert "Chatten kan ikke svare lige nu" in at.warning[0].value
    assert not at.code and str(tmp_path) not in markdown(at)


@pytest.mark.parametrize("mode", ["false", "true"])
def test_scores_only_for_staff(app_env, mode):
    app_env.set(public_mode=mode)
    at = ask(start(), "Hvad kritiserede KL?")
    has_score = any(c.value.startswith("Relevans") for c in at.caption)
    assert has_score is (mode == "false")
