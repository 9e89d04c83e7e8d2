"""Answers over legal text (our own fixture law, fake embeddings): § citations, refusals with related
passages, one of two near-identical versions, numbers in words."""

from __future__ import annotations

import json

import pytest

from tests.conftest import fake_settings

# Our own text in the shape of a Danish law (never a real law's text).
LAW = """# Bekendtgørelse af lov om prøveboliger

## Kapitel 1

§ 1. Ved et prøveområde forstås et boligområde, hvor mindst 40 pct. af beboerne er lejere, jf. § 2, stk. 2. Stk. 2. Kommunalbestyrelsen offentliggør den 1. december hvert år, hvilke områder der er prøveområder.

§ 2. Prøvefondens bestyrelse består af tre medlemmer. Stk. 2. Prøvefonden har en årlig ramme på 7,1 mio. kr. til nedrivning af prøveboliger. Stk. 3. Direktøren for prøvefonden ansættes af bestyrelsen.

§ 3. Hver fjerde prøvebolig skal udlejes til unge under uddannelse.
"""
AMENDMENT = """# Lov om ændring af lov om prøveboliger

§ 1. I lov om prøveboliger foretages følgende ændring: Ved et prøveområde forstås et boligområde, hvor mindst 40 pct. af beboerne er lejere, jf. § 2, stk. 2.
"""


@pytest.fixture(scope="module")
def law_assistant(tmp_path_factory):
    from ingest.pipeline import run_ingest
    from qa.pipeline import Assistant

    root = tmp_path_factory.mktemp("law")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "sources.toml").write_text("allow_domains = []\n", encoding="utf-8")
    (corpus / "proeveboligloven.md").write_text(LAW, encoding="utf-8")
    (corpus / "aendringslov.md").write_text(AMENDMENT, encoding="utf-8")
    settings = fake_settings(root, scoring={"min_evidence": 0.2, "min_evidence_en": 0.2, "min_focus": 0.5})
    run_ingest(settings)
    return Assistant(settings)


def test_a_law_citation_names_its_paragraph_and_subsection(law_assistant):
    answer = law_assistant.answer("Hvor stor er prøvefondens årlige ramme til nedrivning?")
    assert not answer.refused and "7,1 mio. kr." in answer.answer
    assert answer.citations[0].label == "Bekendtgørelse af lov om prøveboliger § 2, stk. 2"


def test_of_two_near_identical_versions_the_consolidated_act_is_cited_once(law_assistant):
    answer = law_assistant.answer("Hvad forstås ved et prøveområde?")
    assert not answer.refused and "40 pct." in answer.answer
    titles = [c.title for c in answer.citations]
    assert titles == ["Bekendtgørelse af lov om prøveboliger"]


def test_numbers_in_words_answer_a_count(law_assistant):
    answer = law_assistant.answer("Hvor mange medlemmer har prøvefondens bestyrelse?")
    assert not answer.refused and "tre medlemmer" in answer.answer


def test_a_role_is_not_a_name_so_who_is_the_director_is_refused_with_related_passages(law_assistant):
    answer = law_assistant.answer("Hvem er direktør for prøvefonden?")
    assert answer.refused and answer.citations == []
    data = answer.to_json_dict()
    assert data["related"] and "citations" in data and data["citations"] == []
    assert any("Direktøren" in related["excerpt"] for related in data["related"])
    json.dumps(data)


def test_an_answered_question_has_no_related_key(law_assistant):
    data = law_assistant.answer("Hvornår offentliggør kommunalbestyrelsen prøveområderne?").to_json_dict()
    assert "related" not in data and "1. december" in data["answer"]


def test_a_spelling_slip_is_read_as_the_word_of_the_material(law_assistant):
    answer = law_assistant.answer("Hvor mange medlemmer har prøvefondens bestyrelsse?")
    assert not answer.refused and "tre medlemmer" in answer.answer


def test_the_words_that_answer_are_marked(law_assistant):
    data = law_assistant.answer("Hvor mange medlemmer har prøvefondens bestyrelse?").to_json_dict()
    assert data["marked"] == ["tre"]


def test_a_definition_question_searches_bm25_with_the_words_laws_define_with(law_assistant, monkeypatch):
    """"Ved et hårdt ghettoområde forstås ..." is one short stk. among many that use the term: BM25 gets "forstås"."""
    from qa.retrieval import HybridRetriever

    searched = []
    original = HybridRetriever.search_with_vectors

    def spy(self, query, query_vector=None, lexical_query=None, **kwargs):
        searched.append(lexical_query)
        return original(self, query, query_vector, lexical_query=lexical_query, **kwargs)

    monkeypatch.setattr(HybridRetriever, "search_with_vectors", spy)
    law_assistant.retrieve("Hvad er et prøveområde?", "da")
    law_assistant.retrieve("Hvor mange medlemmer har bestyrelsen?", "da")
    assert "forstås" in searched[0].split() and "forstås" not in searched[1].split()
