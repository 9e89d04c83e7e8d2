import re

from ingest.chunking import chunk_document, embedding_text
from ingest.documents import ParsedDocument, Section
from ingest.parsers import markdown_sections, parse

DANISH = (
    "Den. 15. juni præsenterede regeringen aftalen ”Blandede boligområder – næste skridt”. "
    "Det mest centrale element er et såkaldt forebyggelsesområde. KL’s formand sagde: \"Vi følger det tæt.\" "
) * 6


def _document(sections: list[Section]) -> ParsedDocument:
    return ParsedDocument(source="s.md", title="Titel", url="https://example.org/s", kind="md", sections=sections, content_hash="h")


def test_chunks_respect_size_and_never_cut_words():
    chunks = chunk_document(_document([Section(DANISH, heading="Aftalen")]), chunk_size=200, chunk_overlap=40)
    assert len(chunks) > 3
    words = set(DANISH.split())
    for chunk in chunks:
        assert len(chunk.page_content) <= 200
        for word in chunk.page_content.split():
            assert word in words, f"cut word {word!r}"


def test_chunks_keep_danish_letters_quotes_and_metadata():
    chunks = chunk_document(_document([Section(DANISH, heading="Aftalen", page=3)]), chunk_size=300, chunk_overlap=0)
    text = " ".join(c.page_content for c in chunks)
    for piece in ("præsenterede", "”Blandede boligområder – næste skridt”", "KL’s", "\"Vi følger det tæt.\""):
        assert piece in text
    metadata = chunks[0].metadata
    assert metadata["source"] == "s.md" and metadata["title"] == "Titel" and metadata["url"] == "https://example.org/s"
    assert metadata["section"] == "Aftalen" and metadata["page"] == 3
    assert len({c.metadata["id"] for c in chunks}) == len(chunks)


def test_sentence_boundaries_prefer_sentence_ends_over_dates():
    chunks = chunk_document(_document([Section(DANISH)]), chunk_size=120, chunk_overlap=0)
    # "15. juni" is a date, not a sentence end: no chunk may start with "juni".
    assert not any(c.page_content.startswith("juni") for c in chunks)
    assert all(re.search(r"[.”\"]$", c.page_content) for c in chunks[:-1])


def test_chunks_do_not_cross_sections():
    document = _document([Section("Første afsnit om lektiecafé.", heading="A"), Section("Andet afsnit om nattevandring.", heading="B")])
    chunks = chunk_document(document, chunk_size=900, chunk_overlap=100)
    assert [c.metadata["section"] for c in chunks] == ["A", "B"]
    assert embedding_text(chunks[1]).startswith("Titel – B\n")


def test_markdown_headings_become_sections_and_title():
    title, sections = markdown_sections("# Hovedtitel\n\nIndledning.\n\n## Økonomi\n\nTekst om kroner.\n")
    assert title == "Hovedtitel"
    assert [(s.heading, s.text) for s in sections] == [("", "Indledning."), ("Økonomi", "Tekst om kroner.")]


def test_plain_text_short_lines_become_headings_and_nbsp_is_kept_as_space():
    title, sections, *_ = parse("Boligsocialt arbejde\n\nFørste afsnit.\u00a0Andet led.\n\nKL’s indsats\n\nBrev til ministeren.".encode(), "txt")
    assert title == "Boligsocialt arbejde"
    assert sections[-1].heading == "KL’s indsats"
    assert "afsnit. Andet" in sections[0].text
