"""Prompt templates live as files in prompts/; each is loaded and checked for exactly its variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"

# The variables each prompt file must use, no more and no fewer.
EXPECTED_VARIABLES = {
    "answer_system": {"refusal", "language_name"},
    "answer_user": {"context", "question"},
    "condense": {"history", "question"},
}


class PromptError(Exception):
    """A prompt file is missing or does not use the variables the code fills in."""


@lru_cache(maxsize=None)
def load_template(name: str, folder: Path = PROMPTS_DIR) -> PromptTemplate:
    path = folder / f"{name}.md"
    if not path.exists():
        raise PromptError(f"prompt file {path} is missing")
    template = PromptTemplate.from_template(path.read_text(encoding="utf-8"))
    expected = EXPECTED_VARIABLES.get(name)
    if expected is not None and set(template.input_variables) != expected:
        raise PromptError(
            f"prompt {path.name} uses {sorted(template.input_variables)}, expected exactly {sorted(expected)}"
        )
    return template


def answer_prompt(folder: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [("system", load_template("answer_system", folder).template), ("human", load_template("answer_user", folder).template)]
    )


def condense_prompt(folder: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("human", load_template("condense", folder).template)])
