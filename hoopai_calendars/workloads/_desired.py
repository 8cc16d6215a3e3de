"""Desired appointments: the input of a sync, its natural key, and the JSONL reader."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from typing import Any

import msgspec

from .._errors import ValidationError
from .._reconcile import NaturalKey, appointment_key
from ..models import AppointmentCreate, AppointmentStatus

__all__ = [
    "DesiredAppointment",
    "NaturalKey",
    "as_desired",
    "parse_desired",
    "read_desired",
]


_encode = msgspec.json.Encoder().encode
_FIELDS = frozenset(AppointmentCreate.__struct_encode_fields__)


@dataclass(frozen=True, slots=True)
class DesiredAppointment:
    """One appointment as it should be: booked with these fields, or cancelled.

    `appointment.start_time` is sent verbatim (a free-slot string stays as it came);
    matching against existing appointments compares instants, not strings.
    """

    appointment: AppointmentCreate
    cancel: bool = False

    @property
    def key(self) -> NaturalKey:
        """The natural key (`hoopai_calendars._reconcile`): calendar, contact, start instant."""
        return appointment_key(self.appointment)

    @property
    def fingerprint(self) -> str:
        """A digest of everything asked for, so a changed desire is not taken as done."""
        digest = hashlib.sha256(_encode(self.appointment))
        digest.update(b"\x00cancel" if self.cancel else b"\x00keep")
        return digest.hexdigest()[:24]


def as_desired(item: DesiredAppointment | AppointmentCreate) -> DesiredAppointment:
    """Accept a bare AppointmentCreate as "book this"."""
    if isinstance(item, DesiredAppointment):
        return item
    if isinstance(item, AppointmentCreate):
        return DesiredAppointment(
            item, cancel=item.appointment_status == AppointmentStatus.CANCELLED
        )
    raise ValidationError(
        "desired", f"expected DesiredAppointment or AppointmentCreate, got {item!r}"
    )


def _from_object(raw: Any, location_id: str | None) -> DesiredAppointment:
    if not isinstance(raw, dict):
        raise ValidationError("line", "expected a JSON object")
    fields = dict(raw)
    status = fields.pop("status", None)
    if status not in (None, "active", AppointmentStatus.CANCELLED):
        raise ValidationError("status", f"expected 'cancelled' or nothing, got {status!r}")
    if location_id is not None:
        given = fields.setdefault("locationId", location_id)
        if given != location_id:
            raise ValidationError(
                "locationId", f"{given!r} differs from --location {location_id!r}"
            )
    unknown = sorted(set(fields) - _FIELDS)
    if unknown:
        # The API rejects undeclared properties; say so before anything is sent.
        raise ValidationError(unknown[0], "not a field of AppointmentCreate")
    try:
        appointment = msgspec.convert(fields, AppointmentCreate)
    except msgspec.ValidationError as exc:
        raise ValidationError("line", str(exc)) from None
    cancel = status == AppointmentStatus.CANCELLED
    desired = DesiredAppointment(
        appointment, cancel or appointment.appointment_status == AppointmentStatus.CANCELLED
    )
    desired.key  # noqa: B018 - validate the start time now, not halfway through a sync
    return desired


def parse_desired(
    lines: Iterable[str | bytes], *, location_id: str | None = None
) -> Iterator[DesiredAppointment]:
    """Parse JSONL lines of AppointmentCreate-shaped objects (camelCase, as the API spells them).

    `"status": "cancelled"` (or `"appointmentStatus": "cancelled"`) asks for a cancel.
    Blank lines are skipped; a bad line raises ValidationError naming its number.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield _from_object(msgspec.json.decode(line), location_id)
        except msgspec.DecodeError as exc:
            raise ValidationError(f"line {number}", f"not JSON: {exc}") from None
        except ValidationError as exc:
            raise ValidationError(f"line {number}", f"{exc.param}: {exc.message}") from None


def read_desired(
    path: str | PathLike[str], *, location_id: str | None = None
) -> list[DesiredAppointment]:
    """Read a whole desired-state JSONL file (see `parse_desired`)."""
    with open(path, "rb") as handle:
        return list(parse_desired(handle, location_id=location_id))
