"""Sentences of Danish text."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … followed by space and a capital letter or an opening quote.
# Not before a digit or lower-case word, so "Den. 15. juni" and "ca. 58" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[A-ZÆØÅ\"”“„«(])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk; list items and lines are sentences of their own."""
    sentences = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*[-*•]\s+", "", line).strip()
        if not line:
            continue
        sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences
