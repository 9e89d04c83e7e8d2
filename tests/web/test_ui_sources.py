"""Source labels and [n] links, example questions, long questions and the retry wait: web/ logic
behind the chat page, tested without Streamlit."""

from __future__ import annotations

import re

import pytest

from qa.types import Citation
from web.chat import format_count, question_preview, rate_limited_turn, seconds_to_retry, too_long_turn
from web.safe_markdown import answer_markdown
from web.sources import anchor_html, link_markers, opening_words, source_anchor, source_labels
from web.ui_text import EXAMPLES, examples_for


def citation(n: int, **changes) -> Citation:
    values = dict(
        n=n, title="Lov om almene boliger", url="https://www.retsinformation.dk/eli/lta/2024/1", source="s", page=None,
        excerpt="Kommunalbestyrelsen kan anvise ledige boliger.", score=0.9, section="Kapitel 3", quotes=[],
    )
    values.update(changes)
    return Citation(**values)


def test_a_label_names_document_section_paragraph_and_page():
    cited = citation(1, page=4, paragraph="59", subsection=2)  # the law's § and stk., where the engine gives them
    assert source_labels([cited], "da") == ["[1] Lov om almene boliger · Kapitel 3 · § 59, stk. 2 · side 4"]
    assert source_labels([cited], "da", numbered=False) == ["Lov om almene boliger · Kapitel 3 · § 59, stk. 2 · side 4"]
    assert source_labels([citation(2, section="", page=7)], "en") == ["[2] Lov om almene boliger · page 7"]


def test_two_excerpts_of_one_place_are_told_apart_by_their_opening_words():
    first = citation(1, excerpt="Kommunalbestyrelsen kan anvise ledige boliger til boligsøgende.")
    second = citation(2, excerpt="Stk. 2. Boligorganisationen skal stille hver fjerde ledige bolig til rådighed.")
    labels = source_labels([first, second, citation(3, section="Kapitel 4")], "da")
    assert labels[0] == "[1] Lov om almene boliger · Kapitel 3 · »Kommunalbestyrelsen kan anvise ledige boliger til boligsøgende.«"
    assert labels[1].startswith("[2] Lov om almene boliger · Kapitel 3 · »Stk. 2. Boligorganisationen skal stille hver")
    assert labels[2] == "[3] Lov om almene boliger · Kapitel 4"  # already distinct: no quote
    assert len(set(labels)) == 3


def test_opening_words_are_cut_with_an_ellipsis():
    assert opening_words("- en to tre\nfire fem seks syv otte") == "en to tre fire fem seks syv …"


def test_markers_link_to_anchors_of_sources_that_exist_only():
    markdown = answer_markdown("Ifølge materialet:\n- KL kritiserede listen. [1] [3]")
    linked = link_markers(markdown, "ab12cd", {1, 2})
    assert "[\\[1\\]](#kilde-ab12cd-1)" in linked
    assert "\\[3\\]" in linked and "#kilde-ab12cd-3" not in linked  # no source 3: stays plain text


@pytest.mark.parametrize("turn_id", ["0123456789abcdef0123", "x\"><script>alert(1)</script>"])
def test_anchors_are_letters_digits_and_hyphens_in_our_own_markup(turn_id):
    anchor = source_anchor(turn_id, 2)
    assert re.fullmatch(r"kilde-[a-zA-Z0-9]{0,12}-2", anchor)
    assert anchor_html(anchor) == f'<span id="{anchor}" style="display:block;scroll-margin-top:9rem"></span>'
    with pytest.raises(ValueError):
        anchor_html('x" onmouseover="alert(1)')


def test_examples_are_offered_only_while_their_source_is_indexed():
    page = ("Boligsocialt arbejde", "https://www.kl.dk/klima-og-erhverv/teknik-og-miljoe/boliger/boligsocialt-arbejde")
    assert examples_for("da", [page]) == EXAMPLES["da"]
    laws = [("Lov om almene boliger", "https://www.retsinformation.dk/eli/lta/2024/1"), ("Lejeloven", None)]
    assert examples_for("da", laws) == ["Hvad handler »Lov om almene boliger« om?", "Hvad handler »Lejeloven« om?"]
    assert examples_for("en", []) == []


def test_a_question_over_the_cap_says_its_length_and_the_cap_in_the_ui_language():
    assert too_long_turn("kort", 1000, "da") is None
    assert too_long_turn("a  " * 400 + "b", 1000, "da") is None  # whitespace runs count once, as in the engine
    turn = too_long_turn("x" * 3000, 1000, "da")
    assert turn is not None and turn.error_kind == "question" and turn.answer is None
    assert turn.error == "Dit spørgsmål er 3.000 tegn langt, men der er plads til 1.000 tegn. Forkort det, og send det igen."
    assert too_long_turn("x" * 1200, 1000, "en").error.startswith("Your question is 1,200 characters long")
    assert format_count(1000, "da") == "1.000" and format_count(999, "en") == "999"


def test_a_long_question_is_cut_in_its_bubble():
    assert question_preview("kort", "da") == "kort"
    shown = question_preview("x" * 3000, "da")
    assert shown.startswith("x" * 300) and shown.endswith("… (2.700 tegn mere)")


def test_the_retry_wait_counts_down_to_zero():
    turn = rate_limited_turn("Hvem?", 30, "da", now=1000.0)
    assert seconds_to_retry(turn, now=1000.0) == 30
    assert seconds_to_retry(turn, now=1029.2) == 1
    assert seconds_to_retry(turn, now=1031.0) == 0


def test_a_saved_conversation_is_labelled_by_time_and_its_escaped_first_question():
    from datetime import datetime, timezone

    from web.chat import conversation_label

    when = datetime(2026, 3, 12, 13, 5, tzinfo=timezone.utc)
    assert conversation_label("Hvad [kritiserede] KL?", when, 3, "da", "Europe/Copenhagen") == (
        "12.03. 14:05 · Hvad \\[kritiserede\\] KL\\? (3)"
    )
    assert conversation_label("x" * 100, when, 1, "en", "No/Such_Zone").startswith("12 Mar 13:05 · " + "x" * 59 + "…")
