"""Sentences and content words of Danish (and English) text."""

from __future__ import annotations

import re
from functools import lru_cache

from vectorstore.lexical import tokenize

# A sentence ends at . ! ? … followed by space and a capital letter or an opening quote.
# Not before a digit or lower-case word, so "Den. 15. juni" and "ca. 58" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-ZÆØÅ\"”“„«(])")

QUESTION_WORDS = {
    "hvad", "hvem", "hvor", "hvornår", "hvilk", "hvilken", "hvilket", "hvordan", "hvorfor", "mang", "meget",
    "what", "who", "where", "when", "which", "how", "why", "many", "much", "does", "did", "is", "are", "the",
    "of", "to", "in", "a", "an", "and", "that", "this", "about", "for", "on", "with", "do",
}


# Words that point at the material or the asking, not at what is asked about ("ifølge siden", "hvad hedder").
FILLER_WORDS = (
    "ifølge siden side siderne teksten tekst materialet dokumentet dokumenterne står nævnt nævnes nævner hedder "
    "kaldes beskriv beskriver fortæl fortæller forklar forklarer according page text material document say says tell "
    "explain mention mentioned called"
)


@lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    return frozenset(tokenize([FILLER_WORDS])[0])


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk; list items and lines are sentences of their own."""
    sentences = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*[-*•]\s+", "", line).strip()
        if not line:
            continue
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def content_stems(text: str) -> set[str]:
    """Stemmed words that carry meaning: no Danish stopwords, no question words."""
    filler = _filler_stems()
    return {token for token in tokenize([text])[0] if token not in QUESTION_WORDS and token not in filler and len(token) > 1}


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
