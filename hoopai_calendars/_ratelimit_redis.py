"""A `LimiterBackend` in Redis: one bucket per budget, shared by every process that uses it.

Needs the `redis` extra (redis-py >= 5, asyncio). The arithmetic is `BucketState`'s,
run as Lua scripts (loaded once, then called by SHA) on Redis' clock. If Redis is
unreachable or slow, each process falls back to a local bucket holding a share of the
budget, and goes back to Redis once a probe (with backoff) answers.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio

from ._errors import ValidationError
from ._ratelimit import REMAINING, Budget, InMemoryBackend, Update
from ._ratelimit_lua import APPLY, GIVE_BACK, TAKE

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisLimiterBackend"]

logger = logging.getLogger("hoopai_calendars")

_NO_HOLD, _NO_NEWS, _CLEAR = -1.0, -1.0, 0.0


class RedisLimiterBackend:
    """Keep rate-limit buckets in Redis so processes sharing a budget key share its requests.

    Give it to `RateLimiter(backend=...)`. The bucket key is the client's
    `rate_limit_key` (the location id) or, by default, the credential's fingerprint;
    keys are stored as `<key_prefix>{<key>}:bucket` (one hash slot per key, so it also
    works on Redis Cluster). Every Redis command is bounded by `op_timeout` and by
    half of what is left of the call's deadline. While Redis fails, each process allows itself
    `1 / expected_processes` of the budget locally (one warning per outage) and probes
    Redis again after `probe_min`, doubling to `probe_max` seconds. `clock` must be the
    RateLimiter's clock (the default is).
    """

    def __init__(
        self,
        redis: Redis,
        *,
        key_prefix: str = "hoopai:ratelimit:",
        op_timeout: float = 0.25,
        expected_processes: int = 4,
        probe_min: float = 0.5,
        probe_max: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        from redis.exceptions import RedisError

        if expected_processes < 1:
            raise ValidationError("expected_processes", "must be at least 1")
        if not op_timeout > 0:
            raise ValidationError("op_timeout", "must be positive")
        self._redis = redis
        self._prefix = key_prefix
        self._op_timeout = op_timeout
        self._share = 1.0 / expected_processes
        self._probe_min, self._probe_max = probe_min, probe_max
        self._clock = clock
        self._errors: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
        self._take = redis.register_script(TAKE)
        self._give_back = redis.register_script(GIVE_BACK)
        self._apply = redis.register_script(APPLY)
        self._local = InMemoryBackend()
        self._batches: dict[str, _Batch] = {}
        self._sent: dict[str, Budget] = {}
        self._blocked: set[str] = set()
        self._down_since: float | None = None
        self._retry_at = -math.inf
        self._backoff = probe_min
        self.writes = 0

    def __repr__(self) -> str:
        state = "local fallback" if self._down_since is not None else "shared"
        return f"RedisLimiterBackend(key_prefix={self._prefix!r}, {state})"

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable and this process limits on its own share."""
        return self._down_since is not None

    def _keys(self, key: str) -> list[str]:
        return [f"{self._prefix}{{{key}}}:bucket", f"{self._prefix}{{{key}}}:day"]

    def _share_of(self, budget: Budget) -> Budget:
        return Budget(
            max(1.0, budget.capacity * self._share), budget.rate * self._share, budget.interval
        )

    async def _run(
        self, script: Any, key: str, args: list[float | int], left: float | None = None
    ) -> Any:
        """Run one script; None means Redis failed (or is resting) and the caller goes local.

        `left` is the shortest deadline of the callers waiting on it.
        """
        now = self._clock()
        if self._down_since is not None and now < self._retry_at:
            return None
        # Half of what is left at most: the other half pays for the send itself.
        timeout = self._op_timeout if left is None else min(self._op_timeout, left / 2)
        if timeout <= 0:
            return None
        try:
            with anyio.fail_after(timeout):
                raw = await script(keys=self._keys(key), args=args)
        except self._errors as exc:
            self._failed(now, exc)
            return None
        if self._down_since is not None:
            logger.warning(
                "Redis is back after %.1f s; the rate-limit budget is shared again",
                self._clock() - self._down_since,
            )
            self._down_since, self._backoff = None, self._probe_min
        return raw

    def _failed(self, now: float, exc: BaseException) -> None:
        if self._down_since is None:
            self._down_since = now
            self._backoff = self._probe_min
            logger.warning(
                "Redis unreachable for rate limiting (%s); each process now allows itself "
                "1/%d of the budget until it is back",
                type(exc).__name__,
                round(1 / self._share),
            )
        else:
            self._backoff = min(self._probe_max, self._backoff * 2)
        self._retry_at = now + self._backoff

    async def take(self, key: str, now: float, budget: Budget) -> float:
        # The takes of one loop tick for a key share one script call (one round trip).
        batch = self._batches.get(key)
        if batch is None:
            batch = self._batches[key] = _Batch(budget)
            task = asyncio.ensure_future(self._send(key, batch))
            task.add_done_callback(_seen)
        future: asyncio.Future[float | None] = asyncio.get_running_loop().create_future()
        batch.futures.append(future)
        left = REMAINING.get()
        if left is not None:
            batch.left = left if batch.left is None else min(batch.left, left)
        wait = await future
        if wait is None:
            return await self._local.take(key, now, self._share_of(budget))
        return wait

    async def _send(self, key: str, batch: _Batch) -> None:
        try:
            await asyncio.sleep(0)  # let the other takes of this tick join
            if self._batches.get(key) is batch:
                del self._batches[key]
            budget, count = batch.budget, len(batch.futures)
            args: list[float | int] = [budget.capacity, budget.rate, budget.interval, count]
            raw = await self._run(self._take, key, args, batch.left)
            waits: list[float | None] = [None] * count
            if raw is not None:
                got = [float(x) for x in raw]
                if got[0] < 0:
                    self._blocked.add(key)
                    got = [math.inf] * count
                waits = list(got)
            for future, wait in zip(batch.futures, waits, strict=True):
                if not future.cancelled():
                    future.set_result(wait)
                elif wait is not None and wait != math.inf:
                    await self.give_back(key, self._clock())  # reserved for a waiter now gone
        except BaseException as exc:
            for future in batch.futures:
                if not future.done():
                    future.set_exception(exc)
            raise

    async def give_back(self, key: str, now: float) -> None:
        if await self._run(self._give_back, key, [], REMAINING.get()) is None:
            await self._local.give_back(key, now)

    async def update(self, key: str, change: Update) -> None:
        # The local bucket learns everything, so a fallback starts from what we know.
        await self._local.update(key, _scaled(change, self._share_of(change.budget)))
        daily = _NO_NEWS
        if change.daily_until is not None:
            if change.daily_until > change.now:
                daily = max(0.001, change.daily_until - self._clock())
                self._blocked.add(key)
            elif key in self._blocked:
                daily = _CLEAR
                self._blocked.discard(key)
        # Most answers teach nothing new: no Redis write for them (nor for the daily count).
        if (
            change.hold_until is None
            and not change.penalize
            and daily == _NO_NEWS
            and self._sent.get(key) == change.budget
        ):
            return
        hold = _NO_HOLD
        if change.hold_until is not None:
            hold = max(0.0, change.hold_until - self._clock())
        budget = change.budget
        args: list[float | int] = [budget.capacity, budget.rate, budget.interval]
        args += [int(change.penalize), hold, daily]
        if await self._run(self._apply, key, args, REMAINING.get()) is not None:
            self._sent[key] = budget
            self.writes += 1


class _Batch:
    """The takes waiting on one script call."""

    __slots__ = ("budget", "futures", "left")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.futures: list[asyncio.Future[float | None]] = []
        self.left: float | None = None


def _seen(task: asyncio.Task[None]) -> None:
    # The waiters got the outcome through their futures; keep asyncio quiet about it.
    if not task.cancelled():
        task.exception()


def _scaled(change: Update, budget: Budget) -> Update:
    return Update(change.now, budget, change.hold_until, change.penalize, change.daily_until)
