"""Typed appointment webhook events, decoded from the exact body that was verified."""

from __future__ import annotations

from typing import Any

import msgspec

from ..models import Event
from ._errors import WebhookVerificationError

__all__ = [
    "AppointmentCreated",
    "AppointmentDeleted",
    "AppointmentUpdated",
    "UnknownEvent",
    "WebhookAppointment",
    "WebhookEvent",
    "parse_event",
]


class WebhookAppointment(Event):
    """The appointment inside an event: an `Event` (as listings return) plus its `source`.

    Times (`start_time`, `end_time`, ...) are the strings HighLevel sent, verbatim;
    unknown fields are ignored and absent ones are None.
    """

    source: str | None = None


class _Appointment(
    msgspec.Struct, rename="camel", kw_only=True, tag_field="type", frozen=True, gc=False
):
    location_id: str | None = None
    appointment: WebhookAppointment = msgspec.field(default_factory=WebhookAppointment)
    timestamp: str | int | float | None = None
    webhook_id: str | None = None


class AppointmentCreated(_Appointment, tag="AppointmentCreate", frozen=True):
    """An `AppointmentCreate` webhook: an appointment was booked."""


class AppointmentUpdated(_Appointment, tag="AppointmentUpdate", frozen=True):
    """An `AppointmentUpdate` webhook: an appointment changed (a cancellation is one)."""


class AppointmentDeleted(_Appointment, tag="AppointmentDelete", frozen=True):
    """An `AppointmentDelete` webhook: an appointment was deleted."""


class UnknownEvent(msgspec.Struct, frozen=True, gc=False):
    """A verified event of a type this SDK does not model; `payload` is the whole JSON object."""

    type: str | None
    payload: dict[str, Any]


WebhookEvent = AppointmentCreated | AppointmentUpdated | AppointmentDeleted | UnknownEvent

_KNOWN = frozenset({"AppointmentCreate", "AppointmentUpdate", "AppointmentDelete"})
_decode_known = msgspec.json.Decoder(
    AppointmentCreated | AppointmentUpdated | AppointmentDeleted
).decode
_decode_object = msgspec.json.Decoder(dict[str, Any]).decode


def parse_event(raw_body: bytes) -> WebhookEvent:
    """Decode a (verified) body into a typed event; an unmodelled type is an `UnknownEvent`.

    Raises WebhookVerificationError(reason="bad_payload") for a body that is not a JSON
    object, or an appointment event whose fields have the wrong types.
    """
    try:
        event: WebhookEvent = _decode_known(raw_body)
        return event
    except msgspec.DecodeError:
        pass
    try:
        payload = _decode_object(raw_body)
    except msgspec.DecodeError:
        raise WebhookVerificationError("bad_payload") from None
    kind = payload.get("type")
    if kind in _KNOWN:  # a known type that failed to decode: malformed, not new
        raise WebhookVerificationError("bad_payload")
    return UnknownEvent(type=kind if isinstance(kind, str) else None, payload=payload)
