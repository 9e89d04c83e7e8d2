"""Patterns for the kinds of fact a question asks for and a sentence holds: dates, numbers, amounts."""

from __future__ import annotations

import re

from danish.lexicon import (
    ASKS_DURATION_PHRASES, ASKS_NAME_PHRASES, ASKS_TITLE_PHRASES, NAMING_WORDS, ASKS_SIZE_PHRASES, ASKS_YEAR_PHRASES, INSTITUTION_PARTS, TIME_UNITS, ASKS_COUNT_PHRASES, ASKS_DATE_PHRASES, ASKS_PRICE_WORDS, CONDITION_VERBS, CURRENCY_WORDS, DEFINING_WORDS, DEFINITION_PHRASES,
    FRACTION_WORDS, LINK_PHRASES, MONTHS, NUMBER_WORDS, PERSON_ROLES, PLACE_PHRASES, POINTER_PHRASES, WEEKDAYS, YES_NO_STARTS,
)


def _alternatives(words) -> str:
    return "|".join(words)


# A "when" is answered by a year, a date, a month, a weekday or a clock time.
DATE = re.compile(
    rf"\b(?:1[89]|20)\d\d\b|\b(?:{_alternatives(MONTHS)}|{_alternatives(WEEKDAYS)})(?:e|en|s)?\b|\b(?:klokken|kl\.)\s*\d",
    re.IGNORECASE,
)
NUMBER = re.compile(
    rf"\b\d+(?:[.,]\d+)*\b|\b\d+/\d+\b|\b(?:{_alternatives(NUMBER_WORDS)}|{_alternatives(FRACTION_WORDS)})\b", re.IGNORECASE
)
_CURRENCY = _alternatives(re.escape(w).replace(r"\.", r"\.?") for w in CURRENCY_WORDS)
PRICE = re.compile(rf"\d[\d.,]*\s*(?:{_CURRENCY}|€)|(?:kr\.?|dkk|€|\$)\s*\d", re.IGNORECASE)

ASKS_PRICE = re.compile(rf"\b(?:{_alternatives(ASKS_PRICE_WORDS)})\b", re.IGNORECASE)
ASKS_DATE = re.compile(rf"\b(?:{_alternatives(ASKS_DATE_PHRASES)})\b", re.IGNORECASE)
ASKS_COUNT = re.compile(rf"\b(?:{_alternatives(ASKS_COUNT_PHRASES)})\b\s*(?P<rest>[\w\s-]*)", re.IGNORECASE)
PERCENT = re.compile(r"\d[\d.,]*\s*(?:pct\.?|procent|%)", re.IGNORECASE)
# A person's name: two or more capitalised words ("Leon Sebbelin", "Kaare Dybvad Bek").
PERSON_NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåéü]+(?:\s+[A-ZÆØÅ][a-zæøåéü]+)+\b")
# A place: a capitalised word that does not begin the sentence.
PLACE_NAME = re.compile(r"(?<=\w[\s,])(?:i|på|ved|fra|in|at)?\s*[A-ZÆØÅ][a-zæøå]{2,}")
# A role may end a compound: "boligminister", "bestyrelsesformand".
ASKS_ROLE_HOLDER = re.compile(rf"\b(?:{_alternatives(ASKS_NAME_PHRASES)})\b.*(?:{_alternatives(PERSON_ROLES)})\b", re.IGNORECASE)
INSTITUTION = re.compile(rf"(?:{_alternatives(INSTITUTION_PARTS)})", re.IGNORECASE)
ASKS_YEAR = re.compile(rf"\b(?:{_alternatives(ASKS_YEAR_PHRASES)})\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
ASKS_PLACE = re.compile(rf"\b(?:{_alternatives(PLACE_PHRASES)})\b", re.IGNORECASE)
ASKS_DEFINITION = re.compile(rf"^\s*(?:{_alternatives(DEFINITION_PHRASES)})\b", re.IGNORECASE)
ASKS_YES_NO = re.compile(rf"^\s*(?:{_alternatives(YES_NO_STARTS)})\b", re.IGNORECASE)
# "Hvornår kan ...", and "Hvornår er et boligområde et parallelsamfund?": a condition, not a date.
ASKS_CONDITION = re.compile(
    rf"\b(?:hvornår|when)\s+(?:(?:\w+\s+){{0,2}}(?:{_alternatives(CONDITION_VERBS)})|(?:er|bliver|anses|is|are)\s+(?:et|en|man|a|an))\b",
    re.IGNORECASE,
)
POINTS_ELSEWHERE = re.compile(rf"\b(?:{_alternatives(POINTER_PHRASES)})\b", re.IGNORECASE)
LINK_TEXT = re.compile(rf"\b(?:{_alternatives(LINK_PHRASES)})\b", re.IGNORECASE)
DEFINES = re.compile(rf"\b(?:{_alternatives(DEFINING_WORDS)})\b", re.IGNORECASE)
ASKS_DURATION = re.compile(rf"\b(?:{_alternatives(ASKS_DURATION_PHRASES)})\b", re.IGNORECASE)
ASKS_SIZE = re.compile(rf"\b(?:{_alternatives(ASKS_SIZE_PHRASES)})\b", re.IGNORECASE)
DURATION = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)?|{_alternatives(NUMBER_WORDS)}|{_alternatives(FRACTION_WORDS)})\s+(?:{_alternatives(TIME_UNITS)})\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(?:ikke|aldrig|ingen|intet|not|never|no)\b", re.IGNORECASE)
# A role and whose it is: "formand for KL's Kultur, Erhverv og Plan-udvalg", "direktør i Landsbyggefonden".
# The role in any case; its owner only as written with capitals (a name), so the case flag is scoped.
ROLE_OF = re.compile(
    rf"\b(?i:{_alternatives(PERSON_ROLES)})\s+(?i:for|i|af|of)\s+(?P<owner>[A-ZÆØÅ][\w’'-]*(?:(?:,\s*|\s+og\s+|\s+)[A-ZÆØÅ][\w’'-]*)*)"
)
ASKS_TITLE = re.compile(rf"^\s*(?:{_alternatives(ASKS_TITLE_PHRASES)})\b", re.IGNORECASE)
# A title in a sentence: in quotes, or after "såkaldt".
TITLE = re.compile(rf"[”“\"«„]([^”“\"«»]{{3,120}})[”“\"»]|\b(?:{_alternatives(NAMING_WORDS)})\s+(\w+)", re.IGNORECASE)
