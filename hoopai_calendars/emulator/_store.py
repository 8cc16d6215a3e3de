"""The in-memory store: wire-shaped (camelCase) dicts keyed by id, one table per resource."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..api import INACTIVE_STATUSES
from ._isotime import parse_iso_ms

__all__ = ["INACTIVE_STATUSES", "Store", "span"]

Record = dict[str, Any]


@dataclass
class Store:
    """Every record the emulator knows, as the API would serialise it.

    Notes are kept per appointment and notifications per calendar, because the API
    only ever addresses them through their parent.
    """

    calendars: dict[str, Record] = field(default_factory=dict)
    groups: dict[str, Record] = field(default_factory=dict)
    appointments: dict[str, Record] = field(default_factory=dict)
    blocked_slots: dict[str, Record] = field(default_factory=dict)
    notes: dict[str, dict[str, Record]] = field(default_factory=dict)
    resources: dict[str, Record] = field(default_factory=dict)
    notifications: dict[str, dict[str, Record]] = field(default_factory=dict)
    schedules: dict[str, Record] = field(default_factory=dict)
    # Contacts and users live in other APIs; the emulator only hands out their ids.
    contacts: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget everything."""
        for table in (
            self.calendars,
            self.groups,
            self.appointments,
            self.blocked_slots,
            self.notes,
            self.resources,
            self.notifications,
            self.schedules,
        ):
            table.clear()
        self.contacts.clear()
        self.users.clear()

    def schedule_for(self, calendar_id: str) -> Record | None:
        """Return the live schedule attached to a calendar, if any."""
        for schedule in self.schedules.values():
            if not schedule.get("deleted") and calendar_id in schedule.get("calendarIds", ()):
                return schedule
        return None

    def detach_everywhere(self, calendar_id: str) -> None:
        """Remove a calendar from every schedule's association list."""
        for schedule in self.schedules.values():
            ids = schedule.get("calendarIds", [])
            if calendar_id in ids:
                schedule["calendarIds"] = [i for i in ids if i != calendar_id]

    def busy(self, calendar: Record, *, exclude: str | None = None) -> list[tuple[int, int]]:
        """Return the busy intervals (epoch ms) that take time away from a calendar.

        These are its live appointments (all but `exclude`) and the blocked slots of the
        calendar or of one of its team members. With room for several bookings per slot
        the engine tells a slot's own appointments apart using `booked_counts`.
        """
        calendar_id = calendar.get("id")
        members = {m.get("userId") for m in calendar.get("teamMembers") or () if m}
        spans: list[tuple[int, int]] = []
        for block in self.blocked_slots.values():
            mine = block.get("calendarId") == calendar_id
            if mine or (not block.get("calendarId") and block.get("assignedUserId") in members):
                interval = span(block)
                if interval is not None:
                    spans.append(interval)
        for event in self._live_appointments(calendar_id, exclude):
            interval = span(event)
            if interval is not None:
                spans.append(interval)
        spans.sort()
        return spans

    def booked_counts(self, calendar_id: str, *, exclude: str | None = None) -> dict[int, int]:
        """Return how many live appointments start at each instant (epoch ms)."""
        counts: Counter[int] = Counter()
        for event in self._live_appointments(calendar_id, exclude):
            interval = span(event)
            if interval is not None:
                counts[interval[0]] += 1
        return dict(counts)

    def _live_appointments(self, calendar_id: object, exclude: str | None) -> list[Record]:
        return [
            event
            for key, event in self.appointments.items()
            if key != exclude
            and event.get("calendarId") == calendar_id
            and event.get("appointmentStatus") not in INACTIVE_STATUSES
        ]


def span(record: Record) -> tuple[int, int] | None:
    """Return a record's (start, end) in epoch ms, or None when it has no usable times."""
    start, end = record.get("startTime"), record.get("endTime")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    start_ms, end_ms = parse_iso_ms(start), parse_iso_ms(end)
    if start_ms is None or end_ms is None:
        return None
    return start_ms, end_ms
