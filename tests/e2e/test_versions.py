"""API versions: one list for client and emulator, v2 and v3 shapes, v3 end to end."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import msgspec
import pytest

from hoopai_calendars import (
    API_VERSIONS,
    AsyncCalendarsClient,
    CalendarsClient,
    ValidationError,
)
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import (
    Appointment,
    AppointmentCreate,
    AppointmentUpdate,
    CalendarCreate,
    Event,
)

pytestmark = pytest.mark.anyio

# A fixed clock keeps "now" before the Monday whose open hours the tests book.
NOW = 1_730_030_400.0  # Sunday 2024-10-27 12:00 UTC
MONDAY_MS = 1_730_073_600_000

# AppointmentSchemaResponse with each spec's example values (isRecurring typed as the
# schema says, boolean; the examples spell it "true").
APPOINTMENT_V2 = {
    "calendarId": "CVokAlI8fgw4WYWoCtQz",
    "locationId": "C2QujeCh8ZnC7al2InWR",
    "contactId": "0007BWpSzSwfiuSl0tR2",
    "startTime": "2021-06-23T03:30:00+05:30",
    "endTime": "2021-06-23T04:30:00+05:30",
    "title": "Test Event",
    "meetingLocationType": "custom",
    "appointmentStatus": "confirmed",
    "assignedUserId": "0007BWpSzSwfiuSl0tR2",
    "address": "Zoom",
    "isRecurring": True,
    "rrule": "RRULE:FREQ=DAILY;INTERVAL=1;COUNT=5",
    "id": "0TkCdp9PfvLeWKYRRvIz",
}
APPOINTMENT_V3 = {
    **APPOINTMENT_V2,
    "dateAdded": "2021-06-23T03:30:00+05:30",
    "dateUpdated": "2021-06-23T04:30:00+05:30",
}
# CalendarEventDTO: v3 adds `deleted`.
EVENT_V2 = {
    "id": "ocQHyuzHvysMo5N5VsXc",
    "address": "https://meet.google.com/yqp-gogr-wve",
    "title": "Appointment with GHL Dev team",
    "calendarId": "BqTwX8QFwXzpegMve9EQ",
    "locationId": "0007BWpSzSwfiuSl0tR2",
    "contactId": "9NkT25Vor1v4aQatFsv2",
    "groupId": "9NkT25Vor1v4aQatFsv2",
    "appointmentStatus": "confirmed",
    "assignedUserId": "YlWd2wuCAZQzh2cH1fVZ",
    "users": ["YlWd2wuCAZQzh2cH1fVZ", "9NkT25Vor1v4aQatFsv2"],
    "notes": "Some dummy note",
    "description": "Some dummy description",
    "isRecurring": True,
    "rrule": "RRULE:FREQ=DAILY;INTERVAL=1;COUNT=5",
    "startTime": "2023-09-25T16:00:00+05:30",
    "endTime": "2023-09-25T16:00:00+05:30",
    "dateAdded": "2023-09-25T16:00:00+05:30",
    "dateUpdated": "2023-09-25T16:00:00+05:30",
    "masterEventId": "ocWd2wuBGAQzh2cH1fSZ",
}
EVENT_V3 = {**EVENT_V2, "deleted": False}


def test_the_four_versions_real_clients_send_are_the_list() -> None:
    assert set(API_VERSIONS) == {"2021-04-15", "2021-07-28", "2023-02-21", "v3"}


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_listed_version_builds_a_client(version: str) -> None:
    AsyncCalendarsClient("t", api_version=version)
    CalendarsClient("t", api_version=version).close()


@pytest.mark.parametrize("version", ["2021-07-29", "V3", "", "latest"])
def test_an_unknown_version_is_refused_before_sending(version: str) -> None:
    with pytest.raises(ValidationError, match="api_version") as caught:
        AsyncCalendarsClient("t", api_version=version)
    assert "2023-02-21" in str(caught.value)


def test_models_decode_both_specs_appointment_answers() -> None:
    v2 = msgspec.json.decode(json.dumps(APPOINTMENT_V2), type=Appointment)
    v3 = msgspec.json.decode(json.dumps(APPOINTMENT_V3), type=Appointment)
    assert v2.date_added is None
    assert v2.date_updated is None
    assert v3.date_added == "2021-06-23T03:30:00+05:30"
    assert v3.date_updated == "2021-06-23T04:30:00+05:30"
    assert v3.id == v2.id == "0TkCdp9PfvLeWKYRRvIz"


def test_models_decode_both_specs_events() -> None:
    v2 = msgspec.json.decode(json.dumps(EVENT_V2), type=Event)
    v3 = msgspec.json.decode(json.dumps(EVENT_V3), type=Event)
    assert v2.deleted is None
    assert v3.deleted is False
    assert v3.date_updated == v2.date_updated == "2023-09-25T16:00:00+05:30"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW) as emulator:
        yield emulator


async def _get(emu: Emulator, headers: dict[str, str]) -> tuple[int, Any]:
    url = f"{emu.url}/calendars/?locationId={emu.location_id}"
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        return resp.status, await resp.json()


@pytest.mark.parametrize("version", API_VERSIONS)
async def test_the_emulator_accepts_every_listed_version(emu: Emulator, version: str) -> None:
    status, body = await _get(emu, {"Version": version, "Authorization": f"Bearer {emu.token}"})
    assert status == 200
    assert body["calendars"] == []


async def test_missing_and_unknown_versions_get_different_messages(emu: Emulator) -> None:
    auth = {"Authorization": f"Bearer {emu.token}"}
    missing_status, missing = await _get(emu, auth)
    unknown_status, unknown = await _get(emu, {**auth, "Version": "2099-01-01"})
    assert (missing_status, unknown_status) == (401, 401)
    assert missing["message"] == "version header was not found."
    assert "not supported" in unknown["message"]
    assert "v3" in unknown["message"]


def _booking(calendar_id: str, location_id: str, slot: str) -> AppointmentCreate:
    return AppointmentCreate(
        calendar_id=calendar_id, location_id=location_id, contact_id="c1", start_time=slot
    )


async def _book(client: AsyncCalendarsClient, emu: Emulator) -> tuple[str, Appointment]:
    calendar = await client.calendars.create(
        CalendarCreate(location_id=emu.location_id, name="Consults")
    )
    assert calendar.id is not None
    slots = await client.calendars.free_slots(
        calendar.id, start_date=MONDAY_MS, end_date=MONDAY_MS + 86_400_000
    )
    first = next(iter(slots.slots()))
    booked = await client.appointments.create(_booking(calendar.id, emu.location_id, first))
    return calendar.id, booked


async def test_v3_client_works_end_to_end_and_sees_v3_fields(emu: Emulator) -> None:
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, api_version="v3") as client:
        calendar_id, booked = await _book(client, emu)
        assert booked.date_added is not None
        assert booked.date_updated is not None
        moved = await client.appointments.update(booked.id or "", AppointmentUpdate(title="Moved"))
        assert moved.date_updated is not None
        event = await client.appointments.get(booked.id or "")
        assert event.deleted is False
        events = await client.events.list(
            location_id=emu.location_id,
            calendar_id=calendar_id,
            start_time=MONDAY_MS,
            end_time=MONDAY_MS + 86_400_000,
        )
        assert [e.deleted for e in events] == [False]
        await client.events.delete(booked.id or "")


async def test_v2_answers_keep_the_v2_shape(emu: Emulator) -> None:
    async with AsyncCalendarsClient(emu.token, base_url=emu.url) as client:
        _, booked = await _book(client, emu)
        assert booked.date_added is None  # v2's AppointmentSchemaResponse has no stamps
        event = await client.appointments.get(booked.id or "")
        assert event.deleted is None
        assert event.date_added is not None
