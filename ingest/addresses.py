"""Which addresses the fetcher may connect to: public ones, and with --allow-private-hosts loopback and LAN.

Link-local and cloud metadata addresses are refused always: 169.254.169.254 and its relatives
hand out the credentials of the machine the ingest runs on.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable

# Cloud metadata services; most are link-local or non-global anyway, named here so the reason is clear.
METADATA_ADDRESSES = {"169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2"}
# What --allow-private-hosts lets through (tests on 127.0.0.1, a server on the LAN). Never link-local
# or metadata addresses: they reach the cloud instance's credentials, not a test server.
ALLOWED_WHEN_PRIVATE = {"loopback", "private"}
EMBEDDING_IPV4 = [ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96")]


def default_resolver(host: str) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def resolve_within(resolver: Callable[[str], list[str]], host: str, seconds: float) -> list[str]:
    """``resolver(host)``, or TimeoutError after ``seconds``: the system resolver has no time limit of its own,
    and a name server that never answers would stall the ingest (the waiting thread is left to finish alone)."""
    outcome: list = []
    done = threading.Event()

    def resolve() -> None:
        try:
            outcome.append(resolver(host))
        except BaseException as error:  # handed to the caller below
            outcome.append(error)
        finally:
            done.set()

    threading.Thread(target=resolve, name=f"resolve {host}", daemon=True).start()
    if not done.wait(seconds):
        raise TimeoutError(f"no answer for {host} within {seconds:g} s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def blocked_reason(ip: str) -> str | None:
    """Why an address must not be fetched from, or None for a public address."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 reaches the IPv4 host: judge that one. Python calls the
        # NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) forms global, so they are unwrapped here.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and int(address) > 1 and any(address in network for network in EMBEDDING_IPV4):  # not :: or ::1
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
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
