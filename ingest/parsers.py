"""Turn bytes of HTML, PDF, DOCX, Markdown or plain text into titled, sectioned text.

Every format is first reduced to Markdown-like text with ``#`` headings (PDF keeps its
pages instead), so that one splitter handles structure for all of them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import PurePosixPath
from typing import NamedTuple

from danish.lexicon import DASH_CONJUNCTIONS
from ingest.documents import ParseError, Section

SUPPORTED_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".md": "md", ".txt": "txt"}


def sniff_kind(data: bytes, name: str = "", content_type: str = "") -> str:
    """Decide the format from the bytes first, because servers mislabel PDFs as text/html."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise ParseError("a ZIP archive that is not a DOCX document")
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    suffix = PurePosixPath(name.split("?")[0]).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if "html" in content_type:
        return "html"
    if content_type.startswith("text/") or not content_type:
        return "txt"
    raise ParseError(f"unsupported content type {content_type!r}")


class Parsed(NamedTuple):
    title: str
    sections: list[Section]
    page_count: int | None = None
    published: str | None = None  # a date as the document states it (HTML metadata), when present
    hidden_chars: int = 0  # characters of hidden text left out (white, invisible, tiny, off-page, display:none)


def parse(data: bytes, kind: str) -> Parsed:
    """Title, sections, page count and published date of a document; ParseError when it has no usable text."""
    parser = {"html": _parse_html, "pdf": _parse_pdf, "docx": _parse_docx, "md": _parse_markdown_bytes, "txt": _parse_text}.get(kind)
    if parser is None:
        raise ParseError(f"unsupported format {kind!r}")
    parsed = parser(data)
    sections = [section for section in parsed.sections if section.text.strip()]
    if not sections:
        raise ParseError("no text found (empty document, or a scan without a text layer)")
    return parsed._replace(sections=sections)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def markdown_sections(markdown: str) -> tuple[str, list[Section]]:
    """Split Markdown at its headings; the first level-1 heading is the title."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    splitter = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")], strip_headers=True
    )
    # Non-breaking spaces would be dropped by the splitter, gluing words together.
    markdown = markdown.replace("\u00a0", " ").replace("\u202f", " ")
    title = ""
    sections = []
    for part in splitter.split_text(markdown):
        headers = [part.metadata[key] for key in ("h1", "h2", "h3", "h4") if part.metadata.get(key)]
        title = title or part.metadata.get("h1", "")
        # The deepest heading names the section; the title alone is not a section name.
        heading = headers[-1] if headers and headers[-1] != title else ""
        sections.append(Section(text=part.page_content.strip(), heading=heading))
    return title, sections


def _parse_markdown_bytes(data: bytes) -> Parsed:
    return Parsed(*markdown_sections(_decode(data)))


def _parse_text(data: bytes) -> Parsed:
    """Plain text: a short line without end punctuation, followed by a paragraph, is taken as a heading."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", _decode(data).replace("\r\n", "\n")) if p.strip()]
    lines = []
    for position, paragraph in enumerate(paragraphs):
        looks_like_heading = (
            "\n" not in paragraph and len(paragraph) < 80 and not re.search(r"[.!?:;,)]$", paragraph)
            and position + 1 < len(paragraphs)
        )
        lines.append(f"## {paragraph}" if looks_like_heading else paragraph)
    title, sections = markdown_sections("\n\n".join(lines))
    if not title and sections and sections[0].heading:
        title = sections[0].heading
    return Parsed(title, sections)


def _parse_html(data: bytes) -> Parsed:
    import trafilatura

    from ingest.visible_html import strip_hidden

    # Hidden elements go first: trafilatura would otherwise extract their text like any other.
    html, hidden_chars = strip_hidden(_decode(data))
    # Main-content extraction drops menus, cookie banners and footers.
    markdown = trafilatura.extract(
        html, output_format="markdown", include_links=False, include_tables=True, include_formatting=True,
        include_comments=False, favor_recall=True,
    )
    if not markdown:
        raise ParseError("no main text found in the HTML page")
    metadata = trafilatura.extract_metadata(html)
    title, sections = markdown_sections(markdown)
    title = (metadata.title if metadata and metadata.title else "") or title
    return Parsed(title, sections, None, (metadata.date if metadata and metadata.date else None), hidden_chars)


def _parse_docx(data: bytes) -> Parsed:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the memory cap of the parse child: reported as such, not as a broken file
    except Exception as error:  # python-docx raises several types for broken archives
        raise ParseError(f"not a readable DOCX file ({type(error).__name__})") from error
    from ingest.visible_docx import DocxVisibility

    # Hidden runs are a known way to smuggle instructions to a model: leave them out.
    visibility = DocxVisibility(document)
    lines = []
    for paragraph in document.paragraphs:
        text = visibility.visible_text(paragraph).strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.match(r"(?:Heading|Overskrift)\s*(\d)", style)
        if style == "Title" or style == "Titel":
            lines.append(f"# {text}")
        elif level:
            lines.append("#" * min(int(level.group(1)) + 1, 4) + f" {text}")
        else:
            lines.append(text)
    title, sections = markdown_sections("\n\n".join(lines))
    return Parsed(document.core_properties.title or title, sections, hidden_chars=visibility.hidden_chars)


def _parse_pdf(data: bytes) -> Parsed:
    import pypdf

    from ingest.visible_pdf import visible_page_text

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("the PDF is encrypted")
        visible = [visible_page_text(page) for page in reader.pages]
    except (ParseError, MemoryError):
        raise
    except Exception as error:  # pypdf raises many types on malformed files
        raise ParseError(f"not a readable PDF ({type(error).__name__}: {error})") from error
    pages = _drop_running_lines([text for text, _ in visible])
    headings = _pdf_outline_headings(reader)
    sections = []
    heading = ""
    for number, text in enumerate(pages, start=1):
        heading = headings.get(number, heading)
        sections.append(Section(text=_join_hyphenation(text), heading=heading, page=number))
    title = ""
    if reader.metadata and reader.metadata.title:
        title = str(reader.metadata.title)
    return Parsed(title, sections, len(pages), hidden_chars=sum(hidden for _, hidden in visible))


def _join_hyphenation(text: str) -> str:
    """Join words hyphenated at a line end ("bolig-\\nområde"), keeping real dashes ("Bolig- og")."""
    def join(match: re.Match) -> str:
        following = match.group(2)
        if following[:1].islower() and following.lower() not in DASH_CONJUNCTIONS:
            return match.group(1) + following
        return match.group(0)

    text = re.sub(r"(\w)-\n(\w+)", join, text)
    # A single newline inside a paragraph is a line wrap, not structure.
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text).strip()


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove headers and footers: first or last lines that recur (digits aside) on most pages."""
    if len(pages) < 3:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    edges: Counter[str] = Counter()
    for text in pages:
        lines = [line for line in text.splitlines() if line.strip()]
        edges.update({key(line) for line in lines[:2] + lines[-2:]})
    running = {line for line, count in edges.items() if count >= max(3, len(pages) // 2 + 1)}
    cleaned = []
    for text in pages:
        lines = text.splitlines()
        cleaned.append("\n".join(line for line in lines if key(line) not in running))
    return cleaned


def _pdf_outline_headings(reader) -> dict[int, str]:
    """Bookmarks give reliable headings with their page; most PDFs from KL have them."""
    headings: dict[int, str] = {}

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            try:
                page = reader.get_destination_page_number(item) + 1
            except Exception:
                continue
            headings.setdefault(page, str(item.title).strip())

    try:
        walk(reader.outline)
    except Exception:
        return {}
    return headings
