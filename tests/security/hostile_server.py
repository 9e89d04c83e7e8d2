"""An HTTP server on 127.0.0.1 that misbehaves on purpose: malformed redirects, dripping headers and bodies.

It speaks raw sockets, because a well-behaved server library will not drip a header one byte at
a time. Every loop is bounded (a drip sends at most ``max_drip_bytes``) and the server stops by
itself after ``lifetime_s``, so a client bug cannot hang the test run.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

OK_PAGE = (
    b"<!doctype html><html><head><title>Side</title></head><body><main><h1>Side</h1>"
    b"<p>Kommunen og boligorganisationen samarbejder om trygge boligomr\xc3\xa5der i byen.</p></main></body></html>"
)


class HostileServer:
    def __init__(self, routes: dict[str, str], drip_interval_s: float = 0.05, max_drip_bytes: int = 400, lifetime_s: float = 60) -> None:
        self.routes = routes  # path -> behaviour name (a method "_<name>")
        self.drip_interval_s = drip_interval_s
        self.max_drip_bytes = max_drip_bytes
        self.lifetime_s = lifetime_s
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        ends = time.monotonic() + self.lifetime_s
        while not self._stop.is_set() and time.monotonic() < ends:
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()
        self._listener.close()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(2)
            try:
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 16384:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                path = request.split(b" ", 2)[1].decode("latin-1")
                self.requests.append(path)
                getattr(self, "_" + self.routes.get(path, "not_found"))(connection)
            except OSError:
                pass  # the client gave up, as it should

    # --- behaviours -----------------------------------------------------------------------------

    def _not_found(self, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def _ok(self, connection: socket.socket) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
            + str(len(OK_PAGE)).encode() + b"\r\nConnection: close\r\n\r\n" + OK_PAGE
        )

    def _bad_redirect(self, connection: socket.socket) -> None:
        # The example: a backslash URL with a stray escape, as a hostile or broken server sends it.
        connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: http:\\\\127.0.0.1\\x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def _unclosed_ipv6_redirect(self, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 301 Moved\r\nLocation: http://[::1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def _bad_port_redirect(self, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:99999/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def _garbage(self, connection: socket.socket) -> None:
        connection.sendall(b"\x00\xffNOT HTTP AT ALL\r\n\r\n")

    def _header_drip(self, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        self._drip(connection, b"a")

    def _body_drip(self, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body>")
        self._drip(connection, b"x")

    def _drip(self, connection: socket.socket, byte: bytes) -> None:
        for _ in range(self.max_drip_bytes):
            if self._stop.is_set():
                return
            connection.sendall(byte)
            time.sleep(self.drip_interval_s)

    # --- lifetime -------------------------------------------------------------------------------

    def start(self) -> "HostileServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


@contextmanager
def hostile_server(routes: dict[str, str], **options: float) -> Iterator[HostileServer]:
    server = HostileServer(routes, **options).start()
    try:
        yield server
    finally:
        server.stop()
