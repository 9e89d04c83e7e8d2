"""One deadline for a whole HTTP request: connect, TLS, headers and body together.

httpx's timeouts count per socket operation, so a server that sends its headers one byte at a
time, each just inside the read timeout, can hold the ingest for hours. httpcore lets the
network layer be replaced; this one shortens every connect, read and write to the time left
before the request's deadline, so the request fails with a timeout when the deadline passes.
"""

from __future__ import annotations

import ssl
import time
import typing

import httpcore
import httpx


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's blocking backend, with every operation bounded by ``deadline`` (time.monotonic())."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self.inner = inner or httpcore.SyncBackend()
        self.deadline: float | None = None  # set by the client before each request; one request at a time

    def bounded(self, timeout: float | None, error: type[Exception]) -> float | None:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the request's overall deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(
            host, port, timeout=self.bounded(timeout, httpcore.ConnectTimeout), local_address=local_address,
            socket_options=socket_options,
        )
        return _DeadlineStream(stream, self)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_unix_socket(
            path, timeout=self.bounded(timeout, httpcore.ConnectTimeout), socket_options=socket_options
        )
        return _DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self.stream = stream
        self.backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, timeout=self.backend.bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, timeout=self.backend.bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.stream.start_tls(
            ssl_context, server_hostname=server_hostname, timeout=self.backend.bounded(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(stream, self.backend)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.stream.get_extra_info(info)


def deadline_transport(verify: ssl.SSLContext | bool) -> tuple[httpx.HTTPTransport, DeadlineBackend]:
    """An httpx transport whose connections use a DeadlineBackend, and that backend."""
    transport = httpx.HTTPTransport(verify=verify, trust_env=False)
    pool = getattr(transport, "_pool", None)
    # httpx has no public hook for the network backend; the pool reads this attribute for every
    # new connection. httpx is pinned, and the header-drip test fails if this ever stops working.
    if pool is None or not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpx/httpcore version offers no network backend to bound requests with")
    backend = DeadlineBackend(pool._network_backend)
    pool._network_backend = backend
    return transport, backend
