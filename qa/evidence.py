"""Can a passage answer this question? The kind of fact asked for, and the thing it is asked about.

A refusal rests on the best passage, never on whether words occur somewhere in the material (which
stops meaning anything once the material is a million characters of law):
- what is asked: a person's name ("Hvem er direktør for ..."), a count, an amount, a date, a place,
  a definition, a yes/no, or something open; the answering sentence must hold that kind of fact, and
  for a count the number must stand next to the thing counted;
- what it is asked about: the question's content words, weighted by how rare they are in the
  material (BM25's idf), must be found in the passage (its sentence, its chunk and its heading: title,
  section, §). A spelling slip close to a word of the material counts as that word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from dataclasses import dataclass, field

from danish.glossary import danish_terms, names_in
from danish.lexicon import KIND_WORDS, MONTHS, PERSON_ROLES, UNIT_ABBREVIATIONS
from danish.patterns import (
    ASKS_DURATION, ASKS_SIZE, ASKS_YEAR, DURATION, INSTITUTION, YEAR, ASKS_CONDITION, ASKS_COUNT, ASKS_DATE, ASKS_DEFINITION, ASKS_PLACE, ASKS_PRICE, ASKS_ROLE_HOLDER, ASKS_YES_NO, DATE,
    NUMBER, PERCENT, PERSON_NAME, PLACE_NAME, PRICE, ROLE_OF, ASKS_TITLE, TITLE,
)
from danish.words import IdfTable, content_stems, stem_matches, tokenize

_AMOUNT_WORDS = re.compile(r"\b(?:hvor mange penge|hvor stort? (?:et )?beløb|how much money|what amount)\b", re.IGNORECASE)
_HOW_MUCH = re.compile(r"\b(?:hvor meget|how much)\b", re.IGNORECASE)


_ARTICLES = {"en", "et"}
# "Hvem bestemmer, hvor mange flygtninge ...?" asks who, not how many.
_WHO_FIRST = re.compile(r"\s*(?:hvem|who)\b", re.IGNORECASE)
_NUMBERING_WORDS = {"§", "§§", "stk.", "nr.", "pkt.", "kapitel", "kap.", "bilag"}


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind of fact, and the stems of the thing it is about."""

    kind: str | None  # "person", "count", "amount", "number", "date", "place", "definition", "yesno" or None
    focus: frozenset[str] = field(default_factory=frozenset)
    counted: frozenset[str] = field(default_factory=frozenset)  # for a count: the thing counted ("boliger")
    names: frozenset[str] = field(default_factory=frozenset)  # focus stems written with a capital: names
    # A focus stem that any of several stems satisfies: an English term's Danish words ("buy" -> "købe køb erhverve").
    alternatives: dict[str, frozenset[str]] = field(default_factory=dict, hash=False, compare=False)

    def coverage(self, passage_stems: set[str], idf: dict[str, float]) -> float:
        """How much of the focus the passage holds (focus_coverage)."""
        return focus_coverage(self.focus, passage_stems, idf, self.names, self.alternatives)


@lru_cache(maxsize=1)
def _kind_stems() -> frozenset[str]:
    return frozenset(tokenize([KIND_WORDS])[0])


def what_is_asked(question: str, correct: Callable[[str], str] = lambda stem: stem) -> Asked:
    """The kind of fact asked for and the question's focus stems (spelling slips corrected by ``correct``)."""
    focus = frozenset(correct(stem) for stem in content_stems(question) if stem not in _kind_stems())
    counted: frozenset[str] = frozenset()
    if ASKS_YES_NO.search(question):
        kind = "yesno"  # "Kan depositum forhøjes, når huslejen stiger?" asks yes or no, not for an amount
    elif ASKS_ROLE_HOLDER.search(question):
        kind = "person"
    elif ASKS_TITLE.search(question):
        kind = "title"
    elif ASKS_PRICE.search(question) or _AMOUNT_WORDS.search(question):
        kind = "amount"
    elif ASKS_DURATION.search(question):
        kind = "duration"
    elif (count := ASKS_COUNT.search(question)) and not _HOW_MUCH.search(question) and not _WHO_FIRST.match(question):
        kind = "count"
        counted = frozenset(correct(s) for s in content_stems(" ".join(count.group("rest").split()[:3])))
    elif _HOW_MUCH.search(question) or ASKS_SIZE.search(question):
        kind = "number"
    elif ASKS_YEAR.search(question):
        kind = "year"
    elif ASKS_DATE.search(question) and not ASKS_CONDITION.search(question):
        kind = "date"
    elif ASKS_PLACE.search(question):
        kind = "place"
    elif ASKS_DEFINITION.search(question):
        kind = "definition"
    else:
        kind = None
    capitalised = " ".join(word for word in re.findall(r"[\wÆØÅæøå'’-]+", question)[1:] if word[:1].isupper())
    names = frozenset(correct(stem) for stem in content_stems(capitalised)) & focus
    return Asked(kind, focus, counted, names)


def in_danish(asked: Asked, english: str) -> Asked:
    """An English question's focus in the material's words: the Danish of its field terms, and its names.

    Its English words never occur in the Danish passages, so checked as they are they would say nothing.
    """
    # A year or a number the question names ("in 2022", "section 98 f") must be in the passage, as a name is.
    names = frozenset(content_stems(" ".join([*names_in(english), *re.findall(r"\b\d+\b", english)])))
    # Each term counts once, found when any of its Danish words is: "købe køb erhverve" are ways to say "buy".
    alternatives = {}
    for term in danish_terms(english):
        stems = sorted(content_stems(term), key=len)
        if stems:
            alternatives[stems[0]] = frozenset(stems)
    focus = frozenset(alternatives) | names
    counted = asked.counted
    if asked.kind == "count" and (count := ASKS_COUNT.search(english)):
        counted = frozenset(content_stems(" ".join(danish_terms(" ".join(count.group("rest").split()[:3])))))
    return Asked(asked.kind, focus, counted, names, alternatives)


def answer_in(sentence: str, asked: Asked) -> str | None:
    """The words of the sentence that answer (a name, a number, a date ...); "" when any sentence may answer;
    None when the sentence does not hold the kind of fact asked for."""
    match asked.kind:
        case "person":
            names = [m.group() for m in PERSON_NAME.finditer(sentence)
                     if (m.start() > 0 or len(m.group().split()) > 2) and not INSTITUTION.search(m.group())]
            return names[0] if names and _holds_role(sentence, asked) and not _role_of_another(sentence, asked) else None
        case "title":
            found = TITLE.search(sentence) or PERSON_NAME.search(sentence, 1)
            if found:
                return (found.group(1) or found.group(2)) if found.re is TITLE else found.group()
            # A link's title stands on its own line, without a full stop ("Beskæftigelsesindsatser i udsatte boligområder").
            return sentence if not sentence.rstrip().endswith((".", "!", "?", ":")) and len(sentence.split()) <= 12 else None
        case "amount":
            found = PRICE.search(sentence) or PERCENT.search(sentence)
            return found.group() if found else None
        case "number":
            found = PRICE.search(sentence) or PERCENT.search(sentence)
            numbers = [m.group() for m in NUMBER.finditer(sentence) if _is_quantity(sentence, m)]
            return found.group() if found else (numbers[0] if numbers else None)
        case "count":
            return _count_near(sentence, asked.counted)
        case "duration":
            found = DURATION.search(sentence)
            return found.group() if found else None
        case "year":
            return _first_near_focus(YEAR, sentence, asked)
        case "date":
            return _first_near_focus(DATE, sentence, asked)
        case "place":
            found = PLACE_NAME.search(sentence)
            return found.group().strip() if found else None
    return ""


@lru_cache(maxsize=1)
def _role_stems() -> frozenset[str]:
    return frozenset(content_stems(" ".join(PERSON_ROLES)))


def _holds_role(sentence: str, asked: Asked) -> bool:
    """Does the sentence name the role asked about: "Who is the chair of ...?" is not answered by a sentence
    that names a minister."""
    roles = [stem for stem in asked.focus if stem in _role_stems()]
    if not roles:
        return True
    stems = content_stems(sentence)
    return any(stem_matches(role, stems) for role in roles)


def _role_of_another(sentence: str, asked: Asked) -> bool:
    """Is the role in the sentence someone else's: "formand for KL's Kultur, Erhverv og Plan-udvalg" does not
    answer "Hvem er formand for KL?" (the committee's chair is not KL's)."""
    for match in ROLE_OF.finditer(sentence):
        owner = content_stems(match.group("owner"))
        if owner and not all(stem_matches(stem, set(asked.focus)) for stem in owner):
            return True
    return False


# How many words away from the thing asked about a date may stand and still be its date.
DATE_WINDOW = 6


def _first_near_focus(pattern: re.Pattern, sentence: str, asked: Asked) -> str | None:
    """The first match that stands near a word of the question's focus: in "Den 15. juni præsenterede regeringen
    aftalen ..., som er en opdatering af lovgivningen fra 2018", 2018 is the law's year, not the agreement's."""
    for match in pattern.finditer(sentence):
        if not asked.focus:
            return match.group()
        before = sentence[: match.start()].split()[-DATE_WINDOW:]
        after = sentence[match.end() :].split()[:DATE_WINDOW]
        if any(stem_matches(stem, content_stems(" ".join(before + after))) for stem in asked.focus):
            return match.group()
    return None


def _is_quantity(sentence: str, match: re.Match) -> bool:
    """Is the number a quantity: not an article ("en"), a year or a date, nor the number of a law's part ("nr. 138")?"""
    previous = sentence[: match.start()].split()[-1:]
    following = sentence[match.end() :].lstrip(". ").split()[:1]
    return (
        match.group().lower() not in _ARTICLES
        and not YEAR.fullmatch(match.group())
        and not (following and following[0].lower().strip(",.") in MONTHS)  # "17. februar"
        and not (previous and previous[0].lower() in _NUMBERING_WORDS)
    )


def _count_near(sentence: str, counted: frozenset[str]) -> str | None:
    """A number (digits, words or a fraction) within three words of the thing counted."""
    words = sentence.split()
    units = {unit for stem in counted for name, spellings in UNIT_ABBREVIATIONS.items() if name.startswith(stem) for unit in spellings}
    for position, word in enumerate(words):
        # "§ 2.", "stk. 3", "nr. 4", "1)" number the law's parts; they count nothing.
        previous = words[position - 1].lower() if position else ""
        # "en række kommuner": "en" and "et" are articles far more often than counts.
        if previous in _NUMBERING_WORDS or word.endswith(")") or word.lower().startswith("pkt") or word.lower() in _ARTICLES:
            continue
        if NUMBER.fullmatch(word.strip(".,;:()»«”\"")):
            window = " ".join(words[max(0, position - 3) : position + 4])
            stems = content_stems(window)
            spelled = any(re.search(rf"(?<![\w]){re.escape(unit)}(?![\w])", window) for unit in units)
            if not counted or stems & counted or _loose_match(stems, counted) or spelled:
                return word.strip(".,;:()")
    return None


def _loose_match(found: set[str], wanted: frozenset[str]) -> bool:
    return any(stem_matches(stem, found) for stem in wanted)


def focus_coverage(
    focus: frozenset[str], passage_stems: set[str], idf: dict[str, float], names: frozenset[str] = frozenset(),
    alternatives: dict[str, frozenset[str]] | None = None,
) -> float:
    """Share of the question's focus found in the passage, each word weighted by its rarity in the material.

    A name the material never uses ("Gellerup") weighs as much as the rarest word it does use: no
    passage holds it, and that must count heavily against every passage. Another unseen word (an
    inflection such as "skrev", a synonym) weighs as a typical word: it says less.
    """
    if not focus:
        return 1.0
    # The index's table keeps its extremes; a plain dict (a test's) is measured here.
    table = idf if isinstance(idf, IdfTable) else IdfTable(idf)
    rarest, typical = table.rarest, table.typical
    alternatives = alternatives or {}
    ways = {stem: alternatives.get(stem, frozenset({stem})) for stem in focus}
    # A term said several ways weighs as its rarest way: that is how much finding it tells.
    weights = {stem: max(idf.get(way, rarest if stem in names else typical) for way in ways[stem]) for stem in focus}
    total = sum(weights.values()) or 1.0
    found = [stem for stem in focus if any(stem_matches(way, passage_stems) for way in ways[stem])]
    return sum(weights[stem] for stem in found) / total
