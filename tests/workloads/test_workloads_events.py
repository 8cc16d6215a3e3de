"""Windowed event listings and the paged lists: order, de-duplication, completeness."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from hoopai_calendars import ENDPOINTS, ValidationError
from hoopai_calendars._transport import Request
from hoopai_calendars.api._table import GET_CALENDAR_EVENTS
from hoopai_calendars.models import BlockSlotCreate, NoteBody, NotificationCreate
from hoopai_calendars.workloads import (
    IncompleteListingError,
    iter_blocked_slots,
    iter_events,
    iter_location_events,
    iter_notes,
    iter_resources,
    iter_schedules,
)
from hoopai_calendars.workloads._pages import walk
from tests.support.workloads import Setup, appointment_record, started

pytestmark = pytest.mark.anyio

JAN_1 = datetime(2024, 1, 1, tzinfo=timezone.utc)
JAN_1_MS = int(JAN_1.timestamp() * 1000)
DAY_MS = 86_400_000


def _seed_january(s: Setup) -> dict[str, str]:
    """Appointments across January in several offsets, one spanning four dates (Jan 9-12)."""
    emu, cal = s.emu, s.demo.calendar_ids[0]
    contact = s.demo.contact_ids[0]
    ids = {
        "jan3": appointment_record(emu, cal, contact, "2024-01-03T10:00:00Z", "2024-01-03T11:00Z"),
        # 2024-01-03T09:30Z written in New York time: earlier than "jan3" despite its text.
        "jan3ny": appointment_record(
            emu, cal, contact, "2024-01-03T04:30:00-05:00", "2024-01-03T05:00:00-05:00"
        ),
        "span": appointment_record(emu, cal, contact, "2024-01-09T22:00:00Z", "2024-01-12T02:00Z"),
        "jan20": appointment_record(
            emu, cal, contact, "2024-01-20T12:00:00+05:30", "2024-01-20T12:30:00+05:30"
        ),
        "feb2": appointment_record(emu, cal, contact, "2024-02-02T10:00:00Z", "2024-02-02T11:00Z"),
    }
    # Another calendar's appointment is not this calendar's event.
    appointment_record(
        emu, s.demo.calendar_ids[1], contact, "2024-01-04T10:00Z", "2024-01-04T11:00Z"
    )
    return ids


async def test_a_long_range_comes_back_once_each_in_start_order() -> None:
    async with started(calendars=2) as s:
        ids = _seed_january(s)
        export = iter_events(
            s.client,
            location_id=s.location,
            calendar_id=s.demo.calendar_ids[0],
            start=date(2024, 1, 1),
            end=date(2024, 2, 1),
            window=timedelta(days=1),
        )
        found = [event.id async for event in export]
        assert found == [ids["jan3ny"], ids["jan3"], ids["span"], ids["jan20"]]
        assert export.complete
        assert export.failed_windows == ()
        # One request per day: the spanning appointment came back four times, yielded once.
        assert s.seen("events.list") == 31


async def test_a_failed_window_is_never_skipped_in_silence() -> None:
    failing = str(JAN_1_MS + 5 * DAY_MS)  # the window [Jan 6, Jan 11)

    def fail(request: Request) -> bool:
        return parse_qs(urlsplit(request.url).query).get("startTime") == [failing]

    async with started(calendars=2, fail=fail, max_retries=0) as s:
        ids = _seed_january(s)
        common = {
            "location_id": s.location,
            "calendar_id": s.demo.calendar_ids[0],
            "start": JAN_1_MS,
            "end": JAN_1_MS + 31 * DAY_MS,
            "window": timedelta(days=5),
        }
        got: list[str | None] = []

        async def consume() -> None:
            async for event in iter_events(s.client, **common):  # type: ignore[arg-type]
                got.append(event.id)

        with pytest.raises(IncompleteListingError) as raised:
            await consume()
        # Everything the other windows hold arrived before the error; "span" is still found
        # through the next window it overlaps.
        assert got == [ids["jan3ny"], ids["jan3"], ids["span"], ids["jan20"]]
        [window] = raised.value.failed_windows
        assert (window.start_ms, window.end_ms) == (JAN_1_MS + 5 * DAY_MS, JAN_1_MS + 10 * DAY_MS)

        export = iter_events(s.client, allow_partial=True, **common)  # type: ignore[arg-type]
        assert len(await export.to_list()) == 4
        assert export.finished
        assert not export.complete
        assert len(export.failed_windows) == 1


async def test_a_location_export_merges_every_calendar_in_start_order() -> None:
    async with started(calendars=3) as s:
        ids = _seed_january(s)
        export = iter_location_events(
            s.client, location_id=s.location, start=JAN_1_MS, end=JAN_1_MS + 40 * DAY_MS
        )
        events = await export.to_list()
        starts = [e.start_time for e in events]
        assert len(events) == 6
        assert [e.id for e in events][-1] == ids["feb2"]
        assert starts.index("2024-01-04T10:00Z") == 2
        assert export.complete
        assert s.seen("calendars.list") == 1


async def test_blocked_slots_are_listed_the_same_way() -> None:
    async with started(calendars=1) as s:
        cal = s.demo.calendar_ids[0]
        for day in (3, 17):
            await s.client.blocked_slots.create(
                BlockSlotCreate(
                    location_id=s.location,
                    calendar_id=cal,
                    start_time=f"2024-01-{day:02d}T10:00:00Z",
                    end_time=f"2024-01-{day:02d}T12:00:00Z",
                )
            )
        export = iter_blocked_slots(
            s.client,
            location_id=s.location,
            calendar_id=cal,
            start=JAN_1,
            end=JAN_1 + timedelta(days=30),
        )
        blocks = await export.to_list()
        assert [b.start_time for b in blocks] == ["2024-01-03T10:00:00Z", "2024-01-17T10:00:00Z"]
        assert export.complete


async def test_listing_arguments_are_checked_before_sending() -> None:
    async with started(calendars=1) as s:
        with pytest.raises(ValidationError):
            iter_events(s.client, location_id=s.location, start=0, end=DAY_MS)
        with pytest.raises(ValidationError):
            iter_events(
                s.client, location_id=s.location, calendar_id="c", start=datetime(2024, 1, 1), end=0
            )
        assert s.transport.urls == []


async def test_notes_are_walked_past_the_page_cap() -> None:
    async with started(calendars=1) as s:
        appointment = appointment_record(
            s.emu,
            s.demo.calendar_ids[0],
            s.demo.contact_ids[0],
            "2024-01-03T10:00Z",
            "2024-01-03T11:00Z",
        )
        for n in range(45):
            await s.client.notes.create(appointment, NoteBody(body=f"note {n}"))
        notes = [note async for note in iter_notes(s.client, appointment)]
        assert len(notes) == 45
        assert len({note.id for note in notes}) == 45
        assert s.seen("notes.list") == 3


async def test_resources_and_schedules_are_walked_by_skip() -> None:
    async with started(calendars=1) as s:
        rooms = [
            r async for r in iter_resources(s.client, "rooms", location_id=s.location, page_size=1)
        ]
        assert sorted(r.name or "" for r in rooms) == ["Room A", "Room B"]
        assert s.seen("resources.list") == 3
        user = s.demo.user_ids[0]
        schedules = [
            sc async for sc in iter_schedules(s.client, location_id=s.location, user_id=user)
        ]
        assert [sc.user_id for sc in schedules] == [user]
        with pytest.raises(ValidationError):
            iter_notes(s.client, "a", page_size=21)
        # The caps are the query models' own: schedules take at most 500 a page.
        with pytest.raises(ValidationError, match="page_size"):
            iter_schedules(s.client, location_id=s.location, user_id=user, page_size=501)
        with pytest.raises(ValidationError, match="page_size"):
            iter_resources(s.client, "rooms", location_id=s.location, page_size=0)
        assert s.seen("schedules.list") == 1


async def test_every_paged_row_of_the_table_is_walked_by_the_one_walker() -> None:
    paged = [row for row in ENDPOINTS if row.pagination in ("limit_skip", "limit_offset")]
    assert {row.name for row in paged} == {
        "notes.list",
        "resources.list",
        "notifications.list",
        "schedules.list",
    }
    async with started(calendars=1) as s:
        calendar = s.demo.calendar_ids[0]
        booked = NotificationCreate(
            receiver_type="contact", channel="email", notification_type="booked"
        )
        await s.client.notifications.create(calendar, [booked, booked, booked])
        (row,) = (row for row in paged if row.name == "notifications.list")
        walked = [n async for n in walk(s.client, row, (calendar,), {}, 1, None)]
        assert len(walked) == 3
        assert walked == await s.client.notifications.list(calendar)
        # Three full pages of one, an empty fourth (a full page may not be the last), the list.
        assert s.seen("notifications.list") == 4 + 1
        with pytest.raises(ValueError, match=r"events\.list"):
            walk(s.client, GET_CALENDAR_EVENTS, (), {"location_id": calendar}, 5, None)
