"""Follow-up questions: does this question lean on the one before it?

Only a question that leans on the previous one is searched together with it; a self-contained
question asked later ("Hvad er CFBU?" after a question about the letter) is searched alone. Without an
LLM this is decided by the question's own words (measured on the follow-up pairs of tests/eval):
- it opens by continuing ("Og i et forebyggelsesområde?", "Hvad med Aarhus?", "And how much ...?");
- it holds a pronoun that can only point back ("Hvem udpeger dem?", "Hvor uddyber han ...?"), or
  "den/det/de" standing alone ("Hvem skal godkende den?", "Er der en betingelse for det?");
- or it is a bare question of a few words with no name of its own ("Hvornår?", "Hvor længe?").
With an LLM backend the question is condensed by the model instead.
"""

from __future__ import annotations

import re

from danish.lexicon import FOLLOW_UP_OPENINGS, FOLLOW_UP_POINTER_NEXT, QUESTION_STARTS, STRONG_REFERRING_WORDS

_PARTICIPLE = re.compile(r"^[a-zæøå]{3,}(?:et|t)$")
_NOT_PARTICIPLES = {"mest", "næst", "ret", "godt", "meget", "helt", "slet"}


def leans_on_previous(question: str, max_words: int = 3) -> bool:
    """Does the question need the one before it to be understood?"""
    lowered = question.lower().strip()
    words = re.findall(r"[\wæøå]+", lowered)
    if not words:
        return False
    if lowered.startswith(tuple(f"{opening} " for opening in FOLLOW_UP_OPENINGS)):
        return True
    if set(words) & STRONG_REFERRING_WORDS:
        return True
    for position, word in enumerate(words):
        if word in ("den", "det", "de") and position > 0:
            after = words[position + 1] if position + 1 < len(words) else ""
            alone = not after or after in FOLLOW_UP_POINTER_NEXT
            if alone or (_PARTICIPLE.match(after) and after not in _NOT_PARTICIPLES and position + 2 >= len(words)):
                return True
    has_name = any(word[:1].isupper() or word.isdigit() for word in re.findall(r"[\wÆØÅæøå]+", question)[1:])
    asks = question.rstrip().endswith("?") or words[0] in QUESTION_STARTS
    return len(words) <= max_words and asks and not has_name


def heuristic_retrieval_query(question: str, history: list[tuple[str, str]] | None, max_follow_up_words: int = 3) -> str:
    """The question, or, for a follow-up, the question that began the thread and this one.

    A follow-up of a follow-up goes back to where the thread began: "Hvad med Aarhus?" after "Og i
    Hovedstadsregionen?" after "Hvor stort er tilskuddet til skæve boliger?" is asked of the first one;
    the middle one is what it replaces.
    """
    if not leans_on_previous(question, max_follow_up_words):
        return question
    earlier = [text.strip() for role, text in history or [] if role == "user" and text.strip()]
    if not earlier:
        return question
    root = earlier[-1]
    for text in reversed(earlier[:-1]):
        if not leans_on_previous(root, max_follow_up_words):
            break
        root = text
    return f"{root} {question}"
