"""A sample answer for the tests of what is saved about answers (feedback, conversation history):
one Danish answer that quotes one PDF page."""

from __future__ import annotations

from dataclasses import replace

from qa.types import Answer, Citation


def sample_answer(question: str = "Hvad kritiserede KL?", *, score: float = 0.81, **overrides) -> Answer:
    """The answer to ``question`` with its one citation ([1], page 3 of a KL PDF, ``score``);
    ``overrides`` set other Answer fields (``notice``, ``retrieval_query``, ...)."""
    citation = Citation(
        n=1, title="Boligsocialt arbejde", url="https://www.kl.dk/a.pdf", source="s", page=3,
        excerpt="KL kritiserede listen.", score=score, section="Brevet", quotes=["KL kritiserede listen."],
    )
    answer = Answer(
        question=question, answer="Ifølge materialet:\n- KL kritiserede listen. [1]", refused=False, language="da",
        citations=[citation], backend={"embeddings": "fake:x", "llm": "extractive"}, timings_ms={"total": 1.0},
    )
    return replace(answer, **overrides)
