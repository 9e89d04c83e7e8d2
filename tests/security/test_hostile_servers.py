"""Threats from the network: responses crafted to crash or stall the ingest, and SSRF to metadata services.

A fetched source is untrusted. Whatever a server sends (a malformed redirect, garbage, headers
or a body one byte at a time) must end as one failed source with a reason, within a deadline,
never as a crash or a hang. Only 127.0.0.1 is contacted: pytest-socket blocks everything else.
"""

from __future__ import annotations

import time

import httpx
import pytest

from ingest.fetch import Fetcher, client_from_settings
from ingest.safe_http import FetchError, SafeClient
from ingest.sources import read_sources
from tests.security.helpers import offline_settings
from tests.security.hostile_server import hostile_server

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

ROUTES = {
    "/bad-redirect": "bad_redirect", "/ipv6-redirect": "unclosed_ipv6_redirect", "/port-redirect": "bad_port_redirect",
    "/garbage": "garbage", "/header-drip": "header_drip", "/body-drip": "body_drip", "/ok": "ok",
}


def _client(**options) -> SafeClient:
    values = dict(user_agent="t", timeout_s=1, deadline_s=2, max_bytes=1_000_000, allow_private=True, tries=1, sleep=lambda s: None)
    values.update(options)
    return SafeClient(**values)


@pytest.mark.parametrize("path, reason", [
    ("/bad-redirect", "refused: a malformed redirect (http:\\\\127.0.0.1\\x)"),
    ("/ipv6-redirect", "refused: a malformed redirect (http://[::1)"),
    ("/port-redirect", "refused: not a valid URL (port 99999)"),
    ("/garbage", "connection failed (RemoteProtocolError)"),
])
def test_malformed_responses_become_a_fetch_error_with_a_reason(path, reason):
    """Crash by crafted response: httpx.InvalidURL from a 302 to 'http:\\\\127.0.0.1\\x' used to escape the
    fetcher and end the ingest; every such response is now one FetchError."""
    with hostile_server(ROUTES) as server:
        with pytest.raises(FetchError) as caught:
            _client().get(server.base + path)
    assert caught.value.reason == reason


@pytest.mark.parametrize("path", ["/header-drip", "/body-drip"])
def test_a_dripping_server_is_cut_off_at_the_overall_deadline(path):
    """Slowloris-style stall: headers or body sent one byte at a time, each byte inside the read timeout.
    The deadline covers connect, headers and body together."""
    with hostile_server(ROUTES, drip_interval_s=0.05, max_drip_bytes=600) as server:  # the drip would last 30 s
        started = time.monotonic()
        with pytest.raises(FetchError, match="no complete response within 2 s") as caught:
            _client().get(server.base + path)
        elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 5 and caught.value.transient


def _fetcher(tmp_path, base: str, paths: list[str]) -> tuple[Fetcher, object]:
    settings = offline_settings(tmp_path, fetch=True, allow_private_hosts=True, fetch_timeout_s=1, fetch_retries=1)
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    sources = "".join(f'[[source]]\nurl = "{base}{path}"\ntitle = "Kilde {path}"\n\n' for path in paths)
    settings.sources_path.write_text('allow_domains = ["127.0.0.1"]\n\n' + sources, encoding="utf-8")
    client = client_from_settings(settings, sleep=lambda s: None, deadline_s=2)
    return Fetcher(settings, client=client), read_sources(settings.sources_path)


def test_the_crawl_survives_every_hostile_source_and_indexes_the_good_one(tmp_path):
    """Crash or stall of the whole ingest by one source: each hostile URL is one line in the summary."""
    with hostile_server(ROUTES) as server:
        fetcher, sources = _fetcher(tmp_path, server.base, list(ROUTES))
        started = time.monotonic()
        documents, missing = fetcher.run(sources)
    assert time.monotonic() - started < 20
    assert [d.source for d in documents] == [server.base + "/ok"]
    reasons = {m.name: m.reason for m in missing}
    assert set(reasons) == {f"Kilde {path}" for path in ROUTES if path != "/ok"}
    assert reasons["Kilde /bad-redirect"].startswith("refused: a malformed redirect")
    assert "no complete response within 2 s" in reasons["Kilde /header-drip"]


@pytest.mark.parametrize("behaviour", ["bad_redirect", "header_drip", "garbage"])
def test_a_hostile_robots_txt_does_not_stop_the_page(tmp_path, behaviour):
    """Crash or stall through robots.txt: it is fetched with the same safe client and deadline."""
    with hostile_server({"/robots.txt": behaviour, "/ok": "ok"}) as server:
        fetcher, sources = _fetcher(tmp_path, server.base, ["/ok"])
        documents, missing = fetcher.run(sources)
    assert [d.source for d in documents] == [server.base + "/ok"] and missing == []


@pytest.mark.parametrize("error", [
    httpx.InvalidURL("bad"), httpx.DecodingError("bad gzip"), httpx.StreamConsumed(), httpx.LocalProtocolError("x"),
    OverflowError("port"), UnicodeError("idna"),
])
def test_any_httpx_error_is_a_fetch_error(error):
    """Crash by an unexpected exception type from the HTTP stack."""
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    client = SafeClient(user_agent="t", timeout_s=1, max_bytes=1000, resolver=lambda host: ["93.184.215.14"],
                        transport=httpx.MockTransport(handler), tries=1, sleep=lambda s: None)
    with pytest.raises(FetchError):
        client.get("https://www.kl.dk/side")


def test_an_unexpected_error_is_one_failed_source_not_a_crash(tmp_path):
    """Crash by a bug anywhere below the crawl: the last net turns it into a reason."""
    def handler(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("a bug")

    settings = offline_settings(tmp_path, fetch=True)
    settings.corpus_dir.mkdir(parents=True)
    settings.sources_path.write_text('[[source]]\nurl = "https://www.kl.dk/side"\ntitle = "Side"\n', encoding="utf-8")
    client = client_from_settings(settings, resolver=lambda host: ["93.184.215.14"], transport=httpx.MockTransport(handler), sleep=lambda s: None)
    documents, missing = Fetcher(settings, client=client).run(read_sources(settings.sources_path))
    assert documents == [] and [(m.name, m.reason) for m in missing] == [("Side", "failed unexpectedly (RuntimeError)")]


def test_retry_after_with_a_unicode_digit_does_not_crash():
    """Crash by a header value: '²'.isdigit() is True but float('²') raises."""
    answers = iter([httpx.Response(503, headers=[(b"Retry-After", "²".encode("latin-1"))]), httpx.Response(200, text="ok")])
    client = SafeClient(user_agent="t", timeout_s=1, max_bytes=1000, resolver=lambda host: ["93.184.215.14"],
                        transport=httpx.MockTransport(lambda request: next(answers)), tries=2, sleep=lambda s: None)
    assert client.get("https://www.kl.dk/side").status == 200


# --- SSRF: --allow-private-hosts opens loopback and private ranges, never link-local or metadata ---------

HOSTS = {
    "loopback": "127.0.0.1", "private10": "10.0.0.5", "private192": "192.168.1.10", "ula": "fd12:3456::1",
    "metadata": "169.254.169.254", "linklocal": "169.254.10.20", "linklocal6": "fe80::1", "aws6": "fd00:ec2::254",
    "alibaba": "100.100.100.200", "mapped-metadata": "::ffff:169.254.169.254", "nat64-metadata": "64:ff9b::a9fe:a9fe",
    "cgnat": "100.64.0.1",
}


@pytest.mark.parametrize("name, allowed", [
    ("loopback", True), ("private10", True), ("private192", True), ("ula", True),
    ("metadata", False), ("linklocal", False), ("linklocal6", False), ("aws6", False), ("alibaba", False),
    ("mapped-metadata", False), ("nat64-metadata", False), ("cgnat", False),
])
def test_allow_private_hosts_never_reaches_link_local_or_metadata(name, allowed):
    """SSRF to cloud metadata (instance credentials) even when private hosts are allowed for testing."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text="<html>ok</html>")

    client = SafeClient(user_agent="t", timeout_s=1, max_bytes=1000, allow_private=True, tries=1,
                        resolver=lambda host: [HOSTS[host.split(".")[0]]], transport=httpx.MockTransport(handler))
    if allowed:
        assert client.get(f"http://{name}.test/").status == 200
    else:
        with pytest.raises(FetchError, match="^refused: "):
            client.get(f"http://{name}.test/")
        assert seen == []


def test_a_name_server_that_never_answers_does_not_stall_the_ingest():
    """Threat: DNS stall. The system resolver has no time limit; a silent name server must end as a failed
    source after the timeout, not hold the ingest (here it would answer only after 10 s)."""
    import threading

    released = threading.Event()

    def silent_resolver(host: str) -> list[str]:
        released.wait(10)
        return ["93.184.216.34"]

    client = SafeClient(
        user_agent="t", timeout_s=0.2, max_bytes=1000, tries=2, resolver=silent_resolver, sleep=lambda s: None,
        transport=httpx.MockTransport(lambda request: httpx.Response(200, text="ok")),
    )
    try:
        with pytest.raises(FetchError, match="could not resolve www.kl.dk") as caught:
            client.get("https://www.kl.dk/")
        assert caught.value.transient
    finally:
        released.set()
