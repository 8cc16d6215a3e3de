"""The emulator refuses bodies and values that the API refuses or that would spoil its state."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import msgspec
import pytest

from hoopai_calendars.emulator import Emulator

pytestmark = pytest.mark.anyio

# Sunday 2024-10-27 12:00 UTC; the next day is a Monday with 9:00-17:00 open hours.
NOW = 1_730_030_400.0
MONDAY_MS = 1_730_073_600_000
DAY_MS = 86_400_000


class Api:
    """Send raw requests to an emulator; answers are (status, decoded JSON or None)."""

    def __init__(self, session: aiohttp.ClientSession, emu: Emulator) -> None:
        self.session, self.emu = session, emu

    async def __call__(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
        **kw: Any,
    ) -> tuple[int, Any]:
        headers = {
            "Authorization": f"Bearer {self.emu.token}",
            "Version": "2021-07-28",
            **(headers or {}),
        }
        if json is not None:
            data, headers["Content-Type"] = msgspec.json.encode(json), "application/json"
        async with self.session.request(
            method, self.emu.url + path, data=data, headers=headers, **kw
        ) as resp:
            raw = await resp.read()
            return resp.status, msgspec.json.decode(raw) if raw else None

    async def ok(self, method: str, path: str, **kw: Any) -> Any:
        status, body = await self(method, path, **kw)
        assert status in (200, 201), body
        return body


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    async with Emulator(clock=lambda: NOW) as emu, aiohttp.ClientSession() as session:
        yield Api(session, emu)


def refused(answer: tuple[int, Any], status: int = 422) -> list[str]:
    """Check a NestJS-shaped refusal and return its messages as a list."""
    code, body = answer
    assert code == status, body
    assert body["statusCode"] == status
    uuid.UUID(body["traceId"])
    message = body["message"]
    return message if isinstance(message, list) else [message]


async def calendar(api: Api, **fields: Any) -> str:
    body = {"locationId": "loc_demo", "name": "C", **fields}
    made = await api.ok("POST", "/calendars/", json=body)
    return str(made["calendar"]["id"])


def booking(calendar_id: str, start: str) -> dict[str, Any]:
    return {
        "calendarId": calendar_id,
        "locationId": "loc_demo",
        "contactId": "contact0000000000001",
        "startTime": start,
    }


async def free_slots(api: Api, calendar_id: str) -> dict[str, Any]:
    params = {"startDate": MONDAY_MS, "endDate": MONDAY_MS + DAY_MS}
    body = await api.ok("GET", f"/calendars/{calendar_id}/free-slots", params=params)
    body.pop("traceId")
    return dict(body)


# --- calendars: the values the free-slot engine depends on --------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("slotDuration", 1e20),
        ("slotDuration", 0),
        ("slotDuration", -30),
        ("slotInterval", 0),
        ("slotInterval", 10**30),
        ("slotBuffer", -1),
        ("preBuffer", 525_601),
        ("allowBookingAfter", 1e300),
        ("allowBookingFor", -7),
        ("appoinmentPerSlot", 0),
    ],
)
async def test_calendar_settings_out_of_range_are_refused_naming_the_field(
    api: Api, name: str, value: float
) -> None:
    body = {"locationId": "loc_demo", "name": "C", name: value}
    messages = refused(await api("POST", "/calendars/", json=body))
    assert any(m.startswith(f"{name} must be") for m in messages), messages
    cal = await calendar(api)
    messages = refused(await api("PUT", f"/calendars/{cal}", json={name: value}))
    assert any(m.startswith(f"{name} must be") for m in messages), messages
    # Nothing was stored: the calendar still offers its default slots and takes a booking.
    assert (await free_slots(api, cal))["2024-10-28"]["slots"][0] == "2024-10-28T09:00:00+00:00"
    await api.ok(
        "POST", "/calendars/events/appointments", json=booking(cal, "2024-10-28T09:00:00Z")
    )


async def test_a_calendar_at_the_bounds_stays_usable(api: Api) -> None:
    longest = {
        "slotDuration": 525_600,
        "slotDurationUnit": "hours",
        "slotInterval": 525_600,
        "slotBuffer": 525_600,
        "preBuffer": 525_600,
        "allowBookingAfter": 525_600,
        "allowBookingAfterUnit": "months",
        "allowBookingFor": 525_600,
        "allowBookingForUnit": "months",
    }
    cal = await calendar(api, **longest)
    assert await free_slots(api, cal) == {}
    status, body = await api(
        "POST", "/calendars/events/appointments", json=booking(cal, "2024-10-28T09:00:00Z")
    )
    assert status == 400, body
    shortest = await calendar(api, slotDuration=1, slotInterval=1)
    assert len((await free_slots(api, shortest))["2024-10-28"]["slots"]) == 8 * 60


# --- bodies: missing, not an object, too large, too deep ----------------------------------


async def test_a_put_without_a_body_is_an_empty_update(api: Api) -> None:
    cal = await calendar(api)
    event = await api.ok(
        "POST", "/calendars/events/appointments", json=booking(cal, "2024-10-28T09:00:00Z")
    )
    schedule = await api.ok(
        "POST",
        "/calendars/schedules",
        json={"locationId": "loc_demo", "userId": "u1", "name": "S", "timezone": "UTC"},
    )
    resource = await api.ok(
        "POST",
        "/calendars/resources/rooms",
        json={
            "locationId": "loc_demo",
            "name": "R",
            "description": "d",
            "quantity": 1,
            "outOfService": 0,
            "capacity": 1,
            "calendarIds": [],
        },
    )
    notification = await api.ok(
        "POST",
        f"/calendars/{cal}/notifications",
        json=[{"receiverType": "contact", "channel": "email", "notificationType": "booked"}],
    )
    for path in (
        f"/calendars/{cal}",
        f"/calendars/events/appointments/{event['id']}",
        f"/calendars/schedules/{schedule['schedule']['id']}",
        f"/calendars/resources/rooms/{resource['id']}",
        f"/calendars/{cal}/notifications/{notification[0]['_id']}",
    ):
        assert (await api("PUT", path))[0] == 200, path
        assert (await api("PUT", path, json={}))[0] == 200, path
        # A body that is not an object is refused with a message, never an empty list.
        assert refused(await api("PUT", path, json=[1, 2])) == [
            "an unknown value was passed to the validate function"
        ]


async def test_oversized_and_deeply_nested_bodies_are_json_client_errors(api: Api) -> None:
    big = io.BytesIO(b'{"name": "' + b"x" * 1_100_000 + b'"}')
    assert refused(await api("POST", "/calendars/", data=big), 413) == ["request entity too large"]
    deep = b"[" * 1000 + b"]" * 1000
    assert refused(await api("POST", "/calendars/", data=deep), 400) == ["Unexpected token in JSON"]


@pytest.mark.parametrize(
    "kind", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]
)
async def test_bodies_that_are_not_json_are_415s(api: Api, kind: str) -> None:
    body = b'{"locationId": "loc_demo", "name": "C"}'
    status, answer = await api("POST", "/calendars/", data=body, headers={"Content-Type": kind})
    assert refused((status, answer), 415)[0].startswith("Unsupported Media Type")
    assert api.emu.store.calendars == {}


async def test_put_block_slot_requires_its_location(api: Api) -> None:
    cal = await calendar(api)
    block = await api.ok(
        "POST",
        "/calendars/events/block-slots",
        json={
            "calendarId": cal,
            "locationId": "loc_demo",
            "startTime": "2024-10-28T10:00:00Z",
            "endTime": "2024-10-28T11:00:00Z",
        },
    )
    path = f"/calendars/events/block-slots/{block['id']}"
    assert refused(await api("PUT", path, json={})) == ["locationId should not be empty"]
    assert refused(await api("PUT", path)) == ["locationId should not be empty"]
    # The calendar and the times, when left out, are kept.
    status, body = await api("PUT", path, json={"locationId": "loc_demo", "title": "Lunch"})
    assert status == 201, body
    assert (body["calendarId"], body["startTime"], body["title"]) == (
        cal,
        "2024-10-28T10:00:00Z",
        "Lunch",
    )


# --- nested values: schedule rules and notification timings ------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {"type": "wday", "day": "AAA", "intervals": [{"from": "09:00", "to": "17:00"}]},
            "rules.0.day must be one of the following values: sunday, monday",
        ),
        (
            {"type": "wday", "day": "monday", "intervals": [{"from": "25:99", "to": "26:00"}]},
            "rules.0.intervals.0 must be HH:MM times from 00:00 to 24:00",
        ),
        (
            {"type": "wday", "day": "monday", "intervals": [{"from": "17:00", "to": "09:00"}]},
            "rules.0.intervals.0.from must be before to",
        ),
        (
            {"type": "date", "date": "2024-02-30", "intervals": []},
            "rules.0.date must be a valid ISO 8601 date string",
        ),
        ({"type": "weekly", "intervals": []}, "rules.0.type must be one of the following values"),
        ({"type": "wday", "day": "monday"}, "rules.0: Object missing required field `intervals`"),
        (
            {"type": "wday", "day": "monday", "intervals": [{"from": 9, "to": "17:00"}]},
            "rules.0.intervals.0.from: Expected `str`, got `int`",
        ),
    ],
)
async def test_schedule_rules_are_validated(api: Api, rule: dict[str, Any], expected: str) -> None:
    cal = await calendar(api)
    body = {"locationId": "loc_demo", "userId": "u1", "name": "S", "timezone": "UTC"}
    made = await api.ok("POST", "/calendars/schedules", json={**body, "calendarIds": [cal]})
    messages = refused(await api("POST", "/calendars/schedules", json={**body, "rules": [rule]}))
    assert any(m.startswith(expected) for m in messages), messages
    path = f"/calendars/schedules/{made['schedule']['id']}"
    messages = refused(await api("PUT", path, json={"rules": [rule]}))
    assert any(m.startswith(expected) for m in messages), messages
    # Nothing was stored, and a rule ending at 24:00 (or 00:00) is fine.
    midnight = {"type": "wday", "day": "Monday", "intervals": [{"from": "23:00", "to": "24:00"}]}
    await api.ok("PUT", path, json={"rules": [midnight]})
    assert (await free_slots(api, cal))["2024-10-28"]["slots"][0] == "2024-10-28T23:00:00+00:00"


async def test_notification_timings_are_validated(api: Api) -> None:
    cal = await calendar(api)
    item = {"receiverType": "contact", "channel": "email", "notificationType": "reminder"}
    hostile = [{"timeOffset": "x", "unit": {}}]
    messages = refused(
        await api("POST", f"/calendars/{cal}/notifications", json=[{**item, "beforeTime": hostile}])
    )
    assert messages == ["0.beforeTime.0.timeOffset: Expected `int`, got `str`"]
    made = await api.ok(
        "POST",
        f"/calendars/{cal}/notifications",
        json=[{**item, "afterTime": [{"timeOffset": 1, "unit": "hours"}]}],
    )
    path = f"/calendars/{cal}/notifications/{made[0]['_id']}"
    assert refused(
        await api("PUT", path, json={"afterTime": [{"timeOffset": -1, "unit": "x"}]})
    ) == ["afterTime.0.timeOffset must be between 0 and 525600"]
    assert refused(await api("PUT", path, json={"afterTime": hostile[0]})) == [
        "afterTime must be an array"
    ]
    stored = await api.ok("GET", path)
    assert stored["afterTime"] == [{"timeOffset": 1, "unit": "hours"}]


# --- paths, queries and times ------------------------------------------------------------


@pytest.mark.parametrize("segment", ["{calendarId}", "{", "}", "%7Bx%7D", "caf%C3%A9", "%ED%A0%80"])
async def test_odd_path_segments_are_unknown_ids(api: Api, segment: str) -> None:
    from yarl import URL

    url = URL(api.emu.url + f"/calendars/{segment}", encoded=True)
    headers = {"Authorization": f"Bearer {api.emu.token}", "Version": "2021-07-28"}
    async with api.session.get(url, headers=headers) as resp:
        body = await resp.json()
    assert (resp.status, body["message"]) == (404, "Calendar not found")


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "9" * 400, "0x10", "\uff11"])
async def test_hostile_numbers_in_queries_are_422s(api: Api, value: str) -> None:
    cal = await calendar(api)
    params = {"startDate": value, "endDate": str(MONDAY_MS)}
    messages = refused(await api("GET", f"/calendars/{cal}/free-slots", params=params))
    assert messages == ["startDate must be a number conforming to the specified constraints"]
    window = {"locationId": "loc_demo", "calendarId": cal, "startTime": value, "endTime": "1"}
    assert refused(await api("GET", "/calendars/events", params=window)) == [
        "startTime must be epoch milliseconds"
    ]
    query = {"locationId": "loc_demo", "userId": "u1", "limit": value}
    assert refused(await api("GET", "/calendars/schedules/search", params=query)) == [
        "limit must be a number conforming to the specified constraints"
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-10-28T09:00:00z", "2024-10-28T09:30:00Z"),
        (" 2024-10-28T09:00:00Z ", "2024-10-28T09:30:00Z"),
        ("2024-10-28T10:00:00+01:00", "2024-10-28T10:30:00+01:00"),
    ],
)
async def test_iso_spellings_book_and_get_an_end_in_the_same_offset(
    api: Api, start: str, end: str
) -> None:
    cal = await calendar(api)
    made = await api.ok("POST", "/calendars/events/appointments", json=booking(cal, start))
    assert made["endTime"] == end


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "x"]
)
async def test_times_outside_the_engine_years_are_refused(api: Api, start: str) -> None:
    cal = await calendar(api)
    body = {**booking(cal, start), "ignoreFreeSlotValidation": True}
    assert refused(await api("POST", "/calendars/events/appointments", json=body)) == [
        "startTime must be a valid ISO 8601 date string"
    ]
