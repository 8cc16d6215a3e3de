from __future__ import annotations

import asyncio
import itertools
from typing import Any

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoopai_calendars._errors import RateLimitError, ValidationError
from hoopai_calendars._ratelimit import (
    MIN_RATE,
    BucketState,
    Budget,
    InMemoryBackend,
    LimiterBackend,
    RateLimiter,
    Update,
)
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.anyio

KEY = "sha256:abc:loc1"


@pytest.fixture
def ft() -> FakeClock:
    return FakeClock(0.0, scheduled=True)


def make(ft: FakeClock, **kwargs: Any) -> tuple[RateLimiter, InMemoryBackend]:
    backend = InMemoryBackend()
    limiter = RateLimiter(backend=backend, clock=ft, sleep=ft.sleep, random=lambda: 0.5, **kwargs)
    return limiter, backend


def state(backend: InMemoryBackend, key: str = KEY) -> BucketState:
    snapshot = backend.snapshot(key)
    assert snapshot is not None
    return snapshot


async def send(limiter: RateLimiter, ft: FakeClock, key: str = KEY) -> float:
    async with limiter.slot(key):
        return ft.now


def headers(**values: int) -> dict[str, str]:
    names = {
        "max": "X-RateLimit-Max",
        "remaining": "X-RateLimit-Remaining",
        "interval_ms": "X-RateLimit-Interval-Milliseconds",
        "daily_remaining": "X-RateLimit-Daily-Remaining",
        "daily_reset": "X-RateLimit-Daily-Reset",
    }
    return {names[k]: str(v) for k, v in values.items()}


async def test_in_memory_backend_is_a_limiter_backend() -> None:
    assert isinstance(InMemoryBackend(), LimiterBackend)


async def test_bucket_drains_then_refills_at_the_full_rate(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=1000)

    async def burst(n: int) -> list[float]:
        return [await send(limiter, ft) for _ in range(n)]

    (times,) = await ft.run(burst(100))
    # 100 per 10 s minus a 10 % reserve: 90 at once, then one every 0.1 s.
    assert times[:90] == [0.0] * 90
    assert times[90:] == pytest.approx([0.1 * i for i in range(1, 11)])
    ft.now += 5.0  # idle: 50 tokens come back
    (times,) = await ft.run(burst(51))
    assert times[:50] == [6.0] * 50
    assert times[50] == pytest.approx(6.1)
    assert state(backend).rate == 10.0


async def test_budget_keeps_at_least_two_in_reserve(ft: FakeClock) -> None:
    assert RateLimiter(capacity=100).budget(KEY) == Budget(90.0, 10.0, 10.0)
    assert RateLimiter(capacity=10).budget(KEY) == Budget(8.0, 1.0, 10.0)
    assert RateLimiter(capacity=2, reserve=0).budget(KEY).capacity == 1.0


async def test_learns_capacity_and_interval_from_headers(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=1000)
    await ft.run(send(limiter, ft))
    # A trial token's real budget: 25 per 10 s (lower-case names, as aiohttp may give).
    lowered = {k.lower(): v for k, v in headers(max=25, interval_ms=10_000).items()}
    limiter.observe(KEY, 200, lowered)
    assert limiter.budget(KEY) == Budget(22.0, 2.5, 10.0)

    async def burst(n: int) -> list[float]:
        return [await send(limiter, ft) for _ in range(n)]

    (times,) = await ft.run(burst(30))
    snap = state(backend)
    assert (snap.capacity, snap.max_rate, snap.rate) == (22.0, 2.5, 2.5)
    # 89 tokens were left, clipped to the new capacity of 22; the rest come every 0.4 s.
    assert times[:22] == [0.0] * 22
    assert times[22:] == pytest.approx([0.4 * i for i in range(1, 9)])


async def test_learned_budget_reaches_callers_already_queued(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=1)
    await limiter.acquire(KEY)
    queued = asyncio.ensure_future(send(limiter, ft))
    await ft.settle()
    limiter.observe(KEY, 200, headers(max=20, interval_ms=1_000))
    limiter.release(KEY)
    await ft.run(queued)
    assert state(backend).capacity == 18.0


async def test_learned_interval_shortens_the_window(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    await ft.run(send(limiter, ft))  # the window is assumed to be 10 s until told otherwise
    ft.now = 0.2
    limiter.observe(KEY, 200, headers(max=20, remaining=2, interval_ms=1_000))
    assert await ft.run(send(limiter, ft)) == [pytest.approx(1.05)]


async def test_faster_header_budget_is_followed(ft: FakeClock) -> None:
    limiter, backend = make(ft)
    await ft.run(send(limiter, ft))
    limiter.observe(KEY, 200, headers(max=200, interval_ms=10_000))
    await ft.run(send(limiter, ft))
    assert state(backend).rate == 20.0


async def test_holds_when_remaining_reaches_the_reserve(ft: FakeClock) -> None:
    limiter, backend = make(ft)
    await ft.run(send(limiter, ft))  # opens our window at t=0, so it ends at t=10
    ft.now = 2.0
    limiter.observe(KEY, 200, headers(max=100, remaining=10, interval_ms=10_000))
    (sent,) = await ft.run(send(limiter, ft))
    assert sent == 10.5  # the window's end plus a 5 % margin for the request's travel
    # The server's window restarts full; the bucket follows.
    assert state(backend).tokens == 89.0


async def test_a_late_low_remaining_does_not_hold_a_fresh_window(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    await ft.run(send(limiter, ft))
    ft.now = 10.5  # our window ended at t=10: this answer is from the old one
    limiter.observe(KEY, 200, headers(max=100, remaining=0, interval_ms=10_000))
    (sent,) = await ft.run(send(limiter, ft))
    assert sent == 10.5


async def test_429_slows_down_holds_the_window_and_recovers(ft: FakeClock) -> None:
    limiter, backend = make(ft)
    await ft.run(send(limiter, ft))
    ft.now = 1.0
    limiter.observe(KEY, 429, headers(max=100, remaining=0, interval_ms=10_000))
    # Until our window ends (t=10, plus the 0.5 s margin), plus 5 % (random() is 0.5 here).
    assert limiter.wait_hint(KEY) == pytest.approx(9.5 * 1.05)
    (sent,) = await ft.run(send(limiter, ft))
    assert sent == 10.5
    assert state(backend).rate == pytest.approx(7.0)
    rates = []
    for t in (10.5, 11.5, 21.5, 31.5, 41.5):
        ft.now = t
        limiter.observe(KEY, 200, headers(max=100, remaining=50, interval_ms=10_000))
        await ft.run(send(limiter, ft))
        rates.append(state(backend).rate)
    # One step per clean window, never above the server's 10/s.
    assert rates == pytest.approx([7.0, 8.0, 9.0, 10.0, 10.0])


async def test_a_429_seen_while_waiting_holds_the_waiter(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    for _ in range(90):
        await send(limiter, ft)
    waiter = asyncio.ensure_future(send(limiter, ft))  # due at t=0.1
    await ft.advance(0.05)
    limiter.observe(KEY, 429, {})
    await ft.advance(0.1)
    assert not waiter.done()
    assert await ft.run(waiter) == [10.5]


async def test_429s_never_push_the_rate_below_the_floor(ft: FakeClock) -> None:
    limiter, backend = make(ft)
    for _ in range(20):
        await ft.run(send(limiter, ft))
        limiter.observe(KEY, 429, {})
        ft.now += limiter.wait_hint(KEY)
    await ft.run(send(limiter, ft))
    assert state(backend).rate == MIN_RATE


async def test_lower_server_max_caps_a_penalised_rate(ft: FakeClock) -> None:
    limiter, backend = make(ft)
    await ft.run(send(limiter, ft))
    limiter.observe(KEY, 429, {})
    ft.now += limiter.wait_hint(KEY)
    await ft.run(send(limiter, ft))
    assert state(backend).rate == pytest.approx(7.0)
    limiter.observe(KEY, 200, headers(max=50, interval_ms=10_000))
    await ft.run(send(limiter, ft))
    assert state(backend).rate == pytest.approx(5.0)


async def test_wait_hint_without_a_known_window_is_one_interval(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    assert limiter.wait_hint(KEY) == pytest.approx(10.5)


async def test_spent_day_fails_fast_without_waiting(ft: FakeClock) -> None:
    limiter, _ = make(ft, max_in_flight=1)
    await ft.run(send(limiter, ft))
    limiter.observe(KEY, 200, headers(daily_remaining=0, daily_reset=3_600_000))
    with pytest.raises(RateLimitError) as caught:
        await limiter.acquire(KEY)
    assert caught.value.daily_quota_exhausted is True
    assert ft.sleeps == []
    ft.now = 3_599.0
    with pytest.raises(RateLimitError):
        await limiter.acquire(KEY)
    ft.now = 3_600.0
    assert await ft.run(send(limiter, ft)) == [3_600.0]  # the one slot was never leaked


async def test_spent_day_without_reset_header_probes_again_later(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    limiter.observe(KEY, 429, headers(daily_remaining=0))
    with pytest.raises(RateLimitError):
        await limiter.acquire(KEY)
    ft.now = 300.0
    await ft.run(send(limiter, ft))
    limiter.observe(KEY, 200, headers(daily_remaining=5))
    await ft.run(send(limiter, ft))


async def test_spent_day_is_shared_through_the_backend(ft: FakeClock) -> None:
    backend = InMemoryBackend()
    first = RateLimiter(backend=backend, clock=ft, sleep=ft.sleep)
    second = RateLimiter(backend=backend, clock=ft, sleep=ft.sleep)
    await ft.run(send(first, ft))
    first.observe(KEY, 200, headers(daily_remaining=0, daily_reset=60_000))
    with pytest.raises(RateLimitError):
        await first.acquire(KEY)
    with pytest.raises(RateLimitError) as caught:
        await second.acquire(KEY)
    assert caught.value.daily_quota_exhausted


async def test_in_flight_cap(ft: FakeClock) -> None:
    limiter, _ = make(ft, max_in_flight=3)
    gate = asyncio.Event()
    inside = 0
    peak = 0

    async def request() -> None:
        nonlocal inside, peak
        async with limiter.slot(KEY):
            inside += 1
            peak = max(peak, inside)
            await gate.wait()
            inside -= 1

    tasks = [asyncio.ensure_future(request()) for _ in range(7)]
    await ft.settle()
    assert inside == 3
    gate.set()
    await ft.run(*tasks)
    assert peak == 3


async def test_keys_are_independent(ft: FakeClock) -> None:
    limiter, _ = make(ft, max_in_flight=1)
    await limiter.acquire("a")
    assert await ft.run(send(limiter, ft, "b")) == [0.0]
    limiter.release("a")


async def test_cancelled_token_waiter_gives_everything_back(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=1)
    for _ in range(90):
        await send(limiter, ft)
    waiter = asyncio.ensure_future(limiter.acquire(KEY))
    await ft.settle()
    assert state(backend).tokens == -1.0  # reserved, sleeping 0.1 s
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert state(backend).tokens == 0.0
    # Slot and token are both back: the next caller waits 0.1 s, not 0.2 s, and gets the slot.
    assert await ft.run(send(limiter, ft)) == [pytest.approx(0.1)]


async def test_cancelled_slot_waiter_takes_no_token(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=1)
    await limiter.acquire(KEY)
    tokens = state(backend).tokens
    waiter = asyncio.ensure_future(limiter.acquire(KEY))
    await ft.settle()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    limiter.release(KEY)
    assert state(backend).tokens == tokens
    assert await ft.run(send(limiter, ft)) == [0.0]


async def test_anyio_cancel_scope_while_waiting_leaks_nothing(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=2)
    for _ in range(90):
        await send(limiter, ft)

    async def give_up() -> bool:
        with anyio.move_on_after(0):
            await limiter.acquire(KEY)
            return False
        return True

    assert await ft.run(give_up(), give_up()) == [True, True]
    assert state(backend).tokens == 0.0
    assert await ft.run(send(limiter, ft), send(limiter, ft)) == pytest.approx([0.1, 0.2])


async def test_cancellation_storm_returns_every_reservation(ft: FakeClock) -> None:
    limiter, backend = make(ft, max_in_flight=50)
    for _ in range(90):
        await send(limiter, ft)
    waiters = [asyncio.ensure_future(send(limiter, ft)) for _ in range(40)]
    await ft.settle()
    for waiter in waiters[::2]:
        waiter.cancel()
    await ft.settle()
    assert state(backend).tokens == -20.0
    survivors = await ft.run(*waiters[1::2])
    assert survivors == pytest.approx([0.2 * i for i in range(1, 21)])
    assert all(w.cancelled() for w in waiters[::2])
    # The 20 cancelled reservations came back: at t=4 the bucket holds 20 again,
    # where leaked reservations would leave it empty and make this caller wait.
    assert await ft.run(send(limiter, ft)) == [4.0]
    assert state(backend).tokens == pytest.approx(19.0)


async def test_300_concurrent_acquires_take_at_least_20_seconds(ft: FakeClock) -> None:
    limiter, _ = make(ft)
    times = await ft.run(*(send(limiter, ft) for _ in range(300)))
    assert sorted(times)[:90] == [0.0] * 90
    assert max(times) >= 20.0
    assert max(times) == pytest.approx(21.0)


async def test_release_without_acquire_is_an_error() -> None:
    with pytest.raises(RuntimeError):
        RateLimiter().release(KEY)


@pytest.mark.parametrize(
    "kwargs",
    [{"capacity": 0}, {"interval": 0}, {"reserve": 1.0}, {"reserve": -0.1}, {"max_in_flight": 0}],
)
async def test_rejects_nonsense_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        RateLimiter(**kwargs)  # type: ignore[arg-type]


@given(st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=300))
def test_reservations_never_exceed_the_bucket(gaps: list[float]) -> None:
    # Token-bucket conformance: between any two grants i < j, at most
    # capacity + rate * (t_j - t_i) grants were handed out.
    budget = Budget(capacity=9.0, rate=1.0, interval=10.0)
    bucket = BucketState.new(budget, 0.0)
    now, due = 0.0, []
    for gap in gaps:
        now += gap
        due.append(now + bucket.take(now))
    assert due == sorted(due)
    for i, j in itertools.combinations(range(len(due)), 2):
        assert j - i + 1 <= budget.capacity + budget.rate * (due[j] - due[i]) + 1e-6


def test_bucket_hold_refills_at_the_end() -> None:
    bucket = BucketState.new(Budget(5.0, 1.0, 10.0), 0.0)
    for _ in range(5):
        assert bucket.take(0.0) == 0.0
    bucket.apply(Update(1.0, Budget(5.0, 1.0, 10.0), hold_until=10.0))
    assert bucket.hold_left(1.0) == 9.0
    assert [bucket.take(1.0) for _ in range(6)] == [9.0] * 5 + [10.0]
