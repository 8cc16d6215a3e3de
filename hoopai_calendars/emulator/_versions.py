"""Per-version response shapes: what a `Version: v3` caller sees beyond the v2 body.

The v3 spec (calendars-v3.json) keeps every v2 operation and changes two schemas:
`AppointmentSchemaResponse` (create/update answers) requires `dateAdded`/`dateUpdated`,
and `CalendarEventDTO` (listings, `appointments.get`) gains `deleted`. Handlers build the
v2 body; this module adds the rest, without touching the stored records.
"""

from __future__ import annotations

from typing import Any

from ..api import V3
from ._store import Store

__all__ = ["shape"]

_APPOINTMENT_ANSWERS = frozenset({"appointments.create", "appointments.update"})
_EVENT_LISTS = frozenset({"events.list", "blocked_slots.list"})
_STAMPS = ("dateAdded", "dateUpdated")


def _event(record: Any) -> Any:
    # Deleted events leave the store, so every event the emulator serves is a live one.
    return {**record, "deleted": False} if isinstance(record, dict) else record


def shape(store: Store, operation: str, version: str, body: Any) -> Any:
    """Return `body` as the API answers it to a caller sending `Version: version`."""
    if version != V3 or not isinstance(body, dict):
        return body
    if operation in _APPOINTMENT_ANSWERS:
        record = store.appointments.get(body.get("id", ""), {})
        return {**body, **{key: record[key] for key in _STAMPS if key in record}}
    if operation in _EVENT_LISTS and isinstance(body.get("events"), list):
        return {**body, "events": [_event(record) for record in body["events"]]}
    if operation == "appointments.get" and "event" in body:
        return {**body, "event": _event(body["event"])}
    return body
