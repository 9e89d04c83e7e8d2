"""How an answer's sources are named and linked on the page.

Why: several excerpts often come from one document (a long page, a law), and "[1] Title" and
"[2] Title" would look like the same place. Each label says document, section, § and page, and
when two labels are still alike, the opening words of the excerpt tell them apart. Each [n] in
the answer links to an anchor inside its source's expander: Chromium opens a closed <details>
that holds a fragment's target and scrolls to it.
"""

from __future__ import annotations

import re
from collections import Counter

from danish.legal import legal_label
from qa.types import Citation
from web.ui_text import t

# Words of the excerpt that tell two alike labels apart: enough to differ, short enough to read.
OPENING_WORDS = 7
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")


def section_mark(citation: Citation) -> str:
    """The law's § and stk. where the engine gives them ("§ 61 a, stk. 2"), cited as staff cite it."""
    return legal_label(citation.paragraph, citation.subsection)


def place(citation: Citation, lang: str) -> str:
    """Document · section · § · page: where in the material the excerpt is."""
    parts = [citation.title]
    if citation.section and citation.section != citation.title:
        parts.append(citation.section)
    mark = section_mark(citation)
    if mark and mark not in citation.section:
        parts.append(mark)
    if citation.page:
        parts.append(t("page", lang, page=citation.page))
    return " · ".join(part for part in parts if part)


def opening_words(text: str, words: int = OPENING_WORDS) -> str:
    tokens = " ".join(line.strip(" -*•\t") for line in text.splitlines()).split()
    head = " ".join(tokens[:words])
    return head + (" …" if len(tokens) > words else "")


def source_labels(citations: list[Citation], lang: str, numbered: bool = True) -> list[str]:
    """``[n] place`` for each citation (plain text: the caller escapes it); alike places get the excerpt's first words.

    ``numbered=False`` for a refusal's related passages: they are not cited, so they carry no [n].
    """
    places = [place(c, lang) for c in citations]
    counts = Counter(places)
    labels = []
    for citation, where in zip(citations, places):
        if counts[where] > 1:
            quote = opening_words(citation.quotes[0] if citation.quotes else citation.excerpt)
            where += f" · »{quote}«" if lang == "da" else f' · "{quote}"'
        labels.append(f"[{citation.n}] {where}" if numbered else where)
    return labels


def source_anchor(turn_id: str, n: int) -> str:
    """The id of source n of one answer: unique on the page, only letters, digits and hyphens."""
    safe = re.sub(r"[^a-zA-Z0-9]", "", turn_id)[:12]
    return f"kilde-{safe}-{n}"


def anchor_html(anchor: str) -> str:
    """The empty element that carries the id; our own markup, never text from a document or a model.
    The scroll margin keeps the expander's label in view above it."""
    if not re.fullmatch(r"[a-zA-Z0-9-]+", anchor):
        raise ValueError("an anchor is letters, digits and hyphens only")
    return f'<span id="{anchor}" style="display:block;scroll-margin-top:9rem"></span>'


def link_markers(markdown: str, turn_id: str, numbers: set[int]) -> str:
    """Turn the escaped markers ``\\[n\\]`` of an answer's safe Markdown into links to their sources.

    Only numbers that have a source become links; the link text stays the escaped marker, so
    nothing of the answer's own text is interpreted.
    """

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{match.group(0)}](#{source_anchor(turn_id, n)})" if n in numbers else match.group(0)

    return _ESCAPED_MARKER.sub(link, markdown)
