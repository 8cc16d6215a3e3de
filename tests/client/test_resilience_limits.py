"""Deadlines, backoff and the rate limiter at work in the client, against the emulator."""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator

import anyio
import pytest

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    DeadlineExceeded,
    RateLimiter,
    RateLimitError,
    ReadTimeout,
    RequestOptions,
    ServerError,
)
from hoopai_calendars.emulator import Emulator
from tests.support.fakes import START, FakeClock, RecordingTransport
from tests.support.resilience import client_for, demo

pytestmark = pytest.mark.anyio


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:2", rate_limit=10_000) as emulator:
        yield emulator


# --- deadline and backoff -----------------------------------------------------------------------


async def test_backoff_sleeps_follow_the_schedule(emu: Emulator, clock: FakeClock) -> None:
    emu.faults.status_5xx("calendars.get", probability=1.0)
    fractions = random.Random(11)
    async with AsyncCalendarsClient(
        emu.token,
        base_url=emu.url,
        max_retries=6,
        deadline=None,
        rate_limit=False,
        clock=clock,
        sleep=clock.sleep,
        random_fraction=fractions.random,
    ) as client:
        with pytest.raises(ServerError):
            await client.calendars.get(demo(emu).calendar_ids[0])
    expected_fractions = random.Random(11)
    expected = [min(8.0, 0.5 * 2**n) * (0.5 + 0.5 * expected_fractions.random()) for n in range(6)]
    assert clock.sleeps == pytest.approx(expected)
    for n, slept in enumerate(clock.sleeps):
        assert min(8.0, 0.5 * 2**n) / 2 <= slept <= min(8.0, 0.5 * 2**n)


async def test_retries_stop_before_a_sleep_would_pass_the_deadline(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.faults.status_5xx("calendars.get", probability=1.0)
    async with client_for(emu, clock, max_retries=50, deadline=5.0, rate_limit=False) as client:
        with pytest.raises(ServerError):
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert clock.now - START <= 5.0
    assert 3 <= len(clock.sleeps) < 50  # it retried, then stopped on time, not on count
    assert emu.faults.seen["calendars.get"] == len(clock.sleeps) + 1


async def test_slow_server_is_cut_off_at_the_deadline(emu: Emulator) -> None:
    emu.faults.delay(5.0, "calendars.get", probability=1.0)
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, deadline=0.5) as client:
        started = time.perf_counter()
        with pytest.raises(ReadTimeout):
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert time.perf_counter() - started < 1.5


async def test_limiter_wait_longer_than_the_deadline_fails_fast(
    emu: Emulator, clock: FakeClock
) -> None:
    # 3 requests per minute: the first answer says the window is spent, so the
    # limiter holds further sends for about a minute.
    emu.set_rate_limit(3, 60_000)
    calendar_id = demo(emu).calendar_ids[0]
    async with client_for(emu, clock, deadline=5.0) as client:
        await client.calendars.get(calendar_id)
        started = clock.now
        with pytest.raises(DeadlineExceeded) as info:
            await client.calendars.get(calendar_id)
    assert info.value.sent is False
    assert clock.now - started <= 5.0  # it did not sit out the hold first
    assert emu.faults.seen["calendars.get"] == 1


async def test_time_spent_in_the_limiter_shortens_the_attempt_timeout(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.set_rate_limit(3, 4_000)  # the hold is about 4 s of the call's 10 s
    calendar_id = demo(emu).calendar_ids[0]
    transport = RecordingTransport(inner=AiohttpTransport())
    async with client_for(emu, clock, deadline=10.0, transport=transport) as client:
        await client.calendars.get(calendar_id)
        started = clock.now
        await client.calendars.get(calendar_id)
    await transport.aclose()
    waited = clock.now - started
    assert waited > 2.0
    assert transport.requests[-1].timeout.total <= 10.0 - waited + 1e-6


# --- the rate limiter ---------------------------------------------------------------------------


async def test_429_waits_for_the_rate_window_not_a_backoff(emu: Emulator, clock: FakeClock) -> None:
    # The emulator's window is 10 s and, like the API, it sends no Retry-After.
    emu.faults.status_429("calendars.get", count=1)
    async with client_for(emu, clock) as client:
        await client.calendars.get(demo(emu).calendar_ids[0])
    assert emu.faults.seen["calendars.get"] == 2
    # The window (plus a 5 % margin and 0-10 % jitter), not 0.25-0.5 s of backoff.
    assert 10.0 <= clock.now - START <= 10.5 * 1.1 + 0.1


async def test_spent_daily_quota_fails_fast_without_sending(clock: FakeClock) -> None:
    async with Emulator(seed="demo:1", daily_limit=2) as emu:
        calendar_id = demo(emu).calendar_ids[0]
        async with client_for(emu, clock) as client:
            await client.calendars.get(calendar_id)
            await client.calendars.get(calendar_id)  # its answer says the day is spent
            with pytest.raises(RateLimitError, match="daily") as info:
                await client.calendars.get(calendar_id)
        assert emu.faults.seen["calendars.get"] == 2
    assert info.value.daily_quota_exhausted
    assert clock.sleeps == []


async def test_in_flight_requests_are_capped(emu: Emulator) -> None:
    emu.faults.delay(0.2, "calendars.get", probability=1.0)
    limiter = RateLimiter(max_in_flight=2)
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, rate_limiter=limiter) as client:
        started = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for _ in range(6):
                tg.start_soon(client.calendars.get, demo(emu).calendar_ids[0])
        elapsed = time.perf_counter() - started
    assert 0.55 <= elapsed < 2.0  # three rounds of two, not one round of six


async def test_deadline_covers_the_wait_for_an_in_flight_slot(emu: Emulator) -> None:
    emu.faults.delay(1.0, "calendars.get", count=1)
    limiter = RateLimiter(max_in_flight=1)
    calendar_id = demo(emu).calendar_ids[0]
    async with (
        AsyncCalendarsClient(emu.token, base_url=emu.url, rate_limiter=limiter) as client,
        anyio.create_task_group() as tg,
    ):
        tg.start_soon(client.calendars.get, calendar_id)  # holds the only slot for 1 s
        await anyio.sleep(0.1)
        started = time.perf_counter()
        with pytest.raises(DeadlineExceeded) as info:
            await client.calendars.get(calendar_id, options=RequestOptions(deadline=0.3))
        elapsed = time.perf_counter() - started
    assert info.value.sent is False
    assert 0.25 <= elapsed < 0.6
    assert emu.faults.seen["calendars.get"] == 1
