"""Cheap checks that the retrieved text can answer the question at all, before any answer is written.

Similarity alone cannot tell "the material does not say" from a reworded question (measured:
an unanswerable English question scored as high as an answerable one). These checks catch
the common cases instead:
- the question names something (a place, a person) that appears nowhere in the material;
- the question asks for a number, a date or a price, and no candidate sentence holds one
  (for "hvor mange X", the number must stand next to X).
"""

from __future__ import annotations

import re

from danish.lexicon import EXONYMS, NOT_NAMES
from danish.patterns import ASKS_COUNT, ASKS_DATE, ASKS_PRICE, DATE, NUMBER, PRICE
from danish.words import content_stems, stem_matches, tokenize


def unknown_names(question: str, vocabulary: set[str]) -> list[str]:
    """Capitalised words of the question (names) whose stem never occurs in the material."""
    words = re.findall(r"[\wÆØÅæøå][\wÆØÅæøå'’-]*", question)
    unknown = []
    for position, word in enumerate(words):
        if position == 0 or not word[0].isupper() or word.lower() in NOT_NAMES:
            continue
        bare = re.sub(r"['’]s$", "", word).lower()
        bare = EXONYMS.get(bare, bare)
        stems = tokenize([bare])[0]
        if stems and not any(stem in vocabulary for stem in stems):
            unknown.append(word)
    return unknown


def expected_answer_type(question: str) -> tuple[str | None, set[str]]:
    """('price'|'date'|'number'|None, stems of the counted thing for 'hvor mange X')."""
    if ASKS_PRICE.search(question):
        return "price", set()
    count = ASKS_COUNT.search(question)
    if count:
        counted = " ".join(count.group("rest").split()[:3])
        return "number", content_stems(counted)
    if ASKS_DATE.search(question):
        return "date", set()
    return None, set()


def sentence_fits(sentence: str, answer_type: str | None, counted: set[str]) -> bool:
    """Does the sentence hold the kind of fact the question asks for?"""
    if answer_type is None:
        return True
    if answer_type == "price":
        return bool(PRICE.search(sentence))
    if answer_type == "date":
        return bool(DATE.search(sentence))
    if not counted:
        return bool(NUMBER.search(sentence))
    words = sentence.split()
    for position, word in enumerate(words):
        if re.fullmatch(r"\W*\d[\d.,]*\W*", word):
            window = " ".join(words[max(0, position - 3) : position + 4])
            if content_stems(window) & counted:
                return True
    return False


def unknown_word_share(question: str, vocabulary: set[str], min_stem_letters: int = 5) -> float:
    """Share of the question's content words that never occur in the material (compounds count as occurring)."""
    # Short stems ("bag", "lav", "fået") are too general to say anything about the topic.
    stems = {stem for stem in content_stems(question) if len(stem) >= min_stem_letters}
    if not stems:
        return 0.0
    return sum(not stem_matches(stem, vocabulary) for stem in stems) / len(stems)
