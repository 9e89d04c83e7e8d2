"""Split parsed documents into chunks along their structure: sections, paragraphs, sentences, words.

Chunks never cross a section or page boundary, so each keeps one heading and one page. Legal text
(a law's "§ 61 a. ... Stk. 2. ...") is cut at its § and stk. first: a § stays whole where it fits the
chunk size, a chunk never starts inside a § without knowing it (the § is carried across PDF pages),
and each chunk carries its § and stk. in its metadata for the citation.
"""

from __future__ import annotations

import hashlib
import re

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from danish.legal import LegalPosition, is_legal_text, legal_label, legal_units
from danish.sentences import split_sentences
from ingest.documents import ParsedDocument, Section

# Bump when the chunking logic changes: the index manifest records it, and a change forces a rebuild.
CHUNKING_VERSION = 4

# Paragraph, line, sentence end (not after a digit: "15. juni" is a date), clause, word.
# No empty separator: a chunk may run long on a giant word but never cuts one in two.
SEPARATORS = ["\n\n", "\n", r"(?<=[^\d\s][.!?…])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"]
# A legal sentence longer than a chunk is cut at a clause or a word, never inside a citation: a piece
# must not start with "stk. 1", "nr. 2", "1. pkt." or a bare number ("jf. § 59, stk. 1" stays whole).
_NOT_BEFORE_CITATION = r"(?!(?:stk|nr|pkt|jf|litra)\.|\d|§)"
LEGAL_SEPARATORS = [rf"(?<=[;:])\s+{_NOT_BEFORE_CITATION}", rf"(?<=,)\s+{_NOT_BEFORE_CITATION}", rf"(?<![§.])\s+{_NOT_BEFORE_CITATION}", r"\s+"]


def make_splitter(chunk_size: int, chunk_overlap: int, separators: list[str] = SEPARATORS) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=min(chunk_overlap, chunk_size // 2), separators=separators,
        is_separator_regex=True, keep_separator="end", strip_whitespace=True,
    )


def chunk_id(source: str, position: int, text: str) -> str:
    return hashlib.sha1(f"{source}\x00{position}\x00{text}".encode()).hexdigest()[:20]


def chunk_document(document: ParsedDocument, chunk_size: int, chunk_overlap: int) -> list[Document]:
    """Chunks of one document, each with source, title, URL, section, page (and § / stk. for law) in its metadata."""
    legal = is_legal_text("\n".join(section.text for section in document.sections))
    # Legal text is packed from whole sentences with no overlap: its § and stk. say where a piece belongs.
    splitter = make_splitter(chunk_size, 0, LEGAL_SEPARATORS) if legal else make_splitter(chunk_size, chunk_overlap)
    position = LegalPosition()
    chunks: list[Document] = []
    sections = _sentences_whole_across_pages(document.sections) if legal else document.sections
    for section in sections:
        text = re.sub(r"[ \t\u00a0]+", " ", section.text).strip()
        if legal:
            pieces = [(piece, unit.paragraph, unit.subsection) for unit in _merge_units(legal_units(text, position), chunk_size)
                      for piece in _pack_sentences(unit.text, chunk_size, splitter)]
        else:
            pieces = [(piece, "", 0) for piece in splitter.split_text(text)]
        for piece, paragraph, subsection in pieces:
            position_in_document = len(chunks)
            metadata = {
                "id": chunk_id(document.source, position_in_document, piece),
                "source": document.source,
                "title": document.title,
                "url": document.url or "",
                "kind": document.kind,
                "section": section.heading,
                "page": section.page or 0,  # Chroma metadata cannot hold None; 0 means "no page"
                "paragraph": paragraph,
                "subsection": subsection,
                "position": position_in_document,
                "content_hash": document.content_hash,
            }
            chunks.append(Document(page_content=piece, metadata=metadata))
    return chunks


def _sentences_whole_across_pages(sections: list[Section]) -> list[Section]:
    """Move a sentence cut by a page break onto the next page, so no chunk starts in mid-sentence ("stk. 1, 2. pkt.")."""
    joined = [Section(section.text, section.heading, section.page) for section in sections]
    for current, following in zip(joined, joined[1:]):
        text = current.text.rstrip()
        if not text:
            continue
        if text.endswith((".", ":", ";", "!", "?")):
            # "... stk. 1, 1." | "pkt., nævnte ...": the next page goes on with the same sentence.
            head = following.text.lstrip()
            if head[:1].islower() and (opening := split_sentences(head)[0]) and len(opening) <= MAX_CARRIED_CHARS:
                current.text, following.text = f"{text} {opening}", head[len(opening):].lstrip()
            continue
        tail = split_sentences(text)[-1]
        if not tail or tail == text or len(tail) > MAX_CARRIED_CHARS or not text.endswith(tail):
            continue
        current.text, following.text = text[: -len(tail)].rstrip(), f"{tail} {following.text.lstrip()}"
    return joined


# A cut sentence longer than this is left where it is (a table or a list, not prose cut by a page break).
MAX_CARRIED_CHARS = 1500


def _merge_units(units, chunk_size: int):
    """Join the stk.s of one § while they fit one chunk, so a short § is quoted and cited whole."""
    merged = []
    for unit in units:
        previous = merged[-1] if merged else None
        if previous and previous.paragraph == unit.paragraph and len(previous.text) + len(unit.text) + 1 <= chunk_size:
            previous.text = f"{previous.text} {unit.text}"
        else:
            merged.append(type(unit)(unit.text, unit.paragraph, unit.subsection))
    return merged


def _pack_sentences(text: str, chunk_size: int, splitter: RecursiveCharacterTextSplitter) -> list[str]:
    """Whole sentences packed up to the chunk size; only a sentence longer than a chunk is cut (at clauses)."""
    if len(text) <= chunk_size:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        if len(sentence) > chunk_size:
            if current:
                pieces.append(current)
                current = ""
            pieces.extend(splitter.split_text(sentence))
        elif current and len(current) + 1 + len(sentence) > chunk_size:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def embedding_text(chunk: Document) -> str:
    """What is embedded and indexed lexically: the chunk with its title and section, which carry its topic."""
    where = legal_label(chunk.metadata.get("paragraph", ""), int(chunk.metadata.get("subsection") or 0))
    header = " – ".join(part for part in (chunk.metadata.get("title"), chunk.metadata.get("section"), where) if part)
    return f"{header}\n{chunk.page_content}" if header else chunk.page_content
