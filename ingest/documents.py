"""Parsed documents: the common shape every loader produces, whatever the file type."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


class ParseError(Exception):
    """A file that cannot be turned into text: corrupt, encrypted, empty or unsupported."""


class LimitExceeded(ParseError):
    """A file over a size, time, memory or chunk limit: skipped, so one file cannot stall or flood the ingest."""


class MissingLibraryError(Exception):
    """A parser's library is not installed. Not a ParseError: a broken install must stop the ingest
    loudly, instead of listing every document of that format as failed."""


@dataclass
class Section:
    """A run of text under one heading, on one page where the format has pages."""

    text: str
    heading: str = ""
    page: int | None = None


@dataclass
class ParsedDocument:
    """One source, parsed. ``source`` is its stable key: the URL, or the path inside the corpus."""

    source: str
    title: str
    url: str | None
    kind: str
    sections: list[Section]
    content_hash: str
    page_count: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
