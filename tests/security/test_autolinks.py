"""Threat: a web or mail address inside a document becomes a clickable link in an excerpt or answer,
so a planted document can steer readers to a site of its choosing. Only the citation's own link is a link."""

from __future__ import annotations

import re

from web.highlight import highlight_excerpt
from web.safe_markdown import answer_markdown, break_autolinks, escape_markdown

TEXT = "Se https://evil.example/x og www.evil.example eller skriv til mail@evil.example her."
# What Streamlit's Markdown links on its own (checked in Chromium: with a word joiner inside, none is linked).
AUTOLINK = re.compile(r"https?:(?:\\)?//|www(?:\\)?\.|\w(?:\\)?@\w")


def test_addresses_in_untrusted_text_are_broken_by_an_invisible_joiner():
    for rendered in (escape_markdown(TEXT), answer_markdown("- " + TEXT + " [1]"), highlight_excerpt(TEXT, "evil her")):
        assert not AUTOLINK.search(rendered), rendered
        assert "\u2060" in rendered


def test_the_text_reads_the_same():
    assert break_autolinks(TEXT).replace("\u2060", "") == TEXT
    assert break_autolinks("Stk. 2. Lejen er 5 kr. pr. m².") == "Stk. 2. Lejen er 5 kr. pr. m²."  # ordinary text untouched


def test_staff_see_how_much_hidden_text_each_source_had():
    """Threat: hidden text (indirect prompt injection) goes unnoticed; staff see per source what was left out."""
    from vectorstore.manifest import IndexedSource, IndexManifest
    from web.status import source_lines

    source = IndexedSource(source="a.pdf", title="A", kind="pdf", content_hash="h", chunks=3, extra={"hidden_chars": "42"})
    manifest = IndexManifest.model_construct(sources=[source], missing=[])
    assert source_lines(manifest)[0].hidden_chars == 42
