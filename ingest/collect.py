"""Gather the documents to index: fetched sources (or their cached copies), and local files always."""

from __future__ import annotations

from ingest.documents import ParsedDocument
from ingest.loader import load_local
from ingest.sandbox import FileLimits
from ingest.sources import SourcesManifest, read_sources
from settings import Settings
from vectorstore.manifest import MissingSource


def collect_documents(settings: Settings) -> tuple[list[ParsedDocument], list[MissingSource]]:
    """All documents that could be read, and one MissingSource line for each that could not."""
    sources = read_sources(settings.sources_path)
    fetched: list[ParsedDocument] = []
    missing: list[MissingSource] = []
    if sources.source:
        from ingest.fetch import fetch_sources  # httpx and the crawler are only needed here

        # With fetching off this serves cached copies only.
        fetched, missing = fetch_sources(sources, settings)
    fetched_urls = {d.source for d in fetched}
    local, failures = load_local(
        settings.corpus_dir, sources, settings.parse_timeout_s, skip_snapshots_of=fetched_urls,
        limits=FileLimits.from_settings(settings),
    )
    missing = _snapshot_stands_in(local, missing)
    missing.extend(MissingSource(name=f.name, reason=f.reason) for f in failures)
    documents = fetched + local
    missing.extend(_expected_but_absent(sources, documents, missing, fetched_urls))
    return documents, missing


def _snapshot_stands_in(local: list[ParsedDocument], missing: list[MissingSource]) -> list[MissingSource]:
    """A page indexed from its local snapshot is not missing; its document notes why the snapshot was used."""
    snapshot_urls = {d.url: d for d in local if d.extra.get("snapshot")}
    kept = []
    for entry in missing:
        document = snapshot_urls.get(entry.url)
        if document is not None:
            reason = entry.reason if "snapshot" in entry.reason else f"{entry.reason}; the local snapshot is indexed instead"
            document.extra["note"] = reason
        else:
            kept.append(entry)
    return kept


def _expected_but_absent(
    sources: SourcesManifest, documents: list[ParsedDocument], missing: list[MissingSource], fetched_urls: set[str]
) -> list[MissingSource]:
    """Name each linked document the manifest expects that no fetched document matches, and why."""
    present = " ".join(f"{d.title} {d.extra.get('link_text', '')}".lower() for d in documents)
    already_named = " ".join(m.name.lower() for m in missing)
    linking_pages_fetched = any(entry.follow_links and entry.url in fetched_urls for entry in sources.source)
    absent = []
    for expected in sources.expected:
        needle = (expected.link_text or expected.title).lower()
        if needle in present or needle in already_named:
            continue
        where = f" on {expected.domain}" if expected.domain else ""
        reason = (
            f"not fetched: no link with this text was found on the fetched page{where and ' (expected' + where + ')'}"
            if linking_pages_fetched
            else f"not fetched: the page that links to it could not be fetched, so its address{where} is unknown (no network?)"
        )
        absent.append(MissingSource(name=expected.title, reason=reason))
    return absent
