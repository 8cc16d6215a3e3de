"""Bulk sync at scale: 5,000 real slots under a binding rate limit, interrupted and resumed.

The emulator's limit is scaled down in time (200 requests per 500 ms instead of 100 per
10 s) so the run takes seconds, yet stays binding: unthrottled, the same run draws 429s.
"""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import pytest

from hoopai_calendars import RateLimitError
from hoopai_calendars.models import AppointmentCreate
from hoopai_calendars.workloads import (
    Progress,
    load_checkpoint,
    poll_free_slots,
    sync_appointments,
)
from hoopai_calendars.workloads._time import parse_instant
from tests.support.workloads import DAY_MS, Setup, now_ms, started

pytestmark = pytest.mark.anyio

PER_CALENDAR = 100


async def _desired_from_free_slots(s: Setup, per_calendar: int) -> list[AppointmentCreate]:
    """Book real free slots, their strings passed along verbatim (no validation bypass)."""
    start = now_ms() + DAY_MS
    results = await poll_free_slots(s.client, s.demo.calendar_ids, start, start + 40 * DAY_MS)
    desired: list[AppointmentCreate] = []
    for n, result in enumerate(results):
        assert result.slots is not None, result.error
        slots = result.slots.slots()[:per_calendar]
        assert len(slots) == per_calendar
        desired.extend(
            AppointmentCreate(
                calendar_id=result.calendar_id,
                location_id=s.location,
                contact_id=s.demo.contact_ids[(n + i) % len(s.demo.contact_ids)],
                start_time=slot,
            )
            for i, slot in enumerate(slots)
        )
    return desired


def _live_keys(s: Setup) -> list[tuple[str, str, int | None]]:
    return [
        (a["calendarId"], a["contactId"], parse_instant(a["startTime"]))
        for a in s.emu.store.appointments.values()
    ]


async def test_five_thousand_appointments_interrupted_halfway_then_resumed(
    tmp_path: Path,
) -> None:
    checkpoint = tmp_path / "bulk.checkpoint.jsonl"
    async with started(calendars=50, server_limit=200, server_interval_ms=500) as s:
        desired = await _desired_from_free_slots(s, PER_CALENDAR)
        assert len(desired) == 5000
        began = time.perf_counter()

        with anyio.CancelScope() as scope:

            def halfway(progress: Progress) -> None:
                if progress.phase == "applying" and progress.done >= 2500:
                    scope.cancel()

            await sync_appointments(
                s.client, desired, checkpoint=checkpoint, concurrency=16, progress=halfway
            )
        assert scope.cancelled_caught
        saved = len(load_checkpoint(checkpoint))
        assert saved >= 2500

        report = await sync_appointments(s.client, desired, checkpoint=checkpoint, concurrency=16)
        elapsed = time.perf_counter() - began

        assert report.adds_up
        assert report.total == 5000
        assert report.failures == []
        assert report.outcome_unknown == 0
        assert report.resumed == saved
        # Creates cut off in flight by the interruption were found by the listing instead.
        assert report.created + report.unchanged == 5000
        keys = _live_keys(s)
        assert len(keys) == len(set(keys)) == 5000
        assert not any(isinstance(f.error, RateLimitError) for f in report.failures)

        again = await sync_appointments(s.client, desired, concurrency=16)
        assert (again.unchanged, again.created, again.failed) == (5000, 0, 0)
        assert len(s.emu.store.appointments) == 5000

        requests = sum(s.transport.statuses.values())
        print(
            f"\n5000-sync: {elapsed:.1f} s for the interrupted run and its resumption; "
            f"{requests} requests in all; 429s seen by the client: "
            f"{s.transport.statuses[429]}; surfaced: 0; "
            f"creates sent: {s.seen('appointments.create')}; resumed {report.resumed}, "
            f"created {report.created}, unchanged {report.unchanged}"
        )


async def test_without_the_client_limiter_the_server_429s_and_none_surface() -> None:
    async with started(
        calendars=10, server_limit=40, server_interval_ms=250, rate_limit=False
    ) as s:
        desired = await _desired_from_free_slots(s, 60)
        report = await sync_appointments(s.client, desired, concurrency=16)
        assert report.ok, report.to_dict()
        assert report.created == 600
        assert s.transport.statuses[429] > 0
        print(f"\nlimiter off: 429s seen by the client {s.transport.statuses[429]}, surfaced 0")
        keys = _live_keys(s)
        assert len(keys) == len(set(keys)) == 600
