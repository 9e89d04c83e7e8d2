"""Tell Danish from English questions: the answer's lead-in and refusal follow the question."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from danish.lexicon import DANISH_FUNCTION_WORDS, ENGLISH_FUNCTION_WORDS

Language = Literal["da", "en"]

_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language as LinguaLanguage, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(LinguaLanguage.DANISH, LinguaLanguage.ENGLISH).build()


def detect_language(text: str) -> Language:
    """'da' or 'en'. Danish is the default: the material and most users are Danish."""
    words = set(re.findall(r"[a-zæøå]+", text.lower()))
    danish, english = len(words & DANISH_FUNCTION_WORDS), len(words & ENGLISH_FUNCTION_WORDS)
    # Function words decide first: an English question may name "Brøndby" or "lørdag".
    if danish != english and (danish >= 2 or english >= 2):
        return "da" if danish > english else "en"
    if _DANISH_LETTERS.search(text):
        return "da"
    from lingua import Language as LinguaLanguage

    detected = _detector().detect_language_of(text)
    return "en" if detected == LinguaLanguage.ENGLISH else "da"
