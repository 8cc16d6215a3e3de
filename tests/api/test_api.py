"""The api layer: one time parser, and facts the client and the emulator read alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import msgspec
import pytest

from hoopai_calendars import api
from hoopai_calendars._reconcile import appointment_key
from hoopai_calendars._retry import classify_401
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate, ResourceType

pytestmark = pytest.mark.anyio

# Sunday 2024-10-27 12:00 UTC; the next day is a Monday with 9:00-17:00 open hours.
NOW = 1_730_030_400.0
NINE_UTC_MS = 1_730_106_000_000  # Monday 2024-10-28 09:00 UTC


@pytest.mark.parametrize(
    "text",
    [
        "2024-10-28T09:00:00Z",
        "2024-10-28t09:00:00z",
        "2024-10-28T09:00Z",
        "2024-10-28 09:00:00+00:00",
        "2024-10-28T10:00:00+01:00",
        "2024-10-28T04:00:00-0500",
        "2024-10-28T09:00:00.000Z",
        "2024-10-28T09:00:00,0000000Z",
        "  2024-10-28T09:00:00 Z ",
    ],
)
def test_the_api_spellings_of_one_instant_parse_to_the_same_ms(text: str) -> None:
    assert api.parse_instant(text) == NINE_UTC_MS
    moment = api.parse_datetime(text)
    assert moment is not None
    assert moment.utcoffset() is not None


@pytest.mark.parametrize(
    "text", ["2024-10-28T09:00:00", "2024-10-28 09:00", "2024-10-28", "tomorrow", "", None]
)
def test_a_time_without_an_offset_names_no_instant(text: str | None) -> None:
    assert api.parse_instant(text) is None
    assert api.parse_datetime(text) is None


def test_the_parser_keeps_the_offset_it_was_written_in() -> None:
    moment = api.parse_datetime("2024-10-28T10:30:00.5+01:00")
    assert moment is not None
    assert (moment.hour, moment.minute, moment.microsecond) == (10, 30, 500_000)
    assert moment.utcoffset() == timedelta(hours=1)


def test_the_natural_key_reads_times_with_the_same_rule() -> None:
    # The instant, not its spelling, is the key: the offset form and UTC agree.
    create = AppointmentCreate(
        calendar_id="c", location_id="l", contact_id="p", start_time="2024-10-28T10:00:00+01:00"
    )
    assert appointment_key(create) == ("c", "p", NINE_UTC_MS)


class Raw:
    def __init__(self, session: aiohttp.ClientSession, emu: Emulator) -> None:
        self.session, self.emu = session, emu

    async def __call__(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str | None] | None = None,
    ) -> tuple[int, Any]:
        given: dict[str, str | None] = {
            "Authorization": f"Bearer {self.emu.token}",
            api.VERSION_HEADER: api.DEFAULT_API_VERSION,
            **(headers or {}),
        }
        sent = {name: value for name, value in given.items() if value is not None}
        data = None
        if json is not None:
            data, sent["Content-Type"] = msgspec.json.encode(json), "application/json"
        async with self.session.request(
            method, self.emu.url + path, data=data, headers=sent
        ) as resp:
            raw = await resp.read()
            return resp.status, msgspec.json.decode(raw) if raw else None


@pytest.fixture
async def raw() -> AsyncIterator[Raw]:
    async with Emulator(clock=lambda: NOW) as emu, aiohttp.ClientSession() as session:
        yield Raw(session, emu)


async def _calendar(raw: Raw) -> str:
    status, made = await raw("POST", "/calendars/", json={"locationId": "loc_demo", "name": "C"})
    assert status in (200, 201), made
    return str(made["calendar"]["id"])


async def test_the_emulator_refuses_a_booking_whose_start_has_no_offset(raw: Raw) -> None:
    cal = await _calendar(raw)
    body = {"calendarId": cal, "locationId": "loc_demo", "contactId": "contact0000000000001"}
    status, answer = await raw(
        "POST", "/calendars/events/appointments", json={**body, "startTime": "2024-10-28T09:00:00"}
    )
    assert status == 422, answer
    assert any("startTime" in m for m in answer["message"])
    status, answer = await raw(
        "POST", "/calendars/events/appointments", json={**body, "startTime": "2024-10-28T09:00Z"}
    )
    assert status in (200, 201), answer


async def test_every_401_the_emulator_sends_is_told_apart_by_the_client(raw: Raw) -> None:
    seen: dict[str, str] = {}
    headers: dict[str, str | None]
    for headers in (
        {api.VERSION_HEADER: None},
        {api.VERSION_HEADER: "1999-01-01"},
        {"Authorization": None},
        {"Authorization": "Bearer not-a-token"},
    ):
        status, body = await raw("GET", "/calendars/?locationId=loc_demo", headers=headers)
        assert status == 401
        seen[body["message"]] = classify_401(msgspec.json.encode(body))
    assert seen == {
        api.NO_VERSION_MESSAGE: "other",
        api.UNSUPPORTED_VERSION_MESSAGE: "other",
        api.NO_AUTHORIZATION_MESSAGE: "other",
        api.INVALID_JWT_MESSAGE: "expired",
    }
    for message, kind in ((api.SCOPE_MESSAGE, "scope"), (api.TIMED_OUT_MESSAGE, "timed_out")):
        assert classify_401(msgspec.json.encode({"message": message})) == kind


async def test_the_emulator_caps_the_slot_window_where_the_client_does(raw: Raw) -> None:
    cal = await _calendar(raw)
    start = NINE_UTC_MS
    for extra, ok in ((0, True), (1, False)):
        end = start + api.MAX_SLOT_WINDOW_MS + extra
        path = f"/calendars/{cal}/free-slots?startDate={start}&endDate={end}"
        status, _ = await raw("GET", path)
        assert (status == 200) is ok


def test_the_facts_agree_with_their_public_spellings() -> None:
    assert api.SLOT_TAKEN_MARK in api.SLOT_TAKEN_MESSAGE
    assert (ResourceType.EQUIPMENTS, ResourceType.ROOMS) == api.RESOURCE_TYPES
    assert {row.scope for row in api.ENDPOINTS} == set(api.SCOPES)
