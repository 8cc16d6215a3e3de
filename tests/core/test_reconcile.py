"""Creates are never blindly repeated; opt-in reconcile looks first and re-sends at most once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest

from hoopai_calendars import AsyncCalendarsClient, OutcomeUnknownError, RequestOptions
from hoopai_calendars.emulator import DemoData, Emulator
from hoopai_calendars.models import AppointmentCreate, AppointmentStatus, AppointmentUpdate

pytestmark = pytest.mark.anyio


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(rate_limit=10_000, seed="demo:2") as emulator:
        yield emulator


async def _booking(client: AsyncCalendarsClient, emu: Emulator) -> AppointmentCreate:
    demo = emu.demo
    assert isinstance(demo, DemoData)
    calendar_id = demo.calendar_ids[0]
    start = datetime.now(timezone.utc) + timedelta(days=1)
    slots = await client.calendars.free_slots(
        calendar_id, start_date=start, end_date=start + timedelta(days=7)
    )
    return AppointmentCreate(
        calendar_id=calendar_id,
        location_id=emu.location_id,
        contact_id=demo.contact_ids[0],
        start_time=slots.slots()[0],
    )


def _appointments(emu: Emulator, body: AppointmentCreate) -> int:
    return sum(
        1
        for event in emu.store.appointments.values()
        if event["calendarId"] == body.calendar_id and event["startTime"] == body.start_time
    )


async def test_reset_after_write_raises_outcome_unknown_and_does_not_resend(emu: Emulator) -> None:
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, rate_limit=False) as client:
        body = await _booking(client, emu)
        emu.faults.reset_after("appointments.create", count=1)
        with pytest.raises(OutcomeUnknownError) as info:
            await client.appointments.create(body)
    assert info.value.request_body is not None
    assert body.start_time.encode() in info.value.request_body
    assert info.value.operation == "appointments.create"
    assert _appointments(emu, body) == 1  # the write happened once, and was not repeated


async def test_reconcile_finds_the_booking_instead_of_booking_twice(emu: Emulator) -> None:
    async with AsyncCalendarsClient(
        emu.token, base_url=emu.url, rate_limit=False, reconcile=True
    ) as client:
        body = await _booking(client, emu)
        emu.faults.reset_after("appointments.create", count=1)
        appointment = await client.appointments.create(body)
    assert appointment.start_time == body.start_time
    assert appointment.contact_id == body.contact_id
    assert _appointments(emu, body) == 1


async def test_reconcile_resends_once_when_nothing_was_written(emu: Emulator) -> None:
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, rate_limit=False) as client:
        body = await _booking(client, emu)
        # A 502 from the gateway before the handler ran: ambiguous to the client, not written.
        emu.faults.add("html_502", "appointments.create", count=1)
        appointment = await client.appointments.create(body, options=RequestOptions(reconcile=True))
    assert appointment.start_time == body.start_time
    assert _appointments(emu, body) == 1


async def test_reconcile_resends_at_most_once(emu: Emulator) -> None:
    async with AsyncCalendarsClient(
        emu.token, base_url=emu.url, rate_limit=False, reconcile=True
    ) as client:
        body = await _booking(client, emu)
        emu.faults.add("html_502", "appointments.create", count=5)
        with pytest.raises(OutcomeUnknownError):
            await client.appointments.create(body)
    assert emu.faults.seen.get("appointments.create") == 2
    assert _appointments(emu, body) == 0


async def test_reconcile_does_not_take_a_cancelled_booking_for_the_lost_one(emu: Emulator) -> None:
    # The rule a sync uses too: at one natural key, only a live booking counts as made.
    async with AsyncCalendarsClient(
        emu.token, base_url=emu.url, rate_limit=False, reconcile=True
    ) as client:
        body = await _booking(client, emu)
        first = await client.appointments.create(body)
        assert first.id is not None
        await client.appointments.update(
            first.id, AppointmentUpdate(appointment_status=AppointmentStatus.CANCELLED)
        )
        emu.faults.add("html_502", "appointments.create", count=1)
        second = await client.appointments.create(body)
    assert second.id != first.id
    assert second.appointment_status != AppointmentStatus.CANCELLED
    assert _appointments(emu, body) == 2
