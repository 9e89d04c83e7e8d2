"""The Danish language package: words and stems, sentences, language detection, one lexicon."""

from __future__ import annotations

import pytest

from danish.language import detect_language
from danish.sentences import split_sentences
from danish.words import content_stems, shared_fraction, stem_matches


@pytest.mark.parametrize(
    "question, language",
    [("Hvem er formand for udvalget?", "da"), ("Who is the housing minister?", "en"), ("Hvad er et forebyggelsesområde?", "da"),
     ("What did KL criticise?", "en"), ("Hvornår kom udspillet", "da")],
)
def test_language_detection(question, language):
    assert detect_language(question) == language


def test_split_sentences_handles_dates_quotes_and_list_items():
    text = "Den. 17. marts kom et udspil. KL skrev: ”Vi er kritiske”. Læs mere.\n- Brev til ministeren (altinget.dk)"
    assert split_sentences(text) == [
        "Den. 17. marts kom et udspil.", "KL skrev: ”Vi er kritiske”.", "Læs mere.", "Brev til ministeren (altinget.dk)",
    ]


def test_content_stems_drop_question_filler_and_stop_words():
    stems = content_stems("Hvad står der i materialet om boligområder?")
    assert stems == content_stems("boligområder")


def test_stem_matches_compounds_and_shared_starts():
    assert stem_matches("lovgivning", {"parallelsamfundslovgivning"})
    assert stem_matches("kritiser", {"kritik"})
    assert not stem_matches("kritiser", {"kritik"}, by_prefix=False)
    assert not stem_matches("bag", {"bagside"})  # too short to match inside another word
    assert shared_fraction(content_stems("nedrivning af boliger"), content_stems("boligerne skal nedrives")) > 0


def test_english_field_terms_map_to_the_danish_words_of_the_material():
    from danish.glossary import danish_terms

    assert danish_terms("Can the landlord raise the deposit for social housing?") == ["udlejer", "forhøje", "depositum", "almene boliger"]
    assert danish_terms("Tell me a joke about cats") == []  # nothing of the field: not a question about the material
