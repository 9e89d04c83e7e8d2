"""The offline answerer: quote the retrieved sentences that best answer the question, each cited [n].

Why hand-written: no local generator was usable on these machines (a 270M model parroted its
context and invented URLs), and quoting the sources verbatim cannot misstate them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.documents import Document

from danish.lexicon import CONTINUATION_STARTS
from danish.sentences import split_sentences
from danish.words import content_stems, shared_fraction
from qa.evidence import expected_answer_type, sentence_fits, unknown_names, unknown_word_share
from qa.types import Draft, Language, ScoredSentence
from settings import Scoring
from vectorstore.embeddings import NamedEmbeddings

LEAD_IN = {"da": "Ifølge materialet:", "en": "According to the material (quoted in Danish):"}


class SentenceEmbeddingCache:
    """Sentence vectors, computed once per process: the same chunks come back for many questions."""

    def __init__(self, embeddings: NamedEmbeddings, max_items: int = 20000) -> None:
        self._embeddings = embeddings
        self._vectors: dict[str, np.ndarray] = {}
        self._max_items = max_items

    def vectors(self, sentences: list[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
        if missing:
            if len(self._vectors) + len(missing) > self._max_items:
                self._vectors.clear()
            for sentence, vector in zip(missing, self._embeddings.embed_documents(missing)):
                self._vectors[sentence] = np.asarray(vector, dtype=np.float32)
        return np.stack([self._vectors[s] for s in sentences]) if sentences else np.zeros((0, 1), np.float32)


def score_sentences(
    question: str, query_vector: list[float], documents: list[Document], cache: SentenceEmbeddingCache, scoring: Scoring
) -> list[ScoredSentence]:
    """Every distinct sentence of the retrieved chunks, scored against the question, best first."""
    seen: set[str] = set()
    sentences: list[tuple[str, int]] = []
    for position, document in enumerate(documents):
        for sentence in split_sentences(document.page_content):
            if sentence not in seen and len(sentence) > scoring.min_sentence_chars:
                seen.add(sentence)
                sentences.append((sentence, position))
    if not sentences:
        return []
    vectors = cache.vectors([s for s, _ in sentences])
    similarities = vectors @ np.asarray(query_vector, dtype=np.float32)
    question_stems = content_stems(question)
    scored = []
    for order, ((sentence, position), similarity) in enumerate(zip(sentences, similarities)):
        overlap = shared_fraction(question_stems, content_stems(sentence))
        # A bare link title ("Klik her for at se …") is evidence only when nothing better is there.
        penalty = 0.0 if _is_full_sentence(sentence) else scoring.fragment_penalty
        score = float(similarity) + scoring.overlap_weight * overlap - penalty
        scored.append(ScoredSentence(sentence, position, float(similarity), overlap, score, order))
    return sorted(scored, key=lambda s: -s.score)


@dataclass
class ExtractiveRequest:
    """What the extractive answerer needs to answer one question.

    For a follow-up, ``retrieval_query`` (the question with the one before it) supplies the
    words to check; the kind of fact asked for (a date, a number) still comes from ``question``.
    ``null_vector`` is the embedding of a question about nothing ("Hvad står der?"): a sentence
    that fits it as well as the real question is no evidence (greetings, jokes, gibberish). The
    comparison uses ``retrieval_vector`` (the follow-up with its context).
    """

    question: str
    language: Language
    sentence_vector: list[float]  # what sentences are scored against
    documents: list[Document]
    retrieval_query: str
    retrieval_vector: list[float]
    null_vector: list[float] | None = None


def extractive_answer(request: ExtractiveRequest, cache: SentenceEmbeddingCache, vocabulary: set[str], scoring: Scoring) -> Draft:
    """Pick the best-supported sentences, or refuse when the material does not hold the answer."""
    question, language, words = request.question, request.language, request.retrieval_query
    names = unknown_names(question, vocabulary)
    if names:
        return Draft("", True, f"not in the material: {', '.join(names)}")
    scored = score_sentences(words, request.sentence_vector, request.documents, cache, scoring)
    answer_type, counted = expected_answer_type(question)
    if language == "en":
        counted = set()  # English words cannot be matched against the Danish sentence
    fitting = [s for s in scored if sentence_fits(s.text, answer_type, counted)]
    if not fitting:
        return Draft("", True, f"no sentence holds the {answer_type} asked for" if answer_type else "no sentences")
    best = fitting[0]
    if best.similarity < scoring.min_evidence:
        return Draft("", True, f"weak evidence ({best.similarity:.3f} < {scoring.min_evidence})", sentences=fitting[:3])
    if request.null_vector is not None:
        asked = np.asarray(request.retrieval_vector, dtype=np.float32)
        lift = float(cache.vectors([best.text])[0] @ (asked - np.asarray(request.null_vector, dtype=np.float32)))
        min_lift = scoring.min_lift_da if language == "da" else scoring.min_lift_en
        if lift < min_lift:
            return Draft("", True, f"the best sentence fits an empty question as well (lift {lift:.3f})")
    if language == "da":
        # Word checks only work within one language; Danish questions are checked against Danish text.
        if best.overlap == 0:
            return Draft("", True, "none of the question's words is in the best sentence")
        # Not for follow-ups: "Hvem skrev de til?" is all pronouns and plain verbs by nature.
        is_follow_up = words != question
        unknown = unknown_word_share(words, vocabulary, scoring.min_stem_letters)
        if not is_follow_up and unknown >= scoring.unknown_words_share and best.similarity < scoring.strong_evidence:
            return Draft("", True, f"{unknown:.0%} of the question's words are not in the material")
    # Further quotes must be whole sentences: a bare link title ("Brev til ministeren (altinget.dk)")
    # adds nothing beside a real answer.
    followers = [s for s in fitting[1:] if s.score >= best.score - scoring.follow_margin and _is_full_sentence(s.text)]
    chosen = [best] + followers[: scoring.max_answer_sentences - 1]
    # At most one continuation: enough to resolve "Heri"/"Publikationen", not a wall of quotes.
    chosen += _continuations(chosen, scored, best.score - scoring.continuation_margin)[:1]
    chosen.sort(key=lambda s: s.order)
    lines = [f"- {s.text} [{s.document + 1}]" for s in chosen]
    return Draft(LEAD_IN[language] + "\n" + "\n".join(lines), False, sentences=chosen)


def _continuations(chosen: list[ScoredSentence], scored: list[ScoredSentence], floor: float) -> list[ScoredSentence]:
    """Sentences right after a chosen one that refer back to it, when they score at least ``floor``."""
    by_order = {s.order: s for s in scored}
    picked = {s.order for s in chosen}
    extra = []
    for sentence in chosen:
        following = by_order.get(sentence.order + 1)
        if following is None or following.order in picked or following.document != sentence.document:
            continue
        first_word = following.text.split()[0].lower().strip(",.:;")
        refers_back = first_word in CONTINUATION_STARTS or bool(content_stems(first_word) & content_stems(sentence.text))
        if refers_back and following.score >= floor and _is_full_sentence(following.text):
            extra.append(following)
            picked.add(following.order)
    return extra


def _is_full_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…", ".”", ".\"", ":"))
