"""The whole ingest against the fixture web site on 127.0.0.1, then an answer that cites the fetched PDF's page."""

import pytest

from ingest.pipeline import run_ingest
from qa.pipeline import Assistant
from settings import load_settings
from tests.fixture_site import serve_site

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


@pytest.fixture(scope="module")
def site_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("site-ingest")
    with serve_site() as (site, _server):
        corpus = root / "corpus"
        corpus.mkdir()
        (corpus / "sources.toml").write_text(
            'allow_domains = ["127.0.0.1"]\n\n[[source]]\n'
            f'url = "{site.base}/boligsocialt-arbejde"\ntitle = "Boligsocialt arbejde"\nfollow_links = true\n',
            encoding="utf-8",
        )
        settings = load_settings(
            corpus_dir=corpus, index_dir=root / "index", data_dir=root / "data", embeddings="fake", scoring={"min_evidence": 0.2, "min_evidence_en": 0.2},
            allow_private_hosts=True, fetch_max_bytes=100 * 1024, fetch_timeout_s=5.0, fetch_retries=1,
        )
        first = run_ingest(settings)
        second = run_ingest(settings)
        yield site, settings, first, second


def test_fetched_sources_are_indexed_and_failures_named(site_index):
    site, _, first, _ = site_index
    assert {s.rsplit("/", 1)[-1] for s in first.new} == {"boligsocialt-arbejde", "artikel.html", "beskaeftigelse.pdf", "notat.docx"}
    reasons = {m.name: m.reason for m in first.failed}
    assert any("404" in reason for reason in reasons.values())
    assert any("larger than" in reason for reason in reasons.values())


def test_rerun_embeds_nothing(site_index):
    _, _, first, second = site_index
    assert second.embedded_chunks == 0 and not second.wrote_new_build
    assert sorted(second.unchanged) == sorted(first.new)


def test_answer_cites_the_fetched_pdf_at_its_page(site_index):
    site, settings, _, _ = site_index
    answer = Assistant(settings).answer("Hvad står der om samarbejde med boligorganisationer om jobrettede indsatser?")
    assert not answer.refused
    citation = answer.citations[0]
    assert citation.url == f"{site.base}/docs/beskaeftigelse.pdf" and citation.page == 2
    assert citation.link == f"{site.base}/docs/beskaeftigelse.pdf#page=2"
