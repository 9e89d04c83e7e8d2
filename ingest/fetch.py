"""Fetch the manifest's sources and the documents they link to (depth 1), safely and politely.

Network absence is an expected state here, not an error: every source that cannot be
had becomes one MissingSource line with a short reason, and everything else is indexed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from tqdm import tqdm

from ingest.cache import FetchCache
from ingest.documents import LimitExceeded, MissingLibraryError, ParsedDocument, ParseError
from ingest.links import Link, extract_links, host_allowed, looks_like_media
from ingest.loader import parse_document
from ingest.sandbox import FileLimits
from ingest.safe_http import FetchError, SafeClient
from ingest.sources import SourceEntry, SourcesManifest
from settings import Settings
from vectorstore.manifest import MissingSource

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt; so do we


@dataclass
class Fetched:
    data: bytes
    content_type: str
    final_url: str
    from_cache: bool = False


def client_from_settings(settings: Settings, **overrides: object) -> SafeClient:
    """A SafeClient configured by settings; tests override resolver, transport or sleep."""
    options: dict[str, object] = dict(
        user_agent=settings.fetch_user_agent, timeout_s=settings.fetch_timeout_s, max_bytes=settings.fetch_max_bytes,
        allow_private=settings.allow_private_hosts, tries=settings.fetch_retries,
    )
    options.update(overrides)
    return SafeClient(**options)  # type: ignore[arg-type]


def _progress(items: list, desc: str, unit: str) -> tqdm:
    return tqdm(items, desc=desc, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


class RobotsRules:
    """robots.txt per host, fetched once with the same safe client."""

    def __init__(self, client: SafeClient, user_agent: str) -> None:
        self.client = client
        self.user_agent = user_agent
        self._by_origin: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
        except ValueError as error:
            raise FetchError("refused: not a valid URL") from error
        rules = self._by_origin.get(origin)
        if rules is None:
            rules = self._by_origin[origin] = self._load(origin)
        try:
            return rules.can_fetch(self.user_agent, url)
        except (ValueError, UnicodeError) as error:  # a robots.txt or URL that urllib cannot compare
            raise FetchError(f"robots.txt could not be applied ({type(error).__name__})") from error

    def _load(self, origin: str) -> RobotFileParser:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            # One try: an unreachable robots.txt counts as "allowed", and the page fetch itself retries.
            response = self.client.get(origin + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES, tries=1)
        except FetchError as error:
            if error.status is not None and error.status >= 500:
                rules.disallow_all = True  # the site is in trouble: stay away, as RFC 9309 advises
            else:
                rules.allow_all = True  # no robots.txt (4xx), or unreachable: the page fetch will tell
            log.debug("robots.txt of %s: %s", origin, error.reason)
            return rules
        rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        return rules


class Fetcher:
    """Fetches URLs through robots.txt, the cache and the safe client, and parses what it gets."""

    def __init__(
        self, settings: Settings, client: SafeClient | None = None, cache: FetchCache | None = None,
        offline: bool | None = None,
    ) -> None:
        self.settings = settings
        self.client = client or client_from_settings(settings)
        self.cache = cache or FetchCache(settings.corpus_dir / "cache")
        self.offline = (not settings.fetch) if offline is None else offline
        self.robots = RobotsRules(self.client, settings.fetch_user_agent)

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, redirect_allowed: Callable[[str], bool] | None = None) -> Fetched:
        """The bytes of ``url``: fresh, confirmed by a 304, or the cached copy when the network fails."""
        cached = self.cache.get(url)

        def from_cache(why: str) -> Fetched:
            entry, data = cached  # type: ignore[misc]
            log.info("%s: %s; using the cached copy from %s", url, why, entry.fetched_at or "earlier")
            return Fetched(data, entry.content_type, entry.final_url, from_cache=True)

        if self.offline:
            if cached:
                return from_cache("fetching is off")
            raise FetchError("not fetched (fetching is off) and not in the cache")
        if not self.robots.allowed(url):
            raise FetchError("blocked by robots.txt")
        headers = self.cache.conditional_headers(cached[0]) if cached else {}
        try:
            response = self.client.get(url, headers, redirect_allowed=redirect_allowed)
        except FetchError as error:
            if error.transient and cached:
                return from_cache(error.reason)
            raise
        if response.status == 304:
            if not cached:
                raise FetchError("HTTP 304 without a cached copy")
            self.cache.touch(url)
            entry, data = cached
            log.debug("%s: not modified, cached copy used", url)
            return Fetched(data, entry.content_type, entry.final_url, from_cache=True)
        content_type = response.headers.get("content-type", "")
        try:
            self.cache.put(
                url, response.content, final_url=response.url, content_type=content_type,
                etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
            )
        except OSError as error:  # a read-only corpus folder costs the cache, not the ingest
            log.warning("could not write the fetch cache (%s)", error)
        return Fetched(response.content, content_type, response.url)

    def parse(self, fetched: Fetched, *, source: str, title: str | None, extra: dict[str, str]) -> ParsedDocument:
        path = urlsplit(fetched.final_url).path
        name = path if path.strip("/") else (urlsplit(fetched.final_url).hostname or "page")
        return parse_document(
            fetched.data, source=source, name=name, url=fetched.final_url, title=title,
            timeout_s=self.settings.parse_timeout_s, content_type=fetched.content_type, extra=extra,
            limits=FileLimits.from_settings(self.settings),
        )

    def run(self, sources: SourcesManifest) -> tuple[list[ParsedDocument], list[MissingSource]]:
        crawl = _Crawl(self, sources)
        for entry in _progress(sources.source, "Fetching sources", "page"):
            try:
                crawl.source(entry)
            except MissingLibraryError:
                raise
            except Exception as error:  # a last net: one hostile source must not end the ingest
                log.warning("%s failed unexpectedly", entry.url, exc_info=True)
                crawl.missing.append(MissingSource(name=entry.title or entry.url, reason=_unexpected(error), url=entry.url))
        try:
            self.cache.prune()
        except OSError as error:
            log.debug("could not prune the fetch cache (%s)", error)
        return crawl.documents, crawl.missing


class _Crawl:
    """State of one run: what was parsed, what is missing, and what was seen (to fetch nothing twice)."""

    def __init__(self, fetcher: Fetcher, sources: SourcesManifest) -> None:
        self.fetcher = fetcher
        self.sources = sources
        self.documents: list[ParsedDocument] = []
        self.missing: list[MissingSource] = []
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    def _get(
        self, url: str, name: str, parse: Callable[[Fetched], ParsedDocument], note: str = "", linked: bool = False,
    ) -> tuple[Fetched, ParsedDocument] | None:
        self.seen_urls.add(url)
        # A followed link may not leave the allowed domains through a redirect either (e.g. a link shortener).
        policy = (lambda host: host_allowed(host, self.sources.allow_domains)) if linked else None
        try:
            fetched = self.fetcher.fetch(url, redirect_allowed=policy)
        except FetchError as error:
            log.debug("not fetched: %s (%s)", url, error.reason)
            self.missing.append(MissingSource(name=name, reason=error.reason + note, url=url))
            return None
        except Exception as error:  # the safe client turns every HTTP error into a FetchError; this is the net below it
            log.warning("fetching %s failed unexpectedly", url, exc_info=True)
            self.missing.append(MissingSource(name=name, reason=_unexpected(error) + note, url=url))
            return None
        if fetched.final_url != url and fetched.final_url in self.seen_urls:
            log.debug("%s leads to %s, already fetched", url, fetched.final_url)
            return None
        self.seen_urls.add(fetched.final_url)
        try:
            document = parse(fetched)
        except LimitExceeded as error:
            self.missing.append(MissingSource(name=name, reason=f"skipped: {error}" + note, url=url))
            return None
        except ParseError as error:
            self.missing.append(MissingSource(name=name, reason=f"parse error: {error}" + note, url=url))
            return None
        if document.content_hash in self.seen_hashes:
            log.debug("%s has the same content as a document already fetched", url)
            return None
        self.seen_hashes.add(document.content_hash)
        self.documents.append(document)
        return fetched, document

    def source(self, entry: SourceEntry) -> None:
        if entry.url in self.seen_urls:
            return
        note = ""
        if entry.snapshot and (self.sources.base_dir / entry.snapshot).is_file():
            note = "; the local snapshot is indexed instead"
        got = self._get(
            entry.url, entry.title or entry.url, note=note,
            parse=lambda f: self.fetcher.parse(f, source=entry.url, title=entry.title, extra={}),
        )
        if got is None:
            return
        fetched, document = got
        if entry.follow_links and document.kind == "html":
            self.follow(fetched)

    def follow(self, page: Fetched) -> None:
        links: list[Link] = []
        for link in extract_links(page.data, page.final_url):
            host = urlsplit(link.url).hostname or ""
            if not host_allowed(host, self.sources.allow_domains):
                log.debug("not following %s: domain not allowed (%s)", link.url, host)
            elif looks_like_media(link.url):
                log.debug("not following %s: media, not a document", link.url)
            elif link.url not in self.seen_urls:
                links.append(link)
        limit = self.fetcher.settings.fetch_max_links
        if len(links) > limit:
            log.info("%s has %d links to follow; following the first %d", page.final_url, len(links), limit)
            links = links[:limit]
        for link in _progress(links, f"Following links of {urlsplit(page.final_url).hostname}", "doc"):
            if link.url not in self.seen_urls:  # an earlier redirect may have led here already
                self._get(
                    link.url, link.text or link.url, linked=True,
                    parse=lambda f, link=link: self._parse_linked(f, link, page),
                )

    def _parse_linked(self, fetched: Fetched, link: Link, page: Fetched) -> ParsedDocument:
        extra = {"link_text": link.text, "linked_from": page.final_url, "from_url": link.url}
        document = self.fetcher.parse(fetched, source=fetched.final_url, title=None, extra=extra)
        name = urlsplit(fetched.final_url).path
        if link.text and document.title == PurePosixPath(name).stem:
            # No title in the document itself, only its file name: the link text names it better.
            document.title = link.text
        return document


def _unexpected(error: Exception) -> str:
    return f"failed unexpectedly ({type(error).__name__})"


def fetch_sources(sources: SourcesManifest, settings: Settings) -> tuple[list[ParsedDocument], list[MissingSource]]:
    """Fetch and parse every [[source]] and, where asked, the documents it links to on allowed domains."""
    httpx_log = logging.getLogger("httpx")
    if httpx_log.level == logging.NOTSET:
        # httpx logs each request at INFO with the pinned IP address in place of the host name,
        # which reads like a wrong URL; our own DEBUG lines name the real URLs.
        httpx_log.setLevel(logging.WARNING)
    fetcher = Fetcher(settings)
    try:
        return fetcher.run(sources)
    finally:
        fetcher.close()
