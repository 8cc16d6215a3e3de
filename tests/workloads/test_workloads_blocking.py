"""The blocking versions of the workloads, on CalendarsClient, against a threaded emulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from hoopai_calendars import CalendarsClient
from hoopai_calendars.emulator import DemoData, Emulator
from hoopai_calendars.models import AppointmentCreate, NoteBody
from hoopai_calendars.workloads import IncompleteListingError
from hoopai_calendars.workloads import _blocking as blocking

DAY_MS = 86_400_000
JAN_1_2030_MS = 1_893_456_000_000


@pytest.fixture
def served() -> Iterator[tuple[Emulator, DemoData, CalendarsClient]]:
    emu = Emulator()
    demo = emu.seed_demo(3)
    with (
        emu.running_in_thread(),
        CalendarsClient(emu.token, base_url=emu.url, max_retries=0) as client,
    ):
        yield emu, demo, client


def test_free_slots_all_together_and_as_they_complete(
    served: tuple[Emulator, DemoData, CalendarsClient],
) -> None:
    emu, demo, client = served
    start = int(time.time() * 1000)
    ids = [*demo.calendar_ids, "missing"]
    results = blocking.poll_free_slots(client, ids, start, start + 40 * DAY_MS)
    assert [r.calendar_id for r in results] == ids
    assert [r.ok for r in results] == [True, True, True, False]

    streamed = list(blocking.iter_free_slots(client, ids, start, start + 40 * DAY_MS))
    assert sorted(r.calendar_id for r in streamed) == sorted(ids)

    # Leaving early cancels what is still in flight, and returns promptly.
    emu.faults.delay(5.0, "calendars.free_slots", count=2)
    began = time.monotonic()
    stream = blocking.iter_free_slots(client, demo.calendar_ids, start, start + DAY_MS)
    first = next(stream)
    stream.close()
    assert first.ok
    assert time.monotonic() - began < 5.0


def test_a_stream_runs_on_the_facades_portal_with_no_thread_of_its_own(
    served: tuple[Emulator, DemoData, CalendarsClient],
) -> None:
    _, demo, client = served
    client.calendars.list(location_id=served[0].location_id)  # starts the portal's thread
    threads = threading.active_count()
    start = int(time.time() * 1000)
    seen = [
        (result.ok, threading.active_count())
        for result in client.iter_free_slots(demo.calendar_ids, start, start + DAY_MS)
    ]
    assert seen == [(True, threads)] * len(demo.calendar_ids)
    assert threading.active_count() == threads


def test_listings_and_their_completeness_signal(
    served: tuple[Emulator, DemoData, CalendarsClient],
) -> None:
    emu, demo, client = served
    cal, contact = demo.calendar_ids[0], demo.contact_ids[0]
    created: list[str] = []
    for day in (2, 9, 16):
        appointment = client.appointments.create(
            AppointmentCreate(
                calendar_id=cal,
                location_id=emu.location_id,
                contact_id=contact,
                start_time=f"2030-01-{day:02d}T10:00:00Z",
                ignore_free_slot_validation=True,
            )
        )
        assert appointment.id is not None
        created.append(appointment.id)
    common = {
        "location_id": emu.location_id,
        "calendar_id": cal,
        "start": JAN_1_2030_MS,
        "end": JAN_1_2030_MS + 21 * DAY_MS,
    }
    export = blocking.iter_events(client, **common)  # type: ignore[arg-type]
    assert [e.id for e in export] == created
    assert export.complete

    emu.faults.status_5xx("events.list", count=1)
    failing = blocking.iter_events(client, concurrency=1, **common)  # type: ignore[arg-type]
    with pytest.raises(IncompleteListingError):
        failing.to_list()
    assert failing.finished
    assert not failing.complete
    assert len(failing.failed_windows) == 1

    for n in range(23):
        client.notes.create(created[0], NoteBody(body=f"n{n}"))
    with blocking.iter_notes(client, created[0]) as notes:
        assert len(notes.to_list()) == 23


def test_sync_runs_whole_on_the_facade(
    served: tuple[Emulator, DemoData, CalendarsClient],
) -> None:
    emu, demo, client = served
    desired = [
        AppointmentCreate(
            calendar_id=demo.calendar_ids[n % 3],
            location_id=emu.location_id,
            contact_id=demo.contact_ids[n % 5],
            start_time=f"2030-02-{1 + n // 8:02d}T{9 + n % 8:02d}:00:00Z",
            ignore_free_slot_validation=True,
        )
        for n in range(40)
    ]
    phases: set[str] = set()
    report = blocking.sync_appointments(client, desired, progress=lambda p: phases.add(p.phase))
    assert report.ok
    assert report.created == 40
    assert {"listing", "applying", "done"} <= phases
    assert blocking.sync_appointments(client, desired).unchanged == 40
