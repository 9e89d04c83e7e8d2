"""The one entry point of the read side: Assistant.answer(question, history) -> Answer (and its streaming twin)."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterator

from danish.language import detect_language
from danish.sentences import split_sentences
from danish.words import content_stems
from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel

from qa.citations import MARKER, finalize_citations, markers_in
from qa.extractive import AnswerLimits, Draft, SentenceEmbeddingCache, extractive_answer, score_sentences
from qa.followup import heuristic_retrieval_query
from qa.llm import condense_question, is_refusal, make_chat_model, stream_llm_answer
from qa.retrieval import HybridRetriever
from qa.types import REFUSAL, Answer, QuestionError
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
# An LLM sentence counts as supported by a cited source when it is this similar to one of its sentences...
MIN_SUPPORT_SIMILARITY = 0.82
# ...or shares this fraction of its content words with the source.
MIN_SUPPORT_OVERLAP = 0.5


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


def strip_unsafe_markup(text: str) -> str:
    """Remove Markdown images and HTML tags from model output: a remote image can leak the conversation."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    return re.sub(r"<[^>]{1,200}>", "", text)


class Assistant:
    """Holds the models and the index for a process; answers questions with validated citations."""

    def __init__(self, settings: Settings, index: Index | None = None, chat_model: BaseChatModel | None = None) -> None:
        """``chat_model`` overrides the one chosen by settings (tests pass fakes here)."""
        self.settings = settings
        self.index = index or open_index(settings)
        self.chat_model = chat_model if chat_model is not None else make_chat_model(settings)
        self._sentences = SentenceEmbeddingCache(self.index.embeddings)
        self._vocabulary = self.index.lexical.vocabulary
        # One Assistant serves every chat session of a process; the embedding engine and the
        # sentence cache are not known to be thread-safe, so model work runs one at a time.
        self._lock = threading.RLock()
        detect_language("Boligsocialt arbejde")  # loads the language models now, not during the first question
        self._limits = AnswerLimits(
            min_evidence=settings.min_evidence, max_sentences=settings.max_answer_sentences,
            min_lift={"da": settings.min_lift_da, "en": settings.min_lift_en},
        )
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

    def _refresh_index(self) -> None:
        """Pick up a new build made by the ingest while this process runs."""
        latest = current_build_id(self.settings.index_dir)
        if latest and latest != self.index.build_id:
            self.index = open_index(self.settings, embeddings=self.index.embeddings)
            self._vocabulary = self.index.lexical.vocabulary

    def _retriever(self) -> HybridRetriever:
        s = self.settings
        return HybridRetriever(
            index=self.index, k=s.top_k, candidates=s.candidates, dense_weight=s.dense_weight,
            lexical_weight=s.lexical_weight, rrf_k=s.rrf_k,
        )

    def retrieval_query(self, question: str, history: list[tuple[str, str]] | None) -> str:
        if not history:
            return question
        if self.chat_model is not None:
            try:
                return condense_question(self.chat_model, question, history)
            except Exception as error:  # a failing endpoint must not block the question
                log.warning("condensing the follow-up failed (%s); using the heuristic", error)
        return heuristic_retrieval_query(question, history)

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        final = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, question: str, history: list[tuple[str, str]] | None = None) -> Iterator[str | Answer]:
        """Yield pieces of answer text as they are produced, then the final, validated Answer."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        language = detect_language(question)
        query = self.retrieval_query(question, history)  # may call the LLM: outside the lock
        with self._lock:
            self._refresh_index()
            query_vector = self.index.embeddings.embed_query(query)
            documents = self._retriever().search(query, query_vector)
        retrieved = time.perf_counter()

        notice = None
        draft = None
        if self.chat_model is not None:
            try:
                text = ""
                for piece in stream_llm_answer(self.chat_model, question, language, documents):
                    text += piece
                    yield piece
                with self._lock:
                    draft = self._check_llm_draft(strip_unsafe_markup(text), documents)
                if draft is None:
                    notice = NOTICE_LLM_UNVERIFIED[language]
            except Exception as error:
                log.warning("LLM answer failed: %s: %s", type(error).__name__, error)
                notice = NOTICE_LLM_FAILED[language]
        if draft is None:
            with self._lock:
                sentence_vector = query_vector
                if query != question:
                    # A follow-up's sentence should answer the new question in the old one's context:
                    # score against the mean of both vectors (the combined one alone favours the old question).
                    own = self.index.embeddings.embed_query(question)
                    sentence_vector = [(a + b) / 2 for a, b in zip(own, query_vector)]
                draft = extractive_answer(
                    question, language, sentence_vector, documents, self._sentences, self._vocabulary,
                    self._limits, retrieval_query=query, null_vector=self._null_vectors[language],
                    retrieval_vector=query_vector,
                )
            if draft.refused:
                log.info("refused: %s", draft.reason)
            if self.chat_model is None or notice:
                yield from _word_pieces(REFUSAL[language] if draft.refused else draft.text)

        if draft.refused:
            text, citations = REFUSAL[language], []
        else:
            quotes: dict[int, list[str]] = {}
            for sentence in draft.sentences or []:
                quotes.setdefault(sentence.document + 1, []).append(sentence.text)
            text, citations = finalize_citations(draft.text, documents, quotes)
        finished = time.perf_counter()
        yield Answer(
            question=question, answer=text, refused=draft.refused, language=language, citations=citations,
            backend=self.backend, notice=notice, retrieval_query=query if query != question else None,
            timings_ms={
                "retrieve": (retrieved - started) * 1000, "answer": (finished - retrieved) * 1000,
                "total": (finished - started) * 1000,
            },
        )

    def _check_llm_draft(self, text: str, documents: list[Document]) -> Draft | None:
        """Keep the markers whose source supports their sentence; None when nothing in the answer is supported."""
        if is_refusal(text):
            return Draft("", True, "the model found no answer in the sources")
        supported_any = False
        checked = text
        for sentence in split_sentences(text) or [text]:
            cited = [n for n in markers_in(sentence) if 1 <= n <= len(documents)]
            kept = [n for n in cited if self._supports(sentence, documents[n - 1])]
            supported_any = supported_any or bool(kept)
            rebuilt = MARKER.sub(lambda m: _keep_numbers(m, kept), sentence)
            checked = checked.replace(sentence, rebuilt, 1)
        return Draft(checked, False) if supported_any else None

    def _supports(self, sentence: str, document: Document) -> bool:
        claim = MARKER.sub("", sentence)
        claim_stems = content_stems(claim)
        source_stems = content_stems(document.page_content)
        if claim_stems and len(claim_stems & source_stems) / len(claim_stems) >= MIN_SUPPORT_OVERLAP:
            return True
        candidates = score_sentences(claim, self.index.embeddings.embed_query(claim), [document], self._sentences)
        return bool(candidates) and candidates[0].similarity >= MIN_SUPPORT_SIMILARITY


def _keep_numbers(marker: re.Match, kept: list[int]) -> str:
    """Rewrite one [n, m] marker in place, keeping only the supported numbers."""
    numbers = [int(n) for n in re.split(r"\s*[,;]\s*", marker.group(1)) if int(n) in kept]
    return " [" + ", ".join(map(str, numbers)) + "]" if numbers else ""


def _word_pieces(text: str) -> Iterator[str]:
    for match in re.finditer(r"\S+\s*", text):
        yield match.group(0)
