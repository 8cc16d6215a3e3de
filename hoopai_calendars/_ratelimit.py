"""Client-side rate limiting per (credential, location): a token bucket fed by the API's headers.

The API allows `X-RateLimit-Max` requests per `X-RateLimit-Interval-Milliseconds`
(100 per 10 s by default) and a daily quota, per app per location. The limiter keeps
a headroom below that, holds sends when the server says the window is nearly spent,
slows down after a 429 and fails fast once the daily quota is gone.

State that several processes could share lives behind `LimiterBackend`; the pure
bucket arithmetic is `BucketState`, so another backend (Redis, say) can reuse it.
"""

from __future__ import annotations

import asyncio
import math
import random as _random
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

import anyio

from ._errors import DeadlineExceeded, RateLimitError, ValidationError
from ._ratelimit_status import BudgetStatus, RateLimitStatus, wall_time
from ._retry import header
from .api import (
    RATE_LIMIT_DAILY_HEADER,
    RATE_LIMIT_DAILY_REMAINING_HEADER,
    RATE_LIMIT_DAILY_RESET_HEADER,
    RATE_LIMIT_INTERVAL_HEADER,
    RATE_LIMIT_INTERVAL_MS,
    RATE_LIMIT_MAX,
    RATE_LIMIT_MAX_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
)

__all__ = [
    "Budget",
    "BucketState",
    "InMemoryBackend",
    "LimiterBackend",
    "REMAINING",
    "RateLimiter",
    "Update",
]

# After a 429 the refill rate is multiplied by this (botocore's CUBIC beta, research §rate).
PENALTY = 0.7
# Nor does it fall below this many requests per second (botocore's _MIN_RATE).
MIN_RATE = 0.5
# Each clean window gives back this share of the full rate.
RECOVERY_STEP = 0.1
# With no usable X-RateLimit-Daily-Reset, probe the daily quota again after this long.
DAILY_PROBE_AFTER = 300.0
# Holds last this share of an interval past our estimate of the server's window end.
WINDOW_MARGIN = 0.05
_DAY = 86_400.0
# Bounds a shielded give-back against a remote backend that hangs.
_GIVE_BACK_TIMEOUT = 5.0
# Seconds left of the call's deadline while `LimiterBackend.take` runs (None: no deadline).
REMAINING: ContextVar[float | None] = ContextVar("hoopai_limiter_remaining", default=None)


@dataclass(frozen=True, slots=True)
class Budget:
    """A bucket's shape: burst `capacity`, full refill `rate` per second, server `interval`."""

    capacity: float
    rate: float
    interval: float


@dataclass(frozen=True, slots=True)
class Update:
    """What one response taught: a (possibly new) budget, a hold, a 429, the daily state.

    `daily_until` is None when the response said nothing about the daily quota;
    otherwise no token is granted before that time (`now` clears the block).
    """

    now: float
    budget: Budget
    hold_until: float | None = None
    penalize: bool = False
    daily_until: float | None = None


@dataclass(slots=True)
class BucketState:
    """One key's bucket. `tokens` may go negative: each unit is a reservation not yet due."""

    capacity: float
    max_rate: float
    interval: float
    rate: float
    tokens: float
    updated: float
    calm_since: float
    daily_until: float = -math.inf

    @classmethod
    def new(cls, budget: Budget, now: float) -> BucketState:
        """Start a full bucket at the budget's full rate."""
        return cls(
            budget.capacity, budget.rate, budget.interval, budget.rate, budget.capacity, now, now
        )

    def hold_left(self, now: float) -> float:
        """Return how long no token will be usable (a hold pushes `updated` into the future)."""
        return max(0.0, self.updated - now)

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def take(self, now: float) -> float:
        """Reserve one token; return the seconds until it may be used (inf: daily quota spent)."""
        if now < self.daily_until:
            return math.inf
        self._refill(now)
        self.tokens -= 1
        debt = max(0.0, -self.tokens)
        return max(self.updated, now) - now + debt / self.rate

    def give_back(self, now: float) -> None:
        """Return a token that was reserved but not used."""
        self._refill(now)
        self.tokens = min(self.capacity, self.tokens + 1)

    def apply(self, change: Update) -> None:
        """Fold one observation in: learn the budget, slow down or recover, hold, block the day."""
        now, budget = change.now, change.budget
        self._refill(now)
        if (budget.capacity, budget.rate, budget.interval) != (
            self.capacity,
            self.max_rate,
            self.interval,
        ):
            # An unpenalised bucket follows the server's rate; a penalised one stays below it.
            self.rate = budget.rate if self.rate >= self.max_rate else min(self.rate, budget.rate)
            self.capacity, self.max_rate = budget.capacity, budget.rate
            self.interval = budget.interval
            self.tokens = min(self.tokens, self.capacity)
        if change.penalize:
            self.rate = max(min(MIN_RATE, self.max_rate), self.rate * PENALTY)
            self.calm_since = now
        elif now - self.calm_since >= self.interval and self.rate < self.max_rate:
            self.rate = min(self.max_rate, self.rate + RECOVERY_STEP * self.max_rate)
            self.calm_since = now
        if change.hold_until is not None and change.hold_until > self.updated:
            # The server's window restarts full when the hold ends; reservations already
            # handed out still count against it.
            self.tokens = self.capacity + min(self.tokens, 0.0)
            self.updated = change.hold_until
        if change.daily_until is not None:
            self.daily_until = change.daily_until


@runtime_checkable
class LimiterBackend(Protocol):
    """Where bucket state lives; every method receives the time, so backends own no clock."""

    async def take(self, key: str, now: float, budget: Budget) -> float:
        """Reserve a token for `key` (a new key starts from `budget`); return the wait.

        Returns `math.inf`, reserving nothing, while the daily quota is spent.
        """
        ...

    async def give_back(self, key: str, now: float) -> None:
        """Return a reserved token that will not be used."""
        ...

    async def update(self, key: str, change: Update) -> None:
        """Apply what a response taught about `key`'s budget."""
        ...


class InMemoryBackend:
    """Bucket state for one process; share one instance between clients to share budgets."""

    def __init__(self) -> None:
        self._states: dict[str, BucketState] = {}

    def snapshot(self, key: str) -> BucketState | None:
        """Return a copy of `key`'s state, for tests and diagnostics."""
        state = self._states.get(key)
        return None if state is None else replace(state)

    async def take(self, key: str, now: float, budget: Budget) -> float:
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = BucketState.new(budget, now)
        return state.take(now)

    async def give_back(self, key: str, now: float) -> None:
        state = self._states.get(key)
        if state is not None:
            state.give_back(now)

    async def update(self, key: str, change: Update) -> None:
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = BucketState.new(change.budget, change.now)
        state.apply(change)


@dataclass(slots=True)
class _Local:
    """This process's view of one key: what the sync methods need without awaiting."""

    max_requests: int
    interval: float
    slot: anyio.Semaphore
    window_start: float = -math.inf
    hold_until: float = -math.inf
    daily_until: float = -math.inf
    pending: deque[Update] = field(default_factory=deque)
    # The last figures the API sent, for `status()` (None: not said yet).
    remaining: int | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    daily_reset: float = -math.inf


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = header(headers, name)
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


def _daily_error() -> RateLimitError:
    error = RateLimitError(
        429, ("the daily request quota for this app and location is spent; nothing was sent",)
    )
    error.daily_quota_exhausted = True
    return error


def _late(within: float | None) -> DeadlineExceeded:
    error = DeadlineExceeded(f"the rate limit allows no send within the {within:.3g} s left")
    error.sent = False
    return error


class RateLimiter:
    """Pace requests per key (credential fingerprint and location) below the API's limits.

    `capacity` and `interval` are the assumed `X-RateLimit-Max` and interval until a
    response says otherwise; `reserve` is the share held back (at least 2 requests).
    """

    def __init__(
        self,
        *,
        backend: LimiterBackend | None = None,
        capacity: int = RATE_LIMIT_MAX,
        interval: float = RATE_LIMIT_INTERVAL_MS / 1000,
        reserve: float = 0.1,
        max_in_flight: int = 10,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
    ) -> None:
        if capacity < 1:
            raise ValidationError("capacity", "must be at least 1")
        if not interval > 0:
            raise ValidationError("interval", "must be positive")
        if not 0 <= reserve < 1:
            raise ValidationError("reserve", "must be in [0, 1)")
        if max_in_flight < 1:
            raise ValidationError("max_in_flight", "must be at least 1")
        self._backend: LimiterBackend = backend if backend is not None else InMemoryBackend()
        self._capacity, self._interval, self._reserve = capacity, interval, reserve
        self._max_in_flight = max_in_flight
        self._clock, self._sleep, self._random = clock, sleep, random
        self._keys: dict[str, _Local] = {}

    def __repr__(self) -> str:
        return f"RateLimiter(capacity={self._capacity}, interval={self._interval})"

    @property
    def backend(self) -> LimiterBackend:
        return self._backend

    def _local(self, key: str) -> _Local:
        local = self._keys.get(key)
        if local is None:
            slot = anyio.Semaphore(self._max_in_flight, max_value=self._max_in_flight)
            local = self._keys[key] = _Local(self._capacity, self._interval, slot)
        return local

    def budget(self, key: str) -> Budget:
        """Return the bucket shape currently assumed for `key`."""
        local = self._local(key)
        held_back = max(2, math.ceil(local.max_requests * self._reserve))
        capacity = max(1, local.max_requests - held_back)
        return Budget(float(capacity), local.max_requests / local.interval, local.interval)

    async def acquire(
        self,
        key: str,
        *,
        within: float | None = None,
        on_wait: Callable[[float], object] | None = None,
    ) -> None:
        """Wait for an in-flight slot and a token; raise RateLimitError if the day is spent.

        With `within` (seconds), raise DeadlineExceeded instead of starting a wait that
        would end later. A waiter that is cancelled (or fails) gives its slot and token back.
        `on_wait` is told the seconds of each pacing wait as it begins.
        """
        local = self._local(key)
        # Flushed first, so a spent day also reaches the backend (and other processes).
        await self._flush(key, local)
        if self._clock() < local.daily_until:
            raise _daily_error()
        until = math.inf if within is None else self._clock() + within
        # The slot comes first so the token's due time is also the send time: waiting for
        # a slot after the token would let reservations pile up and go out together.
        # That wait is on other requests, not on our clock, so it is bounded in loop time.
        try:
            local.slot.acquire_nowait()  # the common case: a slot is free, no loop round-trip
        except anyio.WouldBlock:
            with anyio.move_on_after(within) as scope:
                await local.slot.acquire()
            if scope.cancelled_caught:
                raise _late(within) from None
        try:
            # Answers that arrived while we queued for the slot (a learned budget) count too.
            await self._flush(key, local)
            # A remote backend bounds its own I/O by what is left of the call's deadline.
            remaining = REMAINING.set(None if within is None else until - self._clock())
            try:
                wait = await self._backend.take(key, self._clock(), self.budget(key))
            finally:
                REMAINING.reset(remaining)
            if wait == math.inf:
                raise _daily_error()
            try:
                await self._wait(local, wait, until, within, on_wait)
            except BaseException:
                with anyio.move_on_after(_GIVE_BACK_TIMEOUT, shield=True):
                    await self._backend.give_back(key, self._clock())
                raise
        except BaseException:
            local.slot.release()
            raise
        now = self._clock()
        if now >= local.window_start + local.interval:
            # Like the server's, our window opens with the first send after the last one closed.
            local.window_start = now

    async def _flush(self, key: str, local: _Local) -> None:
        while local.pending:
            await self._backend.update(key, local.pending.popleft())

    async def _wait(
        self,
        local: _Local,
        wait: float,
        until: float,
        within: float | None,
        on_wait: Callable[[float], object] | None,
    ) -> None:
        if self._clock() + wait > until:
            raise _late(within)
        if wait > 0:
            if on_wait is not None:
                on_wait(wait)
            await self._sleep(wait)
        # A 429 or a spent window seen while we waited moves the hold; honour it now.
        while (left := local.hold_until - self._clock()) > 0:
            if self._clock() + left > until:
                raise _late(within)
            if on_wait is not None:
                on_wait(left)
            await self._sleep(left)
        if self._clock() < local.daily_until:
            raise _daily_error()

    def release(self, key: str) -> None:
        """Give back the in-flight slot taken by `acquire`."""
        local = self._keys.get(key)
        if local is None:
            raise RuntimeError("release() without a matching acquire()")
        local.slot.release()

    @asynccontextmanager
    async def slot(self, key: str) -> AsyncIterator[None]:
        """Hold a slot and a token for the duration of one request."""
        await self.acquire(key)
        try:
            yield
        finally:
            self.release(key)

    def observe(self, key: str, status: int, headers: Mapping[str, str]) -> None:
        """Learn from one response's status and rate-limit headers.

        Takes effect here at once for this process; the backend gets it at the
        key's next `acquire`.
        """
        local = self._local(key)
        now = self._clock()
        max_requests = _int_header(headers, RATE_LIMIT_MAX_HEADER)
        if max_requests is not None and max_requests > 0:
            local.max_requests = max_requests
        interval_ms = _int_header(headers, RATE_LIMIT_INTERVAL_HEADER)
        if interval_ms is not None and 0 < interval_ms <= _DAY * 1000:
            local.interval = interval_ms / 1000
        budget = self.budget(key)
        remaining = _int_header(headers, RATE_LIMIT_REMAINING_HEADER)
        local.remaining = remaining if remaining is not None else local.remaining
        local.daily_limit = _int_header(headers, RATE_LIMIT_DAILY_HEADER) or local.daily_limit
        hold_until = None
        # A low Remaining only counts inside a window we know is open: a late answer from
        # the previous window would otherwise hold a fresh one for a whole interval.
        nearly_spent = (
            remaining is not None
            and remaining <= local.max_requests - budget.capacity
            and local.window_start + local.interval > now
        )
        if status == 429 or nearly_spent:
            hold_until = self._window_end(local, now)
            local.hold_until = max(local.hold_until, hold_until)
        daily_until = None
        daily_remaining = _int_header(headers, RATE_LIMIT_DAILY_REMAINING_HEADER)
        if daily_remaining is not None:
            local.daily_remaining = daily_remaining
            reset = _int_header(headers, RATE_LIMIT_DAILY_RESET_HEADER)
            if reset is not None and 0 < reset <= _DAY * 1000:
                local.daily_reset = now + reset / 1000
            daily_until = now
            if daily_remaining <= 0:
                # Daily-Reset is a duration in ms, not an epoch (research users §4).
                reset_ms = _int_header(headers, RATE_LIMIT_DAILY_RESET_HEADER)
                ok = reset_ms is not None and 0 < reset_ms <= _DAY * 1000
                daily_until = now + (reset_ms / 1000 if reset_ms and ok else DAILY_PROBE_AFTER)
            local.daily_until = daily_until
        local.pending.append(Update(now, budget, hold_until, status == 429, daily_until))

    def status(self, key: str) -> RateLimitStatus:
        """Return what this process last learnt of `key`'s burst and daily budgets."""
        local, now = self._local(key), self._clock()
        burst_end = local.window_start + local.interval
        burst = BudgetStatus(local.max_requests, local.remaining, wall_time(burst_end, now))
        daily_end = max(local.daily_until, local.daily_reset)
        daily = BudgetStatus(local.daily_limit, local.daily_remaining, wall_time(daily_end, now))
        return RateLimitStatus(key, burst, daily)

    def _window_end(self, local: _Local, now: float) -> float:
        # Unknown window (or one that should have ended): a full interval is always enough.
        end = local.window_start + local.interval
        if end <= now:
            return now + local.interval
        # The server's window opened when our first request arrived, a little after we sent it.
        return end + WINDOW_MARGIN * local.interval

    def wait_hint(self, key: str) -> float:
        """Return how long to wait after a 429: until the current window ends, +0-10 % jitter."""
        local = self._local(key)
        now = self._clock()
        until = max(self._window_end(local, now), local.hold_until)
        return (until - now) * (1 + 0.1 * self._random())
