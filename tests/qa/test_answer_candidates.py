"""The answerer tries the next-best sentences when the best one's passage is about something else."""

from __future__ import annotations

from langchain_core.documents import Document

from qa.evidence import what_is_asked
from qa.extractive import ExtractiveRequest, extractive_answer
from settings import Scoring

QUESTION = "Hvor mange medlemmer har prøvefondens bestyrelse?"
# The dense model likes the first passage best, but it is about another board; the second holds the answer.
OFF_FOCUS = Document("Ungdomsrådets bestyrelse har tolv medlemmer.", metadata={"score": 0.99, "source": "a.md"})
ON_FOCUS = Document("Prøvefondens bestyrelse har tre medlemmer.", metadata={"score": 0.78, "source": "b.md"})


def _request() -> ExtractiveRequest:
    return ExtractiveRequest(
        question=QUESTION, language="da", asked=what_is_asked(QUESTION), documents=[OFF_FOCUS, ON_FOCUS],
        vectors=[[], []], query_vector=[], idf={"prøvefond": 5.0, "bestyr": 2.0, "medlem": 1.0, "ungdomsråd": 5.0},
    )


def test_a_lower_sentence_on_the_focus_answers_when_the_best_is_about_something_else():
    answer = extractive_answer(_request(), Scoring(min_evidence=0.5, answer_candidates=3))
    assert not answer.refused
    assert [s.text for s in answer.sentences] == ["Prøvefondens bestyrelse har tre medlemmer."]


def test_with_one_candidate_the_best_sentence_alone_decides():
    answer = extractive_answer(_request(), Scoring(min_evidence=0.5, answer_candidates=1))
    assert answer.refused and "something else" in answer.reason


def test_a_lower_sentence_must_itself_hold_the_focus():
    # Its passage is on the focus only through its title; the sentence says nothing of the board.
    titled = Document("Der er tre møder om året.", metadata={"score": 0.78, "source": "b.md", "title": "Prøvefondens bestyrelse"})
    request = _request()
    request.documents = [OFF_FOCUS, titled]
    assert extractive_answer(request, Scoring(min_evidence=0.5, answer_candidates=3)).refused


def test_the_definition_bonus_goes_to_the_sentence_that_defines_what_was_asked():
    from qa.extractive import _defines

    asked = what_is_asked("Hvad forstås ved et udsat boligområde?")
    idf = {"udsat": 3.0, "boligområd": 2.0}
    assert _defines("Ved et udsat boligområde forstås et område, hvor mindst to kriterier er opfyldt.", asked, idf)
    # Defines something else; the focus words come later in the sentence.
    assert not _defines("Ved en dagligvarebutik forstås en butik, der sælger dagligvarer, også i et udsat boligområde.", asked, idf)
