"""Map an answer's [n] markers to the retrieved sources: drop markers without a source, renumber the rest."""

from __future__ import annotations

import re

from langchain_core.documents import Document

from danish.legal import subsection_at
from qa.types import Citation

MARKER = re.compile(r"\s?\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def finalize_citations(
    text: str, documents: list[Document], quotes: dict[int, list[str]] | None = None
) -> tuple[str, list[Citation]]:
    """Return the text with valid, renumbered markers (1..m in order of use) and the m citations.

    ``documents`` are what the answerer saw, numbered from 1; a marker outside 1..len is removed.
    """
    renumber: dict[int, int] = {}

    def rewrite(match: re.Match) -> str:
        numbers = [int(n) for n in re.split(r"\s*[,;]\s*", match.group(1))]
        kept = []
        for number in numbers:
            if 1 <= number <= len(documents):
                renumber.setdefault(number, len(renumber) + 1)
                if renumber[number] not in kept:
                    kept.append(renumber[number])
        return " " + "".join(f"[{n}]" for n in kept) if kept else ""

    cleaned = re.sub(r"\] \[(?=\d)", "][", MARKER.sub(rewrite, text)).strip()
    citations = [
        citation_for(documents[original - 1], n, (quotes or {}).get(original, []))
        for original, n in sorted(renumber.items(), key=lambda pair: pair[1])
    ]
    return cleaned, citations


def citation_for(document: Document, n: int, quotes: list[str]) -> Citation:
    """A numbered citation of a chunk; for law, the stk. is the one in force where the first quote starts."""
    metadata = document.metadata
    subsection = int(metadata.get("subsection") or 0)
    if quotes and subsection:
        subsection = subsection_at(document.page_content, max(0, document.page_content.find(quotes[0])), subsection)
    return Citation(
        n=n, title=metadata.get("title") or metadata.get("source", ""), url=metadata.get("url") or None,
        source=metadata.get("source", ""), page=metadata.get("page") or None, excerpt=document.page_content,
        score=float(metadata.get("score", 0.0)), section=metadata.get("section", ""), quotes=list(quotes),
        paragraph=str(metadata.get("paragraph") or ""), subsection=subsection,
    )


def markers_in(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]
