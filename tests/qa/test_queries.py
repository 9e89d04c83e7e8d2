"""What is searched for a question: the dense text and the BM25 words."""

from __future__ import annotations

from qa.queries import search_texts


def _unchanged(text: str) -> str:
    return text


def test_an_english_question_is_searched_in_bm25_with_its_danish_terms_names_and_numbers_only():
    dense, lexical = search_texts("What was the rent in Tingbjerg in 2022?", "en", _unchanged)
    assert lexical.split() == ["leje", "husleje", "Tingbjerg", "2022"]  # never "rent": Danish for interest
    assert dense.startswith("What was the rent in Tingbjerg in 2022?") and dense.endswith("leje husleje")


def test_a_danish_question_is_searched_in_bm25_with_its_spelling_mended():
    dense, lexical = search_texts("Hvad koster en almen bollig?", "da", lambda text: text.replace("bollig", "bolig"))
    assert dense == "Hvad koster en almen bollig?" and lexical == "Hvad koster en almen bolig?"


def test_a_definition_question_is_searched_with_the_words_a_law_defines_with():
    assert search_texts("Hvad er et omdannelsesområde?", "da", _unchanged)[1].endswith("forstås defineres betegnes")
    assert "forstås" not in search_texts("Hvor mange boliger er der?", "da", _unchanged)[1]
