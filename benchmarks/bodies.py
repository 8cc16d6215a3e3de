"""Deterministic response bodies shaped like the spec: free slots and CalendarEventDTO lists.

The server and the in-process decode/memory benchmarks use the same bytes, so every
figure in the report is about the same payloads.
"""

from __future__ import annotations

import random
import string
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

import msgspec

__all__ = [
    "EVENT_COUNTS",
    "EVENTS_WINDOW",
    "LOCATION_ID",
    "SLOTS_CALENDAR",
    "SLOTS_WINDOW",
    "TOKEN",
    "appointment_body",
    "events_body",
    "events_calendar",
    "events_records",
    "slots_body",
]

# A throwaway credential for the local servers; nothing real ever sees it.
TOKEN = "bench-token-not-a-secret"
LOCATION_ID = "0007BWpSzSwfiuSl0tR2"
SLOTS_CALENDAR = "BqTwX8QFwXzpegMve9EQ"
EVENT_COUNTS = (500, 1000)

_FIRST_DAY = date(2025, 3, 3)
# New York in March is -05:00 before the DST switch and -04:00 after it, as in real answers.
_DST_SWITCH = date(2025, 3, 9)
_SLOT_DAYS = 31
_SLOTS_PER_DAY = 16  # 09:00-17:00 in 30-minute slots

# Epoch-ms windows the clients ask for (the plain server ignores them; the emulator does not).
SLOTS_WINDOW = (
    int(datetime(2025, 3, 3, tzinfo=timezone.utc).timestamp() * 1000),
    int(datetime(2025, 4, 3, tzinfo=timezone.utc).timestamp() * 1000),
)
EVENTS_WINDOW = (
    int(datetime(2025, 3, 1, tzinfo=timezone.utc).timestamp() * 1000),
    int(datetime(2025, 4, 1, tzinfo=timezone.utc).timestamp() * 1000),
)

_ALNUM = string.ascii_letters + string.digits
_WORDS = (
    *("follow-up", "discovery", "call", "onboarding", "review", "quarterly", "pricing", "demo"),
    *("contract", "renewal", "walkthrough", "migration", "kickoff", "check-in", "support"),
    *("escalation", "training", "session", "planning", "budget", "integration", "feedback"),
    *("roadmap", "sync", "intro", "consultation", "proposal"),
)
_STATUSES = ("confirmed", "confirmed", "confirmed", "new", "showed", "cancelled", "noshow")
_SOURCES = ("booking_widget", "calendar_page", "third_party", "mobile_app", "workflow")


def events_calendar(count: int) -> str:
    """The calendar id whose events list holds `count` events (the server keys on it)."""
    return f"cal{count:05d}ev{'x' * 10}"


def _offset(day: date) -> str:
    return "-05:00" if day < _DST_SWITCH else "-04:00"


def _iso(day: date, minutes: int) -> str:
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00{_offset(day)}"


@lru_cache(maxsize=1)
def slots_body() -> bytes:
    """31 days x 16 slots (about 14 KB) plus the sibling `traceId` key, as the API sends."""
    body: dict[str, Any] = {}
    for n in range(_SLOT_DAYS):
        day = _FIRST_DAY + timedelta(days=n)
        body[day.isoformat()] = {
            "slots": [_iso(day, 9 * 60 + 30 * k) for k in range(_SLOTS_PER_DAY)]
        }
    body["traceId"] = "5f1c2b1e-8d7a-4c36-9a55-2f0e1d7c9b10"
    return msgspec.json.encode(body)


def _ident(rng: random.Random) -> str:
    return "".join(rng.choices(_ALNUM, k=20))


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(_WORDS, k=words)).capitalize() + "."


def events_records(count: int, calendar_id: str, location_id: str) -> list[dict[str, Any]]:
    """`count` CalendarEventDTO records, every spec field set, about 945 bytes each."""
    rng = random.Random(count)
    users = [_ident(rng) for _ in range(8)]
    rooms = [_ident(rng) for _ in range(4)]
    group_id = _ident(rng)
    records = []
    for n in range(count):
        day = _FIRST_DAY + timedelta(days=n % 28)
        start = 8 * 60 + 15 * (n % 36)
        recurring = n % 10 == 0
        event_id = _ident(rng)
        owner = rng.choice(users)
        records.append(
            {
                "id": f"{event_id}_{1741000000000 + n * 1800000}_1800" if recurring else event_id,
                "address": f"https://meet.google.com/{_ident(rng)[:3].lower()}-gogr-wve",
                "title": f"{_sentence(rng, 4)[:-1]} with {rng.choice(_WORDS)} team",
                "calendarId": calendar_id,
                "locationId": location_id,
                "contactId": _ident(rng),
                "groupId": group_id,
                "appointmentStatus": rng.choice(_STATUSES),
                "assignedUserId": owner,
                "users": [owner, rng.choice(users)],
                "notes": _sentence(rng, 8),
                "description": _sentence(rng, 13),
                "isRecurring": recurring,
                "rrule": "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=5" if recurring else "",
                "startTime": _iso(day, start),
                "endTime": _iso(day, start + 30),
                "dateAdded": _iso(day - timedelta(days=7), start),
                "dateUpdated": _iso(day - timedelta(days=1), start),
                "assignedResources": [rng.choice(rooms)],
                "createdBy": {"userId": owner, "source": rng.choice(_SOURCES)},
                "masterEventId": event_id if recurring else "",
            }
        )
    return records


@lru_cache(maxsize=len(EVENT_COUNTS))
def events_body(count: int) -> bytes:
    """`{"events": [...], "traceId": ...}` with `count` events."""
    records = events_records(count, events_calendar(count), LOCATION_ID)
    return msgspec.json.encode(
        {"events": records, "traceId": "9b0c4d2e-1a7f-4e88-b3c5-6d2f0a9e8c41"}
    )


def appointment_body() -> bytes:
    """The answer to an appointment create: the booked event, as the API sends it."""
    return msgspec.json.encode(
        {
            "id": "ocQHyuzHvysMo5N5VsXc",
            "calendarId": SLOTS_CALENDAR,
            "locationId": LOCATION_ID,
            "contactId": "9NkT25Vor1v4aQatFsv2",
            "title": "Booked from the benchmark",
            "status": "booked",
            "appoinmentStatus": "confirmed",
            "assignedUserId": "YlWd2wuCAZQzh2cH1fVZ",
            "address": "https://meet.google.com/yqp-gogr-nve",
            "isRecurring": False,
            "startTime": "2025-03-04T09:00:00-05:00",
            "endTime": "2025-03-04T09:30:00-05:00",
            "dateAdded": "2025-03-01T12:00:00.000Z",
            "dateUpdated": "2025-03-01T12:00:00.000Z",
            "traceId": "0d2c7e9a-3f1b-4c55-9a8e-2b7f6d1e4a90",
        }
    )
