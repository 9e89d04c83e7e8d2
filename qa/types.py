"""What the read side returns: an Answer with numbered Citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from danish.language import Language
from danish.legal import legal_label

REFUSAL = {"da": "Det fremgår ikke af materialet.", "en": "The material does not say."}


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long); the message is meant for the user."""


@dataclass
class Citation:
    n: int
    title: str
    url: str | None
    source: str
    page: int | None
    excerpt: str
    score: float
    section: str = ""
    quotes: list[str] = field(default_factory=list)
    paragraph: str = ""  # the law's § ("61 a"), when the source is legal text
    subsection: int = 0  # the stk. of the quoted words

    @property
    def label(self) -> str:
        """How staff cite it: "Bekendtgørelse af lov om almene boliger m.v. § 61 a, stk. 2, side 26"."""
        parts = [self.title, legal_label(self.paragraph, self.subsection)]
        label = " ".join(part for part in parts if part)
        details = [self.section] if self.section and not self.paragraph else []
        details += [f"side {self.page}"] if self.page else []
        return label + (f" ({', '.join(details)})" if details else "")

    @property
    def link(self) -> str | None:
        """The URL, opened at the cited page for a PDF."""
        if self.url and self.page and self.url.lower().split("?")[0].endswith(".pdf"):
            return f"{self.url}#page={self.page}"
        return self.url


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    language: Language
    citations: list[Citation]
    backend: dict[str, str]
    timings_ms: dict[str, float]
    notice: str | None = None
    retrieval_query: str | None = None
    related: list[Citation] = field(default_factory=list)  # a refusal's nearest passages: shown apart, never as citations
    marked: list[str] = field(default_factory=list)  # the words of the quotes that answer (a number, a name, a date)

    def to_json_dict(self) -> dict:
        data = asdict(self)
        data["timings_ms"] = {key: round(value, 1) for key, value in self.timings_ms.items()}
        for citation in data["citations"]:
            citation["score"] = round(citation["score"], 4)
        if data["notice"] is None:
            del data["notice"]
        if data["retrieval_query"] is None:
            del data["retrieval_query"]
        if not data["related"]:
            del data["related"]
        if not data["marked"]:
            del data["marked"]
        return data


@dataclass
class ScoredSentence:
    """A sentence of a retrieved chunk, scored against the question."""

    text: str
    document: int  # position in the retrieved documents, 0-based
    similarity: float
    overlap: float
    score: float
    order: int = 0  # reading order across the retrieved chunks


@dataclass
class Draft:
    """An answer whose [n] markers point at retrieved documents (1-based), or a refusal with its reason."""

    text: str
    refused: bool
    reason: str = ""
    sentences: list[ScoredSentence] | None = None
    related: list[int] = field(default_factory=list)  # for a refusal: the nearest documents (0-based), never cited
    evidence: dict[str, float] = field(default_factory=dict)  # what the refusal decision looked at
    marked: list[str] = field(default_factory=list)  # the words of the quotes that answer
