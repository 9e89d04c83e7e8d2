"""Rate limits kept in the shared store (web.store), so that neither a new browser session, another
process nor another replica starts a client's count afresh.

- Questions in the public demo: ``check_question(store, settings, client)`` counts one question in
  two sliding windows at once, the client's (``rate_limit_per_minute``) and everyone's
  (``global_rate_limit_per_minute``), and refuses with ``retry_after`` seconds when either is full.
- Staff login: ``login_attempt(store, settings, client)`` before checking the password, then
  ``login_succeeded`` after the right one. The first ``login_free_attempts`` attempts go at once;
  after that each one must wait twice as long as the one before (2, 4, 8 ... seconds, at most
  ``login_max_delay_s``). There is no lockout: after the wait, the right password always works.
- ``client_key`` (``client_from_context(st.context, ...)`` in a page) names the client: the socket
  address, or the address a trusted proxy reports.

Atomic across processes: each decision is one transaction that first locks the (kind, key) row
(an upsert: PostgreSQL holds its row lock to the end; SQLite's BEGIN IMMEDIATE holds the whole
database), then counts, then writes. Times are wall-clock seconds, shared by every process.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from settings import Settings
from web.store import Store, limit_events_table as _events, limit_keys_table as _keys

WINDOW_S = 60.0
LOGIN_FORGET_S = 24 * 3600.0  # a day without attempts clears a client's failed logins
UNKNOWN_CLIENT = "127.0.0.1"  # Streamlit reports loopback (and no connection) as None


def clock() -> float:
    """Wall-clock seconds (not monotonic: other processes compare them). Tests replace this."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events of (kind, key) in any ``window_s`` seconds."""

    kind: str
    key: str
    limit: int
    window_s: float = WINDOW_S


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # whole seconds to wait; 0 when allowed


def _lock(connection: Connection, store: Store, kind: str, key: str, now: float, *, touch: bool = True) -> None:
    """Take the (kind, key) row, creating it: the lock every decision about that key waits for.

    Read the row only after this: on PostgreSQL a read before it may miss a write it waited for.
    """
    statement = store.insert(_keys).values(kind=kind, key=key, touched_at=now)
    touched = statement.excluded.touched_at if touch else _keys.c.touched_at  # an update that changes nothing still locks
    connection.execute(statement.on_conflict_do_update(index_elements=["kind", "key"], set_={"touched_at": touched}))


def _wait(connection: Connection, limit: Limit, now: float) -> float:
    """Seconds until one more event fits under the limit (0: it fits now); forgets events out of the window."""
    of_key = (_events.c.kind == limit.kind) & (_events.c.key == limit.key)
    connection.execute(delete(_events).where(of_key & (_events.c.at <= now - limit.window_s)))
    count = connection.execute(select(func.count()).select_from(_events).where(of_key)).scalar_one()
    if count < limit.limit:
        return 0.0
    # The event whose leaving makes room: with `limit` allowed, the (count - limit + 1)-th oldest.
    leaving = connection.execute(
        select(_events.c.at).where(of_key).order_by(_events.c.at).offset(count - limit.limit).limit(1)
    ).scalar_one()
    return leaving + limit.window_s - now


def hit(store: Store, limits: Sequence[Limit], now: float | None = None) -> Decision:
    """Count one event under every limit, or, when any is full, count nothing and say how long to wait."""
    now = clock() if now is None else now
    with store.write() as connection:
        # Always the same order, so two transactions never hold one key each and wait for the other's.
        for limit in sorted(limits, key=lambda item: (item.kind, item.key)):
            _lock(connection, store, limit.kind, limit.key, now)
        wait = max((_wait(connection, limit, now) for limit in limits), default=0.0)
        if wait > 0:
            return Decision(False, max(1, math.ceil(wait)))
        connection.execute(insert(_events), [{"kind": l.kind, "key": l.key, "at": now} for l in limits])
    return Decision(True)


def question_limits(settings: Settings, client: str) -> list[Limit]:
    return [
        Limit("question", client, settings.rate_limit_per_minute),
        Limit("question-all", "*", settings.global_rate_limit_per_minute),
    ]


def check_question(store: Store, settings: Settings, client: str, now: float | None = None) -> Decision:
    """Count one public question of this client, or refuse it (client or global limit reached)."""
    return hit(store, question_limits(settings, client), now)


def login_delay(attempts: int, settings: Settings) -> float:
    """The wait after ``attempts`` attempts: none for the free ones, then 2, 4, 8 ... seconds, capped."""
    if attempts < settings.login_free_attempts:
        return 0.0
    return float(min(2 ** min(attempts - settings.login_free_attempts + 1, 30), settings.login_max_delay_s))


def login_attempt(store: Store, settings: Settings, client: str, now: float | None = None) -> Decision:
    """Gate one staff login before the password is checked.

    Refused (with retry_after) while the client must wait. Otherwise the attempt is counted as if it
    fails, before the password is looked at, so that parallel requests cannot all slip through one
    opening; ``login_succeeded`` clears the count after the right password.
    """
    now = clock() if now is None else now
    with store.write() as connection:
        _lock(connection, store, "login", client, now, touch=False)
        of_client = (_keys.c.kind == "login") & (_keys.c.key == client)
        row = connection.execute(select(_keys.c.attempts, _keys.c.next_at, _keys.c.touched_at).where(of_client)).one()
        forgotten = now - row.touched_at > LOGIN_FORGET_S
        attempts, next_at = (0, 0.0) if forgotten else (row.attempts, row.next_at)
        if now < next_at:
            return Decision(False, max(1, math.ceil(next_at - now)))  # refused: nothing changes, so waiting suffices
        attempts += 1
        connection.execute(update(_keys).where(of_client).values(
            attempts=attempts, next_at=now + login_delay(attempts, settings), touched_at=now,
        ))
    return Decision(True)


def login_succeeded(store: Store, client: str) -> None:
    """The right password: this client's failed attempts are forgotten."""
    with store.write() as connection:
        connection.execute(delete(_keys).where((_keys.c.kind == "login") & (_keys.c.key == client)))


def purge_stale(store: Store, now: float | None = None) -> int:
    """Forget counts nobody has touched for a day (clients that never came back); return the rows removed."""
    cutoff = (clock() if now is None else now) - LOGIN_FORGET_S
    with store.write() as connection:
        removed = connection.execute(delete(_events).where(_events.c.at < cutoff)).rowcount
        return removed + connection.execute(delete(_keys).where(_keys.c.touched_at < cutoff)).rowcount


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip().strip("[]"))
    except ValueError:
        return None
    # ::ffff:1.2.3.4 is the IPv4 client 1.2.3.4 seen through an IPv6 socket: one client, one key.
    return (address.ipv4_mapped or address) if isinstance(address, ipaddress.IPv6Address) else address


def _key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    # One IPv6 user normally holds a whole /64 and could take a fresh address per question.
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_key(ip_address: str | None, forwarded_for: str | None, trusted_proxy: str | None) -> str:
    """Who is asking, as a rate-limit key.

    The socket address (Streamlit's st.context.ip_address; None means loopback). Only when that
    address is a trusted proxy does X-Forwarded-For count, read from the right: the last address
    that is not one of our proxies is the one our proxy saw. The addresses to its left are
    whatever the client chose to send, so trusting them would let it pick a fresh key per request.
    """
    socket = _address(ip_address or UNKNOWN_CLIENT) or _address(UNKNOWN_CLIENT)
    proxies = {address for part in (trusted_proxy or "").split(",") if (address := _address(part))}
    if socket in proxies and forwarded_for:
        for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
            address = _address(hop)
            if address is None:
                break  # garbage in the header: fall back to the proxy's own address
            if address not in proxies:
                return _key(address)
    return _key(socket)  # type: ignore[arg-type]


def client_from_context(context: object, trusted_proxy: str | None) -> str:
    """``client_key`` of a Streamlit request, given ``st.context`` (read duck-typed: web/ renders nothing)."""
    headers = getattr(context, "headers", None) or {}
    return client_key(getattr(context, "ip_address", None), headers.get("X-Forwarded-For"), trusted_proxy)
