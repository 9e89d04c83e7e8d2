"""The structure of Danish legal text: a paragraph starts "§ 61 a." and runs its subsections inline ("Stk. 2.").

Every official form of a law (Retsinformation's PDF, HTML, Word, text and Markdown) writes it so, so one
reader serves them all: it finds where each § and each stk. begins, and carries the current § across
page breaks, where a PDF page starts in the middle of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "§ 61 a. Ved et ..." begins a paragraph; "jf. § 59, stk. 1" and "i § 54." refer to one. A heading stands at
# the start of the text or after a sentence end, and a capital letter follows its full stop.
PARAGRAPH_HEAD = re.compile(r"(?:(?<=^)|(?<=[.:;)]\s)|(?<=\n))§\s*(\d+(?:\s?[a-z])?)\.\s+(?=[A-ZÆØÅ0-9§\"“(])")
SUBSECTION_HEAD = re.compile(r"(?:(?<=^)|(?<=[.:;)]\s)|(?<=\n))Stk\.\s*(\d+)\.\s+")
# A document is legal text when it has at least this many paragraph headings.
MIN_PARAGRAPHS = 3


@dataclass
class LegalUnit:
    """A run of text inside one § and one stk. (stk 1 is the paragraph's opening text)."""

    text: str
    paragraph: str  # "61 a"; "" before the first §
    subsection: int  # 0 before the first §


@dataclass
class LegalPosition:
    """Where the reader stands: carried from one section (or PDF page) of a document to the next."""

    paragraph: str = ""
    subsection: int = 0


def is_legal_text(text: str) -> bool:
    return len(PARAGRAPH_HEAD.findall(text)) >= MIN_PARAGRAPHS


def legal_units(text: str, position: LegalPosition) -> list[LegalUnit]:
    """Split text at § and stk. headings; ``position`` is updated so the next section continues from it."""
    # The official text's source line ends in an address, not a full stop: "Kilde: https://... § 1. ...".
    text = re.sub(r"(https?://\S+)\s+(?=§)", "\\1\n", text)
    strict = {m.start(): " ".join(m.group(1).split()) for m in PARAGRAPH_HEAD.finditer(text)}
    loose = {m.start(): " ".join(m.group(1).split()) for m in _LOOSE_PARAGRAPH_HEAD.finditer(text)}
    heads = [(offset, "§", value) for offset, value in {**loose, **strict}.items()]
    marks = sorted(heads + [(m.start(), "stk", m.group(1)) for m in SUBSECTION_HEAD.finditer(text)])
    units: list[LegalUnit] = []
    start = 0
    for offset, kind, value in marks:
        # A § heading stands after a sentence end, or (after a chapter title, "Kapitel 6 § 76.") it is the
        # very next § of the law; any other "§ 54." is a reference at the end of a sentence.
        if kind == "§" and offset not in strict and not _is_next(position.paragraph, value):
            continue
        if offset > start and text[start:offset].strip():
            units.append(LegalUnit(text[start:offset].strip(), position.paragraph, position.subsection))
        if kind == "§":
            position.paragraph, position.subsection = value, 1
        elif position.paragraph:
            position.subsection = int(value)
        start = offset
    if text[start:].strip():
        units.append(LegalUnit(text[start:].strip(), position.paragraph, position.subsection))
    return units


_LOOSE_PARAGRAPH_HEAD = re.compile(r"(?:(?<=^)|(?<=\s))§\s*(\d+(?:\s?[a-z])?)\.\s+(?=[A-ZÆØÅ])")


def _is_next(current: str, candidate: str) -> bool:
    """Is ``candidate`` the § that follows ``current`` ("75 m" -> "76", "61" -> "61 a", "61 a" -> "61 b")?"""
    def split(label: str) -> tuple[int, str]:
        number, _, letter = label.partition(" ")
        return (int(number), letter) if number.isdigit() else (-1, "")

    (number, letter), (next_number, next_letter) = split(current), split(candidate)
    if number < 0:
        return next_number == 1
    if next_number == number:
        return bool(next_letter) and (not letter or ord(next_letter) == ord(letter) + 1)
    return next_number == number + 1 and not next_letter


def subsection_at(text: str, offset: int, first: int) -> int:
    """The stk. in force at ``offset`` of a chunk whose text starts in stk. ``first``."""
    current = first
    for match in SUBSECTION_HEAD.finditer(text):
        if match.start() > offset:
            break
        current = int(match.group(1))
    return current


def legal_label(paragraph: str, subsection: int) -> str:
    """'§ 61 a, stk. 2' as staff cite it; the first stk. of a § without others is cited as the § alone."""
    if not paragraph:
        return ""
    return f"§ {paragraph}, stk. {subsection}" if subsection > 1 else f"§ {paragraph}"


# "§ 61 a", "§§ 91-92" in a question: the paragraphs it names.
_PARAGRAPH_REFERENCE = re.compile(r"(?:§+|\bsection|\bparagraf(?:fen)?)\s*(\d+(?:\s?[a-hj-z](?![a-zæøå]))?)", re.IGNORECASE)  # "i" is the preposition ("§ 3 i loven")


def paragraph_references(text: str) -> list[str]:
    """The § numbers a text names, as chunk metadata writes them ("61 a")."""
    return [" ".join(m.group(1).split()) for m in _PARAGRAPH_REFERENCE.finditer(text)]
