"""Bulk appointment sync against the emulator: outcomes, safety, rechecks, resumption."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import pytest

from hoopai_calendars import ValidationError
from hoopai_calendars._transport import Request
from hoopai_calendars.models import AppointmentCreate
from hoopai_calendars.workloads import (
    DesiredAppointment,
    IncompleteListingError,
    Progress,
    load_checkpoint,
    parse_desired,
    sync_appointments,
)
from hoopai_calendars.workloads._time import parse_instant
from tests.support.workloads import Setup, appointment_record, started

pytestmark = pytest.mark.anyio


def _want(
    s: Setup, start: str, *, calendar: int = 0, contact: int = 0, **extra: Any
) -> AppointmentCreate:
    return AppointmentCreate(
        calendar_id=s.demo.calendar_ids[calendar],
        location_id=s.location,
        contact_id=s.demo.contact_ids[contact],
        start_time=start,
        ignore_free_slot_validation=True,
        **extra,
    )


def _live_keys(s: Setup) -> list[tuple[str, str, int | None]]:
    return [
        (a["calendarId"], a["contactId"], parse_instant(a["startTime"]))
        for a in s.emu.store.appointments.values()
        if a.get("appointmentStatus") not in ("cancelled", "invalid")
    ]


def _many(s: Setup, count: int) -> list[AppointmentCreate]:
    return [
        _want(
            s,
            f"2030-03-{1 + n // 20:02d}T{8 + n % 10:02d}:{30 * (n % 2):02d}:00+00:00",
            calendar=n % 2,
            contact=n % 7,
        )
        for n in range(count)
    ]


async def test_one_run_creates_updates_cancels_and_leaves_the_rest() -> None:
    async with started(calendars=2) as s:
        cal, contact = s.demo.calendar_ids[0], s.demo.contact_ids[0]
        same = appointment_record(
            s.emu, cal, contact, "2030-01-07T15:00:00Z", "2030-01-07T15:30:00Z"
        )
        retitle = appointment_record(
            s.emu, cal, contact, "2030-01-08T15:00:00Z", "2030-01-08T15:30:00Z"
        )
        doomed = appointment_record(
            s.emu, cal, contact, "2030-01-09T15:00:00Z", "2030-01-09T15:30Z"
        )
        desired = [
            # The same instant written in New York time: matched, not booked again.
            DesiredAppointment(_want(s, "2030-01-07T10:00:00-05:00")),
            DesiredAppointment(_want(s, "2030-01-08T15:00:00Z", title="Renamed")),
            DesiredAppointment(_want(s, "2030-01-09T15:00:00Z"), cancel=True),
            DesiredAppointment(_want(s, "2030-01-10T15:00:00+00:00")),
            DesiredAppointment(_want(s, "2030-01-11T15:00:00Z"), cancel=True),
        ]
        report = await sync_appointments(s.client, desired)
        assert report.counts() == {
            "total": 5,
            "created": 1,
            "updated": 1,
            "cancelled": 1,
            "unchanged": 2,
            "failed": 0,
            "outcome_unknown": 0,
            "resumed": 0,
            "rechecked": 0,
            "pruned": 0,
        }
        assert report.ok
        store = s.emu.store.appointments
        assert store[same]["title"] == "Seeded"
        assert store[retitle]["title"] == "Renamed"
        assert store[doomed]["appointmentStatus"] == "cancelled"  # kept, not deleted
        assert len(store) == 4
        new = next(a for a in store.values() if a["id"] not in (same, retitle, doomed))
        assert new["startTime"] == "2030-01-10T15:00:00+00:00"  # sent verbatim
        assert s.seen("events.delete") == 0

        again = await sync_appointments(s.client, desired)
        assert again.unchanged == 5
        assert again.adds_up
        assert s.seen("appointments.create") == 1
        assert s.seen("appointments.update") == 2


async def test_a_cancelled_match_is_revived_rather_than_booked_twice() -> None:
    async with started(calendars=1) as s:
        cal, contact = s.demo.calendar_ids[0], s.demo.contact_ids[0]
        old = appointment_record(
            s.emu, cal, contact, "2030-01-07T15:00:00Z", "2030-01-07T15:30Z", status="cancelled"
        )
        report = await sync_appointments(s.client, [_want(s, "2030-01-07T15:00:00Z")])
        assert report.updated == 1
        assert s.emu.store.appointments[old]["appointmentStatus"] == "new"
        assert len(s.emu.store.appointments) == 1


async def test_creates_of_unknown_outcome_are_looked_up_before_any_retry() -> None:
    async with started(calendars=2) as s:
        # Three creates land but their answers are lost; three more never reach the handler.
        s.emu.faults.reset_after("appointments.create", count=3)
        s.emu.faults.reset_before("appointments.create", count=3)
        desired = _many(s, 40)
        report = await sync_appointments(s.client, desired, concurrency=4)
        assert report.ok, report.to_dict()
        assert report.created == 40
        assert report.rechecked == 3
        keys = _live_keys(s)
        assert len(keys) == len(set(keys)) == 40
        # One POST per item, plus one for each of the 3 that never ran (re-sent after a look);
        # the 3 that ran but lost their answer were found by the look and not sent again.
        assert s.seen("appointments.create") == 43


async def test_an_incomplete_listing_blocks_creates_and_prune_in_its_window() -> None:
    broken = [True]
    failing = str(parse_instant("2030-03-01T08:00:00+00:00"))

    def fail(request: Request) -> bool:
        query = parse_qs(urlsplit(request.url).query)
        return broken[0] and query.get("startTime") == [failing]

    async with started(calendars=2, fail=fail, max_retries=0) as s:
        desired = _many(s, 60)  # 2030-03-01 .. 03-03 on two calendars
        stray = appointment_record(
            s.emu,
            s.demo.calendar_ids[0],
            s.demo.contact_ids[1],
            "2030-03-02T20:00Z",
            "2030-03-02T21:00Z",
        )
        report = await sync_appointments(s.client, desired, window=_days(1), prune=True)
        # Calendar 0's first listing window failed: its first-day items are not booked.
        blocked = [f for f in report.failures if isinstance(f.error, IncompleteListingError)]
        assert len(blocked) == report.failed == 10
        assert report.created == 50
        assert report.adds_up
        assert report.prune_skipped is not None
        assert s.emu.store.appointments[stray]["appointmentStatus"] == "confirmed"

        broken[0] = False
        again = await sync_appointments(s.client, desired, window=_days(1), prune=True)
        assert (again.created, again.unchanged, again.failed) == (10, 50, 0)
        assert again.pruned == 1
        assert s.emu.store.appointments[stray]["appointmentStatus"] == "cancelled"
        assert len(_live_keys(s)) == 60


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)


async def test_an_interrupted_run_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    checkpoint = tmp_path / "sync.checkpoint.jsonl"
    async with started(calendars=2, server_limit=40, server_interval_ms=200) as s:
        desired = _many(s, 60)
        seen: list[Progress] = []
        with anyio.CancelScope() as scope:

            def stop_halfway(progress: Progress) -> None:
                seen.append(progress)
                if progress.phase == "applying" and progress.done >= 25:
                    scope.cancel()

            await sync_appointments(
                s.client, desired, checkpoint=checkpoint, concurrency=4, progress=stop_halfway
            )
        assert scope.cancelled_caught
        saved = load_checkpoint(checkpoint)
        assert len(saved) >= 25
        assert all(entry.outcome == "created" for entry in saved.values())
        assert 0 < len(_live_keys(s)) < 60

        # One desired item changed in between: it is not taken as done.
        desired[0] = _want(s, desired[0].start_time, calendar=0, contact=0, title="Changed")
        resumed = await sync_appointments(s.client, desired, checkpoint=checkpoint)
        assert resumed.adds_up
        assert resumed.failed == resumed.outcome_unknown == 0
        assert resumed.resumed == len(saved) - 1
        assert resumed.updated == 1
        keys = _live_keys(s)
        assert len(keys) == len(set(keys)) == 60
        assert s.seen("appointments.create") <= 60 + 4  # at most the requests cut in flight
        lines = checkpoint.read_text().splitlines()
        assert all(json.loads(line)["v"] == 1 for line in lines)

        final = await sync_appointments(s.client, desired, checkpoint=checkpoint)
        assert final.resumed == 60
        assert final.done == 60


async def test_duplicates_and_bad_items_fail_up_front_and_still_add_up() -> None:
    async with started(calendars=1) as s:
        desired: list[Any] = [
            _want(s, "2030-01-07T15:00:00Z"),
            _want(s, "2030-01-07T10:00:00-05:00"),  # the same instant: the same appointment
            _want(s, "next tuesday"),
        ]
        report = await sync_appointments(s.client, desired)
        assert (report.created, report.failed, report.total) == (1, 2, 3)
        assert report.adds_up
        assert sorted(f.index for f in report.failures) == [1, 2]


async def test_a_window_that_is_not_positive_is_a_validation_error_before_any_request() -> None:
    from datetime import timedelta

    async with started(calendars=1) as s:
        for window in (timedelta(0), timedelta(days=-1)):
            # Not an ExceptionGroup from inside the listing's task group.
            with pytest.raises(ValidationError, match="window: must be positive"):
                await sync_appointments(s.client, [_want(s, "2030-01-07T15:00:00Z")], window=window)
        assert s.emu.requests == []


def test_desired_lines_are_parsed_strictly() -> None:
    good = (
        '{"calendarId": "c", "contactId": "p", "startTime": "2030-01-07T15:00:00Z"}\n'
        "\n"
        '{"calendarId": "c", "contactId": "p", "startTime": "2030-01-08T15:00:00Z",'
        ' "status": "cancelled"}\n'
    )
    items = list(parse_desired(good.splitlines(), location_id="L"))
    assert [i.cancel for i in items] == [False, True]
    assert items[0].appointment.location_id == "L"
    cases = [
        ('{"calendarId": "c"', "line 1"),
        ('{"calendarId": "c", "contactId": "p", "startTime": "2030-01-07T15:00:00"}', "start_time"),
        ('{"calendarId": "c", "contactId": "p", "startTime": "x", "colour": "red"}', "colour"),
        (
            '{"calendarId": "c", "contactId": "p", "startTime": "x", "locationId": "M"}',
            "locationId",
        ),
        ('{"calendarId": "c", "contactId": "p", "startTime": "x", "status": "gone"}', "status"),
    ]
    for line, mentioned in cases:
        with pytest.raises(ValidationError, match=mentioned):
            list(parse_desired([line], location_id="L"))


async def test_waits_the_client_refuses_under_a_short_deadline_are_outlasted() -> None:
    # The limiter will not start a wait longer than what is left of a 0.3 s deadline;
    # those refusals never sent anything, so the sync tries them again later.
    async with started(calendars=2, server_limit=5, server_interval_ms=200, deadline=0.3) as s:
        report = await sync_appointments(s.client, _many(s, 30), concurrency=8)
        assert report.ok, report.to_dict()
        assert report.created == 30
        assert len(_live_keys(s)) == 30
