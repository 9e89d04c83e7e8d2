"""Legal structure in every file type: chunks know their § and stk., never start mid-sentence at an abbreviation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from danish.legal import LegalPosition, legal_label, legal_units, subsection_at
from ingest.chunking import chunk_document, embedding_text
from ingest.loader import parse_document

LAWS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "boliglove"
# One law in each format the corpus has (read from ../shared, never copied into the project).
FILES = ["almenboligloven.pdf", "lov-om-leje-af-almene-boliger.html", "udlejningsbekendtgoerelsen.docx",
         "byfornyelsesloven.txt", "skaeve-boliger.md"]
# How a chunk must never start: inside a citation ("1, 2. pkt., når ...", "1 i forbindelse med ...").
BROKEN_START = re.compile(r"^(?:\d+,\s*\d+\. pkt|\d+ [a-zæøå]|pkt\.|stk\.|nr\.|jf\.)")


def test_paragraph_and_subsection_headings_are_found_and_carried_across_pages():
    position = LegalPosition()
    first = legal_units("§ 61 a. Ved et område forstås et sted, jf. § 59, stk. 1. Stk. 2. Kommunen kan beslutte det.", position)
    assert [(u.paragraph, u.subsection) for u in first] == [("61 a", 1), ("61 a", 2)]
    # A new page starts mid-paragraph: it still belongs to § 61 a, stk. 2.
    carried = legal_units("fortsat tekst fra forrige side. Stk. 3. Mere.", position)
    assert [(u.paragraph, u.subsection) for u in carried] == [("61 a", 2), ("61 a", 3)]
    assert legal_label("61 a", 2) == "§ 61 a, stk. 2" and legal_label("5", 1) == "§ 5"
    assert subsection_at("Tekst. Stk. 4. Mere tekst her.", 20, 3) == 4


@pytest.mark.skipif(not LAWS.is_dir(), reason="the law corpus is not beside the project (../shared/corpora/boliglove)")
@pytest.mark.parametrize("name", FILES)
def test_every_chunk_of_a_law_knows_its_paragraph(name):
    data = (LAWS / name).read_bytes()
    document = parse_document(data, source=name, name=name, url=None, title=None, timeout_s=120)
    chunks = chunk_document(document, 400, 80)
    with_paragraph = [c for c in chunks if c.metadata["paragraph"]]
    assert len(with_paragraph) >= 0.97 * len(chunks)  # only the title lines before § 1 have none
    for chunk in with_paragraph:
        text = chunk.page_content
        assert not BROKEN_START.match(text), text[:60]
        opening = re.match(r"Stk\. (\d+)\.", text)
        if opening:
            assert chunk.metadata["subsection"] == int(opening.group(1))
        heading = re.match(r"§ (\d+(?: [a-z])?)\. ", text)
        if heading:
            assert chunk.metadata["paragraph"] == heading.group(1)
        assert f"§ {chunk.metadata['paragraph']}" in embedding_text(chunk)


def test_a_short_paragraph_stays_whole_in_one_chunk():
    from ingest.documents import ParsedDocument, Section

    text = ("§ 1. Loven gælder for boliger. Stk. 2. Den gælder også for rum. "
            "§ 2. Kommunen fører tilsyn, jf. § 1, stk. 2. Stk. 2. Tilsynet kan ske ved besøg. Stk. 3. Nærmere regler fastsættes. "
            "§ 3. Loven træder i kraft den 1. januar.")
    document = ParsedDocument("lov.md", "Lov om boliger", None, "md", [Section(text, "Kapitel 1")], "h")
    chunks = chunk_document(document, 400, 80)
    assert [c.metadata["paragraph"] for c in chunks] == ["1", "2", "3"]
    assert chunks[1].page_content.startswith("§ 2.") and "Stk. 3." in chunks[1].page_content
