"""What a client can read about its rate budgets: `client.rate_limit_status()`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

__all__ = ["BudgetStatus", "RateLimitStatus", "wall_time"]


@dataclass(frozen=True, slots=True)
class BudgetStatus:
    """One budget as last seen: None where no response has said yet.

    `remaining` and `limit` are the API's own figures (its rate-limit headers);
    `resets_at` is when the budget is full again (UTC), as this process estimates it.
    """

    limit: int | None
    remaining: int | None
    resets_at: datetime | None


@dataclass(frozen=True, slots=True)
class RateLimitStatus:
    """The burst budget (`X-RateLimit-Max` per interval) and the daily one, for one key.

    With a shared backend (Redis) these are this process's last-seen figures: other
    processes spend the same budget, so the API's next answer may show less.
    """

    key: str
    burst: BudgetStatus
    daily: BudgetStatus


def wall_time(at: float, now: float) -> datetime | None:
    """Turn a time on the limiter's clock into UTC wall time (None for an unknown time)."""
    if at in (float("inf"), float("-inf")) or at <= now:
        return None
    return datetime.now(timezone.utc) + timedelta(seconds=at - now)
