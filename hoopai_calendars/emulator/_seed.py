"""Demo data: a location with calendars, groups, schedules, resources, contacts and users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._handlers_calendars import WEEKDAY_9_TO_5, calendar_defaults
from ._store import Store
from ._wire import iso_utc, new_id

__all__ = ["DemoData", "seed_demo"]

# Varied on purpose: offsets east and west of UTC, half-hour offsets, both hemispheres' DST.
ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)


@dataclass(frozen=True)
class DemoData:
    """The ids `seed_demo` created, for tests and demos to address."""

    location_id: str
    calendar_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    schedule_ids: tuple[str, ...]
    contact_ids: tuple[str, ...]
    user_ids: tuple[str, ...]
    resource_ids: tuple[str, ...]


def _schedule(
    location_id: str,
    user_id: str,
    name: str,
    tz: str,
    days: tuple[str, ...],
    hours: tuple[str, str],
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "name": name,
        "locationId": location_id,
        "userId": user_id,
        "timezone": tz,
        "rules": [
            {"type": "wday", "day": day, "intervals": [{"from": hours[0], "to": hours[1]}]}
            for day in days
        ],
        "calendarIds": [],
        "deleted": False,
    }


def seed_demo(store: Store, location_id: str, now_ms: int, calendars: int = 50) -> DemoData:
    """Fill `store` with a demo location; every calendar is Mon-Fri 9-17 in 30-minute slots."""
    users = [new_id() for _ in range(5)]
    contacts = [new_id() for _ in range(20)]
    store.users.extend(users)
    store.contacts.extend(contacts)
    stamp = iso_utc(now_ms)

    groups = []
    for name in ("Sales", "Support"):
        slug = name.lower()
        group: dict[str, Any] = {
            "id": new_id(),
            "locationId": location_id,
            "name": name,
            "description": f"{name} team calendars",
            "slug": slug,
            "isActive": True,
        }
        store.groups[group["id"]] = group
        groups.append(group["id"])

    calendar_ids = []
    for n in range(calendars):
        user = users[n % len(users)]
        body: dict[str, Any] = {
            "locationId": location_id,
            "name": f"Demo calendar {n + 1:02d}",
            "slug": f"demo-{n + 1:02d}",
            "groupId": groups[n % len(groups)] if n % 3 else "",
            "teamMembers": [{"userId": user, "priority": 0.5, "isPrimary": True}],
            "openHours": [dict(entry) for entry in WEEKDAY_9_TO_5],
            "eventTitle": "Demo appointment",
        }
        # Not a spec field: real calendars take the location's zone; the demo varies it so
        # that free slots come back with many different offsets.
        calendar = {"id": new_id(), **calendar_defaults(body), **body, "timezone": ZONES[n % 8]}
        store.calendars[calendar["id"]] = calendar
        calendar_ids.append(calendar["id"])

    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday")
    schedules = [
        _schedule(location_id, users[0], "Mornings", "Europe/London", weekdays, ("08:00", "12:00")),
        _schedule(
            location_id,
            users[1],
            "Weekends",
            "America/New_York",
            ("saturday", "sunday"),
            ("10:00", "14:00"),
        ),
        _schedule(
            location_id, users[2], "Late shift", "Asia/Kolkata", weekdays, ("14:00", "22:00")
        ),
    ]
    if calendar_ids:
        # One association, so the demo shows a schedule overriding a calendar's open hours.
        schedules[0]["calendarIds"] = [calendar_ids[-1]]
    for schedule in schedules:
        schedule["dateAdded"] = schedule["dateUpdated"] = stamp
        store.schedules[schedule["id"]] = schedule

    resources = []
    for kind, name, capacity in (
        ("rooms", "Room A", 4),
        ("rooms", "Room B", 8),
        ("equipments", "Projector", 1),
        ("equipments", "Camera", 1),
    ):
        rid = new_id()
        store.resources[rid] = {
            "id": rid,
            "_id": rid,
            "locationId": location_id,
            "name": name,
            "resourceType": kind,
            "isActive": True,
            "description": f"Demo {kind[:-1]}",
            "quantity": 1,
            "outOfService": 0,
            "capacity": capacity,
            "calendarIds": calendar_ids[:2],
        }
        resources.append(rid)

    return DemoData(
        location_id=location_id,
        calendar_ids=tuple(calendar_ids),
        group_ids=tuple(groups),
        schedule_ids=tuple(s["id"] for s in schedules),
        contact_ids=tuple(contacts),
        user_ids=tuple(users),
        resource_ids=tuple(resources),
    )
