"""The one entry point of the read side: Assistant.answer(question, history) -> Answer, and its streaming twin.

An answer is a pipeline of named steps, each a small method that can be tested alone:
clean -> language -> retrieval query -> retrieve -> draft (LLM or extractive) -> verify -> cite.
Timings of every step are collected in one place (``StepTimer``) and returned with the answer.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel

from danish.glossary import danish_terms, names_in
from danish.language import Language, detect_language
from danish.legal import paragraph_references
from danish.words import content_stems
from qa.citations import citation_for, finalize_citations
from qa.evidence import in_danish, what_is_asked
from qa.extractive import ExtractiveRequest, extractive_answer
from qa.followup import heuristic_retrieval_query
from qa.queries import search_texts
from qa.spelling import SpellingCorrector
from qa.llm import condense_question, is_refusal, make_chat_model, stream_llm_answer
from qa.retrieval import HybridRetriever
from qa.types import REFUSAL, Answer, Draft, QuestionError
from qa.verify import check_llm_draft, strip_unsafe_markup
from settings import Settings
from vectorstore.store import Index, current_build_id, open_index

log = logging.getLogger(__name__)

NOTICE_LLM_FAILED = {
    "da": "Sprogmodellen kunne ikke svare lige nu, så her er de relevante uddrag fra kilderne.",
    "en": "The language model could not answer right now, so here are the relevant passages from the sources.",
}
NOTICE_LLM_UNVERIFIED = {
    "da": "Sprogmodellens svar kunne ikke efterprøves mod kilderne, så her er de relevante uddrag i stedet.",
    "en": "The language model's answer could not be checked against the sources, so here are the relevant passages instead.",
}
# Questions about nothing: the best sentence must fit the real question better than these.
NULL_QUESTIONS = {"da": "Hvad står der?", "en": "What does it say?"}


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a question or raise QuestionError with a message for the user."""
    if not isinstance(question, str):
        raise QuestionError("Spørgsmålet skal være tekst. / The question must be text.")
    text = "".join(ch for ch in unicodedata.normalize("NFC", question) if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    # Markup is never part of a question about the material (and must never reach a prompt as such).
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("Skriv et spørgsmål. / Please type a question.")
    if len(text) > max_chars:
        raise QuestionError(
            f"Spørgsmålet er for langt ({len(text)} tegn; højst {max_chars}). "
            f"/ The question is too long ({len(text)} characters; at most {max_chars})."
        )
    return text


@dataclass
class StepTimer:
    """Milliseconds per pipeline step, plus the total since the timer started."""

    started: float = field(default_factory=time.perf_counter)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.timings_ms[name] = self.timings_ms.get(name, 0.0) + (time.perf_counter() - began) * 1000

    def finish(self) -> dict[str, float]:
        return {**self.timings_ms, "total": (time.perf_counter() - self.started) * 1000}


@dataclass
class Retrieved:
    """What the retrieve step found: the chunks (with their stored vectors) and the query they were found for."""

    query: str
    query_vector: list[float]
    documents: list[Document]
    vectors: list[list[float]] = field(default_factory=list)


class Assistant:
    """Holds the models and the index for a process; answers questions with validated citations."""

    def __init__(self, settings: Settings, index: Index | None = None, chat_model: BaseChatModel | None = None) -> None:
        """``chat_model`` overrides the one chosen by settings (tests pass fakes here)."""
        self.settings = settings
        self.scoring = settings.scoring
        self.index = index or open_index(settings)
        self.chat_model = chat_model if chat_model is not None else make_chat_model(settings)
        self._spelling = SpellingCorrector(self.index.lexical, self.scoring.max_typo_distance)
        # One Assistant serves every chat session of a process; the embedding engine is not known to be
        # thread-safe, so model work runs one at a time (choosing sentences needs no model: outside the lock).
        self._lock = threading.RLock()
        detect_language("Boligsocialt arbejde")  # loads the language models now, not during the first question
        self._null_vectors = {lang: self.index.embeddings.embed_query(text) for lang, text in NULL_QUESTIONS.items()}

    def warm_up(self, questions: list[str]) -> None:
        """Answer some questions once, so the first user does not pay for cold caches."""
        for question in questions:
            self.answer(question)

    @property
    def backend(self) -> dict[str, str]:
        llm = "extractive"
        if self.chat_model is not None:
            kind = self.settings.llm_backend if self.settings.llm_backend != "extractive" else "custom"
            name = getattr(self.chat_model, "model_name", None) or getattr(self.chat_model, "model", None)
            llm = f"{kind}:{name or type(self.chat_model).__name__}"
        return {"embeddings": self.index.embeddings.model_id, "llm": llm}

    # --- the steps ------------------------------------------------------------

    def retrieval_query(self, question: str, history: list[tuple[str, str]] | None) -> str:
        """The text to search for: the question itself, or a follow-up joined with its context."""
        if not history:
            return question
        if self.chat_model is not None:
            try:
                return condense_question(self.chat_model, question, history[-self.scoring.history_turns :])
            except Exception as error:  # a failing endpoint must not block the question
                log.warning("condensing the follow-up failed (%s); using the heuristic", error)
        return heuristic_retrieval_query(question, history, self.scoring.max_follow_up_words)

    def retriever(self, language: Language = "da") -> HybridRetriever:
        s = self.scoring
        # An English question gets little from the small model's cross-lingual match; BM25 over the Danish
        # words of its terms counts more for it.
        lexical_weight = s.lexical_weight if language == "da" else s.lexical_weight_en
        return HybridRetriever(
            index=self.index, k=s.top_k, candidates=s.candidates, dense_weight=s.dense_weight,
            lexical_weight=lexical_weight, rrf_k=s.rrf_k, paragraph_weight=s.paragraph_weight,
            lexical_reserve=s.lexical_reserve,
        )

    def retrieve(self, query: str, language: Language = "da") -> Retrieved:
        dense_query, lexical_query = search_texts(query, language, self._spelling.correct_text)
        with self._lock:
            self._refresh_index()
            query_vector = self.index.embeddings.embed_query(dense_query)
            found = self.retriever(language).search_with_vectors(query, query_vector, lexical_query=lexical_query)
        return Retrieved(query, query_vector, [d for d, _ in found], [v or [] for _, v in found])

    def draft_extractive(self, question: str, language: Language, found: Retrieved) -> Draft:
        # The kind of fact comes from the question itself; what it is about, from the question in its context.
        kind = what_is_asked(question).kind
        asked = what_is_asked(found.query, self._spelling.correct_stem)
        if language == "en":
            asked = in_danish(asked, found.query)
        request = ExtractiveRequest(
            question=question, language=language, asked=dataclasses.replace(asked, kind=kind),
            documents=found.documents, vectors=found.vectors, query_vector=found.query_vector,
            idf=self.index.lexical.inverse_document_frequency, null_vector=self._null_vectors[language],
            paragraphs=tuple(paragraph_references(found.query)),
        )
        if language == "en" and not danish_terms(found.query) and not names_in(found.query):
            # Nothing in it belongs to the field: "Tell me a joke" is not a question about the material.
            draft = Draft("", True, "an English question about nothing in the material's field")
        else:
            draft = extractive_answer(request, self.scoring)
        if draft.refused:
            log.info("refused: %s", draft.reason)
        return draft

    def verify_llm_text(self, text: str, found: Retrieved) -> Draft | None:
        """The LLM's answer with unsupported markers removed, or None when nothing in it is supported."""
        # The chunks' vectors are stored with them: only the claim is embedded.
        vectors = {id(document): vector for document, vector in zip(found.documents, found.vectors)}

        def supports(claim: str, document: Document) -> bool:
            return self._supports(claim, document, vectors.get(id(document)))

        with self._lock:
            return check_llm_draft(strip_unsafe_markup(text), found.documents, supports, is_refusal)

    def cite(self, draft: Draft, language: Language, documents: list[Document]) -> tuple[str, list]:
        if draft.refused:
            return REFUSAL[language], []
        quotes: dict[int, list[str]] = {}
        for sentence in draft.sentences or []:
            quotes.setdefault(sentence.document + 1, []).append(sentence.text)
        return finalize_citations(draft.text, documents, quotes)

    # --- the pipeline -----------------------------------------------------------

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        final = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, history: list[tuple[str, str]] | None = None) -> Iterator[str | Answer]:
        """Yield pieces of answer text as they are produced, then the final, validated Answer."""
        timer = StepTimer()
        question = clean_question(question, self.settings.max_question_chars)
        language = detect_language(question)
        with timer.step("condense"):
            query = self.retrieval_query(question, history)  # may call the LLM: outside the lock
        with timer.step("retrieve"):
            found = self.retrieve(query, language)

        notice, draft = None, None
        if self.chat_model is not None:
            text = ""
            try:
                with timer.step("llm"):
                    for piece in stream_llm_answer(self.chat_model, question, language, found.documents):
                        text += piece
                        yield piece
                with timer.step("verify"):
                    draft = self.verify_llm_text(text, found)
                if draft is None:
                    notice = NOTICE_LLM_UNVERIFIED[language]
            except Exception as error:
                log.warning("LLM answer failed: %s: %s", type(error).__name__, error)
                notice = NOTICE_LLM_FAILED[language]
        if draft is None:
            with timer.step("extract"):
                draft = self.draft_extractive(question, language, found)
            if self.chat_model is None or notice:
                yield from _word_pieces(REFUSAL[language] if draft.refused else draft.text)

        with timer.step("cite"):
            text, citations = self.cite(draft, language, found.documents)
            related = [citation_for(found.documents[i], n, []) for n, i in enumerate(draft.related, start=1)] if draft.refused else []
        yield Answer(
            question=question, answer=text, refused=draft.refused, language=language, citations=citations,
            backend=self.backend, notice=notice, retrieval_query=query if query != question else None,
            timings_ms=timer.finish(), related=related, marked=[] if draft.refused else draft.marked,
        )

    # --- helpers ----------------------------------------------------------------

    def _refresh_index(self) -> None:
        """Pick up a new build made by the ingest while this process runs."""
        latest = current_build_id(self.settings.index_dir)
        if latest and latest != self.index.build_id:
            self.index = open_index(self.settings, embeddings=self.index.embeddings)
            self._spelling = SpellingCorrector(self.index.lexical, self.scoring.max_typo_distance)

    def _supports(self, claim: str, document: Document, chunk_vector: list[float] | None = None) -> bool:
        """Does the source back the claim: enough shared content words, or a chunk very similar to it?"""
        claim_stems = content_stems(claim)
        if claim_stems and len(claim_stems & content_stems(document.page_content)) / len(claim_stems) >= self.scoring.min_support_overlap:
            return True
        claim_vector = self.index.embeddings.embed_query(claim)
        if not chunk_vector:
            chunk_vector = self.index.embeddings.embed_documents([document.page_content])[0]
        similarity = sum(a * b for a, b in zip(claim_vector, chunk_vector))
        return similarity >= self.scoring.min_support_similarity


def _word_pieces(text: str) -> Iterator[str]:
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)
