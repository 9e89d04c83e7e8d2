"""A sliding-window rate limit, kept per session: the public demo allows N questions a minute."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most ``limit`` events in any ``window_s`` seconds; the clock is injectable for tests."""

    def __init__(self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: deque[float] = deque()

    def _forget_old(self, now: float) -> None:
        while self._events and now - self._events[0] >= self.window_s:
            self._events.popleft()

    def allow(self) -> bool:
        """Count one event and return True, or return False (counting nothing) when over the limit."""
        now = self._clock()
        self._forget_old(now)
        if len(self._events) >= self.limit:
            return False
        self._events.append(now)
        return True

    def retry_after(self) -> int:
        """Whole seconds until the next event is allowed (0 when it is allowed now)."""
        now = self._clock()
        self._forget_old(now)
        if len(self._events) < self.limit:
            return 0
        return max(1, math.ceil(self.window_s - (now - self._events[0])))
