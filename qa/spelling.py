"""Spelling slips: a question word close to a word of the material is read as that word.

"landsbyggefonen" is searched and checked as "landsbyggefonden". The match is an edit distance against
the index's own stems (rapidfuzz), so it follows the material, not a dictionary.
"""

from __future__ import annotations

import re
from functools import lru_cache

from danish.words import tokenize
from vectorstore.lexical import LexicalIndex

# Shorter stems are left alone: "bo"/"by" are one edit from too many words to mean anything.
MIN_LETTERS = 5
LONG_WORD = 8


class SpellingCorrector:
    def __init__(self, lexical: LexicalIndex, max_distance: int) -> None:
        self._lexical = lexical
        self._max_distance = max_distance
        self.correct_stem = lru_cache(maxsize=20000)(self._correct_stem)

    def _correct_stem(self, stem: str) -> str:
        if self._max_distance == 0 or len(stem) < MIN_LETTERS or not stem.isalpha():
            return stem
        allowed = self._max_distance + (1 if len(stem) >= LONG_WORD else 0)
        return self._lexical.nearest_stem(stem, allowed) or stem

    def correct_text(self, text: str) -> str:
        """The text with each misspelled word replaced by the material's stem of it (for BM25)."""

        def fix(match: re.Match) -> str:
            word = match.group(0)
            stems = tokenize([word.lower()])[0]
            if len(stems) != 1:
                return word
            corrected = self.correct_stem(stems[0])
            return word if corrected == stems[0] else corrected

        return re.sub(r"[^\W\d_]{5,}", fix, text)
