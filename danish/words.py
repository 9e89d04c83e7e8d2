"""Words of Danish (and English) text: tokens, stems, and the Danish-aware ways of matching them."""

from __future__ import annotations

from functools import cached_property, lru_cache

from danish.lexicon import FILLER_WORDS, QUESTION_STEMS


@lru_cache(maxsize=1)
def _danish_stemmer():
    import Stemmer

    return Stemmer.Stemmer("danish")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stopword-free, stemmed Danish tokens: the words of BM25 and of every word comparison."""
    import bm25s

    return bm25s.tokenize(texts, stopwords="da", stemmer=_danish_stemmer(), return_ids=False, show_progress=False)


@lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    return frozenset(tokenize([FILLER_WORDS])[0])


def content_stems(text: str) -> set[str]:
    """Stemmed words that carry meaning: no Danish stopwords, no question words."""
    filler = _filler_stems()
    return {token for token in tokenize([text])[0] if token not in QUESTION_STEMS and token not in filler and len(token) > 1}


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def stem_matches(stem: str, others: set[str], by_prefix: bool = True) -> bool:
    """Danish-aware word match: same stem, part of a compound ("lovgivning" in
    "parallelsamfundslovgivningen"), or, with ``by_prefix``, a shared 5-letter start ("kritiserede"/"kritik")."""
    if stem in others:
        return True
    if len(stem) < 4:
        return False
    return any(stem in other or (by_prefix and len(other) >= 5 and other[:5] == stem[:5]) for other in others)


def shared_fraction(question_stems: set[str], text_stems: set[str]) -> float:
    """Fraction of the question's content words found in the text."""
    if not question_stems:
        return 0.0
    return sum(stem_matches(stem, text_stems) for stem in question_stems) / len(question_stems)


# A compound's parts may be joined by a linking letter ("lej-e-forhøj", "udvikling-s-plan"), and the first
# part's stem may lose an ending the compound keeps ("udvikl" in "udviklingsplan").
_COMPOUND_JOINT = 4
_COMPOUND_ENDING = 3


def compounds_of(stems: list[str], vocabulary: list[str]) -> list[str]:
    """Words of the (sorted) vocabulary made of two of the given stems: "lej" and "forhøj" give
    "lejeforhøj". BM25 matches whole words only; the Danish law writes many of its terms as compounds."""
    import bisect

    found = []
    for first in stems:
        if len(first) < 3:
            continue
        start = bisect.bisect_left(vocabulary, first)
        for word in vocabulary[start:]:
            if not word.startswith(first):
                break
            rest = word[len(first) :]
            if any(_joins(rest, second) for second in stems if len(second) >= 3 and second != first):
                found.append(word)
    return [word for word in dict.fromkeys(found) if word not in stems]


def _joins(rest: str, second: str) -> bool:
    """Is ``rest`` the second part of a compound: a short joint, then ``second``, then at most an ending?"""
    at = rest.find(second)
    return 0 <= at <= _COMPOUND_JOINT and len(rest) - at - len(second) <= _COMPOUND_ENDING


class IdfTable(dict):
    """Stem -> idf (how much finding a word says about a passage), with its highest and median value."""

    @cached_property
    def rarest(self) -> float:
        return max(self.values(), default=1.0)

    @cached_property
    def typical(self) -> float:
        values = sorted(self.values()) or [1.0]
        return values[len(values) // 2]
