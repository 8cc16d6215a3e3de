"""Pure planning for a sync: match desired appointments to existing events, decide each change.

Matching uses the one natural key (`hoopai_calendars._reconcile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from msgspec import UNSET

from .._reconcile import INACTIVE, index_events, is_live
from ..models import AppointmentCreate, AppointmentStatus, AppointmentUpdate, Event
from ._desired import DesiredAppointment
from ._time import parse_instant

__all__ = ["INACTIVE", "Plan", "index_events", "is_live", "plan"]

# Fields an existing event reports and a desired appointment may set: compared one by one.
_COMPARED = (
    "title",
    "appointment_status",
    "assigned_user_id",
    "address",
    "meeting_location_type",
    "description",
    "rrule",
)
# Request flags that steer validation and automations; passed along with any change.
_FLAGS = ("ignore_date_range", "ignore_free_slot_validation", "to_notify")
# Reviving a cancelled appointment without a desired status books it as a new one would be.
_REVIVED_STATUS = AppointmentStatus.NEW


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do for one desired appointment."""

    kind: Literal["create", "update", "cancel", "unchanged"]
    event_id: str | None = None
    update: AppointmentUpdate | None = None


def _changes(want: AppointmentCreate, have: Event) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in _COMPARED:
        value = getattr(want, name)
        if value is not UNSET and value != getattr(have, name):
            changes[name] = value
    if want.end_time is not UNSET:
        # Instants, not strings: the API may echo the same time with another offset.
        wanted_end = parse_instant(want.end_time)
        if wanted_end is None or wanted_end != parse_instant(have.end_time):
            changes["end_time"] = want.end_time
    return changes


def _with_flags(want: AppointmentCreate, changes: dict[str, Any]) -> AppointmentUpdate:
    for name in _FLAGS:
        value = getattr(want, name)
        if value is not UNSET:
            changes[name] = value
    return AppointmentUpdate(**changes)


def plan(desired: DesiredAppointment, existing: Event | None) -> Plan:
    """Decide the change that makes `existing` (None: nothing matches) look like `desired`.

    Only desired fields that are set are compared, so fields the caller leaves out are
    never overwritten; a cancel is an update of the status, never a delete.
    """
    want = desired.appointment
    if desired.cancel:
        if existing is None or not is_live(existing):
            return Plan("unchanged", existing.id if existing else None)
        body = AppointmentUpdate(
            appointment_status=AppointmentStatus.CANCELLED, to_notify=want.to_notify
        )
        return Plan("cancel", existing.id, body)
    if existing is None:
        return Plan("create")
    changes = _changes(want, existing)
    if not is_live(existing) and want.appointment_status is UNSET:
        changes["appointment_status"] = _REVIVED_STATUS
    if not changes:
        return Plan("unchanged", existing.id)
    return Plan("update", existing.id, _with_flags(want, changes))
