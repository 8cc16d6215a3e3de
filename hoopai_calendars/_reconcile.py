"""Look up whether an ambiguous create took effect, so it is re-sent at most once, and only if not.

A table row names its lookup in `Endpoint.reconcile`; the call path runs it only when the
caller opted in (`reconcile=True`) and a create ended in OutcomeUnknownError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from ._errors import ValidationError
from .models import Appointment, AppointmentCreate
from .models._base import parse_instant

if TYPE_CHECKING:
    from ._generated.async_services import AsyncServices

_MATCH_WINDOW_MS = 60_000


async def find_appointment(client: AsyncServices, body: object) -> Appointment | None:
    """Return the appointment `body` would have created, if it exists (calendar, contact, start)."""
    if not isinstance(body, AppointmentCreate):
        return None
    start = parse_instant(body.start_time)
    if start is None:
        raise ValidationError(
            "start_time", f"not an ISO-8601 time with an offset: {body.start_time!r}"
        )
    events = await client.events.list(
        location_id=body.location_id,
        calendar_id=body.calendar_id,
        start_time=start - _MATCH_WINDOW_MS,
        end_time=start + _MATCH_WINDOW_MS,
    )
    for event in events:
        if event.contact_id == body.contact_id and parse_instant(event.start_time) == start:
            return msgspec.convert(msgspec.to_builtins(event), Appointment)
    return None
