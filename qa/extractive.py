"""The offline answerer: quote the passage that answers the question, cited [n], or refuse.

Why hand-written: no local generator was usable on these machines (a 270M model parroted its
context and invented URLs), and quoting the sources verbatim cannot misstate them.

Sentences are chosen without embedding them per question (that cost ~250 ms an answer on the laws):
each retrieved chunk carries its dense similarity to the question, and its sentences are told apart by
what they hold: the kind of fact asked for (qa.evidence) and the question's rare words (idf-weighted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import numpy as np
from langchain_core.documents import Document

from danish.legal import legal_label
from danish.patterns import DEFINES, NEGATION
from danish.sentences import split_sentences
from danish.words import content_stems, stem_matches
from qa.evidence import Asked, answer_in
from qa.quotable import goes_on, is_full_sentence, is_junk, leans_back, near_duplicate, with_context
from qa.retrieval import is_amendment
from qa.types import Draft, Language, ScoredSentence
from settings import Scoring

LEAD_IN = {"da": "Ifølge materialet:", "en": "According to the material (quoted in Danish):"}
# The passage holds (nearly) all of the question's focus: only then do names found in it waive the lift check.
WHOLE_FOCUS = 0.9


@dataclass
class ExtractiveRequest:
    """What the extractive answerer needs to answer one question.

    ``asked`` comes from the question itself, its focus from the question with its context for a
    follow-up. ``vectors`` are the retrieved chunks' stored embeddings; ``null_vector`` embeds a
    question about nothing ("Hvad står der?"): a passage that fits it as well as the real question is no
    evidence (greetings, jokes, gibberish).
    """

    question: str
    language: Language
    asked: Asked
    documents: list[Document]
    vectors: list[list[float]]
    query_vector: list[float]
    idf: dict[str, float] = field(default_factory=dict)
    null_vector: list[float] | None = None
    paragraphs: tuple[str, ...] = ()  # the §§ the question names
    _passage_stems: list[set[str]] | None = field(default=None, repr=False)

    def passage_stems(self, position: int) -> set[str]:
        """What the passage of a chunk holds: for a chunk of a law, its whole § as far as it was found (stk. 2
        "skal godkende udviklingsplaner efter stk. 1" is about what stk. 1 names); else the chunk and heading."""
        if self._passage_stems is None:
            own = [passage_stems(document) for document in self.documents]
            groups: dict[tuple[str, str], set[str]] = {}
            for document, stems in zip(self.documents, own):
                if document.metadata.get("paragraph"):
                    groups.setdefault(_paragraph_key(document), set()).update(stems)
            self._passage_stems = [
                groups.get(_paragraph_key(document), stems) if document.metadata.get("paragraph") else stems
                for document, stems in zip(self.documents, own)
            ]
        return self._passage_stems[position]


def _paragraph_key(document: Document) -> tuple[str, str]:
    return str(document.metadata.get("source", "")), str(document.metadata.get("paragraph", ""))


def passage_stems(document: Document) -> set[str]:
    """The stems a chunk and its heading hold: title, file name, section and § belong to every sentence."""
    metadata = document.metadata
    where = legal_label(metadata.get("paragraph") or "", int(metadata.get("subsection") or 0))
    file_name = PurePosixPath(str(metadata.get("source", ""))).stem.replace("-", " ")
    header = " ".join(str(part) for part in (metadata.get("title"), file_name, metadata.get("section"), where) if part)
    return content_stems(f"{header}\n{document.page_content}")


def score_sentences(request: ExtractiveRequest, scoring: Scoring) -> list[ScoredSentence]:
    """Every quotable sentence of the retrieved chunks that holds the kind of fact asked for, best first."""
    asked, scored, seen, order = request.asked, [], set(), 0
    negated_question = bool(NEGATION.search(request.question))
    for position, document in enumerate(request.documents):
        similarity = float(document.metadata.get("score", 0.0))
        # What the passage is about counts for each of its sentences: a sentence of a passage about
        # something else must not win on a shared word.
        passage_focus = asked.coverage(request.passage_stems(position), request.idf)
        for sentence in split_sentences(document.page_content):
            order += 1
            if sentence in seen or len(sentence) <= scoring.min_sentence_chars or is_junk(sentence):
                continue
            seen.add(sentence)
            if answer_in(sentence, asked) is None:
                continue
            overlap = asked.coverage(content_stems(sentence), request.idf) if asked.focus else 0.0
            score = similarity + scoring.overlap_weight * overlap + scoring.focus_weight * passage_focus
            if asked.kind == "definition" and _defines(sentence, asked, request.idf):
                score += scoring.definition_bonus  # "Ved et forebyggelsesområde forstås ..." defines what was asked
            if document.metadata.get("paragraph") and document.metadata["paragraph"] in request.paragraphs:
                score += scoring.named_paragraph_bonus  # the question names this § ("efter § 91 a")
            # A bare link title is evidence only when nothing better is there; a long § cut by the chunk size
            # ("... i følgende tilfælde: 1) Når ... skal nedrives, eller at") is a sentence that goes on.
            if not is_full_sentence(sentence) and not goes_on(sentence, document):
                score -= scoring.fragment_penalty
            if negated_question is False and NEGATION.search(sentence):
                score -= scoring.negation_penalty  # "Hvad kan midlerne bruges til?" is not answered by "kan ikke anvendes til"
            scored.append(ScoredSentence(sentence, position, similarity, overlap, score, order))
    return _one_version(sorted(scored, key=lambda s: (-s.score, s.order)), request.documents)


def _defines(sentence: str, asked: Asked, idf: dict[str, float]) -> bool:
    """Does the sentence define what was asked: the focus stands next to the defining word ("Ved et udsat
    boligområde forstås ...", "... betegnes i loven boligsikring"), not elsewhere in it ("Ved en mindre
    dagligvarebutik forstås ... 2) Opstartsvirksomheder i et udsat boligområde")?"""
    found = DEFINES.search(sentence)
    if not found or not asked.focus:
        return False
    words_before, words_after = sentence[: found.start()].split()[-DEFINED_TERM_WORDS:], sentence[found.end() :].split()[:4]
    return asked.coverage(content_stems(" ".join(words_before + words_after)), idf) >= 0.5


DEFINED_TERM_WORDS = 6


def _one_version(scored: list[ScoredSentence], documents: list[Document]) -> list[ScoredSentence]:
    """Of two near-identical sentences in two sources (an amendment act and the act it changed), keep the
    act's: it is the text in force. Otherwise the better-scored one stays."""
    kept: list[ScoredSentence] = []
    for sentence in scored:
        twin = next((i for i, other in enumerate(kept) if other.document != sentence.document
                     and near_duplicate(sentence.text, [other.text])), None)
        if twin is None:
            kept.append(sentence)
        elif is_amendment(documents[kept[twin].document]) and not is_amendment(documents[sentence.document]):
            kept[twin] = ScoredSentence(sentence.text, sentence.document, kept[twin].similarity, sentence.overlap,
                                        kept[twin].score, sentence.order)
    return kept


def extractive_answer(request: ExtractiveRequest, scoring: Scoring) -> Draft:
    """Quote the sentences that answer, or refuse when the best passage does not hold the answer."""
    related = list(range(min(3, len(request.documents))))
    named = {str(d.metadata.get("paragraph") or "") for d in request.documents}
    mentioned = any(f"§ {p}" in " ".join(d.page_content.split()) for d in request.documents for p in request.paragraphs)
    if request.paragraphs and not named & set(request.paragraphs) and not mentioned:
        # "Hvad står der i § 250?": no retrieved chunk is that § (a § search was made for it): the material lacks it.
        return Draft("", True, f"no § {', '.join(request.paragraphs)} in the passages found", related=related)
    scored = score_sentences(request, scoring)
    if not scored:
        kind = request.asked.kind
        return Draft("", True, f"no passage holds the {kind} asked for" if kind else "no sentences", related=related)
    # The best sentence whose passage answers: a sentence that scores a little higher in a passage about
    # something else must not make the question refused.
    min_focus = scoring.min_focus if request.language == "da" else scoring.min_focus_en
    rejected: list[ScoredSentence] = []
    for best in scored[: scoring.answer_candidates]:
        evidence = _evidence(best, request)
        refusal = _refusal(evidence, request.language, scoring)
        if best is not scored[0] and best.overlap < min_focus:
            refusal = "a lower-ranked sentence must itself be about what was asked"
        if not refusal:
            break
        rejected.append(best)
        if best is scored[0]:
            first_refusal, first_evidence = refusal, evidence
    else:
        return Draft("", True, first_refusal, related=related, evidence=first_evidence)
    # A sentence found not to answer is not quoted beside the one that does.
    scored = [best, *(other for other in scored if other is not best and not any(other is r for r in rejected))]
    chosen = with_context(best, request.documents)
    for other in scored[1:]:
        if len(chosen) >= scoring.max_answer_sentences:
            break
        close = other.score >= best.score - scoring.follow_margin and (
            is_full_sentence(other.text) or goes_on(other.text, request.documents[other.document])
        )
        # "Heri rettede KL en kritik ..." quoted without the sentence it leans on says nothing clear.
        close = close and not leans_back(other.text)
        if close and other.document != best.document and not near_duplicate(other.text, [c.text for c in chosen]):
            chosen.append(other)
    chosen.sort(key=lambda s: (s.document, s.order))
    # A sentence cut by the chunk size is shown as going on ("... eller at ombygning af ejendommen medføre …").
    lines = [
        f"- {s.text}{' …' if goes_on(s.text, request.documents[s.document]) else ''} [{s.document + 1}]"
        for s in chosen
    ]
    marked = [span for s in chosen if (span := answer_in(s.text, request.asked))]
    text = LEAD_IN[request.language] + "\n" + "\n".join(lines)
    return Draft(text, False, sentences=chosen, evidence=evidence, marked=list(dict.fromkeys(marked)))


def _evidence(best: ScoredSentence, request: ExtractiveRequest) -> dict[str, float]:
    """What a refusal is decided on: the best passage's similarity, how much of the focus it holds, and its
    lift over a question about nothing."""
    stems = request.passage_stems(best.document)
    evidence = {
        "similarity": best.similarity,
        "focus": request.asked.coverage(stems, request.idf),
        "lift": 1.0,
    }
    names = request.asked.names
    # A passage that holds every name the question uses ("Hvem er Leon Sebbelin?", "Hvad står CFBU for?") is
    # about what was asked: the check against a question about nothing (meant for greetings) is not needed.
    names_found = bool(names) and evidence["focus"] >= WHOLE_FOCUS and all(
        stem_matches(name, stems) for name in names
    )
    # So is a passage that holds all of a question of two or more content words ("Hvor ligger historierne om
    # skolesamarbejder?"); a greeting has none, and a word the material lacks fails the focus check.
    names_found = names_found or (len(request.asked.focus) >= 2 and evidence["focus"] >= WHOLE_FOCUS)
    if not names_found and request.null_vector is not None and request.vectors and request.vectors[best.document]:
        asked = np.asarray(request.query_vector, dtype=np.float32) - np.asarray(request.null_vector, dtype=np.float32)
        evidence["lift"] = float(np.asarray(request.vectors[best.document], dtype=np.float32) @ asked)
    return evidence


def _refusal(evidence: dict[str, float], language: Language, scoring: Scoring) -> str:
    """Why the best passage does not answer, or "" when it does."""
    floor = scoring.min_evidence if language == "da" else scoring.min_evidence_en
    if evidence["similarity"] < floor:
        return f"weak evidence ({evidence['similarity']:.3f} < {floor})"
    if evidence["focus"] < (scoring.min_focus if language == "da" else scoring.min_focus_en):
        return f"the best passage is about something else (focus {evidence['focus']:.2f})"
    min_lift = scoring.min_lift_da if language == "da" else scoring.min_lift_en
    if evidence["lift"] < min_lift:
        return f"the best passage fits an empty question as well (lift {evidence['lift']:.3f})"
    return ""
