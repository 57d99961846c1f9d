"""A small in-process sliding-window rate limiter (per key, e.g. per client address)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from mediation.errors import RateLimited


class RateLimiter:
    """Allow at most `limit` events per `window` seconds for each key."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one event for `key`, or raise `RateLimited` when over the limit."""
        now = time.monotonic()
        with self._lock:
            events = self._events[key]
            while events and now - events[0] > self.window:
                events.popleft()
            if len(events) >= self.limit:
                retry = int(self.window - (now - events[0])) + 1
                raise RateLimited(f"too many requests; try again in {retry} s", details={"retry_after": retry})
            events.append(now)
