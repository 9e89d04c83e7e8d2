"""Tell Danish from English questions: the answer's lead-in and refusal follow the question."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.types import Language

_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
_DANISH_WORDS = {"hvad", "hvem", "hvor", "hvornår", "hvilke", "hvilken", "hvordan", "hvorfor", "er", "og", "det", "ikke", "af", "til", "om", "kan", "har"}
_ENGLISH_WORDS = {"what", "who", "where", "when", "which", "how", "why", "is", "the", "and", "does", "did", "of", "to", "about", "can", "has"}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language as LinguaLanguage, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(LinguaLanguage.DANISH, LinguaLanguage.ENGLISH).build()


def detect_language(text: str) -> Language:
    """'da' or 'en'. Danish is the default: the material and most users are Danish."""
    words = set(re.findall(r"[a-zæøå]+", text.lower()))
    danish, english = len(words & _DANISH_WORDS), len(words & _ENGLISH_WORDS)
    # Function words decide first: an English question may name "Brøndby" or "lørdag".
    if danish != english and (danish >= 2 or english >= 2):
        return "da" if danish > english else "en"
    if _DANISH_LETTERS.search(text):
        return "da"
    from lingua import Language as LinguaLanguage

    detected = _detector().detect_language_of(text)
    return "en" if detected == LinguaLanguage.ENGLISH else "da"
