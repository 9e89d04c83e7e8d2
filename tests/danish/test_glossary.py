"""The English glossary: English field terms to Danish words, matched by stems, and the names a question uses."""

from __future__ import annotations

import pytest

from danish.glossary import danish_terms, names_in, translate


def test_terms_in_order_with_phrases_as_one_term():
    """Phrases ("development plan", "transformation area") map to one Danish word each, in question order."""
    terms, _ = translate("Who must approve the development plan for a transformation area?")
    # "approve" and "approval" share a stem: the Danish of both is searched for.
    assert terms == ["godkende godkendelse", "udviklingsplan", "omdannelsesområde"]


@pytest.mark.parametrize(
    "english, danish",
    [
        ("Which areas are housing areas?", ["område", "boligområde"]),
        ("What do housing organisations do?", ["boligorganisation"]),
        ("What do housing organizations do?", ["boligorganisation"]),
        ("Which buildings are demolished?", ["bygning byggeri", "nedrive nedrives"]),
    ],
)
def test_inflections_match_by_stem(english, danish):
    """Plurals and past forms find the term through their English stem."""
    assert translate(english)[0] == danish


def test_longer_phrase_wins_over_its_parts():
    """"house rules" is one term (husorden), not "house" (bolig) plus "rules" (regler)."""
    terms, _ = translate("Can the tenant keep a pet under the house rules?")
    assert terms == ["lejer lejere", "holde", "husdyr", "husorden"]
    assert "bolig boligplacere" not in terms and "regler" not in terms


def test_uncovered_words_keep_their_case():
    """Words no term covers come back as written, capitals included."""
    _, left = translate("Can the tenant keep a pet under the house rules in Aarhus?")
    assert left == ["Can", "the", "a", "under", "the", "in", "Aarhus"]


def test_question_outside_the_field_has_no_terms():
    """A question that uses none of the field's terms gets no Danish words."""
    assert danish_terms("Tell me a joke about cats") == []


@pytest.mark.parametrize(
    "english, names",
    [
        ("Who is Leon Sebbelin?", ["Leon", "Sebbelin"]),  # capitalised inside the sentence
        ("How many people live in Mjølnerparken?", ["Mjølnerparken"]),  # Danish letters
        ("What is meant by 'boligsikring' in the housing benefit act?", ["boligsikring"]),  # quoted
        ("Where is Copenhagen?", ["københavn"]),  # exonym mapped to the Danish name
        ("How many refugees are housed in Denmark?", []),  # implied by the whole material
        ("Is Danish law strict?", []),
        ("What is the name of the current Minister for Social Affairs and Housing?", []),  # capitals covered by terms
        ("Who is Leon in Leon's house?", ["Leon"]),  # each name once
    ],
)
def test_names_in(english, names):
    """Capitalised, quoted or æ/ø/å words no term covers, in their Danish form, never Denmark or Danish."""
    assert names_in(english) == names


def test_danish_words_in_an_english_question_name_what_it_is_about():
    """"What are skæve boliger?" is about "boliger" too; English words ("rate", "vulnerable") are not read as Danish."""
    assert names_in("What are the rules for almene boliger?") == ["almene", "boliger"]
    assert names_in("What is the unemployment rate in the vulnerable housing areas?") == []
