"""An HTTP GET that is safe to point at URLs found in untrusted pages.

LangChain's URL loaders had SSRF bugs (CVE-2024-0243), so every hop is checked here:
only http(s), the host is resolved by us and every address it resolves to must be
public, the connection is pinned to the checked address (no second DNS lookup that an
attacker could answer differently), and redirects are followed by hand so each target
is checked again. Bodies are streamed and cut off at a size cap.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from ingest.addresses import ALLOWED_WHEN_PRIVATE, blocked_reason, default_resolver, resolve_within

__all__ = ["FetchError", "FetchResponse", "SafeClient", "blocked_reason", "default_resolver", "human_size"]
from ingest.deadline import DeadlineBackend, deadline_transport

log = logging.getLogger(__name__)

Resolver = Callable[[str], list[str]]

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
LOCATION = "x-safe-http-location"  # where _take_location keeps the Location header
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A URL that could not be fetched. ``transient`` marks network trouble, where a cached copy may stand in;
    ``retry`` whether trying again soon could help (by default: when transient)."""

    def __init__(self, reason: str, *, transient: bool = False, status: int | None = None, retry: bool | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status
        self.retry = transient if retry is None else retry


@dataclass
class FetchResponse:
    url: str  # final URL, after redirects
    status: int  # 200-299, or 304 for a conditional request
    headers: httpx.Headers
    content: bytes


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


class SafeClient:
    """GET with SSRF checks, pinned connections, manual redirects, retries and a streaming size cap."""

    def __init__(
        self, *, user_agent: str, timeout_s: float, max_bytes: int, allow_private: bool = False, tries: int = 3,
        resolver: Resolver = default_resolver, transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep, backoff_s: float = 0.5, verify: ssl.SSLContext | bool = True,
        deadline_s: float | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.timeout_s = timeout_s
        # timeout_s bounds each socket operation; deadline_s the whole request (connect, headers, body).
        self.deadline_s = deadline_s or timeout_s * 5
        self._deadline = 0.0
        self._backend: DeadlineBackend | None = None
        if transport is None:
            transport, self._backend = deadline_transport(verify)
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.tries = max(1, tries)
        self.resolver = resolver
        self.sleep = sleep
        self.backoff_s = backoff_s
        # trust_env=False: a proxy from the environment would resolve the host itself and undo the pinning.
        self._client = httpx.Client(
            transport=transport, timeout=httpx.Timeout(timeout_s), follow_redirects=False, trust_env=False, verify=verify,
            event_hooks={"response": [_take_location]},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "SafeClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None, tries: int | None = None,
        redirect_allowed: Callable[[str], bool] | None = None,
    ) -> FetchResponse:
        """Fetch ``url``; raise FetchError with a short human reason when it cannot be had.

        ``redirect_allowed(host)`` lets the caller's domain policy veto a redirect target before it is requested.
        """
        current = urldefrag(url).url
        for _ in range(MAX_REDIRECTS + 1):
            status, response_headers, body = self._get_with_retries(
                current, headers or {}, max_bytes or self.max_bytes, tries or self.tries
            )
            if status in REDIRECT_STATUSES and LOCATION in response_headers:
                location = response_headers[LOCATION]
                malformed = FetchError(f"refused: a malformed redirect ({_short(location)})")
                # Backslashes and control characters are read differently by different URL parsers
                # (browsers take "http:\\host" for "http://host"): a redirect with them is refused.
                if "\\" in location or any(ord(c) < 0x21 or ord(c) == 0x7F for c in location):
                    raise malformed
                try:
                    target = urldefrag(urljoin(current, location)).url
                    target_host = urlsplit(target).hostname or ""
                except ValueError as error:  # e.g. "http://[::1" (an unclosed IPv6 host)
                    raise malformed from error
                log.debug("%s redirects (%d) to %s", current, status, target)
                if redirect_allowed is not None and not redirect_allowed(target_host):
                    raise FetchError(f"redirects to a domain that is not allowed ({target_host})")
                current = target  # checked again, like any URL, by the next _send
                continue
            if status == 304 or 200 <= status < 300:
                return FetchResponse(url=current, status=status, headers=response_headers, content=body)
            raise FetchError(f"HTTP {status}", status=status)
        raise FetchError(f"refused: more than {MAX_REDIRECTS} redirects")

    def _get_with_retries(
        self, url: str, headers: dict[str, str], max_bytes: int, tries: int
    ) -> tuple[int, httpx.Headers, bytes]:
        last: FetchError | None = None
        for attempt in range(tries):
            wait = self.backoff_s * 2**attempt
            try:
                status, response_headers, body = self._send(url, headers, max_bytes, attempt)
            except FetchError as error:
                if not error.retry:
                    raise
                last = error
            else:
                if status != 429 and status < 500:
                    return status, response_headers, body
                last = FetchError(f"HTTP {status}", transient=True, status=status)
                wait = max(wait, _retry_after(response_headers))
            if attempt + 1 < tries:
                log.debug("%s: %s; retrying in %.1f s", url, last.reason, wait)
                self.sleep(wait)
        assert last is not None
        raise last

    def _checked_addresses(self, host: str) -> list[str]:
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            try:
                addresses = resolve_within(self.resolver, host, self.timeout_s)
            except (OSError, UnicodeError, ValueError) as error:
                # "No such name" is an answer, not a hiccup: retrying only delays an offline run.
                definite = isinstance(error, socket.gaierror) and error.errno == socket.EAI_NONAME
                raise FetchError(f"could not resolve {host} (no network?)", transient=True, retry=not definite) from error
        if not addresses:
            raise FetchError(f"could not resolve {host} (no network?)", transient=True)
        # Refuse if any address is bad: otherwise a host with one public and one private
        # address could be steered to the private one on a retry.
        for address in addresses:
            reason = blocked_reason(address)
            if reason and not (self.allow_private and reason in ALLOWED_WHEN_PRIVATE):
                raise FetchError(f"refused: {host} resolves to a {reason} address ({address})")
        return addresses

    def _send(self, url: str, headers: dict[str, str], max_bytes: int, attempt: int) -> tuple[int, httpx.Headers, bytes]:
        try:
            parsed = httpx.URL(url)
            host = parsed.raw_host.decode("ascii")
        except (httpx.InvalidURL, ValueError) as error:
            raise FetchError(f"refused: not a valid URL ({_short(str(error))})") from error
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"refused: scheme {parsed.scheme or '(none)'!r} is not http(s)")
        if not host:
            raise FetchError("refused: URL without a host")
        if parsed.port is not None and not 0 < parsed.port < 65536:
            raise FetchError(f"refused: not a valid URL (port {parsed.port})")
        addresses = self._checked_addresses(host)
        address = addresses[attempt % len(addresses)]  # a retry tries the next checked address
        self._deadline = time.monotonic() + self.deadline_s
        if self._backend is not None:
            self._backend.deadline = self._deadline
        try:
            # Pin: connect to the checked address, name the host in Host and in TLS (SNI + certificate check).
            pinned = parsed.copy_with(host=address.split("%", 1)[0], username=None, password=None, fragment=None)
            request_headers = {"User-Agent": self.user_agent, **headers, "Host": parsed.netloc.decode("ascii")}
            extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
            request = self._client.build_request("GET", pinned, headers=request_headers, extensions=extensions)
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as error:
            raise FetchError(self._timeout_reason(), transient=True) from error
        except httpx.ConnectError as error:
            if _is_tls_failure(error):
                # A bad certificate is not a network hiccup (it may be interception): no retry, no cached stand-in.
                raise FetchError(f"refused: TLS certificate check failed for {host}") from error
            raise FetchError("could not connect (no network?)", transient=True) from error
        except (httpx.LocalProtocolError, httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as error:
            # Our side refused to send it (an illegal target, header or port): trying again will not help.
            raise FetchError(f"refused: the request could not be sent ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise FetchError(f"connection failed ({type(error).__name__})", transient=True) from error
        except (httpx.HTTPError, httpx.StreamError, OSError, OverflowError) as error:
            # Whatever else the stack raises is one failed source, never a crashed ingest.
            raise FetchError(f"request failed ({type(error).__name__})") from error
        try:
            if response.status_code in REDIRECT_STATUSES or not 200 <= response.status_code < 300:
                return response.status_code, response.headers, b""  # the body of an error page is not wanted
            return response.status_code, response.headers, self._read_capped(response, max_bytes)
        finally:
            response.close()

    def _read_capped(self, response: httpx.Response, max_bytes: int) -> bytes:
        too_large = FetchError(f"larger than {human_size(max_bytes)}")
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise too_large
        chunks, total = [], 0
        try:
            for chunk in response.iter_bytes():  # decompressed bytes, so a gzip bomb is capped too
                total += len(chunk)
                if total > max_bytes:
                    raise too_large
                # The transport enforces the deadline too; this also covers transports without it (tests).
                if time.monotonic() > self._deadline:
                    raise FetchError(self._timeout_reason(), transient=True)
                chunks.append(chunk)
        except httpx.TimeoutException as error:
            raise FetchError(self._timeout_reason(), transient=True) from error
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise FetchError(f"download broke off ({type(error).__name__})", transient=True) from error
        except (httpx.HTTPError, httpx.StreamError, OSError, ValueError) as error:
            raise FetchError(f"download failed ({type(error).__name__})") from error
        return b"".join(chunks)

    def _timeout_reason(self) -> str:
        if time.monotonic() >= self._deadline:
            return f"timed out: no complete response within {self.deadline_s:g} s"
        return f"timed out after {self.timeout_s:g} s"


def _take_location(response: httpx.Response) -> None:
    """Move Location out of httpx's sight: it builds a redirect request from it even with redirects off,
    and raises on a malformed one before our own checks see it. We follow redirects by hand."""
    if "location" in response.headers:
        response.headers[LOCATION] = response.headers["location"]
        del response.headers["location"]


def _short(text: str, limit: int = 80) -> str:
    """A server-supplied value fit for a one-line reason: control characters escaped, length capped."""
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _retry_after(headers: httpx.Headers) -> float:
    """Seconds a 429/503 asks us to wait, capped so one server cannot stall the ingest."""
    value = headers.get("retry-after", "")
    return min(float(value), 30.0) if value.isascii() and value.isdigit() else 0.0  # "²".isdigit() is True


def _is_tls_failure(error: BaseException) -> bool:
    """True when an httpx error was caused by a failed TLS handshake or certificate check."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
