"""Danish compounds: vocabulary words made of two query stems, and BM25 finding them through the lexical index."""

from __future__ import annotations

from danish.words import compounds_of, tokenize
from vectorstore.lexical import LexicalIndex

VOCABULARY = sorted(
    ["almenboliglov", "boliglej", "huslej", "huslejeforhøj", "lej", "lejeforhøj", "lejer", "udviklingsplan", "udvikl", "plan"]
)


def test_two_stems_with_a_linking_letter():
    """"lej" + "e" + "forhøj" is a compound of the two stems; nothing else in the vocabulary is."""
    assert compounds_of(["lej", "forhøj"], VOCABULARY) == ["lejeforhøj"]


def test_joint_may_hold_the_rest_of_an_inflection():
    """"udvikl" + "ings" + "plan": the joint may be up to four letters, and the stems' order does not matter."""
    assert compounds_of(["udvikl", "plan"], VOCABULARY) == ["udviklingsplan"]
    assert compounds_of(["plan", "udvikl"], VOCABULARY) == ["udviklingsplan"]


def test_ending_after_second_stem_is_short():
    """"almen|bol|iglov" leaves five letters after "bol": too long; after "bolig" only "lov" is left: a compound."""
    assert compounds_of(["alm", "bol"], VOCABULARY) == []
    assert compounds_of(["alm", "bolig"], VOCABULARY) == ["almenboliglov"]


def test_one_stem_alone_makes_no_compound():
    """"lejer" starts with "lej" but holds no second stem, so it is not returned."""
    assert compounds_of(["lej"], VOCABULARY) == []
    assert "lejer" not in compounds_of(["lej", "forhøj"], VOCABULARY)


def test_given_stems_are_not_returned():
    """"huslej" is a compound of "hus" and "lej", but as a given stem it is not added again."""
    assert compounds_of(["hus", "lej"], VOCABULARY) == ["huslej"]
    assert compounds_of(["hus", "lej", "huslej"], VOCABULARY) == []


def test_short_stems_are_ignored():
    """A two-letter stem ("bo") neither starts nor ends a compound, though "bo|lig|lej" would fit."""
    assert compounds_of(["bo", "lej"], VOCABULARY) == []


def test_lexical_search_finds_the_compound():
    """"forhøjelse af lejen" finds the chunk on "lejeforhøjelsen", whose words it shares only through the compound."""
    texts = [
        "Udlejeren kan kræve lejeforhøjelsen betalt fra næste måned.",
        "Kommunen godkender udviklingsplanen for området.",
        "Beboerne vælger en bestyrelse på afdelingsmødet.",
    ]
    index = LexicalIndex.build(["rent", "plan", "board"], texts)
    query = "forhøjelse af lejen"
    assert not set(tokenize([query])[0]) & index.vocabulary  # no whole word of the query is in any chunk
    hits = index.search(query, k=3)
    assert [chunk_id for chunk_id, _ in hits] == ["rent"]
    assert hits[0][1] > 0
