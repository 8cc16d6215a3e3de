"""The emulator over real HTTP: wire quirks, envelopes, booking, limits and faults."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import msgspec
import pytest
from multidict import CIMultiDictProxy

from hoopai_calendars.emulator import ALL_SCOPES, Emulator
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.anyio

# Sunday 2024-10-27 12:00 UTC; the next day is a Monday with 9:00-17:00 open hours.
NOW = 1_730_030_400.0
MONDAY_MS = 1_730_073_600_000
DAY_MS = 86_400_000
DATE_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Http:
    """A thin aiohttp wrapper that returns (status, decoded body, headers)."""

    def __init__(self, session: aiohttp.ClientSession, emu: Emulator) -> None:
        self.session = session
        self.emu = emu

    async def raw(
        self,
        method: str,
        path: str,
        *,
        token: str | None = "default",
        version: str | None = "2021-07-28",
        **kwargs: Any,
    ) -> tuple[int, bytes, CIMultiDictProxy[str]]:
        headers: dict[str, str] = {}
        if version is not None:
            headers["Version"] = version
        if token is not None:
            headers["Authorization"] = f"Bearer {self.emu.token if token == 'default' else token}"
        async with self.session.request(
            method, self.emu.url + path, headers=headers, **kwargs
        ) as resp:
            return resp.status, await resp.read(), resp.headers

    async def __call__(
        self, method: str, path: str, **kwargs: Any
    ) -> tuple[int, Any, CIMultiDictProxy[str]]:
        status, body, headers = await self.raw(method, path, **kwargs)
        return status, (msgspec.json.decode(body) if body else None), headers


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def emu(clock: FakeClock) -> AsyncIterator[Emulator]:
    async with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture
async def http(emu: Emulator) -> AsyncIterator[Http]:
    async with aiohttp.ClientSession() as session:
        yield Http(session, emu)


def without_trace(body: dict[str, Any]) -> dict[str, Any]:
    """Check the traceId is a uuid4 string and return the rest of the body."""
    rest = dict(body)
    assert uuid.UUID(rest.pop("traceId")).version == 4
    return rest


async def make_calendar(http: Http, **fields: Any) -> dict[str, Any]:
    status, body, _ = await http(
        "POST", "/calendars/", json={"locationId": "loc_demo", "name": "Cal", **fields}
    )
    assert status == 200, body
    calendar: dict[str, Any] = body["calendar"]
    return calendar


async def slots(http: Http, calendar_id: str, days: int = 1) -> dict[str, Any]:
    params = {"startDate": MONDAY_MS, "endDate": MONDAY_MS + days * DAY_MS}
    status, body, _ = await http("GET", f"/calendars/{calendar_id}/free-slots", params=params)
    assert status == 200, body
    return without_trace(body)


def booking(calendar_id: str, start: str, **extra: Any) -> dict[str, Any]:
    return {
        "calendarId": calendar_id,
        "locationId": "loc_demo",
        "contactId": "contact00000000000001",
        "startTime": start,
        **extra,
    }


# --- the 401 family, 403 and 404 ---------------------------------------------------------


async def test_version_header_is_checked_before_auth(http: Http) -> None:
    status, body, _ = await http("GET", "/calendars/", version=None, token=None)
    assert status == 401
    assert without_trace(body) == {"statusCode": 401, "message": "version header was not found."}


async def test_missing_and_invalid_tokens(http: Http, emu: Emulator, clock: FakeClock) -> None:
    status, body, _ = await http("GET", "/calendars/", token=None)
    assert (status, without_trace(body)) == (
        401,
        {"statusCode": 401, "message": "No Authorization header found for authentication!"},
    )
    invalid = {"statusCode": 401, "message": "Invalid JWT", "error": "Unauthorized"}
    status, body, _ = await http("GET", "/calendars/", token="nope")
    assert (status, without_trace(body)) == (401, invalid)
    short = emu.mint_token(expires_in=60)
    params = {"locationId": "loc_demo"}
    assert (await http("GET", "/calendars/", token=short, params=params))[0] == 200
    clock.now += 61
    status, body, _ = await http("GET", "/calendars/", token=short, params=params)
    assert (status, without_trace(body)) == (401, invalid)


async def test_both_versions_are_accepted(http: Http) -> None:
    for version in ("2021-07-28", "2021-04-15"):
        status, _, _ = await http(
            "GET", "/calendars/", version=version, params={"locationId": "loc_demo"}
        )
        assert status == 200


async def test_scope_and_location_checks(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    read_only = emu.mint_token(["calendars.readonly"])
    status, body, _ = await http(
        "POST", "/calendars/events/appointments", token=read_only, json=booking(calendar["id"], "x")
    )
    assert (status, without_trace(body)) == (
        401,
        {
            "statusCode": 401,
            "message": "The token is not authorized for this scope.",
            "error": "Unauthorized",
        },
    )
    elsewhere = emu.mint_token(ALL_SCOPES, location_id="loc_other")
    forbidden = {
        "statusCode": 403,
        "message": "The token does not have access to this location",
        "error": "Forbidden",
    }
    status, body, _ = await http(
        "GET", "/calendars/", token=elsewhere, params={"locationId": "loc_demo"}
    )
    assert (status, without_trace(body)) == (403, forbidden)
    status, body, _ = await http("GET", f"/calendars/{calendar['id']}", token=elsewhere)
    assert (status, without_trace(body)) == (403, forbidden)


async def test_unknown_paths_get_a_json_404_and_unknown_methods_a_405(http: Http) -> None:
    for path in ("/nope", "/calendars/a/b/c/d"):
        status, body, headers = await http("GET", path)
        assert (status, without_trace(body)) == (
            404,
            {"statusCode": 404, "message": f"Cannot GET {path}", "error": "Not Found"},
        )
        assert "X-RateLimit-Remaining" in headers
    status, body, headers = await http("PATCH", "/calendars/")
    assert (status, without_trace(body)) == (
        405,
        {"statusCode": 405, "message": "Cannot PATCH /calendars/", "error": "Method Not Allowed"},
    )
    assert headers["Allow"] == "GET, POST"


async def test_unknown_ids_get_a_json_404(http: Http) -> None:
    status, body, _ = await http("GET", "/calendars/abcdefghij0123456789")
    assert (status, without_trace(body)) == (
        404,
        {"statusCode": 404, "message": "Calendar not found"},
    )


# --- envelopes -----------------------------------------------------------------------


async def test_calendar_and_group_envelopes(http: Http) -> None:
    status, body, _ = await http(
        "POST",
        "/calendars/groups",
        json={"locationId": "loc_demo", "name": "G", "description": "d", "slug": "g"},
    )
    assert status == 201
    group = without_trace(body)["group"]
    assert re.fullmatch(r"[A-Za-z0-9]{20}", group["id"])
    slug = {"locationId": "loc_demo", "slug": "g"}
    assert without_trace((await http("POST", "/calendars/groups/validate-slug", json=slug))[1]) == {
        "available": False
    }
    slug["slug"] = "free"
    assert (await http("POST", "/calendars/groups/validate-slug", json=slug))[1][
        "available"
    ] is True
    status, body, _ = await http(
        "PUT", f"/calendars/groups/{group['id']}/status", json={"isActive": False}
    )
    assert without_trace(body) == {"success": True}
    assert (await http("GET", f"/calendars/groups/{group['id']}"))[1]["group"]["isActive"] is False
    groups = (await http("GET", "/calendars/groups", params={"locationId": "loc_demo"}))[1]
    assert [g["id"] for g in groups["groups"]] == [group["id"]]

    calendar = await make_calendar(http, groupId=group["id"])
    status, body, _ = await http("PUT", f"/calendars/{calendar['id']}", json={"name": "Renamed"})
    assert without_trace(body)["calendar"]["name"] == "Renamed"
    listed = (
        await http("GET", "/calendars/", params={"locationId": "loc_demo", "groupId": group["id"]})
    )[1]
    assert set(listed) == {"calendars", "traceId"}
    assert [c["id"] for c in listed["calendars"]] == [calendar["id"]]
    assert without_trace((await http("DELETE", f"/calendars/{calendar['id']}"))[1]) == {
        "success": True
    }


async def test_resource_notification_schedule_and_note_envelopes(http: Http) -> None:
    calendar = await make_calendar(http)
    room = {
        "locationId": "loc_demo",
        "name": "Room",
        "description": "big",
        "quantity": 1,
        "outOfService": 0,
        "capacity": 8,
        "calendarIds": [calendar["id"]],
    }
    status, created, _ = await http("POST", "/calendars/resources/rooms", json=room)
    assert status == 201
    assert created["resourceType"] == "rooms"
    status, listed, _ = await http(
        "GET",
        "/calendars/resources/rooms",
        params={"locationId": "loc_demo", "limit": 10, "skip": 0},
    )
    assert isinstance(listed, list)
    assert [r["id"] for r in listed] == [created["id"]]
    status, body, _ = await http(
        "GET", "/calendars/resources/chairs", params={"locationId": "loc_demo"}
    )
    assert status == 422
    assert body["message"] == [
        "resourceType must be one of the following values: equipments, rooms"
    ]

    path = f"/calendars/{calendar['id']}/notifications"
    item = {"receiverType": "contact", "channel": "email", "notificationType": "booked"}
    status, made, _ = await http(
        "POST", path, json=[item, {**item, "notificationType": "reminder"}]
    )
    assert status == 200
    assert [n["notificationType"] for n in made] == ["booked", "reminder"]
    listed = (await http("GET", path))[1]
    assert isinstance(listed, list)
    assert len(listed) == 2
    status, body, _ = await http("PUT", f"{path}/{made[0]['_id']}", json={"isActive": False})
    assert set(without_trace(body)) == {"message"}
    assert (await http("GET", path, params={"isActive": "false"}))[1] == [
        {**made[0], "isActive": False}
    ]

    schedule = {
        "locationId": "loc_demo",
        "name": "S",
        "userId": "user1",
        "timezone": "UTC",
        "rules": [],
    }
    status, body, _ = await http("POST", "/calendars/schedules", json=schedule)
    assert status == 201
    made_schedule = without_trace(body)["schedule"]
    search = {"locationId": "loc_demo", "userId": "user1"}
    found = (await http("GET", "/calendars/schedules/search", params=search))[1]
    assert [s["id"] for s in found["schedules"]] == [made_schedule["id"]]
    status, body, _ = await http(
        "GET", "/calendars/schedules/search", params={**search, "limit": 501}
    )
    assert status == 422

    appointment = (
        await http(
            "POST",
            "/calendars/events/appointments",
            json=booking(calendar["id"], "2024-10-28T09:00:00Z"),
        )
    )[1]
    notes_path = f"/calendars/appointments/{appointment['id']}/notes"
    for n in range(3):
        status, body, _ = await http("POST", notes_path, json={"body": f"note {n}"})
        assert status == 201
        assert set(without_trace(body)) == {"note"}
    page = (await http("GET", notes_path, params={"limit": 2, "offset": 0}))[1]
    assert [n["body"] for n in page["notes"]] == ["note 2", "note 1"]
    assert page["hasMore"] is True
    assert (await http("GET", notes_path, params={"limit": 2, "offset": 2}))[1]["hasMore"] is False
    status, body, _ = await http("GET", notes_path, params={"limit": 21, "offset": 0})
    assert (status, body["message"]) == (422, ["limit must not be greater than 20"])


async def test_event_envelopes(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    status, appointment, _ = await http(
        "POST",
        "/calendars/events/appointments",
        json=booking(calendar["id"], "2024-10-28T10:00:00-04:00"),
    )
    assert status == 200
    assert appointment["startTime"] == "2024-10-28T10:00:00-04:00"
    assert appointment["endTime"] == "2024-10-28T10:30:00-04:00"
    assert "dateAdded" not in appointment  # create/update omit it, GET has it (upstream #246)
    got = without_trace(
        (await http("GET", f"/calendars/events/appointments/{appointment['id']}"))[1]
    )
    assert set(got) == {"event"}
    assert got["event"]["dateAdded"]
    status, updated, _ = await http(
        "PUT", f"/calendars/events/appointments/{appointment['id']}", json={"title": "Renamed"}
    )
    assert (status, updated["title"], updated["startTime"]) == (
        200,
        "Renamed",
        appointment["startTime"],
    )

    block = {
        "locationId": "loc_demo",
        "calendarId": calendar["id"],
        "startTime": "2024-10-28T15:00:00Z",
        "endTime": "2024-10-28T16:00:00Z",
    }
    status, made_block, _ = await http("POST", "/calendars/events/block-slots", json=block)
    assert status == 201
    assert set(without_trace(made_block)) >= {"id", "locationId", "startTime", "endTime"}

    window = {
        "locationId": "loc_demo",
        "calendarId": calendar["id"],
        "startTime": MONDAY_MS,
        "endTime": MONDAY_MS + DAY_MS,
    }
    events = without_trace((await http("GET", "/calendars/events", params=window))[1])
    assert [e["id"] for e in events["events"]] == [appointment["id"]]
    blocked = without_trace((await http("GET", "/calendars/blocked-slots", params=window))[1])
    assert [e["id"] for e in blocked["events"]] == [made_block["id"]]
    status, body, _ = await http(
        "GET", "/calendars/events", params={"locationId": "loc_demo", "startTime": 0, "endTime": 1}
    )
    assert (status, body["message"]) == (422, ["calendarId, userId or groupId should not be empty"])

    for event_id in (appointment["id"], made_block["id"]):
        status, body, _ = await http("DELETE", f"/calendars/events/{event_id}", json={})
        assert (status, without_trace(body)) == (201, {"succeeded": True})
    assert not emu.store.appointments
    assert not emu.store.blocked_slots


async def test_validation_errors_are_lists(http: Http) -> None:
    status, body, _ = await http("POST", "/calendars/", json={"bogus": 1, "slotDuration": "x"})
    assert status == 422
    assert without_trace(body)["error"] == "Unprocessable Entity"
    assert body["message"] == [
        "property bogus should not exist",
        "slotDuration must be a number conforming to the specified constraints",
        "locationId should not be empty",
        "name should not be empty",
    ]
    status, body, _ = await http("POST", "/calendars/events/appointments", json={})
    assert status == 422
    assert body["message"] == [
        "calendarId should not be empty",
        "locationId should not be empty",
        "contactId should not be empty",
        "startTime should not be empty",
    ]


# --- free slots and booking --------------------------------------------------------------


async def test_free_slots_shape(http: Http) -> None:
    calendar = await make_calendar(http)
    status, body, _ = await http(
        "GET",
        f"/calendars/{calendar['id']}/free-slots",
        params={"startDate": MONDAY_MS - DAY_MS, "endDate": MONDAY_MS + 2 * DAY_MS},
    )
    assert status == 200
    assert list(body)[-1] == "traceId"
    days = without_trace(body)
    assert all(DATE_KEY.match(key) for key in days)
    assert list(days) == ["2024-10-28", "2024-10-29"]  # Sunday has no hours: absent, not empty
    assert days["2024-10-28"]["slots"][:2] == [
        "2024-10-28T09:00:00+00:00",
        "2024-10-28T09:30:00+00:00",
    ]
    assert len(days["2024-10-28"]["slots"]) == 16
    in_chicago = await http(
        "GET",
        f"/calendars/{calendar['id']}/free-slots",
        params={
            "startDate": MONDAY_MS,
            "endDate": MONDAY_MS + DAY_MS,
            "timezone": "America/Chicago",
        },
    )
    assert in_chicago[1]["2024-10-28"]["slots"][0] == "2024-10-28T04:00:00-05:00"

    path = f"/calendars/{calendar['id']}/free-slots"
    status, body, _ = await http("GET", path, params={"endDate": MONDAY_MS})
    assert (status, body["message"]) == (
        422,
        ["startDate must be a number conforming to the specified constraints"],
    )
    status, body, _ = await http(
        "GET", path, params={"startDate": MONDAY_MS, "endDate": MONDAY_MS + 32 * DAY_MS}
    )
    assert (status, body["message"]) == (422, ["Date range cannot be more than 31 days"])


async def test_booking_takes_the_slot(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    first = (await slots(http, calendar["id"]))["2024-10-28"]["slots"][0]
    status, made, _ = await http(
        "POST", "/calendars/events/appointments", json=booking(calendar["id"], first)
    )
    assert status == 200
    assert set(without_trace(made)) >= {
        "id",
        "calendarId",
        "locationId",
        "contactId",
        "startTime",
        "endTime",
    }
    assert made["startTime"] == first
    status, body, _ = await http(
        "POST", "/calendars/events/appointments", json=booking(calendar["id"], first)
    )
    assert (status, without_trace(body)) == (
        400,
        {
            "statusCode": 400,
            "message": "The slot you have selected is no longer available.",
            "error": "Bad Request",
        },
    )
    assert first not in (await slots(http, calendar["id"]))["2024-10-28"]["slots"]
    # Outside open hours only an explicit bypass books.
    late = "2024-10-28T20:00:00+00:00"
    assert (
        await http("POST", "/calendars/events/appointments", json=booking(calendar["id"], late))
    )[0] == 400
    forced = booking(calendar["id"], late, ignoreFreeSlotValidation=True)
    assert (await http("POST", "/calendars/events/appointments", json=forced))[0] == 200
    assert len(emu.store.appointments) == 2


async def test_concurrent_identical_bookings_have_one_winner(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    body = booking(calendar["id"], "2024-10-28T11:00:00+00:00")
    results = await asyncio.gather(
        *(http("POST", "/calendars/events/appointments", json=body) for _ in range(20))
    )
    statuses = sorted(status for status, _, _ in results)
    assert statuses == [200] + [400] * 19
    assert len(emu.store.appointments) == 1


async def test_attached_schedule_replaces_open_hours(http: Http) -> None:
    calendar = await make_calendar(http)
    schedule = {
        "locationId": "loc_demo",
        "name": "Late Monday",
        "userId": "user1",
        "timezone": "Europe/Berlin",
        "rules": [
            {"type": "wday", "day": "monday", "intervals": [{"from": "18:00", "to": "19:00"}]}
        ],
    }
    made = (await http("POST", "/calendars/schedules", json=schedule))[1]["schedule"]
    before = await slots(http, calendar["id"])
    path = f"/calendars/schedules/{made['id']}/associations/{calendar['id']}"
    assert without_trace((await http("PUT", path))[1]) == {"success": True}
    # The calendar has no zone of its own, so slots come back in the schedule's.
    assert await slots(http, calendar["id"]) == {
        "2024-10-28": {"slots": ["2024-10-28T18:00:00+01:00", "2024-10-28T18:30:00+01:00"]}
    }
    assert (await http("DELETE", path))[0] == 200
    assert await slots(http, calendar["id"]) == before


# --- rate limits -------------------------------------------------------------------------


async def test_rate_limit_headers_and_429(http: Http, emu: Emulator, clock: FakeClock) -> None:
    emu.set_rate_limit(3, 1000)
    params = {"locationId": "loc_demo"}
    remaining = []
    for _ in range(3):
        status, _, headers = await http("GET", "/calendars/", params=params)
        assert status == 200
        assert headers["X-RateLimit-Max"] == "3"
        assert headers["X-RateLimit-Interval-Milliseconds"] == "1000"
        assert headers["X-RateLimit-Limit-Daily"] == "200000"
        remaining.append(headers["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    status, body, headers = await http("GET", "/calendars/", params=params)
    assert (status, body) == (429, {"statusCode": 429, "message": "Too Many Requests"})
    assert "Retry-After" not in headers
    assert headers["X-RateLimit-Daily-Remaining"] == "199997"
    # Another location has its own budget; the clock refills this one.
    other = emu.mint_token(location_id="loc_other")
    assert (await http("GET", "/calendars/", token=other, params={"locationId": "loc_other"}))[
        0
    ] == 200
    clock.now += 1.0
    assert (await http("GET", "/calendars/", params=params))[0] == 200


# --- faults -------------------------------------------------------------------------------


async def test_status_faults(http: Http, emu: Emulator) -> None:
    params = {"locationId": "loc_demo"}
    emu.faults.status_429("calendars.list")
    emu.faults.status_5xx("calendars.list", status=502)
    emu.faults.html_502("GET /calendars/")
    emu.faults.command_timed_out("calendars.*")
    status, body, _ = await http("GET", "/calendars/", params=params)
    assert (status, body) == (429, {"statusCode": 429, "message": "Too Many Requests"})
    status, body, _ = await http("GET", "/calendars/", params=params)
    assert (status, without_trace(body)) == (502, {"statusCode": 502, "message": "Bad Gateway"})
    status, raw, headers = await http.raw("GET", "/calendars/", params=params)
    assert status == 502
    assert headers["Content-Type"].startswith("text/html")
    assert raw.startswith(b"<html>")
    status, body, _ = await http("GET", "/calendars/", params=params)
    assert (status, body) == (401, {"message": "Command timed out"})
    assert (await http("GET", "/calendars/", params=params))[0] == 200
    assert dict(emu.faults.fired) == {
        "status_429": 1,
        "status_5xx": 1,
        "html_502": 1,
        "command_timed_out": 1,
    }
    assert emu.faults.seen["calendars.list"] == 5


async def test_resets_before_and_after_the_write(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    body = booking(calendar["id"], "2024-10-28T09:00:00+00:00")
    emu.faults.reset_before("appointments.create")
    with pytest.raises(aiohttp.ClientConnectionError):
        await http("POST", "/calendars/events/appointments", json=body)
    assert not emu.store.appointments
    emu.faults.reset_after("POST /calendars/events/*")
    with pytest.raises(aiohttp.ClientConnectionError):
        await http("POST", "/calendars/events/appointments", json=body)
    assert len(emu.store.appointments) == 1  # the write happened although nobody heard
    assert (await http("POST", "/calendars/events/appointments", json=body))[0] == 400
    assert [r.status for r in emu.requests[-3:]] == [0, 0, 400]


async def test_malformed_json_and_delay(http: Http, emu: Emulator) -> None:
    calendar = await make_calendar(http)
    emu.faults.malformed_json("appointments.create")
    status, raw, _ = await http.raw(
        "POST",
        "/calendars/events/appointments",
        json=booking(calendar["id"], "2024-10-28T09:00:00Z"),
    )
    assert status == 200
    with pytest.raises(msgspec.DecodeError):
        msgspec.json.decode(raw)
    assert len(emu.store.appointments) == 1
    emu.faults.delay(0.3, "calendars.get")
    started = time.monotonic()
    assert (await http("GET", f"/calendars/{calendar['id']}"))[0] == 200
    assert time.monotonic() - started >= 0.3


async def test_probabilistic_faults_are_seeded(http: Http, emu: Emulator) -> None:
    def run(seed: int) -> list[bool]:
        emu.faults.clear()
        emu.faults.reseed(seed)
        rule = emu.faults.status_5xx(probability=0.5)
        return [emu.faults.pick("calendars.get", "GET", "/x", "/x") is rule for _ in range(20)]

    assert run(7) == run(7)
    assert 0 < sum(run(7)) < 20
    emu.faults.clear()
    emu.faults.status_5xx(probability=0.0)
    assert (await http("GET", "/calendars/", params={"locationId": "loc_demo"}))[0] == 200


# --- lifecycle ----------------------------------------------------------------------------


async def test_seed_demo_and_serve(capsys: pytest.CaptureFixture[str]) -> None:
    from hoopai_calendars.emulator import serve

    emulator = Emulator(seed="demo:8")
    assert emulator.demo is not None
    assert len(emulator.demo.calendar_ids) == 8
    assert {c["timezone"] for c in emulator.store.calendars.values()} >= {"Asia/Kolkata", "UTC"}
    task = asyncio.ensure_future(serve("127.0.0.1", 0, "secret", "demo:2"))
    printed = ""
    for _ in range(200):
        printed += capsys.readouterr().out
        if "listening on" in printed:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "listening on http://127.0.0.1:" in printed
    assert "secret" not in printed  # a token the caller chose is not echoed


def test_running_in_thread_serves_blocking_callers() -> None:
    import urllib.request

    emulator = Emulator(token="tok")
    with emulator.running_in_thread():
        request = urllib.request.Request(
            emulator.url + "/calendars/?locationId=loc_demo",
            headers={"Version": "2021-07-28", "Authorization": "Bearer tok"},
        )
        with urllib.request.urlopen(request) as resp:
            assert msgspec.json.decode(resp.read())["calendars"] == []


# --- edges --------------------------------------------------------------------------------


async def test_request_edges(http: Http, emu: Emulator) -> None:
    # Both spellings of the collection path work.
    assert (await http("GET", "/calendars", params={"locationId": "loc_demo"}))[0] == 200
    status, raw, _ = await http.raw("POST", "/calendars/", data=b"{not json")
    assert status == 400
    assert msgspec.json.decode(raw)["message"] == "Unexpected token in JSON"
    calendar = await make_calendar(http)
    status, body, _ = await http("POST", f"/calendars/{calendar['id']}/notifications", json={})
    assert (status, body["message"]) == (422, ["body must be a non-empty array"])
    revoked = emu.mint_token()
    emu.revoke_token(revoked)
    assert (await http("GET", "/calendars/", token=revoked))[1]["message"] == "Invalid JWT"


async def test_reviving_a_cancelled_appointment_needs_its_slot(http: Http) -> None:
    calendar = await make_calendar(http)
    start = "2024-10-28T09:00:00+00:00"
    first = (
        await http("POST", "/calendars/events/appointments", json=booking(calendar["id"], start))
    )[1]
    cancel = {"appointmentStatus": "cancelled"}
    assert (await http("PUT", f"/calendars/events/appointments/{first['id']}", json=cancel))[
        0
    ] == 200
    assert (
        await http("POST", "/calendars/events/appointments", json=booking(calendar["id"], start))
    )[0] == 200
    status, body, _ = await http(
        "PUT",
        f"/calendars/events/appointments/{first['id']}",
        json={"appointmentStatus": "confirmed"},
    )
    assert (status, body["message"]) == (400, "The slot you have selected is no longer available.")
