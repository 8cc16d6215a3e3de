"""A storm of cancelled calls under a small pool leaves the client whole and leaks nothing."""

from __future__ import annotations

import asyncio
import gc
import random
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import anyio
import pytest

from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient, RateLimiter
from hoopai_calendars.emulator import DemoData, Emulator

pytestmark = pytest.mark.anyio

POOL = 4
OPS = ("calendars.get", "calendars.free_slots", "events.list", "calendars.list")


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:2", rate_limit=100_000) as emulator:
        yield emulator


async def call(client: AsyncCalendarsClient, emu: Emulator, op: str) -> None:
    assert isinstance(emu.demo, DemoData)
    calendar_id = emu.demo.calendar_ids[0]
    start = datetime.now(timezone.utc) + timedelta(days=1)
    if op == "calendars.get":
        await client.calendars.get(calendar_id)
    elif op == "calendars.free_slots":
        await client.calendars.free_slots(
            calendar_id, start_date=start, end_date=start + timedelta(days=7)
        )
    elif op == "events.list":
        await client.events.list(
            location_id=emu.location_id,
            calendar_id=calendar_id,
            start_time=start,
            end_time=start + timedelta(days=7),
        )
    else:
        await client.calendars.list(location_id=emu.location_id)


def assert_nothing_held(transport: AiohttpTransport, limiter: RateLimiter) -> None:
    """Look inside: no pooled connection checked out, every in-flight slot free."""
    # Internals on purpose (aiohttp has no public count); the behaviour checks come after.
    session = transport._session
    assert session is not None
    assert not session.connector._acquired  # type: ignore[union-attr]
    for local in limiter._keys.values():
        assert local.slot.value == 8


async def test_500_randomly_cancelled_calls_leave_the_client_whole(emu: Emulator) -> None:
    emu.faults.delay(0.05, "calendars.free_slots", probability=0.5)
    emu.faults.delay(0.2, "events.list", probability=0.5)
    emu.faults.delay(0.02, "calendars.get", probability=0.5)
    transport = AiohttpTransport(max_connections=POOL)
    limiter = RateLimiter(max_in_flight=8)
    try:
        async with AsyncCalendarsClient(
            emu.token, base_url=emu.url, transport=transport, rate_limiter=limiter
        ) as client:
            await storm(client, emu)
            assert_nothing_held(transport, limiter)
            emu.faults.clear()
            await still_serves(client, emu)
            assert_nothing_held(transport, limiter)
    finally:
        await transport.aclose()
    gc.collect()  # an unclosed session or socket would warn now, and -W error fails the test


async def storm(client: AsyncCalendarsClient, emu: Emulator) -> None:
    """Start 500 calls at once; cancel half by Task.cancel, half by an anyio cancel scope."""
    rng = random.Random(1093)  # encode/httpcore#1093: cancelled waiters leaking pool slots
    loop = asyncio.get_running_loop()

    async def under_scope(op: str, after: float) -> bool:
        with anyio.move_on_after(after) as scope:
            await call(client, emu, op)
        return scope.cancelled_caught

    tasks: list[asyncio.Task[object]] = []
    for n in range(500):
        op, after = rng.choice(OPS), rng.uniform(0.0, 0.6)
        if n % 2:
            task: asyncio.Task[object] = asyncio.ensure_future(call(client, emu, op))
            loop.call_later(after, task.cancel)
        else:
            task = asyncio.ensure_future(under_scope(op, after))
        tasks.append(task)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)

    by_task = by_scope = finished = 0
    for task, outcome in zip(tasks, outcomes, strict=True):
        if isinstance(outcome, asyncio.CancelledError):
            by_task += 1
            assert task.cancelled()  # propagated: not swallowed, not turned into an error
        elif outcome is True:
            by_scope += 1
        else:
            assert outcome in (None, False), repr(outcome)
            finished += 1
    assert by_task > 50
    assert by_scope > 50
    assert finished > 20
    # Some were cancelled after their request had reached the server, most while queued.
    assert emu.faults.total_seen >= finished + 5


async def still_serves(client: AsyncCalendarsClient, emu: Emulator) -> None:
    """Twenty calls go through, and the whole pool can be in use at once."""
    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            for n in range(20):
                tg.start_soon(call, client, emu, OPS[n % len(OPS)])
    # POOL slow calls overlap instead of queueing for a connection or an in-flight slot,
    # for calls that name no location and for calls that do.
    for op in ("calendars.get", "events.list"):
        emu.faults.delay(0.3, op, count=POOL)
        started = time.perf_counter()
        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                for _ in range(POOL):
                    tg.start_soon(call, client, emu, op)
        assert time.perf_counter() - started < 0.55
