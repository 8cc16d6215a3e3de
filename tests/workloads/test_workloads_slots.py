"""Free-slot polling: many calendars, long ranges, coalescing, caching, errors, limits."""

from __future__ import annotations

from contextlib import aclosing
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import anyio
import pytest

from hoopai_calendars import NotFoundError, ValidationError
from hoopai_calendars.models import FreeSlots
from hoopai_calendars.workloads import SlotCache, SlotPollResult, iter_free_slots, poll_free_slots
from tests.support.fakes import FakeClock
from tests.support.workloads import DAY_MS, now_ms, started

pytestmark = pytest.mark.anyio


def _windows(urls: list[str]) -> list[tuple[int, int]]:
    out = []
    for url in urls:
        query = parse_qs(urlsplit(url).query)
        if "startDate" in query:
            out.append((int(query["startDate"][0]), int(query["endDate"][0])))
    return out


async def test_a_long_range_is_split_under_the_cap_and_loses_no_slot_at_the_seams() -> None:
    async with started(calendars=2) as s:
        start = now_ms()
        end = start + 75 * DAY_MS
        [result] = await poll_free_slots(s.client, s.demo.calendar_ids[:1], start, end)
        assert result.ok
        assert result.slots is not None
        windows = _windows(s.transport.urls)
        assert len(windows) == 3
        assert all(hi - lo <= 31 * DAY_MS for lo, hi in windows)

        # The truth, one day at a time: nothing may be missing or doubled at the seams.
        days = []
        for lo in range(start, end, DAY_MS):
            days.append(
                await s.client.calendars.free_slots(
                    s.demo.calendar_ids[0], start_date=lo, end_date=min(end, lo + DAY_MS)
                )
            )
        truth = FreeSlots.merge(days)
        assert result.slots.days == truth.days
        assert len(result.slots.all) == len(truth.all) > 0
        assert len(set(result.slots.all)) == len(result.slots.all)
        first, last = min(result.slots.days), max(result.slots.days)
        span = datetime.fromisoformat(last) - datetime.fromisoformat(first)
        assert span > timedelta(days=31)


async def test_identical_queries_in_flight_are_sent_once() -> None:
    async with started(calendars=3) as s:
        s.emu.faults.delay(0.2, "calendars.free_slots", count=100)
        ids = s.demo.calendar_ids
        start = now_ms()
        first: list[SlotPollResult] = []
        second: list[SlotPollResult] = []

        async def poll(into: list[SlotPollResult]) -> None:
            into.extend(await poll_free_slots(s.client, ids, start, start + 10 * DAY_MS))

        async with anyio.create_task_group() as group:
            group.start_soon(poll, first)
            group.start_soon(poll, second)

        assert s.seen("calendars.free_slots") == len(ids)
        assert [r.slots for r in first] == [r.slots for r in second]
        costs = sorted(r.requests for r in [*first, *second])
        assert costs == [0, 0, 0, 1, 1, 1]


async def test_the_cache_answers_repeat_polls_until_invalidated_or_expired() -> None:
    clock = FakeClock(0.0)
    cache = SlotCache(ttl=30.0, clock=clock)
    async with started(calendars=2) as s:
        ids = s.demo.calendar_ids
        start = now_ms()
        end = start + 40 * DAY_MS
        cold = await poll_free_slots(s.client, ids, start, end, cache=cache)
        warm = await poll_free_slots(s.client, ids, start, end, cache=cache)
        assert [r.slots for r in warm] == [r.slots for r in cold]
        assert sum(r.requests for r in cold) == 4
        assert sum(r.requests for r in warm) == 0
        assert s.seen("calendars.free_slots") == 4

        cache.invalidate(ids[0])
        again = await poll_free_slots(s.client, ids, start, end, cache=cache)
        assert [r.requests for r in again] == [2, 0]

        clock.now += 31.0
        expired = await poll_free_slots(s.client, ids, start, end, cache=cache)
        assert [r.requests for r in expired] == [2, 2]


async def test_one_calendar_failing_is_reported_and_the_others_complete() -> None:
    async with started(calendars=2) as s:
        good = list(s.demo.calendar_ids)
        ids = [good[0], "no-such-calendar", good[1]]
        start = now_ms()
        results = await poll_free_slots(s.client, ids, start, start + 40 * DAY_MS)
        assert [r.calendar_id for r in results] == ids
        assert results[0].ok
        assert results[2].ok
        assert results[0].slots is not None
        assert len(results[0].slots) > 0
        assert not results[1].ok
        assert results[1].slots is None
        assert isinstance(results[1].error, NotFoundError)


async def test_results_stream_in_as_each_calendar_completes() -> None:
    async with started(calendars=3) as s:
        slow = s.demo.calendar_ids[0]
        s.emu.faults.delay(0.5, f"GET /calendars/{slow}/free-slots", count=10)
        start = now_ms()
        order = []
        stream = iter_free_slots(s.client, s.demo.calendar_ids, start, start + 7 * DAY_MS)
        async with aclosing(stream) as results:
            async for result in results:
                assert result.ok
                order.append(result.calendar_id)
        assert sorted(order) == sorted(s.demo.calendar_ids)
        assert order[-1] == slow


async def test_stopping_the_stream_early_cancels_what_is_in_flight() -> None:
    async with started(calendars=3) as s:
        slow = s.demo.calendar_ids[0]
        s.emu.faults.delay(5.0, f"GET /calendars/{slow}/free-slots", count=10)
        start = now_ms()
        with anyio.fail_after(3):
            stream = iter_free_slots(s.client, s.demo.calendar_ids, start, start + 7 * DAY_MS)
            async with aclosing(stream) as results:
                async for result in results:
                    assert result.calendar_id != slow
                    break


async def test_concurrency_caps_the_requests_in_flight() -> None:
    async with started(calendars=8) as s:
        s.emu.faults.delay(0.05, "calendars.free_slots", count=100)
        start = now_ms()
        results = await poll_free_slots(
            s.client, s.demo.calendar_ids, start, start + 45 * DAY_MS, concurrency=2
        )
        assert all(r.ok for r in results)
        assert s.transport.max_in_flight == 2


async def test_a_tight_rate_limit_never_surfaces_a_429() -> None:
    # The client's limiter is off, so the emulator does answer 429s: none may reach us.
    async with started(
        calendars=30, server_limit=10, server_interval_ms=200, rate_limit=False
    ) as s:
        start = now_ms()
        results = await poll_free_slots(
            s.client, s.demo.calendar_ids, start, start + 45 * DAY_MS, concurrency=16
        )
        assert all(r.ok for r in results), [r.error for r in results if r.error]
        assert s.transport.statuses[429] > 0
        assert s.transport.statuses[200] == 60


async def test_bad_arguments_fail_before_anything_is_sent() -> None:
    async with started(calendars=1) as s:
        ids = s.demo.calendar_ids
        with pytest.raises(ValidationError):
            await poll_free_slots(s.client, ids, datetime(2024, 1, 1), datetime(2024, 2, 1))
        with pytest.raises(ValidationError):
            await poll_free_slots(s.client, ids, 2000, 1000)
        with pytest.raises(ValidationError):
            await poll_free_slots(s.client, ids[0], 0, 1000)
        with pytest.raises(ValidationError):
            await poll_free_slots(s.client, ids, 0, 1000, window=timedelta(days=32))
        assert s.transport.urls == []
