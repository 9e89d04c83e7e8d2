"""Split parsed documents into chunks along their structure: sections, paragraphs, sentences, words.

Chunks never cross a section or page boundary, so each keeps one heading and one page.
"""

from __future__ import annotations

import hashlib
import re

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.documents import ParsedDocument

# Bump when the chunking logic changes: the index manifest records it, and a change forces a rebuild.
CHUNKING_VERSION = 1

# Paragraph, line, sentence end (not after a digit: "15. juni" is a date), clause, word.
# No empty separator: a chunk may run long on a giant word but never cuts one in two.
SEPARATORS = ["\n\n", "\n", r"(?<=[^\d\s][.!?…])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"]


def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=min(chunk_overlap, chunk_size // 2), separators=SEPARATORS,
        is_separator_regex=True, keep_separator="end", strip_whitespace=True,
    )


def chunk_id(source: str, position: int, text: str) -> str:
    return hashlib.sha1(f"{source}\x00{position}\x00{text}".encode()).hexdigest()[:20]


def chunk_document(document: ParsedDocument, chunk_size: int, chunk_overlap: int) -> list[Document]:
    """Chunks of one document, each with source, title, URL, section and page in its metadata."""
    splitter = make_splitter(chunk_size, chunk_overlap)
    chunks: list[Document] = []
    for section in document.sections:
        text = re.sub(r"[ \t\u00a0]+", " ", section.text).strip()
        for piece in splitter.split_text(text):
            position = len(chunks)
            metadata = {
                "id": chunk_id(document.source, position, piece),
                "source": document.source,
                "title": document.title,
                "url": document.url or "",
                "kind": document.kind,
                "section": section.heading,
                "page": section.page or 0,  # Chroma metadata cannot hold None; 0 means "no page"
                "position": position,
                "content_hash": document.content_hash,
            }
            chunks.append(Document(page_content=piece, metadata=metadata))
    return chunks


def embedding_text(chunk: Document) -> str:
    """What is embedded and indexed lexically: the chunk with its title and section, which carry its topic."""
    header = " – ".join(part for part in (chunk.metadata.get("title"), chunk.metadata.get("section")) if part)
    return f"{header}\n{chunk.page_content}" if header else chunk.page_content
