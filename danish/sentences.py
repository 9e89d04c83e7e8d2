"""Sentences of Danish text, legal text included.

A sentence ends at . ! ? … followed by a space and a capital letter, a quote or a "§" - but not after
an abbreviation ("jf.", "stk.", "nr.", "kr.", ...), so "jf. § 59, stk. 1" and "ca. 58" stay whole; not after
an ordinal ("1. januar"), which a lower-case word follows anyway; and a heading such as "§ 61 a." or
"Stk. 2." stays with the sentence it opens. Numbered items ("1) ... 2) ...") stay inside their sentence.
"""

from __future__ import annotations

import re

from danish.lexicon import ABBREVIATIONS

_STRUCTURE_HEADING = re.compile(r"(?:§\s*\d+(?:\s?[a-z])?|Stk\.\s*\d+)\.$")
# What begins a § or a stk.: a sentence always ends before one.
_OPENS_STRUCTURE = re.compile(r"(?:§\s*\d+(?:\s?[a-z])?|Stk\.\s*\d+)\.\s+\S")


_CANDIDATE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-ZÆØÅ\"”“„«(§])")


def _ends_with_abbreviation(text: str) -> bool:
    """Does the text before a candidate sentence end stop at an abbreviation?"""
    tail = text[-12:].rsplit(None, 1)[-1].lower().rstrip(".")
    return tail in ABBREVIATIONS or (len(tail) == 1 and tail.isalpha())  # "S. 12", initials


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk; list lines ("- ...") and lines are sentences of their own."""
    sentences = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*[-*•]\s+", "", line).strip()
        if not line:
            continue
        start = 0
        for match in _CANDIDATE_END.finditer(line):
            before = line[start : match.start()]
            following = line[match.end() : match.end() + 16]
            if _STRUCTURE_HEADING.search(before[-12:]):
                continue  # "Stk. 2." opens the sentence that follows it
            if _ends_with_abbreviation(before) and not _OPENS_STRUCTURE.match(following):
                continue
            if before.strip():
                sentences.append(line[start : match.start()].strip())
            start = match.end()
        if line[start:].strip():
            sentences.append(line[start:].strip())
    return sentences

