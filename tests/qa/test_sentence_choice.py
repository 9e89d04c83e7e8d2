"""How the extractive answerer chooses its sentences: candidates past a refused best one, the whole § as context, definitions, negation, long §§ cut by the chunk size."""

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


def test_a_stk_is_about_what_its_paragraph_names():
    """Stk. 2 says "skal godkende planer efter stk. 1"; what the plans are for is named in stk. 1, another chunk."""
    question = "Hvem skal godkende udviklingsplanen for et prøveområde?"
    law = {"source": "lov.md", "paragraph": "9", "title": "Lov om byudvikling"}
    stk1 = Document("§ 9. Kommunen udarbejder en udviklingsplan for hvert prøveområde.", metadata={**law, "score": 0.80, "subsection": 1})
    stk2 = Document("Stk. 2. Ministeren skal godkende udviklingsplaner efter stk. 1.", metadata={**law, "score": 0.90, "subsection": 2})
    idf = {"godk": 2.0, "udviklingsplan": 3.0, "prøveområd": 5.0}

    def request(documents):
        return ExtractiveRequest(
            question=question, language="da", asked=what_is_asked(question), documents=documents,
            vectors=[[] for _ in documents], query_vector=[], idf=idf,
        )

    answer = extractive_answer(request([stk2, stk1]), Scoring(min_evidence=0.5, answer_candidates=1))
    assert not answer.refused and answer.sentences[0].text.startswith("Stk. 2. Ministeren")
    # Found alone, stk. 2 does not say what the plans are for.
    assert extractive_answer(request([stk2]), Scoring(min_evidence=0.5, answer_candidates=1)).refused


def test_a_passage_holding_all_of_a_question_of_two_or_more_words_needs_no_lift_over_an_empty_question():
    """'Hvad hedder den aftale, regeringen præsenterede med partierne?' reads like 'Hvad står der?' to the model."""
    question = "Hvad hedder aftalen, som regeringen præsenterede med partierne?"
    passage = Document("Regeringen præsenterede med partierne aftalen ”Blandede byer”.", metadata={"score": 0.9, "source": "a.md"})

    def request(question):
        # The chunk fits the empty question better than the real one: a negative lift.
        return ExtractiveRequest(
            question=question, language="da", asked=what_is_asked(question), documents=[passage], vectors=[[1.0, 0.0]],
            query_vector=[0.5, 0.5], null_vector=[1.0, 0.0], idf={"aftal": 2.0, "regering": 2.0, "præsenter": 3.0, "parti": 2.0},
        )

    assert not extractive_answer(request(question), Scoring(min_evidence=0.5)).refused
    # One content word is not enough to waive it.
    assert extractive_answer(request("Hvad præsenterede de?"), Scoring(min_evidence=0.5)).refused


def test_a_long_paragraph_cut_by_the_chunk_size_is_quoted_as_going_on():
    """A list of cases cut by the chunk size is not a link title: it is quoted, marked as going on."""
    question = "Hvornår kan udlejeren opsige lejeren?"
    law = {"source": "lejelov.md", "title": "Lov om leje", "paragraph": "85", "subsection": 1}
    cut = Document("§ 85. Udlejeren kan opsige lejeren i følgende tilfælde: 1) Når ejendommen skal nedrives, eller at",
                   metadata={**law, "score": 0.9})
    request = ExtractiveRequest(question=question, language="da", asked=what_is_asked(question), documents=[cut],
                                vectors=[[]], query_vector=[], idf={"udlej": 2.0, "ops": 3.0, "lej": 1.0})
    answer = extractive_answer(request, Scoring(min_evidence=0.5))
    assert not answer.refused
    assert "skal nedrives, eller at … [1]" in answer.text


def test_a_sentence_that_says_not_loses_a_close_tie_to_one_that_does_not():
    question = "Hvad kan fondens midler bruges til?"
    negated = Document("Fondens midler kan ikke anvendes til administration.", metadata={"score": 0.905, "source": "a.md"})
    positive = Document("Fondens midler anvendes til afdelingernes drift.", metadata={"score": 0.90, "source": "b.md"})
    request = ExtractiveRequest(question=question, language="da", asked=what_is_asked(question),
                                documents=[negated, positive], vectors=[[], []], query_vector=[], idf={"fond": 2.0, "midl": 2.0})
    best = extractive_answer(request, Scoring(min_evidence=0.5, negation_penalty=0.02, follow_margin=0.0)).sentences[0]
    assert best.text == positive.page_content
    best_without = extractive_answer(request, Scoring(min_evidence=0.5, negation_penalty=0.0, follow_margin=0.0)).sentences[0]
    assert best_without.text == negated.page_content


def test_a_lead_in_that_names_what_was_asked_is_not_a_fragment():
    """"Hvad er CFBU?" is answered by the sentence that spells it out, not by a link title naming cfbu.dk."""
    question = "Hvad er CFBU?"
    page = {"source": "page.md", "title": "Boligsocialt arbejde"}
    lead_in = Document("Historierne herunder er udarbejdet af KL og Center for Boligsocial Udvikling (CFBU):",
                       metadata={**page, "score": 0.88})
    link = Document("Klik her for at se familieindsatser i Brøndby Kommune (cfbu.dk)", metadata={**page, "score": 0.87})
    # A sentence ending in ":" is whole: it is not marked down as a fragment (a bare link title is).
    request = ExtractiveRequest(question=question, language="da", asked=what_is_asked(question), documents=[lead_in, link],
                                vectors=[[], []], query_vector=[], idf={"cfbu": 6.0})
    answer = extractive_answer(request, Scoring(min_evidence=0.5, follow_margin=0.0))
    assert [s.text for s in answer.sentences] == [lead_in.page_content]
