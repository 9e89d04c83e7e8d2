"""Gather the documents to index: fetched sources where a network exists, local files always."""

from __future__ import annotations

from ingest.documents import ParsedDocument
from ingest.loader import load_local
from ingest.sources import SourcesManifest, read_sources
from settings import Settings
from vectorstore.manifest import MissingSource


def collect_documents(settings: Settings) -> tuple[list[ParsedDocument], list[MissingSource]]:
    """All documents that could be read, and one MissingSource line for each that could not."""
    sources = read_sources(settings.sources_path)
    fetched: list[ParsedDocument] = []
    missing: list[MissingSource] = []
    if settings.fetch and sources.source:
        from ingest.fetch import fetch_sources  # httpx and the crawler are only needed here

        fetched, missing = fetch_sources(sources, settings)
    fetched_urls = {d.source for d in fetched}
    local, failures = load_local(settings.corpus_dir, sources, settings.parse_timeout_s, skip_snapshots_of=fetched_urls)
    missing.extend(MissingSource(name=f.name, reason=f.reason) for f in failures)
    documents = fetched + local
    missing.extend(_expected_but_absent(sources, documents, missing))
    return documents, missing


def _expected_but_absent(
    sources: SourcesManifest, documents: list[ParsedDocument], missing: list[MissingSource]
) -> list[MissingSource]:
    """Name each linked document the manifest expects that no fetched document matches."""
    present = " ".join(
        f"{d.title} {d.extra.get('link_text', '')}".lower() for d in documents if d.extra.get("linked_from") or d.url
    )
    already_named = " ".join(m.name.lower() for m in missing)
    absent = []
    for expected in sources.expected:
        needle = (expected.link_text or expected.title).lower()
        if needle in present or needle in already_named:
            continue
        where = f" on {expected.domain}" if expected.domain else ""
        absent.append(MissingSource(name=expected.title, reason=f"not fetched: its page{where} could not be reached (no network?)"))
    return absent
