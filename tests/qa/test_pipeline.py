"""The answering pipeline's steps, each on its own, and the scoring configuration's overrides."""

from __future__ import annotations

import pytest

from qa.eval import scoring_with_overrides
from qa.pipeline import Assistant, StepTimer, clean_question
from qa.types import QuestionError
from settings import Scoring


def test_clean_question_strips_markup_and_control_characters():
    assert clean_question("  Hvad er\x00 <b>boligsocialt</b> arbejde?  ", 100) == "Hvad er boligsocialt arbejde?"
    with pytest.raises(QuestionError, match="højst 10"):
        clean_question("x" * 11, 10)


def test_step_timer_collects_each_step_and_the_total():
    timer = StepTimer()
    with timer.step("retrieve"):
        pass
    with timer.step("retrieve"):
        pass
    timings = timer.finish()
    assert set(timings) == {"retrieve", "total"} and timings["total"] >= timings["retrieve"] >= 0


def test_steps_can_run_alone(built_index):
    assistant = Assistant(built_index)
    found = assistant.retrieve("Hvornår går nattevandrerne?")
    assert found.documents and found.query == "Hvornår går nattevandrerne?"
    draft = assistant.draft_extractive("Hvornår går nattevandrerne?", "da", found)
    assert not draft.refused and "fredag" in draft.text
    text, citations = assistant.cite(draft, "da", found.documents)
    assert citations and "[1]" in text


def test_retrieval_query_joins_a_follow_up_with_the_question_before():
    assistant = Assistant.__new__(Assistant)  # only the settings matter for this step
    assistant.chat_model, assistant.scoring = None, Scoring()
    history = [("user", "Hvem skrev brevet til ministeren?"), ("assistant", "KL.")]
    assert assistant.retrieval_query("Hvornår skrev de det?", history) == "Hvem skrev brevet til ministeren? Hvornår skrev de det?"
    assert assistant.retrieval_query("Hvad er et forebyggelsesområde i almenboligloven?", history).startswith("Hvad er")


def test_scoring_overrides_are_validated():
    assert scoring_with_overrides(Scoring(), ["min_evidence=0.82", "top_k=7"]).top_k == 7
    with pytest.raises(ValueError, match="expected NAME=VALUE"):
        scoring_with_overrides(Scoring(), ["no_such_knob=1"])
    with pytest.raises(ValueError, match="top_k"):
        scoring_with_overrides(Scoring(), ["top_k=0"])


def test_scoring_changes_the_answer(built_index):
    strict = built_index.model_copy(update={"scoring": scoring_with_overrides(built_index.scoring, ["min_evidence=0.99"])})
    assert Assistant(strict).answer("Hvornår går nattevandrerne?").refused
