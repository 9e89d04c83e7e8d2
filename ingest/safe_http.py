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

log = logging.getLogger(__name__)

Resolver = Callable[[str], list[str]]

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
# Cloud metadata services; most are link-local or non-global anyway, named here so the reason is clear.
METADATA_ADDRESSES = {"169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2"}


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


def default_resolver(host: str) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_reason(ip: str) -> str | None:
    """Why an address must not be fetched from, or None for a public address."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge that one.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            address = embedded
    if str(address) in METADATA_ADDRESSES:
        return "cloud metadata"
    for label, flag in (
        ("loopback", address.is_loopback), ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local), ("multicast", address.is_multicast),
        ("private", address.is_private), ("reserved", address.is_reserved),
    ):
        if flag:
            return label
    if not address.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT)
        return "non-public"
    return None


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
    ) -> None:
        self.user_agent = user_agent
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.tries = max(1, tries)
        self.resolver = resolver
        self.sleep = sleep
        self.backoff_s = backoff_s
        # trust_env=False: a proxy from the environment would resolve the host itself and undo the pinning.
        self._client = httpx.Client(
            transport=transport, timeout=httpx.Timeout(timeout_s), follow_redirects=False, trust_env=False, verify=verify,
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
            if status in REDIRECT_STATUSES and "location" in response_headers:
                target = urldefrag(urljoin(current, response_headers["location"])).url
                log.debug("%s redirects (%d) to %s", current, status, target)
                target_host = urlsplit(target).hostname or ""
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
                addresses = self.resolver(host)
            except (OSError, UnicodeError) as error:
                # "No such name" is an answer, not a hiccup: retrying only delays an offline run.
                definite = isinstance(error, socket.gaierror) and error.errno == socket.EAI_NONAME
                raise FetchError(f"could not resolve {host} (no network?)", transient=True, retry=not definite) from error
        if not addresses:
            raise FetchError(f"could not resolve {host} (no network?)", transient=True)
        if not self.allow_private:
            # Refuse if any address is bad: otherwise a host with one public and one private
            # address could be steered to the private one on a retry.
            for address in addresses:
                reason = blocked_reason(address)
                if reason:
                    raise FetchError(f"refused: {host} resolves to a {reason} address ({address})")
        return addresses

    def _send(self, url: str, headers: dict[str, str], max_bytes: int, attempt: int) -> tuple[int, httpx.Headers, bytes]:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as error:
            raise FetchError(f"refused: not a valid URL ({error})") from error
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"refused: scheme {parsed.scheme or '(none)'!r} is not http(s)")
        host = parsed.raw_host.decode("ascii")
        if not host:
            raise FetchError("refused: URL without a host")
        addresses = self._checked_addresses(host)
        address = addresses[attempt % len(addresses)]  # a retry tries the next checked address
        # Pin: connect to the checked address, name the host in Host and in TLS (SNI + certificate check).
        pinned = parsed.copy_with(host=address.split("%", 1)[0], username=None, password=None, fragment=None)
        request_headers = {"User-Agent": self.user_agent, **headers, "Host": parsed.netloc.decode("ascii")}
        extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
        request = self._client.build_request("GET", pinned, headers=request_headers, extensions=extensions)
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.timeout_s:g} s", transient=True) from error
        except httpx.ConnectError as error:
            if _is_tls_failure(error):
                # A bad certificate is not a network hiccup (it may be interception): no retry, no cached stand-in.
                raise FetchError(f"refused: TLS certificate check failed for {host}") from error
            raise FetchError("could not connect (no network?)", transient=True) from error
        except httpx.TransportError as error:
            raise FetchError(f"connection failed ({type(error).__name__})", transient=True) from error
        try:
            if response.status_code in REDIRECT_STATUSES or not 200 <= response.status_code < 300:
                return response.status_code, response.headers, b""  # the body of an error page is not wanted
            return response.status_code, response.headers, self._read_capped(response, max_bytes)
        finally:
            response.close()

    def _read_capped(self, response: httpx.Response, max_bytes: int) -> bytes:
        too_large = FetchError(f"larger than {human_size(max_bytes)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large
        # httpx's timeout is per read; a server dripping bytes is stopped by this overall deadline.
        deadline = time.monotonic() + self.timeout_s * 5
        chunks, total = [], 0
        try:
            for chunk in response.iter_bytes():  # decompressed bytes, so a gzip bomb is capped too
                total += len(chunk)
                if total > max_bytes:
                    raise too_large
                if time.monotonic() > deadline:
                    raise FetchError(f"download took longer than {self.timeout_s * 5:g} s", transient=True)
                chunks.append(chunk)
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.timeout_s:g} s", transient=True) from error
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise FetchError(f"download broke off ({type(error).__name__})", transient=True) from error
        return b"".join(chunks)


def _retry_after(headers: httpx.Headers) -> float:
    """Seconds a 429/503 asks us to wait, capped so one server cannot stall the ingest."""
    value = headers.get("retry-after", "")
    return min(float(value), 30.0) if value.isdigit() else 0.0


def _is_tls_failure(error: BaseException) -> bool:
    """True when an httpx error was caused by a failed TLS handshake or certificate check."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
