"""Checks on an LLM's answer before anyone sees it: unsafe markup out, and every [n] backed by its source."""

from __future__ import annotations

import re
from collections.abc import Callable

from langchain_core.documents import Document

from danish.sentences import split_sentences
from qa.citations import MARKER, markers_in
from qa.types import Draft


def strip_unsafe_markup(text: str) -> str:
    """Remove Markdown images and HTML tags from model output: a remote image can leak the conversation."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    return re.sub(r"<[^>]{1,200}>", "", text)


def check_llm_draft(
    text: str, documents: list[Document], supports: Callable[[str, Document], bool], is_refusal: Callable[[str], bool]
) -> Draft | None:
    """Keep the markers whose source supports their sentence; None when nothing in the answer is supported."""
    if is_refusal(text):
        return Draft("", True, "the model found no answer in the sources")
    supported_any = False
    checked = text
    for sentence in split_sentences(text) or [text]:
        cited = [n for n in markers_in(sentence) if 1 <= n <= len(documents)]
        kept = [n for n in cited if supports(MARKER.sub("", sentence), documents[n - 1])]
        supported_any = supported_any or bool(kept)
        rebuilt = MARKER.sub(lambda m: keep_numbers(m, kept), sentence)
        checked = checked.replace(sentence, rebuilt, 1)
    return Draft(checked, False) if supported_any else None


def keep_numbers(marker: re.Match, kept: list[int]) -> str:
    """Rewrite one [n, m] marker in place, keeping only the supported numbers."""
    numbers = [int(n) for n in re.split(r"\s*[,;]\s*", marker.group(1)) if int(n) in kept]
    return " [" + ", ".join(map(str, numbers)) + "]" if numbers else ""
