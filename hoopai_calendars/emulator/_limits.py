"""Per-location rate limiting: a fixed burst window plus a daily counter, like the API's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..api import (
    RATE_LIMIT_DAILY_HEADER,
    RATE_LIMIT_DAILY_REMAINING_HEADER,
    RATE_LIMIT_DAILY_RESET_HEADER,
    RATE_LIMIT_INTERVAL_HEADER,
    RATE_LIMIT_MAX_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
)

__all__ = ["DAY_MS", "RateLimiter"]

DAY_MS = 86_400_000


@dataclass(slots=True)
class _Bucket:
    window_start: int
    used: int
    day_start: int
    day_used: int


class RateLimiter:
    """Count requests per key (the token's location) and say when the budget is spent.

    The burst window opens at the first request after the previous one closed, which is
    how the live counters behave: `X-RateLimit-Remaining` refills all at once.
    """

    def __init__(
        self, clock: Callable[[], float], limit: int, interval_ms: int, daily_limit: int
    ) -> None:
        self._clock = clock
        self.limit = limit
        self.interval_ms = interval_ms
        self.daily_limit = daily_limit
        self._buckets: dict[str, _Bucket] = {}

    def configure(self, limit: int, interval_ms: int) -> None:
        """Change the burst budget; counts already spent in the open window are kept."""
        if limit < 1 or interval_ms < 1:
            raise ValueError("limit and interval_ms must be positive")
        self.limit = limit
        self.interval_ms = interval_ms

    def _bucket(self, key: str) -> _Bucket:
        now = int(self._clock() * 1000)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(now, 0, now, 0)
        if now - bucket.window_start >= self.interval_ms:
            bucket.window_start, bucket.used = now, 0
        if now - bucket.day_start >= DAY_MS:
            bucket.day_start, bucket.day_used = now, 0
        return bucket

    def consume(self, key: str) -> tuple[bool, dict[str, str]]:
        """Spend one request of `key`'s budget; return (allowed, rate-limit headers)."""
        bucket = self._bucket(key)
        allowed = bucket.used < self.limit and bucket.day_used < self.daily_limit
        if allowed:
            bucket.used += 1
            bucket.day_used += 1
        return allowed, self._headers(bucket)

    def peek(self, key: str | None) -> dict[str, str]:
        """Return the headers for `key` without spending anything."""
        if key is None:
            return self._headers(_Bucket(0, 0, int(self._clock() * 1000), 0))
        return self._headers(self._bucket(key))

    def _headers(self, bucket: _Bucket) -> dict[str, str]:
        now = int(self._clock() * 1000)
        return {
            RATE_LIMIT_MAX_HEADER: str(self.limit),
            RATE_LIMIT_REMAINING_HEADER: str(max(0, self.limit - bucket.used)),
            RATE_LIMIT_INTERVAL_HEADER: str(self.interval_ms),
            RATE_LIMIT_DAILY_HEADER: str(self.daily_limit),
            RATE_LIMIT_DAILY_REMAINING_HEADER: str(max(0, self.daily_limit - bucket.day_used)),
            RATE_LIMIT_DAILY_RESET_HEADER: str(max(0, bucket.day_start + DAY_MS - now)),
        }
