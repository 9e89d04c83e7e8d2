"""The chat-model factory (the one place an LLM backend is chosen) and the grounded LLM answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser

from qa.prompts import answer_prompt, condense_prompt
from qa.types import REFUSAL, Language
from settings import Settings

LANGUAGE_NAMES = {"da": "Danish", "en": "English"}
_REFUSAL_PHRASES = re.compile(r"fremgår ikke af materialet|material does not say", re.IGNORECASE)


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None for the extractive backend."""
    match settings.llm_backend:
        case "extractive":
            return None
        case "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=settings.llm_model, base_url=settings.llm_base_url, api_key=settings.llm_api_key,
                timeout=settings.llm_timeout_s, temperature=settings.llm_temperature, max_retries=1,
            )
        case "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                model=settings.llm_model, base_url=settings.llm_base_url, temperature=settings.llm_temperature,
                client_kwargs={"timeout": settings.llm_timeout_s},
            )
        case "fake":
            from langchain_core.language_models.fake_chat_models import FakeListChatModel

            # A canned, grounded-looking reply so the LLM path can be exercised without a model.
            return FakeListChatModel(responses=["Kilderne beskriver dette [1]."])
        case other:
            raise ValueError(f"unknown llm backend {other!r}")


def format_context(documents: list[Document]) -> str:
    """Number the sources as the model must cite them; page and section help it quote precisely."""
    blocks = []
    for n, document in enumerate(documents, start=1):
        metadata = document.metadata
        where = ", ".join(
            part for part in (metadata.get("section"), f"side {metadata['page']}" if metadata.get("page") else "") if part
        )
        header = f"[{n}] {metadata.get('title', '')}" + (f" ({where})" if where else "")
        blocks.append(f"{header}\n{document.page_content}")
    return "\n\n".join(blocks)


def answer_inputs(question: str, language: Language, documents: list[Document]) -> dict[str, str]:
    return {
        "context": format_context(documents), "question": question,
        "refusal": REFUSAL[language], "language_name": LANGUAGE_NAMES[language],
    }


def stream_llm_answer(chat_model: BaseChatModel, question: str, language: Language, documents: list[Document]) -> Iterator[str]:
    chain = answer_prompt() | chat_model | StrOutputParser()
    yield from chain.stream(answer_inputs(question, language, documents))


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL_PHRASES.search(text))


def condense_question(chat_model: BaseChatModel, question: str, history: list[tuple[str, str]]) -> str:
    """A standalone question from a follow-up and the (already trimmed) conversation (LLM backends only)."""
    lines = "\n".join(f"{'User' if role == 'user' else 'Assistant'}: {text}" for role, text in history)
    chain = condense_prompt() | chat_model | StrOutputParser()
    condensed = chain.invoke({"history": lines, "question": question}).strip()
    return condensed or question
