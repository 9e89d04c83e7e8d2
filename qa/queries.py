"""What is searched for a question: the text the dense model embeds, and the words BM25 looks up."""

from __future__ import annotations

import re
from collections.abc import Callable

from danish.glossary import danish_terms, names_in
from danish.language import Language
from danish.lexicon import DEFINITION_SEARCH_WORDS
from qa.evidence import what_is_asked


def search_texts(query: str, language: Language, correct_text: Callable[[str], str]) -> tuple[str, str]:
    """(dense text, BM25 text) for a question; ``correct_text`` mends Danish spelling slips for BM25."""
    if language == "da":
        dense, lexical = query, correct_text(query)
    else:
        # The small model matches English to Danish poorly: the Danish words of the question's terms join it
        # (hit@3 on 26 English questions 0.38 -> 0.58). English words read as Danish mislead BM25 ("rent" is
        # Danish for interest): only the Danish words, the names and the numbers are searched there.
        dense = " ".join([query, *danish_terms(query)])
        lexical = " ".join([*danish_terms(query), *names_in(query), *re.findall(r"\b\d+\b", query)])
    if what_is_asked(query).kind == "definition":
        # The law defines in set words ("Ved et hårdt ghettoområde forstås ..."): BM25 finds that stk. among
        # the many that use the term (the dense search alone ranked it 11th).
        lexical = f"{lexical} {DEFINITION_SEARCH_WORDS}"
    return dense, lexical
