"""Look up whether an ambiguous create took effect, so it is re-sent at most once, and only if not.

A table row names its lookup in `Endpoint.reconcile`; the call path runs it only when the
caller opted in (`reconcile=True`) and a create ended in OutcomeUnknownError.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from ._errors import ValidationError
from .models import Appointment, AppointmentCreate

if TYPE_CHECKING:
    from ._generated.async_services import AsyncServices

_MATCH_WINDOW = timedelta(minutes=1)


def parse_instant(param: str, text: str) -> datetime:
    """Parse an ISO-8601 time with an offset (a trailing Z included) into an aware datetime."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(param, f"not an ISO-8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise ValidationError(param, f"needs a UTC offset: {text!r}")
    return value


async def find_appointment(client: AsyncServices, body: object) -> Appointment | None:
    """Return the appointment `body` would have created, if it exists (calendar, contact, start)."""
    if not isinstance(body, AppointmentCreate):
        return None
    start = parse_instant("start_time", body.start_time)
    events = await client.events.list(
        location_id=body.location_id,
        calendar_id=body.calendar_id,
        start_time=start - _MATCH_WINDOW,
        end_time=start + _MATCH_WINDOW,
    )
    for event in events:
        if (
            event.contact_id == body.contact_id
            and event.start_time is not None
            and parse_instant("start_time", event.start_time) == start
        ):
            return msgspec.convert(msgspec.to_builtins(event), Appointment)
    return None
