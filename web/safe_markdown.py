"""Turn untrusted text (documents, model output) into Markdown that renders as plain text.

Why: Streamlit renders Markdown, and document or model text may carry images that load from
another host (a classic exfiltration trick), links, HTML, LaTeX (``$``), colour directives
(``:red[...]``) or emoji codes. Escaping every ASCII punctuation character with a backslash is
valid CommonMark for any punctuation, so the text renders verbatim and nothing is interpreted.
Only structure we add ourselves (bullets of the answer, highlights, links we build) is Markdown.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

_PUNCTUATION = frozenset(string.punctuation)
# For files people read raw (the export): only what could link, load, embed HTML or format.
LIGHT = frozenset("\\`*_[]<>|~$#")
# Streamlit turns "https://...", "www.x.dk" and "a@b.dk" in text into links even when their punctuation is
# backslash-escaped or written as a character reference (both seen in Chromium). An invisible word joiner
# (U+2060) inside each such address breaks the pattern and leaves the text looking the same.
_JOINER = "\u2060"
_ADDRESS_PARTS = re.compile(r"(?<=[a-z]:)(?=//)|(?<=\bwww)(?=\.)|(?<=\w)(?=@\w)", re.IGNORECASE)


def break_autolinks(text: str) -> str:
    """Web and mail addresses in untrusted text, made inert: only links we build ourselves are links."""
    return _ADDRESS_PARTS.sub(_JOINER, text)
# Characters that would end or break a Markdown link destination; everything else may stay.
_URL_SAFE = "".join(sorted(set(string.punctuation) - set('()<>"\\`[] ') | {"%"}))


def escape_markdown(text: str, special: frozenset[str] = _PUNCTUATION) -> str:
    """Escape every Markdown-special character (or those in ``special``); keep line breaks as hard breaks."""
    escaper = MarkdownEscaper(bullets=False, special=special)
    return escaper.feed(text) + escaper.flush()


class MarkdownEscaper:
    """Escape text piece by piece, as it streams, keeping a line-initial "- " as a list bullet.

    The extractive answer is "lead-in\\n- sentence [1]\\n- sentence [2]"; keeping those bullets
    (and nothing else) makes the streamed answer read like the final one. Escaping is per
    character, so escaping pieces gives the same result as escaping the whole text.
    """

    def __init__(self, bullets: bool = True, special: frozenset[str] = _PUNCTUATION) -> None:
        self._bullets = bullets
        self._special = special
        self._line_start = True
        self._pending_dash = False

    def feed(self, piece: str) -> str:
        out: list[str] = []
        for char in break_autolinks(piece):
            if self._pending_dash:
                self._pending_dash = False
                self._line_start = False
                if char == " ":
                    out.append("- ")
                    continue
                out.append("\\-")
            if char == "\r":
                continue
            if char == "\n":
                # Two trailing spaces: a hard line break, so lines of a source stay lines.
                out.append("  \n")
                self._line_start = True
                continue
            if self._line_start and char in " \t":
                continue  # leading indentation would turn the line into a code block
            if self._line_start and self._bullets and char == "-":
                self._pending_dash = True
                continue
            self._line_start = False
            out.append("\\" + char if char in self._special else char)
        return "".join(out)

    def flush(self) -> str:
        """What is still held back at the end of the stream."""
        if self._pending_dash:
            self._pending_dash = False
            return "\\-"
        return ""


def answer_markdown(text: str, special: frozenset[str] = _PUNCTUATION) -> str:
    """An answer (model or extractive) as safe Markdown: its bullets kept, all else verbatim."""
    escaper = MarkdownEscaper(bullets=True, special=special)
    return escaper.feed(text) + escaper.flush()


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link, or None: other schemes (javascript:, data:) are dropped."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def markdown_link(label: str, url: str | None) -> str:
    """``[label](url)`` with the label escaped; only the escaped label when the URL is unusable."""
    label_md = escape_markdown(label) or "link"
    target = safe_url(url)
    return f"[{label_md}]({target})" if target else label_md


MARKER_ESCAPED = re.compile(r"\\\[(\d+)\\\]")


def unescape_markers(markdown: str) -> str:
    """Escaped ``\\[n\\]`` back to ``[n]`` where a reader should see plain markers (export)."""
    return MARKER_ESCAPED.sub(r"[\1]", markdown)
