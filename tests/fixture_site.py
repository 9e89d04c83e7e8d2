"""A small web site on 127.0.0.1 for the fetch tests: a page with links to an article, a PDF, a DOCX and failures."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_ETAG = '"artikel-v1"'
LARGE_BYTES = 300 * 1024  # served without Content-Length; tests set fetch_max_bytes below this

PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Boligsocialt arbejde</title></head>
<body>
<header><nav><a href="/">Forside</a> <a href="/kontakt.html">Kontakt</a></nav></header>
<div id="cookie-banner"><a href="/cookies.html">Læs om cookies</a></div>
<main>
<h1>Boligsocialt arbejde</h1>
<p>Kommunerne arbejder sammen med boligorganisationerne om at skabe trygge boligområder.
Her er materialet om indsatserne.</p>
<ul>
<li><a href="/gammel-artikel">Artikel om helhedsplaner</a></li>
<li><a href="/artikel.html#top">Artikel om helhedsplaner (direkte)</a></li>
<li><a href="docs/beskaeftigelse.pdf">Beskæftigelsesindsatser i udsatte boligområder</a></li>
<li><a href="/docs/notat.docx">Notat om skolesamarbejder</a></li>
<li><a href="/docs/mangler.pdf">Høringssvar der er flyttet</a></li>
<li><a href="/docs/stor.pdf">En meget stor rapport</a></li>
<li><a href="/privat/hemmelig.html">Intern side</a></li>
<li><a href="http://eksempel.invalid/side.html">Ekstern side</a></li>
<li><a href="/videre">Videre til ekstern side</a></li>
<li><a href="mailto:kl@example.org">Skriv til os</a></li>
</ul>
</main>
<footer><a href="/om.html">Om KL</a></footer>
</body></html>
"""

ARTICLE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Helhedsplaner skaber tryghed</title></head>
<body>
<nav><ul><li><a href="/">Forside</a></li><li><a href="/nyheder">Nyheder</a></li><li>Menu punkt tre</li></ul></nav>
<div class="cookie-consent"><p>Vi bruger cookies for at forbedre siden. Accepter alle cookies.</p></div>
<article>
<h1>Helhedsplaner skaber tryghed</h1>
<p>En helhedsplan er en boligsocial indsats, som boligorganisationen og kommunen laver sammen.
Planen beskriver, hvordan beboerne får bedre muligheder for job og uddannelse.</p>
<h2>Samarbejde med skolerne</h2>
<p>Skolerne i området spiller en stor rolle. Lærere og boligsociale medarbejdere mødes hver måned
for at tale om børnenes trivsel og om lektiehjælp i beboerhuset.</p>
<h2>Beskæftigelse</h2>
<p>Jobcentret har faste træffetider i boligområdet, så beboere uden arbejde kan få vejledning tæt
på, hvor de bor. Det har fået flere i arbejde, viser evalueringen fra kommunen.</p>
</article>
<footer><p>KL, Weidekampsgade 10, 2300 København S. Alle rettigheder forbeholdes.</p></footer>
</body></html>
"""


def make_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Beskæftigelsesindsatser i udsatte boligområder")
    pdf.set_font("Helvetica", size=12)
    for text in (
        "Første side: beskæftigelse og jobcentre i udsatte boligområder.",
        "Anden side: samarbejde med boligorganisationer om jobrettede indsatser.",
        "Tredje side: unge og uddannelse i området.",
    ):
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Skolesamarbejder", level=1)
    document.add_paragraph("Skolerne i Aalborg samarbejder med boligsociale medarbejdere om børnenes trivsel.")
    document.add_paragraph("Samarbejdet giver flere børn en god skolestart.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Site:
    """The running site: its base URL and a log of (path, status, request headers)."""

    base: str
    requests: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)
    robots: str = "User-agent: *\nDisallow: /privat/\n"

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]


def _handler(site: Site, files: dict[str, tuple[str, bytes]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
            site.requests.append((self.path, status, dict(self.headers.items())))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            if path == "/robots.txt":
                self._send(200, site.robots.encode(), "text/plain")
            elif path == "/gammel-artikel":
                self._send(302, Location="/artikel.html")
            elif path == "/videre":
                self._send(302, Location="http://eksempel.invalid/side.html")
            elif path == "/artikel.html":
                if self.headers.get("If-None-Match") == ARTICLE_ETAG:
                    self._send(304, ETag=ARTICLE_ETAG)
                else:
                    self._send(200, ARTICLE.encode(), ETag=ARTICLE_ETAG)
            elif path == "/docs/stor.pdf":
                self._stream_large()
            elif path in files:
                content_type, body = files[path]
                self._send(200, body, content_type)
            else:
                self._send(404, b"<html><body>Siden findes ikke</body></html>")

        def _stream_large(self) -> None:
            # No Content-Length: the client must count while streaming (HTTP/1.0, ends at close).
            site.requests.append((self.path, 200, dict(self.headers.items())))
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            chunk = b"%PDF-1.4\n" + b"0" * 8183
            try:
                for _ in range(LARGE_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its cap, as it should

    return Handler


@contextmanager
def serve_site() -> Iterator[tuple[Site, ThreadingHTTPServer]]:
    """Start the site on 127.0.0.1 (a free port) in a thread; stop it on exit."""
    files = {
        "/boligsocialt-arbejde": ("text/html; charset=utf-8", PAGE.encode()),
        "/docs/beskaeftigelse.pdf": ("application/pdf", make_pdf()),
        "/docs/notat.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", make_docx()),
        "/kontakt.html": ("text/html", b"<html><body><p>Kontakt os.</p></body></html>"),
        "/privat/hemmelig.html": ("text/html", b"<html><body><p>Hemmeligt.</p></body></html>"),
    }
    site = Site(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, files))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site, server
    finally:
        stop(server)
        thread.join(5)


def stop(server: ThreadingHTTPServer) -> None:
    """Stop serving and close the port (safe to call twice), so later requests are refused."""
    if getattr(server, "_stopped", False):
        return
    server.shutdown()
    server.server_close()
    server._stopped = True  # type: ignore[attr-defined]
