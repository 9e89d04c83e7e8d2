"""English questions: their focus in Danish words, the kind of fact asked, and counts that are not articles."""

from __future__ import annotations


from danish.words import content_stems
from qa.evidence import answer_in, in_danish, what_is_asked


def test_english_focus_in_danish_words_and_names():
    """The Danish stems of the terms and the question's names and years make the focus; English stems drop out."""
    question = "What is the average rent in Tingbjerg in 2022?"
    asked = in_danish(what_is_asked(question), question)
    assert asked.kind == "amount"  # "rent" asks for an amount
    assert asked.names == content_stems("Tingbjerg 2022") == {"tingbjerg", "2022"}
    assert {"rent", "averag"}.isdisjoint(asked.focus)
    # A term is found when any of its Danish words is: "husleje" says "rent" as well as "leje" does.
    idf = {"gennemsnit": 3.0, "lej": 1.0, "huslej": 4.0, "tingbjerg": 6.0, "2022": 5.0}
    assert asked.coverage(content_stems("gennemsnitlig husleje i Tingbjerg i 2022"), idf) == 1.0
    assert asked.coverage(content_stems("gennemsnitlig leje i Tingbjerg i 2022"), idf) == 1.0
    assert asked.coverage(content_stems("gennemsnitlig husleje i Tingbjerg"), idf) < 0.8


def test_article_is_not_a_count():
    """"en række kommuner" gives no count; "tre kommuner" answers "Hvor mange kommuner"."""
    asked = what_is_asked("Hvor mange kommuner deltog?")
    assert answer_in("KL har i samarbejde med en række kommuner udarbejdet en publikation.", asked) is None
    assert answer_in("KL har i samarbejde med tre kommuner udarbejdet en publikation.", asked) == "tre"
