"""Which sentences can be quoted, and what they need beside them."""

from __future__ import annotations

from langchain_core.documents import Document

from qa.quotable import is_full_sentence, is_junk, leans_back, with_context
from qa.types import ScoredSentence

RULE = "§ 88. Opsigelsesvarslet er 3 måneder til den første hverdag i en måned."
EXCEPTION = "For almene ungdomsboliger kan dog aftales et opsigelsesvarsel på mindst 6 uger."


def _best(text: str) -> ScoredSentence:
    return ScoredSentence(text, 0, 0.9, 1.0, 1.2, 2)


def test_an_exception_is_quoted_with_the_rule_it_is_made_to():
    chunk = Document(f"{RULE} {EXCEPTION}")
    assert [s.text for s in with_context(_best(EXCEPTION), [chunk])] == [RULE, EXCEPTION]


def test_a_reference_to_an_exception_elsewhere_needs_nothing_before_it():
    sentence = "Udlejeren skal opsige lejeaftalen, jf. dog stk. 3, når uddannelsen er fuldført."
    chunk = Document(f"{RULE} {sentence}")
    assert [s.text for s in with_context(_best(sentence), [chunk])] == [sentence]


def test_what_can_stand_alone():
    assert leans_back("Heri rettede KL en kritik af listen.") and not leans_back(RULE)
    assert is_junk("Læs brevet her") and is_junk("Hvad er et forebyggelsesområde?") and not is_junk(RULE)
    assert is_full_sentence("Historierne er lavet med Center for Boligsocial Udvikling (CFBU):")
    assert not is_full_sentence("Familieindsatser i Brøndby")
