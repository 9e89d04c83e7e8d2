"""Fetching: a real crawl of a fixture site on 127.0.0.1, and SSRF refusals proven with a mock transport.

No test sends traffic anywhere but 127.0.0.1: pytest-socket blocks every other
connect, and the SSRF tests use httpx.MockTransport with an injected resolver.
"""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from ingest.cache import FetchCache
from ingest.fetch import Fetcher, client_from_settings, fetch_sources
from ingest.links import extract_links, host_allowed
from ingest.safe_http import FetchError, SafeClient, blocked_reason
from ingest.sources import read_sources
from settings import load_settings
from tests.fixture_site import ARTICLE_ETAG, serve_site, stop

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

MAX_BYTES = 100 * 1024  # below the fixture's large file, above its PDF and DOCX


@pytest.fixture(scope="module")
def site():
    with serve_site() as (running, server):
        yield running


def _settings(tmp_path: Path, base: str, **overrides):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    manifest = corpus / "sources.toml"
    manifest.write_text(
        'allow_domains = ["127.0.0.1"]\n\n[[source]]\n'
        f'url = "{base}/boligsocialt-arbejde"\ntitle = "Boligsocialt arbejde"\nfollow_links = true\n',
        encoding="utf-8",
    )
    options = dict(
        corpus_dir=corpus, sources_file=manifest, index_dir=tmp_path / "index", allow_private_hosts=True,
        fetch_max_bytes=MAX_BYTES, fetch_timeout_s=5.0,
    )
    options.update(overrides)
    return load_settings(**options)


def _fetcher(settings, **client_options) -> Fetcher:
    return Fetcher(settings, client=client_from_settings(settings, sleep=lambda s: None, **client_options))


# --- the crawl --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawl(site, tmp_path_factory):
    settings = _settings(tmp_path_factory.mktemp("crawl"), site.base)
    documents, missing = fetch_sources(read_sources(settings.sources_path), settings)
    return settings, {d.url: d for d in documents}, {m.name: m for m in missing}


def test_page_is_parsed_with_the_manifest_title_and_its_url_as_source(site, crawl):
    _, documents, _ = crawl
    page = documents[f"{site.base}/boligsocialt-arbejde"]
    assert page.source == f"{site.base}/boligsocialt-arbejde"  # so the local snapshot is skipped
    assert page.title == "Boligsocialt arbejde"
    assert page.kind == "html"


def test_linked_documents_are_parsed_with_link_metadata(site, crawl):
    _, documents, _ = crawl
    page_url = f"{site.base}/boligsocialt-arbejde"
    assert set(documents) == {
        page_url, f"{site.base}/artikel.html", f"{site.base}/docs/beskaeftigelse.pdf", f"{site.base}/docs/notat.docx",
    }
    article = documents[f"{site.base}/artikel.html"]
    # Reached through the 302 first; the direct link (with #top) is the same document and is not fetched twice.
    assert article.extra == {"link_text": "Artikel om helhedsplaner", "linked_from": page_url, "from_url": f"{site.base}/gammel-artikel"}
    assert article.title == "Helhedsplaner skaber tryghed"
    text = " ".join(s.text for s in article.sections)
    assert "Jobcentret har faste træffetider" in text
    assert "cookies" not in text and "Weidekampsgade" not in text and "Menu punkt" not in text

    pdf = documents[f"{site.base}/docs/beskaeftigelse.pdf"]
    assert pdf.kind == "pdf" and pdf.page_count == 3
    assert pdf.title == "Beskæftigelsesindsatser i udsatte boligområder"
    assert pdf.extra["link_text"] == "Beskæftigelsesindsatser i udsatte boligområder"
    assert pdf.extra["from_url"] == f"{site.base}/docs/beskaeftigelse.pdf"  # relative link resolved
    assert [s.page for s in pdf.sections] == [1, 2, 3]
    assert "Anden side" in pdf.sections[1].text and "Tredje side" in pdf.sections[2].text

    docx = documents[f"{site.base}/docs/notat.docx"]
    assert docx.kind == "docx"
    assert docx.title == "Notat om skolesamarbejder"  # no title in the file: the link text names it
    assert docx.sections[0].heading == "Skolesamarbejder"
    assert "god skolestart" in docx.sections[0].text
    assert docx.extra["linked_from"] == page_url


def test_failures_are_named_once_with_a_reason(site, crawl):
    _, _, missing = crawl
    assert set(missing) == {"Høringssvar der er flyttet", "En meget stor rapport", "Intern side", "Videre til ekstern side"}
    assert missing["Høringssvar der er flyttet"].reason == "HTTP 404"
    assert missing["Høringssvar der er flyttet"].url == f"{site.base}/docs/mangler.pdf"
    assert missing["En meget stor rapport"].reason == "larger than 100 KB"
    assert missing["Intern side"].reason == "blocked by robots.txt"
    assert missing["Videre til ekstern side"].reason == "redirects to a domain that is not allowed (eksempel.invalid)"


def test_robots_disallowed_menu_and_foreign_links_are_never_requested(site, crawl):
    paths = site.paths()
    assert "/robots.txt" in paths
    for path in ("/privat/hemmelig.html", "/kontakt.html", "/cookies.html", "/om.html"):
        assert path not in paths
    assert paths.count("/artikel.html") == 1


def test_fetched_bytes_are_cached_by_hash_with_an_index(site, crawl):
    settings, documents, _ = crawl
    cache = FetchCache(settings.corpus_dir / "cache")
    entry, data = cache.get(f"{site.base}/gammel-artikel")
    assert entry.final_url == f"{site.base}/artikel.html" and entry.etag == ARTICLE_ETAG
    assert entry.hash == documents[f"{site.base}/artikel.html"].content_hash
    assert (settings.corpus_dir / "cache" / "objects" / entry.hash).read_bytes() == data
    assert not list((settings.corpus_dir / "cache").rglob("*.tmp"))


# --- cache: conditional re-fetch, offline ---------------------------------------------------


def test_refetch_is_conditional_and_offline_uses_the_cache(tmp_path, caplog):
    with serve_site() as (site, server):
        settings = _settings(tmp_path, site.base)
        sources = read_sources(settings.sources_path)
        first, _ = _fetcher(settings).run(sources)

        second, _ = _fetcher(settings).run(sources)
        article_requests = [(status, headers) for path, status, headers in site.requests if path == "/artikel.html"]
        assert [status for status, _ in article_requests] == [200, 304]
        assert article_requests[1][1].get("If-None-Match") == ARTICLE_ETAG
        assert {d.url: d.content_hash for d in second} == {d.url: d.content_hash for d in first}

        stop(server)  # the network is gone
        caplog.set_level("INFO", logger="ingest.fetch")
        offline, missing = _fetcher(settings).run(sources)
    assert {d.url: d.content_hash for d in offline} == {d.url: d.content_hash for d in first}
    assert {m.name for m in missing} == {"Høringssvar der er flyttet", "En meget stor rapport", "Intern side", "Videre til ekstern side"}
    assert all(m.reason.startswith("could not connect") for m in missing)
    assert "using the cached copy" in caplog.text


def test_with_fetching_off_only_the_cache_is_used(site, crawl):
    settings, documents, _ = crawl
    count = len(site.requests)
    offline, missing = Fetcher(settings.model_copy(update={"fetch": False})).run(read_sources(settings.sources_path))
    assert len(site.requests) == count  # nothing was requested
    assert {d.url: d.content_hash for d in offline} == {url: d.content_hash for url, d in documents.items()}
    assert {m.reason for m in missing} == {"not fetched (fetching is off) and not in the cache"}


def test_unreachable_source_without_cache_is_one_line_naming_the_snapshot(tmp_path):
    with serve_site() as (site, server):
        stop(server)
        settings = _settings(tmp_path, site.base)
    manifest = settings.sources_path.read_text() + 'snapshot = "side.md"\n'
    settings.sources_path.write_text(manifest)
    (settings.corpus_dir / "side.md").write_text("# Side\n\nTekst.\n")
    documents, missing = _fetcher(settings).run(read_sources(settings.sources_path))
    assert documents == []
    assert [(m.name, m.reason) for m in missing] == [
        ("Boligsocialt arbejde", "could not connect (no network?); the local snapshot is indexed instead")
    ]


# --- SSRF and HTTP rules, with a mock transport (no traffic at all) ---------------------------

PUBLIC = "93.184.215.14"
HOSTS = {
    "www.kl.dk": [PUBLIC], "intern.kl.dk": ["10.0.0.5"], "lokal.kl.dk": ["127.0.0.1"],
    "meta.kl.dk": ["169.254.169.254"], "ll.kl.dk": ["fe80::1"], "v6.kl.dk": ["::1"],
    "mapped.kl.dk": ["::ffff:192.168.0.1"], "cgnat.kl.dk": ["100.64.0.1"], "multi.kl.dk": ["224.0.0.1"],
    "nul.kl.dk": ["0.0.0.0"], "blandet.kl.dk": [PUBLIC, "192.168.1.1"],
}


def _resolver(host: str) -> list[str]:
    if host not in HOSTS:
        raise OSError("no such host")
    return HOSTS[host]


def _client(handler, **options) -> tuple[SafeClient, list[httpx.Request], list[float]]:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    defaults = dict(user_agent="BoligsocialtAssistant/1.0 (+ingest)", timeout_s=5, max_bytes=1000, tries=3)
    defaults.update(options)
    client = SafeClient(resolver=_resolver, transport=httpx.MockTransport(record), sleep=sleeps.append, **defaults)
    return client, seen, sleeps


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html><body>hej</body></html>")


@pytest.mark.parametrize(
    "host, kind",
    [
        ("intern.kl.dk", "private"), ("lokal.kl.dk", "loopback"), ("meta.kl.dk", "cloud metadata"),
        ("ll.kl.dk", "link-local"), ("v6.kl.dk", "loopback"), ("mapped.kl.dk", "private"),
        ("cgnat.kl.dk", "non-public"), ("multi.kl.dk", "multicast"), ("nul.kl.dk", "unspecified"),
        ("blandet.kl.dk", "private"),
    ],
)
def test_hosts_resolving_to_non_public_addresses_are_refused(host, kind):
    client, seen, _ = _client(_ok)
    with pytest.raises(FetchError) as caught:
        client.get(f"https://{host}/side")
    assert caught.value.reason.startswith(f"refused: {host} resolves to a {kind} address")
    assert not caught.value.transient and seen == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/"])
def test_address_literals_are_checked_too(url):
    client, seen, _ = _client(_ok)
    with pytest.raises(FetchError, match="^refused: "):
        client.get(url)
    assert seen == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://www.kl.dk/fil.pdf", "gopher://www.kl.dk/"])
def test_non_http_schemes_are_refused(url):
    client, seen, _ = _client(_ok)
    with pytest.raises(FetchError, match="is not http"):
        client.get(url)
    assert seen == []


def test_the_connection_is_pinned_to_the_checked_address():
    client, seen, _ = _client(_ok)
    response = client.get("https://www.kl.dk/side#afsnit")
    assert response.url == "https://www.kl.dk/side" and response.content.startswith(b"<html>")
    request = seen[0]
    assert request.url.host == PUBLIC  # no second DNS lookup
    assert request.headers["host"] == "www.kl.dk"
    assert request.extensions["sni_hostname"] == "www.kl.dk"  # TLS still checks the name's certificate
    assert request.headers["user-agent"] == "BoligsocialtAssistant/1.0 (+ingest)"


@pytest.mark.parametrize("location", ["http://intern.kl.dk/admin", "http://169.254.169.254/", "file:///etc/passwd"])
def test_a_redirect_to_a_refused_target_is_refused(location):
    client, seen, _ = _client(lambda r: httpx.Response(302, headers={"Location": location}))
    with pytest.raises(FetchError, match="^refused: "):
        client.get("https://www.kl.dk/flyttet")
    assert len(seen) == 1  # the target itself was never requested


def test_a_redirect_can_be_vetoed_by_the_domain_policy():
    client, seen, _ = _client(lambda r: httpx.Response(302, headers={"Location": "https://www.kl.dk.evil.com/"}))
    with pytest.raises(FetchError, match=r"redirects to a domain that is not allowed \(www.kl.dk.evil.com\)"):
        client.get("https://www.kl.dk/kort", redirect_allowed=lambda host: host_allowed(host, ["kl.dk"]))
    assert len(seen) == 1


def test_too_many_redirects_are_refused():
    client, seen, _ = _client(lambda r: httpx.Response(302, headers={"Location": f"/r{len(seen)}"}))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        client.get("https://www.kl.dk/r0")
    assert len(seen) == 6


def test_a_relative_redirect_is_followed_and_checked():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/gammel":
            return httpx.Response(301, headers={"Location": "/ny"})
        return _ok(request)

    client, seen, _ = _client(handler)
    assert client.get("https://www.kl.dk/gammel").url == "https://www.kl.dk/ny"
    assert [r.headers["host"] for r in seen] == ["www.kl.dk", "www.kl.dk"]


def test_size_cap_uses_content_length_and_the_stream():
    declared, _, _ = _client(lambda r: httpx.Response(200, headers={"Content-Length": "5000"}, content=b"x" * 5000))
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        declared.get("https://www.kl.dk/stor.pdf")

    def undeclared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"x" * 600, b"x" * 600, b"x" * 10**6]))

    streamed, _, _ = _client(undeclared)
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        streamed.get("https://www.kl.dk/stor.pdf")


def test_retries_back_off_on_5xx_and_429_then_succeed():
    statuses = iter([503, 429, 200])
    client, seen, sleeps = _client(lambda r: httpx.Response(next(statuses), text="<html>ok</html>"))
    assert client.get("https://www.kl.dk/side").status == 200
    assert len(seen) == 3 and sleeps == [0.5, 1.0]


def test_connection_errors_are_retried_then_reported_as_transient():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client, seen, sleeps = _client(refuse)
    with pytest.raises(FetchError) as caught:
        client.get("https://www.kl.dk/side")
    assert caught.value.reason == "could not connect (no network?)" and caught.value.transient
    assert len(seen) == 3 and len(sleeps) == 2


def test_404_is_not_retried_and_unresolvable_hosts_are_transient():
    client, seen, sleeps = _client(lambda r: httpx.Response(404))
    with pytest.raises(FetchError, match="^HTTP 404$"):
        client.get("https://www.kl.dk/mangler")
    assert len(seen) == 1 and sleeps == []
    with pytest.raises(FetchError, match="could not resolve ukendt.kl.dk") as caught:
        client.get("https://ukendt.kl.dk/")
    assert caught.value.transient


@pytest.mark.parametrize("errno, tries", [(socket.EAI_NONAME, 1), (socket.EAI_AGAIN, 3)])
def test_a_definite_no_such_host_is_not_retried_a_temporary_one_is(errno, tries):
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        raise socket.gaierror(errno, "resolution failed")

    client = SafeClient(
        user_agent="t", timeout_s=5, max_bytes=1000, resolver=resolver, transport=httpx.MockTransport(_ok),
        sleep=lambda s: None,
    )
    with pytest.raises(FetchError, match="could not resolve www.kl.dk") as caught:
        client.get("https://www.kl.dk/")
    assert caught.value.transient and len(calls) == tries


@pytest.mark.parametrize("status, allowed", [(503, False), (404, True)])
def test_robots_txt_5xx_disallows_and_4xx_allows(tmp_path, status, allowed):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status) if request.url.path == "/robots.txt" else _ok(request)

    settings = _settings(tmp_path, "https://www.kl.dk")
    client, _, _ = _client(handler, tries=1)
    fetcher = Fetcher(settings, client=client)
    if allowed:
        assert fetcher.fetch("https://www.kl.dk/side").data.startswith(b"<html>")
    else:
        with pytest.raises(FetchError, match="blocked by robots.txt"):
            fetcher.fetch("https://www.kl.dk/side")


def test_allow_private_hosts_lets_loopback_through():
    client, seen, _ = _client(_ok, allow_private=True)
    assert client.get("http://lokal.kl.dk/").status == 200
    assert seen[0].url.host == "127.0.0.1"


def test_blocked_reason_leaves_public_addresses_alone():
    assert blocked_reason(PUBLIC) is None and blocked_reason("2a00:1450:4001:80b::200e") is None
    assert blocked_reason("172.16.0.1") == "private" and blocked_reason("fd00:ec2::254") == "cloud metadata"


# --- links ------------------------------------------------------------------------------------


def test_domains_match_themselves_and_their_subdomains_only():
    assert host_allowed("www.kl.dk", ["kl.dk"]) and host_allowed("KL.DK.", ["kl.dk"])
    assert not host_allowed("evilkl.dk", ["kl.dk"]) and not host_allowed("kl.dk.evil.com", ["kl.dk"])


def test_links_are_resolved_deduplicated_and_menus_skipped():
    html = b"""<html><head><base href="https://www.kl.dk/sektion/"></head><body>
    <nav><a href="/menu">Menu</a></nav>
    <main><a href="rapport.pdf#side=2"><img src="x.png"></a> <a href="rapport.pdf">Rapporten</a>
    <a href="#top">Til toppen</a> <a href="javascript:alert(1)">x</a>
    <a href="https://www.altinget.dk/artikel">  Artikel
    i Altinget </a></main></body></html>"""
    links = extract_links(html, "https://www.kl.dk/sektion/side")
    assert [(link.url, link.text) for link in links] == [
        ("https://www.kl.dk/sektion/rapport.pdf", "Rapporten"), ("https://www.altinget.dk/artikel", "Artikel i Altinget"),
    ]


# --- pinning over real TLS (127.0.0.1 only) ---------------------------------------------------


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names www.kl.dk only."""
    import shutil
    import ssl
    import subprocess
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=www.kl.dk", "-addext", "subjectAltName=DNS:www.kl.dk"],
        check=True, capture_output=True, timeout=30,
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = f"<html><body>{self.headers['Host']}</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], ssl.create_default_context(cafile=str(cert))
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_pinned_https_checks_the_certificate_against_the_host_name(tls_site):
    port, trust = tls_site
    names = {"www.kl.dk": ["127.0.0.1"], "andet.kl.dk": ["127.0.0.1"]}
    client = SafeClient(
        user_agent="t", timeout_s=5, max_bytes=10_000, allow_private=True, tries=1, resolver=names.__getitem__,
        verify=trust,
    )
    response = client.get(f"https://www.kl.dk:{port}/side")
    assert response.content == f"<html><body>www.kl.dk:{port}</body></html>".encode()
    with pytest.raises(FetchError, match="TLS certificate check failed for andet.kl.dk") as caught:
        client.get(f"https://andet.kl.dk:{port}/side")  # same address, name not on the certificate
    assert not caught.value.transient
