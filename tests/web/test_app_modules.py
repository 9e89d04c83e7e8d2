"""The qa/ modules behind the web UI, tested without Streamlit."""

from __future__ import annotations

import re
import string
from datetime import datetime, timezone

import pytest
from pydantic import SecretStr

from web.chat import AnswerStream, Turn, history_from_turns
from web.export import conversation_markdown
from web.highlight import HIGHLIGHT, highlight_excerpt, matching_words, passage_link, text_fragment
from web.safe_markdown import MarkdownEscaper, answer_markdown, escape_markdown, markdown_link, safe_url
from web.staff import password_ok, session_token, session_valid, staff_locked
from qa.types import Answer, Citation, QuestionError
from web.ui_text import EXAMPLES, TEXTS, refusal_hint, t
from settings import load_settings


def citation(**changes) -> Citation:
    values = dict(
        n=1, title="Boligsocialt arbejde", url="https://www.kl.dk/boligsocialt", source="s", page=None,
        excerpt="KL kritiserede listen over forebyggelsesområder.", score=0.9, section="KL's brev",
        quotes=["KL kritiserede listen over forebyggelsesområder."],
    )
    values.update(changes)
    return Citation(**values)


def answer(text="Ifølge materialet:\n- KL kritiserede listen. [1]", citations=None, **changes) -> Answer:
    values = dict(
        question="Hvad kritiserede KL?", answer=text, refused=False, language="da",
        citations=[citation()] if citations is None else citations, backend={"llm": "extractive"},
        timings_ms={"total": 12.0},
    )
    values.update(changes)
    return Answer(**values)


# --- escaping and highlighting ---------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> ![x](https://evil.example/p.png) [klik](javascript:alert(1)) **fed** $x$ :red[rød] &amp; `kode`'


def unescaped_specials(markdown: str) -> set[str]:
    """ASCII punctuation left after removing backslash escapes: what Markdown could interpret."""
    return set(re.sub(r"\\.", "", markdown)) & set(string.punctuation)


def test_escaping_leaves_no_markdown_or_html_active():
    escaped = escape_markdown(HOSTILE)
    assert unescaped_specials(escaped) == set()
    # Shown verbatim; the only addition is the invisible word joiner that keeps an address from linking.
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == HOSTILE


def test_escaping_keeps_lines_but_not_indentation_or_headings():
    assert escape_markdown("# Titel\n    kode") == "\\# Titel  \nkode"


def test_answer_keeps_only_its_own_bullets():
    assert answer_markdown("Ifølge materialet:\n- En [1]\n-x\n* Nej") == "Ifølge materialet\\:  \n- En \\[1\\]  \n\\-x  \n\\* Nej"


def test_streamed_pieces_escape_like_the_whole():
    text = "Ifølge materialet:\n- KL ![x](y) [1]\n- To -"
    escaper = MarkdownEscaper()
    pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    assert "".join(escaper.feed(p) for p in pieces) + escaper.flush() == answer_markdown(text)


def test_highlight_marks_question_words_and_escapes_the_rest():
    excerpt = "KL kritiserede <b>listen</b> over forebyggelsesområder, _kursiv_ og ![x](y)."
    marked = highlight_excerpt(excerpt, "Hvad siger listen om forebyggelsesområder?")
    assert HIGHLIGHT.format("listen") in marked
    assert HIGHLIGHT.format("forebyggelsesområder") + "\\," in marked
    assert unescaped_specials(re.sub(r":orange\[\*\*([^\]]*)\*\*\]", r"\1", marked)) == set()
    assert marked.startswith("KL kritiserede ")  # not asked about: not marked


def test_highlight_joins_neighbouring_matches_and_skips_stopwords():
    assert highlight_excerpt("KL kritiserede det", "kritiserede KL det?") == HIGHLIGHT.format("KL kritiserede") + " det"
    assert matching_words("og i det", "og i det") == set()


def test_links_are_http_only_and_cannot_break_out():
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("https://x.dk/a b)c") == "https://x.dk/a%20b%29c"
    assert markdown_link("Titel [1]", "ftp://x") == "Titel \\[1\\]"
    assert markdown_link("A(b)", "https://x.dk/") == "[A\\(b\\)](https://x.dk/)"


def test_passage_links_jump_to_the_quote_or_the_pdf_page():
    assert passage_link(citation()) == "https://www.kl.dk/boligsocialt#:~:text=KL%20kritiserede%20listen%20over%20forebyggelsesomr%C3%A5der."
    assert passage_link(citation(url="https://www.kl.dk/r.pdf", page=4)) == "https://www.kl.dk/r.pdf#page=4"
    assert passage_link(citation(url=None)) is None
    assert passage_link(citation(url="javascript:alert(1)")) is None
    assert text_fragment("- Plan-udvalg, og mere") == "#:~:text=Plan%2Dudvalg%2C%20og%20mere"


# --- conversation and export -----------------------------------------------------------------

class FakeAssistant:
    def __init__(self, items=None, error=None):
        self.items, self.error, self.calls = items or [], error, []

    def stream(self, question, history):
        self.calls.append((question, history))
        yield from self.items
        if self.error:
            raise self.error


def test_answer_stream_yields_safe_pieces_and_keeps_the_answer():
    final = answer()
    assistant = FakeAssistant(["Ifølge materialet:\n", "- ", "KL ", "<b>", "[1]"] + [final])
    earlier = [Turn("Første?", answer=answer(text="Svar")), Turn("Fejl?", error="x", error_kind="internal")]
    stream = AnswerStream(assistant, "Hvem?", earlier, "da")
    assert "".join(stream) == "Ifølge materialet\\:  \n- KL \\<b\\>\\[1\\]"
    assert stream.turn.answer is final and stream.turn.error is None
    assert assistant.calls == [("Hvem?", [("user", "Første?"), ("assistant", "Svar")])]


@pytest.mark.parametrize(
    ("error", "kind", "message"),
    [
        (QuestionError("Spørgsmålet er for langt."), "question", "Spørgsmålet er for langt."),
        (RuntimeError("internals"), "internal", t("error_internal", "en")),
    ],
)
def test_answer_stream_turns_errors_into_messages(error, kind, message):
    stream = AnswerStream(FakeAssistant(["delvist "], error=error), "Hvad?", [], "en")
    list(stream)
    assert (stream.turn.answer, stream.turn.error_kind, stream.turn.error) == (None, kind, message)


def test_a_stream_without_an_answer_is_an_internal_error():
    stream = AnswerStream(FakeAssistant(["tekst"]), "Hvad?", [], "da")
    list(stream)
    assert stream.turn.error_kind == "internal"


def test_history_leaves_out_turns_without_an_answer():
    turns = [Turn("A?", answer=answer(text="a")), Turn("B?", error="no"), Turn("C?", answer=answer(text="c"))]
    assert history_from_turns(turns) == [("user", "A?"), ("assistant", "a"), ("user", "C?"), ("assistant", "c")]


def test_export_has_questions_answers_and_numbered_sources():
    turns = [
        Turn("Hvad kritiserede KL?", answer=answer(notice="Sprogmodellen svarede ikke.")),
        Turn("Afvist?", error="for mange", error_kind="rate_limit"),
        Turn("Hvad med <img src=x>?", answer=answer(text="Det fremgår ikke af materialet.", citations=[], refused=True)),
    ]
    exported = conversation_markdown(turns, "da", now=datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc))
    assert exported.startswith("# Samtale om boligsocialt arbejde\n\n_Eksporteret 2026-01-02 03:04 UTC_\n")
    assert "## Spørgsmål 1\n\nHvad kritiserede KL?\n\n**Svar:**\n\nIfølge materialet:  \n- KL kritiserede listen. [1]" in exported
    assert "_Bemærk: Sprogmodellen svarede ikke._" in exported
    assert "1. [Boligsocialt arbejde](https://www.kl.dk/boligsocialt#:~:text=KL%20kritiserede" in exported
    assert "– KL's brev\n    > KL kritiserede listen over forebyggelsesområder." in exported
    assert "Afvist?" not in exported  # turns without an answer are not part of the record
    assert "## Spørgsmål 2\n\nHvad med \\<img src=x\\>?" in exported and "Det fremgår ikke af materialet." in exported
    assert conversation_markdown(turns, "en").startswith("# Conversation about social housing work")


# --- texts, staff access ---------------------------------------------------------------------

def test_every_ui_string_exists_in_both_languages():
    for key, entry in TEXTS.items():
        assert set(entry) == {"da", "en"} and all(entry.values()), key
    assert all(len(EXAMPLES[lang]) in (3, 4) for lang in ("da", "en"))
    assert "»Boligsocialt arbejde«" in refusal_hint("da", ["Boligsocialt arbejde"])
    assert t("page", "xx", page=3) == "side 3"  # unknown language: Danish


def test_staff_password_is_compared_exactly_and_locked_when_unset():
    unset = load_settings(staff_password=None)
    empty = load_settings(staff_password=SecretStr(""))
    assert staff_locked(unset) and staff_locked(empty)
    assert not password_ok(unset, "") and not password_ok(empty, "")
    settings = load_settings(staff_password=SecretStr("hemmelig"))
    assert password_ok(settings, "hemmelig")
    assert not password_ok(settings, "hemmelig ") and not password_ok(settings, None)
    assert not password_ok(load_settings(staff_password=SecretStr("hemmelig"), public_mode=True), "hemmelig")
    token = session_token(settings)
    assert session_valid(settings, token) and "hemmelig" not in token
    assert not session_valid(load_settings(staff_password=SecretStr("ny")), token)
    assert not session_valid(settings, None)


def test_the_assistant_cache_key_follows_every_setting_but_shows_no_secret():
    from web.engine import settings_fingerprint

    base = load_settings(index_dir="/tmp/a", llm_api_key=SecretStr("sk-1"))
    assert settings_fingerprint(base) == settings_fingerprint(load_settings(index_dir="/tmp/a", llm_api_key=SecretStr("sk-1")))
    assert settings_fingerprint(base) != settings_fingerprint(load_settings(index_dir="/tmp/b", llm_api_key=SecretStr("sk-1")))
    assert settings_fingerprint(base) != settings_fingerprint(load_settings(index_dir="/tmp/a", llm_api_key=SecretStr("sk-2")))


def test_the_words_that_answer_are_marked_and_everything_else_escaped():
    from web.highlight import marked_answer_markdown

    text = "Ifølge materialet:\n- Bestyrelsen består af tre medlemmer <b>x</b>. [1]"
    rendered = marked_answer_markdown(text, ["tre"])
    assert ":orange[**tre**] medlemmer" in rendered and "\\<b\\>" in rendered
    assert marked_answer_markdown(text, []) == answer_markdown(text)
    # A marked number is never found inside another word ("to" in "stor").
    assert "**to**" not in marked_answer_markdown("En stor bolig til to [1]", ["to"]).split("til")[0]
