"""A 2xx whose body is cut off or undecodable: ambiguous for a create, retried for a read.

Both fault kinds run the handler first (the write lands): `malformed_json` answers a
complete HTTP response whose JSON stops halfway; `truncated_2xx` promises the whole body
in Content-Length, sends half and closes the connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest

from hoopai_calendars import (
    AiohttpTransport,
    DecodeError,
    HttpxTransport,
    OutcomeUnknownError,
    ReadError,
    Transport,
)
from hoopai_calendars.emulator import Emulator, FaultKind
from hoopai_calendars.models import AppointmentCreate, AppointmentUpdate
from hoopai_calendars.workloads import sync_appointments
from tests.support.fakes import FakeClock
from tests.support.resilience import booking, client_for, demo, stored
from tests.support.workloads import started

pytestmark = pytest.mark.anyio

CUT_OFF: list[FaultKind] = ["malformed_json", "truncated_2xx"]
# The error a read ends with once its retries are spent, per fault kind.
FINAL_ERROR = {"malformed_json": DecodeError, "truncated_2xx": ReadError}


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:2", rate_limit=10_000) as emulator:
        yield emulator


@pytest.fixture(params=["aiohttp", "httpx"])
async def transport(request: pytest.FixtureRequest) -> AsyncIterator[Transport]:
    made: Transport = AiohttpTransport() if request.param == "aiohttp" else HttpxTransport()
    yield made
    await made.aclose()


# --- finding 1: a create whose answer was lost ------------------------------------------------


@pytest.mark.parametrize("kind", CUT_OFF)
async def test_create_answered_with_a_cut_off_2xx_is_outcome_unknown_with_the_body_sent(
    emu: Emulator, clock: FakeClock, transport: Transport, kind: FaultKind
) -> None:
    async with client_for(emu, clock, transport=transport) as client:
        body = await booking(client, emu)
        emu.faults.add(kind, "appointments.create", count=1)
        with pytest.raises(OutcomeUnknownError) as info:
            await client.appointments.create(body)
    assert isinstance(info.value.cause, FINAL_ERROR[kind])
    assert info.value.operation == "appointments.create"
    assert info.value.request_body is not None
    sent = msgspec.json.decode(info.value.request_body, type=AppointmentCreate)
    assert sent == body
    assert stored(emu, body) == 1  # the booking landed
    assert emu.faults.seen["appointments.create"] == 1  # and was not sent again


@pytest.mark.parametrize("kind", CUT_OFF)
async def test_reconcile_finds_a_create_whose_2xx_was_cut_off_and_books_once(
    emu: Emulator, clock: FakeClock, kind: FaultKind
) -> None:
    async with client_for(emu, clock, reconcile=True) as client:
        body = await booking(client, emu)
        emu.faults.add(kind, "appointments.create", count=1)
        made = await client.appointments.create(body)
    assert made.id
    assert made.start_time == body.start_time
    assert stored(emu, body) == 1
    assert emu.faults.seen["appointments.create"] == 1


async def test_sync_looks_up_creates_whose_2xx_was_cut_off_and_reports_none_failed() -> None:
    async with started(calendars=2) as s:
        s.emu.faults.malformed_json("appointments.create", count=3)
        s.emu.faults.truncated_2xx("appointments.create", count=3)
        desired = [
            AppointmentCreate(
                calendar_id=s.demo.calendar_ids[n % 2],
                location_id=s.location,
                contact_id=s.demo.contact_ids[n % 5],
                start_time=f"2030-03-{1 + n:02d}T15:00:00Z",
                ignore_free_slot_validation=True,
            )
            for n in range(20)
        ]
        report = await sync_appointments(s.client, desired, concurrency=4)
        assert report.ok, report.to_dict()
        assert (report.created, report.failed) == (20, 0)
        assert report.rechecked == 6  # the six whose answer was lost were found, not re-sent
        assert s.seen("appointments.create") == 20
        keys = [(a["calendarId"], a["startTime"]) for a in s.emu.store.appointments.values()]
        assert len(keys) == len(set(keys)) == 20


# --- finding 2: a read (or an idempotent write) retries a cut-off 2xx -------------------------


@pytest.mark.parametrize("kind", CUT_OFF)
async def test_get_with_a_cut_off_2xx_is_retried_then_succeeds(
    emu: Emulator, clock: FakeClock, transport: Transport, kind: FaultKind
) -> None:
    calendar_id = demo(emu).calendar_ids[0]
    emu.faults.add(kind, "calendars.get", count=2)
    async with client_for(emu, clock, transport=transport) as client:
        calendar = await client.calendars.get(calendar_id)
    assert calendar.id == calendar_id
    assert emu.faults.seen["calendars.get"] == 3
    assert len(clock.sleeps) == 2  # with the policy's backoff before each retry


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize("kind", CUT_OFF)
async def test_get_surfaces_the_cut_off_once_retries_run_out(
    emu: Emulator, clock: FakeClock, kind: FaultKind, max_retries: int
) -> None:
    emu.faults.add(kind, "calendars.get", probability=1.0)
    async with client_for(emu, clock, max_retries=max_retries) as client:
        with pytest.raises(FINAL_ERROR[kind]) as info:
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert info.value.operation == "calendars.get"
    assert emu.faults.seen["calendars.get"] == max_retries + 1


async def test_retrying_a_cut_off_2xx_stops_at_the_deadline(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.faults.malformed_json("calendars.get", probability=1.0)
    # The first backoff (at least 0.25 s) would end past the 0.2 s deadline: no retry.
    async with client_for(emu, clock, deadline=0.2) as client:
        with pytest.raises(DecodeError):
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert emu.faults.seen["calendars.get"] == 1
    assert clock.sleeps == []


async def test_idempotent_update_with_a_cut_off_2xx_is_retried(
    emu: Emulator, clock: FakeClock
) -> None:
    async with client_for(emu, clock) as client:
        made = await client.appointments.create(await booking(client, emu))
        emu.faults.truncated_2xx("appointments.update", count=1)
        updated = await client.appointments.update(made.id, AppointmentUpdate(title="Renamed"))
    assert updated.title == "Renamed"
    assert emu.faults.seen["appointments.update"] == 2
