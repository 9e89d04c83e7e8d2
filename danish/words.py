"""Words of Danish (and English) text: tokens, stems, and the Danish-aware ways of matching them."""

from __future__ import annotations

from functools import lru_cache

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
