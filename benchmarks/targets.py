"""What the clients ask for: one free-slots or events-list request, as URL and as SDK arguments."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from .bodies import (
    EVENTS_WINDOW,
    LOCATION_ID,
    SLOTS_CALENDAR,
    SLOTS_WINDOW,
    TOKEN,
    events_body,
    events_calendar,
    slots_body,
)

__all__ = ["API_VERSION", "RAW_HEADERS", "Target", "emulator_slots", "events", "free_slots"]

API_VERSION = "2021-07-28"
# What a hand-written client sends (ours adds only a User-Agent).
RAW_HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Version": API_VERSION,
    "Accept": "application/json",
}
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class Target:
    """One request: `kind` picks the endpoint, `items` is what a full decode must count."""

    label: str
    kind: Literal["slots", "events"]
    calendar_id: str
    window: tuple[int, int]
    items: int
    body_bytes: int

    def path(self) -> str:
        """Path and query exactly as our client encodes them (the raw clients send the same)."""
        start, end = self.window
        if self.kind == "slots":
            return f"/calendars/{self.calendar_id}/free-slots?startDate={start}&endDate={end}"
        return (
            f"/calendars/events?locationId={LOCATION_ID}&startTime={start}&endTime={end}"
            f"&calendarId={self.calendar_id}"
        )


def free_slots() -> Target:
    """31 days x 16 slots from the plain server."""
    return Target("free slots", "slots", SLOTS_CALENDAR, SLOTS_WINDOW, 31 * 16, len(slots_body()))


def events(count: int) -> Target:
    """An events list of `count` CalendarEventDTO records."""
    return Target(
        f"events {count:,}",
        "events",
        events_calendar(count),
        EVENTS_WINDOW,
        count,
        len(events_body(count)),
    )


def emulator_slots() -> Target:
    """31 days from tomorrow on the emulator's 7-day calendar (it only offers future slots)."""
    start = (int(time.time() * 1000) // _DAY_MS + 1) * _DAY_MS
    # The emulator computes the slots; their count depends on where midnight falls, so 0
    # means "do not check the count" (the byte size is not known in advance either).
    return Target("free slots", "slots", SLOTS_CALENDAR, (start, start + 31 * _DAY_MS), 0, 0)
