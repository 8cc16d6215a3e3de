"""THE reconcile rule: how an appointment is recognised, by `reconcile=True` and by a sync.

An appointment's natural key is (calendar id, contact id, start instant in epoch ms): the
same instant written with two different offsets is the same appointment, and nothing else
(title, status, ...) takes part. Two users share it:

- the call path: a table row names its look-up in `Endpoint.reconcile` (`find_appointment`);
  it runs only when the caller opted in (`reconcile=True`) and a create ended in
  OutcomeUnknownError, so the create is re-sent at most once, and only if it did not land;
- `workloads.sync_appointments`, which matches desired appointments (`appointment_key`)
  to a listing indexed the same way (`index_events`), unknown outcomes included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import Protocol

import msgspec

from ._errors import ValidationError
from .api._facts import INACTIVE_STATUSES
from .api._isotime import parse_instant
from .models import Appointment, AppointmentCreate, Event

__all__ = [
    "INACTIVE",
    "NaturalKey",
    "appointment_key",
    "event_key",
    "find_appointment",
    "index_events",
    "is_live",
]

NaturalKey = tuple[str, str, int]

# Appointments in these states no longer hold their time.
INACTIVE = INACTIVE_STATUSES

# The look-up lists this far either side of the start, so an event the API echoes with a
# rounded start is still listed; matching itself is on the exact instant.
_LIST_AROUND_MS = 60_000


class _Events(Protocol):
    def list(
        self, *, location_id: str, start_time: int, end_time: int, calendar_id: str | None = ...
    ) -> Awaitable[list[Event]]: ...


class HasEvents(Protocol):
    """What the look-up needs of a client: `events.list`."""

    @property
    def events(self) -> _Events: ...


def appointment_key(body: AppointmentCreate) -> NaturalKey:
    """The natural key of an appointment to create; a start without an offset is refused."""
    start = parse_instant(body.start_time)
    if start is None:
        raise ValidationError("start_time", f"{body.start_time!r} is not ISO-8601 with an offset")
    return (body.calendar_id, body.contact_id, start)


def event_key(event: Event) -> NaturalKey | None:
    """The natural key of an existing event, or None when it lacks a part of it."""
    start = parse_instant(event.start_time)
    if event.calendar_id is None or event.contact_id is None or start is None:
        return None
    return (event.calendar_id, event.contact_id, start)


def is_live(event: Event) -> bool:
    """Whether an event still holds its time (not cancelled or invalid)."""
    return event.appointment_status not in INACTIVE


def index_events(events: Iterable[Event]) -> dict[NaturalKey, Event]:
    """Map natural keys to events; when several share a key, a live one wins."""
    index: dict[NaturalKey, Event] = {}
    for event in events:
        key = event_key(event)
        if key is None or event.id is None:
            continue
        known = index.get(key)
        if known is None or (not is_live(known) and is_live(event)):
            index[key] = event
    return index


async def find_appointment(client: HasEvents, body: object) -> Appointment | None:
    """Return the live appointment `body` would have created, if it exists (by natural key)."""
    if not isinstance(body, AppointmentCreate):
        return None
    key = appointment_key(body)
    events = await client.events.list(
        location_id=body.location_id,
        calendar_id=body.calendar_id,
        start_time=key[2] - _LIST_AROUND_MS,
        end_time=key[2] + _LIST_AROUND_MS,
    )
    # The look-up a sync makes too; a booking cancelled since is not the one just made.
    found = index_events(events).get(key)
    if found is None or not is_live(found):
        return None
    return msgspec.convert(msgspec.to_builtins(found), Appointment)
