"""The hostile request set, generated from the emulator's routes and the rows' body models.

For each route, each numeric or time query parameter and each numeric or time body field gets
each hostile value; then path segments, raw bodies, content types and methods are abused.
Used by test_hostile.py; the ids come from records it creates first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

from hoopai_calendars.emulator._app import ROUTES
from hoopai_calendars.emulator._bodies import body_fields

# Sunday 2024-10-27 12:00 UTC; the next day is a Monday with 9:00-17:00 open hours.
NOW = 1_730_030_400.0
MONDAY_MS = 1_730_073_600_000
DAY_MS = 86_400_000

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


HOSTILE_ANY_NESTED: tuple[Any, ...] = ([1], [None], [[]], ["x"], [{}], "x", {}, 1)
HOSTILE_NESTED: dict[str, tuple[Any, ...]] = {
    "openHours": (
        [{"daysOfTheWeek": [99], "hours": []}],
        [
            {
                "daysOfTheWeek": [1],
                "hours": [{"openHour": 99, "openMinute": 0, "closeHour": 9999, "closeMinute": -1}],
            }
        ],
        [
            {
                "daysOfTheWeek": [1],
                "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 10**30, "closeMinute": 0}],
            }
        ],
    ),
    "availabilities": ([{"date": "2024-99-99", "hours": []}], [{"date": 5, "hours": [1]}]),
    "teamMembers": ([{"userId": 5}], [{"priority": "x"}]),
    "rules": (
        [{"type": "wday", "day": "AAA", "intervals": []}],
        [{"type": "wday", "day": "monday", "intervals": [{"from": "25:99", "to": "26:00"}]}],
        [{"type": "date", "date": "x", "intervals": [{"from": "09:00", "to": "08:00"}]}],
    ),
    "beforeTime": ([{"timeOffset": "x", "unit": {}}], [{"timeOffset": 10**30, "unit": "h"}]),
    "afterTime": ([{"timeOffset": -5, "unit": "hours"}],),
}


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
    # Sent as written (percent-escapes kept, even invalid UTF-8), query string included.
    encoded: bool = False


def _model(body: Any) -> Any:
    """The Struct of a row's body model (the item type of a list body)."""
    args = getattr(body, "__args__", None)
    return args[0] if args else body


def fields_of(body: Any) -> dict[str, str]:
    """Wire name -> JSON kind (number, string, array, object, boolean) of a body model."""
    kinds = {
        msgspec.inspect.IntType: "number",
        msgspec.inspect.FloatType: "number",
        msgspec.inspect.StrType: "string",
        msgspec.inspect.BoolType: "boolean",
        msgspec.inspect.ListType: "array",
        msgspec.inspect.StructType: "object",
    }
    out: dict[str, str] = {}
    for name, spec in body_fields(_model(body)).items():
        info = msgspec.inspect.type_info(spec.type)
        while isinstance(info, msgspec.inspect.Metadata):
            info = info.type
        if isinstance(info, msgspec.inspect.UnionType):
            info = next(t for t in info.types if not isinstance(t, msgspec.inspect.NoneType))
        out[name] = kinds.get(type(info), "other")
    return out


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


def _time_fields(body: Any) -> list[str]:
    return [n for n in fields_of(body) if n in ("startTime", "endTime")]


def _number_fields(body: Any) -> list[str]:
    return [n for n, kind in fields_of(body).items() if kind == "number"]


def hostile_probes(ids: Ids) -> Iterator[Probe]:
    """Yield the whole hostile set over every route.

    Lazily: each probe's path is filled from `ids` when it is drawn, so records that a probe
    deleted and the caller re-created are reached again.
    """
    json_ct = "application/json"
    for route in ROUTES:
        op, method = route.operation, route.method
        query = _query_for(op, ids)
        # Numeric and time query parameters.
        for name in QUERY_NUMBERS:
            for value in HOSTILE_QUERY:
                yield Probe(
                    f"{op} ?{name}",
                    method,
                    ids.fill(route.path),
                    tuple({**query, name: value}.items()),
                )
        schema = route.body
        if schema is not None:
            body = baseline_body(op, ids)
            listed = op == "notifications.create"

            def wrap(raw: bytes, listed: bool = listed) -> bytes:
                return b"[" + raw + b"]" if listed else raw

            for name in _number_fields(schema):
                for literal in HOSTILE_NUMBERS:
                    raw = _encode_with(body, name, literal)
                    yield Probe(f"{op} .{name}", method, ids.fill(route.path), body=wrap(raw))
            for name in _time_fields(schema):
                for literal in HOSTILE_NUMBERS:
                    raw = _encode_with(body, name, literal)
                    yield Probe(f"{op} .{name}", method, ids.fill(route.path), body=wrap(raw))
                for text in HOSTILE_TIMES:
                    raw = ascii_json({**body, name: text})
                    yield Probe(f"{op} .{name} time", method, ids.fill(route.path), body=wrap(raw))
            # Strings that are hard to store or echo back.
            for text in ("\ud800", "x" * 100_000, "\x00"):
                for name in [n for n, k in fields_of(schema).items() if k == "string"][:3]:
                    raw = ascii_json({**body, name: text})
                    yield Probe(
                        f"{op} .{name} string", method, ids.fill(route.path), body=wrap(raw)
                    )
            # Nested values of every shape the models refuse, and ranges the engine relies on.
            nested = [n for n, k in fields_of(schema).items() if k in ("array", "object")]
            for name in nested:
                for value in HOSTILE_NESTED.get(name, ()) + HOSTILE_ANY_NESTED:
                    raw = ascii_json({**body, name: value})
                    yield Probe(
                        f"{op} .{name} nested", method, ids.fill(route.path), body=wrap(raw)
                    )
        # Query values whose percent-escapes are not UTF-8 (a lone surrogate, a stray byte).
        for name in ("locationId", "calendarId", *QUERY_NUMBERS):
            for escape in ("%ED%A0%80", "%FF", "%", "%00"):
                raw_path = f"{ids.fill(route.path)}?{name}={escape}"
                yield Probe(f"{op} ?{name} escape", method, raw_path, encoded=True)
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
                yield Probe(
                    f"{op} body {what}", method, ids.fill(route.path), body=raw, content_type=ctype
                )
        # Hostile path segments, one parameter at a time.
        for name in re.findall(r"\{(\w+)\}", route.path):
            for segment in HOSTILE_SEGMENTS:
                yield Probe(f"{op} /{name}", method, ids.fill(route.path, (name, segment)))
    # Paths no route has.
    for path in ("/", "//", "/nope", "/calendars//", "/calendars/a/b/c/d", "/%ED%A0%80", "/x%"):
        yield Probe(f"unknown path {path}", "GET", path)
    # Methods no route has, on known paths.
    for route in ROUTES:
        for method in ("PATCH", "OPTIONS", "TRACE", "PROPFIND"):
            yield Probe(f"{route.operation} {method}", method, ids.fill(route.path))
