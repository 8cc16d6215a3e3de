"""The emulator under hostile input: every client mistake is a JSON 4xx, never a 5xx.

The hostile set is generated from the emulator's own route table and body schemas: for each
route, each numeric or time query parameter and each numeric or time body field gets each
hostile value; then path segments, raw bodies, content types and methods are abused.
"""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoopai_calendars.emulator import Emulator
from hoopai_calendars.emulator._app import ROUTES
from hoopai_calendars.emulator._schemas import BODIES

pytestmark = pytest.mark.anyio

# Sunday 2024-10-27 12:00 UTC; the next day is a Monday with 9:00-17:00 open hours.
NOW = 1_730_030_400.0
MONDAY_MS = 1_730_073_600_000
DAY_MS = 86_400_000
MONDAY_9 = "2024-10-28T09:00:00Z"

QUERY_NUMBERS = ("startTime", "endTime", "startDate", "endDate", "limit", "skip", "offset")
HOSTILE_QUERY = (
    "inf",
    "-inf",
    "nan",
    "1e400",
    "-1e400",
    "9" * 400,
    "-" + "9" * 400,
    "1e20",
    "-1",
    "1.5",
    "0x10",
    " 5 ",
    "abc",
    "\uff11\uff12",  # full-width digits, which int() accepts
    "",
)
# Raw JSON number literals (1e400 and 400 digits cannot be written from Python floats).
HOSTILE_NUMBERS = (
    b"1e400",
    b"-1e400",
    b"9" * 400,
    b"-" + b"9" * 400,
    b"1e20",
    b"-1",
    b"0",
    b"0.0001",
    b"1.5",
    b'"5"',
    b"true",
    b"[]",
    b"{}",
)
HOSTILE_TIMES = (
    "2024-10-28T09:00:00z",
    " 2024-10-28T09:00:00Z ",
    "2024-10-28t09:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0000-01-01T00:00:00Z",
    "2024-13-45T99:99:99Z",
    "2024-10-28T09:00:00+99:00",
    "garbage",
    "",
    "\ud800",
    "1730106000000",
)
HOSTILE_SEGMENTS = (
    "{calendarId}",
    "{",
    "}",
    "%25",
    "%7B%7D",
    "%ED%A0%80",  # a UTF-8-encoded lone surrogate
    "%FF",
    "caf%C3%A9",
    "\u65e5\u672c",
    "%00",
    "a" * 3000,
)


@dataclass
class Ids:
    """Ids of one record of every kind, so that every route reaches its handler."""

    values: dict[str, str] = field(default_factory=dict)

    def fill(self, path: str, override: tuple[str, str] | None = None) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if override is not None and override[0] == name:
                return override[1]
            if name == "id" and path.startswith("/calendars/schedules"):
                return self.values["scheduleId"]
            return self.values[name]

        return re.sub(r"\{(\w+)\}", one, path)


@dataclass(frozen=True)
class Probe:
    """One hostile request."""

    what: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    content_type: str = "application/json"


@dataclass(frozen=True)
class Answer:
    probe: Probe
    status: int
    body: bytes


def _schema_of(operation: str) -> str | None:
    """Return the body schema a route validates against (by naming convention of BODIES)."""
    return BODY_OF.get(operation)


BODY_OF = {
    "calendars.create": "CalendarCreateDTO",
    "calendars.update": "CalendarUpdateDTO",
    "groups.create": "GroupCreateDTO",
    "groups.update": "GroupUpdateDTO",
    "groups.validate_slug": "ValidateGroupSlugPostBody",
    "groups.set_status": "GroupStatusUpdateParams",
    "appointments.create": "AppointmentCreateSchema",
    "appointments.update": "AppointmentEditSchema",
    "blocked_slots.create": "BlockSlotCreateRequestDTO",
    "blocked_slots.update": "BlockSlotEditRequestDTO",
    "notes.create": "NotesDTO",
    "notes.update": "NotesDTO",
    "resources.create": "CreateCalendarResourceDTO",
    "resources.update": "UpdateCalendarResourceDTO",
    "notifications.create": "CreateCalendarNotificationDTO",
    "notifications.update": "UpdateCalendarNotificationsDTO",
    "schedules.create": "CreateScheduleDTO",
    "schedules.update": "UpdateScheduleDTO",
}


def baseline_body(operation: str, ids: Ids) -> dict[str, Any]:
    """Return a body the route accepts (times on the Monday's open hours)."""
    loc, cal = "loc_demo", ids.values["calendarId"]
    bodies: dict[str, dict[str, Any]] = {
        "calendars.create": {"locationId": loc, "name": "Hostile"},
        "calendars.update": {"name": "Renamed"},
        "groups.create": {"locationId": loc, "name": "G", "description": "d", "slug": "s"},
        "groups.update": {"name": "G", "description": "d", "slug": ids.values["slug"]},
        "groups.validate_slug": {"locationId": loc, "slug": "x"},
        "groups.set_status": {"isActive": True},
        "appointments.create": {
            "calendarId": cal,
            "locationId": loc,
            "contactId": "contact0000000000001",
            "startTime": "2024-10-28T15:00:00Z",
        },
        "appointments.update": {"title": "Moved"},
        "blocked_slots.create": {
            "calendarId": cal,
            "locationId": loc,
            "startTime": "2024-10-29T09:00:00Z",
            "endTime": "2024-10-29T09:30:00Z",
        },
        "blocked_slots.update": {"calendarId": cal, "locationId": loc},
        "notes.create": {"body": "hello"},
        "notes.update": {"body": "edited"},
        "resources.create": {
            "locationId": loc,
            "name": "Room",
            "description": "d",
            "quantity": 1,
            "outOfService": 0,
            "capacity": 4,
            "calendarIds": [cal],
        },
        "resources.update": {"name": "Room 2"},
        "notifications.create": {
            "receiverType": "contact",
            "channel": "email",
            "notificationType": "reminder",
            "beforeTime": [{"timeOffset": 1, "unit": "hours"}],
        },
        "notifications.update": {"subject": "s"},
        "schedules.create": {
            "locationId": loc,
            "userId": "user0000000000000001",
            "name": "S",
            "timezone": "UTC",
            "rules": [
                {"type": "wday", "day": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]}
            ],
        },
        "schedules.update": {"name": "S2"},
    }
    return bodies[operation]


def _encode_with(body: dict[str, Any], name: str, literal: bytes) -> bytes:
    """Encode `body` with field `name` set to a raw JSON literal."""
    marker = "\x00HOSTILE\x00"
    text = msgspec.json.encode({**body, name: marker})
    return text.replace(msgspec.json.encode(marker), literal)


def ascii_json(value: Any) -> bytes:
    """Encode JSON with \\u escapes, which can carry lone surrogates."""
    return json.dumps(value, ensure_ascii=True).encode()


def _query_for(operation: str, ids: Ids) -> dict[str, str]:
    base = {"locationId": "loc_demo", "calendarId": ids.values["calendarId"]}
    if operation in ("events.list", "blocked_slots.list"):
        return {**base, "startTime": str(MONDAY_MS), "endTime": str(MONDAY_MS + DAY_MS)}
    if operation == "calendars.free_slots":
        return {"startDate": str(MONDAY_MS), "endDate": str(MONDAY_MS + DAY_MS)}
    if operation == "notes.list":
        return {"limit": "10", "offset": "0"}
    if operation in ("resources.list", "notifications.list"):
        return {**base, "limit": "10", "skip": "0"}
    if operation == "schedules.list":
        return {**base, "userId": "user0000000000000001", "limit": "10", "skip": "0"}
    return base


def _time_fields(schema: str) -> list[str]:
    return [n for n in BODIES[schema].fields if n in ("startTime", "endTime")]


def _number_fields(schema: str) -> list[str]:
    return [n for n, (kind, _) in BODIES[schema].fields.items() if kind == "number"]


def hostile_probes(ids: Ids) -> Iterator[Probe]:
    """Yield the whole hostile set over the 42 routes."""
    json_ct = "application/json"
    for route in ROUTES:
        op, method = route.operation, route.method
        path = ids.fill(route.path)
        query = _query_for(op, ids)
        # Numeric and time query parameters.
        for name in QUERY_NUMBERS:
            for value in HOSTILE_QUERY:
                yield Probe(f"{op} ?{name}", method, path, tuple({**query, name: value}.items()))
        schema = _schema_of(op)
        if schema is not None:
            body = baseline_body(op, ids)
            listed = op == "notifications.create"

            def wrap(raw: bytes, listed: bool = listed) -> bytes:
                return b"[" + raw + b"]" if listed else raw

            for name in _number_fields(schema):
                for literal in HOSTILE_NUMBERS:
                    raw = _encode_with(body, name, literal)
                    yield Probe(f"{op} .{name}", method, path, body=wrap(raw))
            for name in _time_fields(schema):
                for text in HOSTILE_TIMES:
                    raw = ascii_json({**body, name: text})
                    yield Probe(f"{op} .{name} time", method, path, body=wrap(raw))
            # Strings that are hard to store or echo back.
            for text in ("\ud800", "x" * 100_000, "\x00"):
                for name in [n for n, (k, _) in BODIES[schema].fields.items() if k == "string"][:3]:
                    raw = ascii_json({**body, name: text})
                    yield Probe(f"{op} .{name} string", method, path, body=wrap(raw))
        if method in ("POST", "PUT"):
            for what, raw, ctype in (
                ("not json", b"{not json", json_ct),
                ("truncated", b'{"name": "x', json_ct),
                ("array", b"[1, 2, 3]", json_ct),
                ("array of arrays", b"[[]]", json_ct),
                ("string", b'"hello"', json_ct),
                ("number", b"1e400", json_ct),
                ("null", b"null", json_ct),
                ("nested 1000", b"[" * 1000 + b"]" * 1000, json_ct),
                ("nested objects", b'{"a":' * 1000 + b"1" + b"}" * 1000, json_ct),
                ("over 1 MB", b'{"name": "' + b"x" * 1_100_000 + b'"}', json_ct),
                ("latin-1", b'{"name": "caf\xe9"}', json_ct),
                ("bom", b'\xef\xbb\xbf{"name": "x"}', json_ct),
                ("form", b"name=x&locationId=loc_demo", "application/x-www-form-urlencoded"),
                ("text", b'{"name": "x"}', "text/plain"),
                ("multipart", b"--b\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b"),
                ("bad charset", b"{}", "application/json; charset=klingon"),
                ("empty", b"", json_ct),
            ):
                yield Probe(f"{op} body {what}", method, path, body=raw, content_type=ctype)
        # Hostile path segments, one parameter at a time.
        for name in re.findall(r"\{(\w+)\}", route.path):
            for segment in HOSTILE_SEGMENTS:
                yield Probe(f"{op} /{name}", method, ids.fill(route.path, (name, segment)))
    # Methods no route has, on known paths.
    for route in ROUTES:
        for method in ("PATCH", "OPTIONS", "TRACE", "PROPFIND"):
            yield Probe(f"{route.operation} {method}", method, ids.fill(route.path))


async def setup_records(session: aiohttp.ClientSession, emu: Emulator) -> Ids:
    """Create one record of every kind over HTTP and return their ids."""
    headers = {"Authorization": f"Bearer {emu.token}", "Version": "2021-07-28"}

    async def post(path: str, body: Any) -> Any:
        async with session.post(emu.url + path, json=body, headers=headers) as resp:
            assert resp.status in (200, 201), await resp.text()
            return await resp.json()

    ids = Ids({"locationId": "loc_demo", "resourceType": "rooms"})
    cal = (await post("/calendars/", {"locationId": "loc_demo", "name": "C"}))["calendar"]
    ids.values["calendarId"] = cal["id"]
    slug = f"g{uuid.uuid4().hex}"
    group = await post(
        "/calendars/groups",
        {"locationId": "loc_demo", "name": "G", "description": "d", "slug": slug},
    )
    ids.values["slug"] = slug
    ids.values["groupId"] = group["group"]["id"]
    booking = {
        "calendarId": cal["id"],
        "locationId": "loc_demo",
        "contactId": "contact0000000000001",
        "startTime": MONDAY_9,
        "ignoreFreeSlotValidation": True,
    }
    appointment = await post("/calendars/events/appointments", booking)
    ids.values["appointmentId"] = appointment["id"]
    block = await post(
        "/calendars/events/block-slots",
        {
            "calendarId": cal["id"],
            "locationId": "loc_demo",
            "startTime": "2024-10-28T10:00:00Z",
            "endTime": "2024-10-28T10:30:00Z",
        },
    )
    ids.values["eventId"] = block["id"]
    note = await post(f"/calendars/appointments/{appointment['id']}/notes", {"body": "n"})
    ids.values["noteId"] = note["note"]["id"]
    resource = await post("/calendars/resources/rooms", baseline_body("resources.create", ids))
    ids.values["id"] = resource["id"]
    notification = await post(
        f"/calendars/{cal['id']}/notifications", [baseline_body("notifications.create", ids)]
    )
    ids.values["notificationId"] = notification[0]["_id"]
    schedule = await post("/calendars/schedules", baseline_body("schedules.create", ids))
    ids.values["scheduleId"] = schedule["schedule"]["id"]
    return ids


async def send(session: aiohttp.ClientSession, emu: Emulator, probe: Probe) -> Answer:
    headers = {"Authorization": f"Bearer {emu.token}", "Version": "2021-07-28"}
    if probe.body is not None:
        headers["Content-Type"] = probe.content_type
    url = emu.url + probe.path
    # A large bytes body makes aiohttp warn; a stream does not.
    data = io.BytesIO(probe.body) if probe.body and len(probe.body) > 1 << 20 else probe.body
    async with session.request(
        probe.method,
        url,
        params=list(probe.query) or None,
        data=data,
        headers=headers,
        skip_auto_headers=("Content-Type",),
    ) as resp:
        return Answer(probe, resp.status, await resp.read())


async def health_round(session: aiohttp.ClientSession, emu: Emulator) -> list[Answer]:
    """Ask every stored calendar for free slots and a booking: its state must be usable."""
    answers: list[Answer] = []
    for calendar_id in list(emu.store.calendars):
        for probe in (
            Probe(
                "health free-slots",
                "GET",
                f"/calendars/{calendar_id}/free-slots",
                (("startDate", str(MONDAY_MS)), ("endDate", str(MONDAY_MS + 7 * DAY_MS))),
            ),
            Probe(
                "health booking",
                "POST",
                "/calendars/events/appointments",
                body=msgspec.json.encode(
                    {
                        "calendarId": calendar_id,
                        "locationId": "loc_demo",
                        "contactId": "contact0000000000001",
                        "startTime": "2024-10-29T16:00:00+00:00",
                    }
                ),
            ),
            Probe(
                "health events",
                "GET",
                "/calendars/events",
                (
                    ("locationId", "loc_demo"),
                    ("calendarId", calendar_id),
                    ("startTime", str(MONDAY_MS - 400 * DAY_MS)),
                    ("endTime", str(MONDAY_MS + 400 * DAY_MS)),
                ),
            ),
        ):
            answers.append(await send(session, emu, probe))
    return answers


async def run_hostile_set(emu: Emulator) -> list[Answer]:
    """Send the whole hostile set (then the health round) and return every answer."""
    async with aiohttp.ClientSession() as session:
        ids = await setup_records(session, emu)
        answers = []
        for probe in hostile_probes(ids):
            answers.append(await send(session, emu, probe))
            if probe.method == "DELETE" and answers[-1].status < 300:
                # Keep every route reachable: recreate what a probe managed to delete.
                ids = await setup_records(session, emu)
        answers += await health_round(session, emu)
        return answers


def problems_of(answer: Answer) -> str | None:
    """Return what is wrong with one answer, or None."""
    if answer.status >= 500:
        return f"{answer.status}"
    if answer.status < 400:
        return None
    try:
        body = msgspec.json.decode(answer.body)
    except msgspec.DecodeError:
        return f"{answer.status} with a non-JSON body {answer.body[:60]!r}"
    if not isinstance(body, dict):
        return f"{answer.status} with a non-object body"
    missing = [k for k in ("statusCode", "message", "traceId") if k not in body]
    if missing:
        return f"{answer.status} without {missing}"
    if body["statusCode"] != answer.status or not isinstance(body["message"], (str, list)):
        return f"{answer.status} with body {body}"
    if body["message"] == [] or body["message"] == "":
        return f"{answer.status} with an empty message"
    uuid.UUID(body["traceId"])
    return None


@pytest.fixture
async def hostile_emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW, rate_limit=10**9, daily_limit=10**9) as emulator:
        yield emulator


def _quiet_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()
    ]


async def test_no_hostile_request_gets_a_5xx_or_a_non_json_4xx(
    hostile_emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = await run_hostile_set(hostile_emu)
    assert len(answers) > 3000
    bad = [
        f"{a.probe.what} {a.probe.method} {a.probe.path[:80]} {a.probe.query} -> {p}"
        for a in answers
        if (p := problems_of(a)) is not None
    ]
    assert bad == []
    assert _quiet_errors(caplog) == []
    # The set is not all refusals: the baseline bodies and queries it varies are accepted.
    assert sum(a.status < 300 for a in answers) > 100


# --- random input ------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=20,
)
FIELD_NAMES = sorted({name for schema in BODIES.values() for name in schema.fields})
BODY_LIKE = st.dictionaries(st.sampled_from(FIELD_NAMES), JSON, max_size=8)
QUERY = st.dictionaries(
    st.sampled_from(["locationId", "calendarId", "userId", *QUERY_NUMBERS, "timezone"]),
    st.text(max_size=30),
    max_size=6,
)


@pytest.fixture
async def fuzz(hostile_emu: Emulator) -> AsyncIterator[tuple[aiohttp.ClientSession, Ids]]:
    async with aiohttp.ClientSession() as session:
        yield session, await setup_records(session, hostile_emu)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from([r for r in ROUTES if r.method in ("POST", "PUT")]),
    body=BODY_LIKE | JSON,
)
async def test_random_json_bodies_never_get_a_5xx(
    hostile_emu: Emulator, fuzz: tuple[aiohttp.ClientSession, Ids], route: Any, body: Any
) -> None:
    session, ids = fuzz
    if route.operation == "notifications.create" and isinstance(body, dict):
        body = [body]
    probe = Probe("fuzz", route.method, ids.fill(route.path), body=msgspec.json.encode(body))
    answer = await send(session, hostile_emu, probe)
    assert problems_of(answer) is None, (answer.status, answer.body[:200])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from([r for r in ROUTES if r.method == "GET"]),
    query=QUERY,
)
async def test_random_queries_never_get_a_5xx(
    hostile_emu: Emulator,
    fuzz: tuple[aiohttp.ClientSession, Ids],
    route: Any,
    query: dict[str, str],
) -> None:
    session, ids = fuzz
    probe = Probe("fuzz", route.method, ids.fill(route.path), tuple(query.items()))
    answer = await send(session, hostile_emu, probe)
    assert problems_of(answer) is None, (answer.status, answer.body[:200])
