"""Patterns for the kinds of fact a question asks for and a sentence holds: dates, numbers, amounts."""

from __future__ import annotations

import re

from danish.lexicon import (
    ASKS_COUNT_PHRASES, ASKS_DATE_PHRASES, ASKS_PRICE_WORDS, CURRENCY_WORDS, MONTHS, NUMBER_WORDS, WEEKDAYS,
)


def _alternatives(words) -> str:
    return "|".join(words)


# A "when" is answered by a year, a date, a month, a weekday or a clock time.
DATE = re.compile(
    rf"\b(?:1[89]|20)\d\d\b|\b(?:{_alternatives(MONTHS)}|{_alternatives(WEEKDAYS)})(?:e|en|s)?\b|\b(?:klokken|kl\.)\s*\d",
    re.IGNORECASE,
)
NUMBER = re.compile(rf"\b\d+(?:[.,]\d+)*\b|\b(?:{_alternatives(NUMBER_WORDS)})\b", re.IGNORECASE)
_CURRENCY = _alternatives(re.escape(w).replace(r"\.", r"\.?") for w in CURRENCY_WORDS)
PRICE = re.compile(rf"\d[\d.,]*\s*(?:{_CURRENCY}|€)|(?:kr\.?|dkk|€|\$)\s*\d", re.IGNORECASE)

ASKS_PRICE = re.compile(rf"\b(?:{_alternatives(ASKS_PRICE_WORDS)})\b", re.IGNORECASE)
ASKS_DATE = re.compile(rf"\b(?:{_alternatives(ASKS_DATE_PHRASES)})\b", re.IGNORECASE)
ASKS_COUNT = re.compile(rf"\b(?:{_alternatives(ASKS_COUNT_PHRASES)})\b\s*(?P<rest>[\w\s-]*)", re.IGNORECASE)
