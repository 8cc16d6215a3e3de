"""Events, appointments and blocked slots: records, bodies, and the time-window query.

Times in bodies and responses are ISO-8601 strings with a numeric offset, kept verbatim:
pass a slot string from `calendars.free_slots` to `AppointmentCreate.start_time` unchanged.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, UnsetType

from .._errors import ValidationError
from ._base import Body, Millis, Query, Response, check_window, one_of

__all__ = [
    "Appointment",
    "AppointmentCreate",
    "AppointmentStatus",
    "AppointmentUpdate",
    "BlockSlotCreate",
    "BlockSlotUpdate",
    "BlockedSlot",
    "CreatedBy",
    "Event",
    "EventsQuery",
]


class AppointmentStatus:
    """Values of `appointment_status`. Fields stay `str`, so values not listed here still decode.

    NEW..INVALID may be written; ACTIVE and COMPLETED are set by the API only.
    """

    NEW = "new"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    SHOWED = "showed"
    NOSHOW = "noshow"
    INVALID = "invalid"
    ACTIVE = "active"
    COMPLETED = "completed"


class CreatedBy(Response):
    """Who created or last changed an event."""

    user_id: str | None = None
    source: str | None = None


class Event(Response):
    """A calendar event: an appointment or a blocked slot (spec `CalendarEventDTO`).

    `appointments.get` answers with this type too (the live API wraps the record
    in "appointment" rather than the documented "event").
    """

    id: str | None = None
    title: str | None = None
    calendar_id: str | None = None
    location_id: str | None = None
    contact_id: str | None = None
    group_id: str | None = None
    appointment_status: str | None = None
    assigned_user_id: str | None = None
    users: list[str] | None = None
    address: str | None = None
    meeting_location_type: str | None = None
    notes: str | None = None
    description: str | None = None
    is_recurring: bool | None = None
    rrule: str | None = None
    # The spec types these four as `object`; the wire carries ISO-8601 strings.
    start_time: str | None = None
    end_time: str | None = None
    date_added: str | None = None
    date_updated: str | None = None
    assigned_resources: list[str] | None = None
    created_by: CreatedBy | None = None
    master_event_id: str | None = None
    # v3 only (`Version: v3`): whether the event was deleted.
    deleted: bool | None = None


class Appointment(Response):
    """An appointment as create/update answer it (spec `AppointmentSchemaResponse`)."""

    id: str | None = None
    calendar_id: str | None = None
    location_id: str | None = None
    contact_id: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    title: str | None = None
    meeting_location_type: str | None = None
    appointment_status: str | None = None
    assigned_user_id: str | None = None
    address: str | None = None
    is_recurring: bool | None = None
    rrule: str | None = None
    # v3 only (`Version: v3`); v2 answers leave them out (read them with `appointments.get`).
    date_added: str | None = None
    date_updated: str | None = None


# What the spec allows in bodies (responses stay `str`, so new values still decode).
MeetingType = Annotated[
    str, one_of("custom", "zoom", "gmeet", "phone", "address", "ms_teams", "google")
]
Status = Annotated[str, one_of("new", "confirmed", "cancelled", "showed", "noshow", "invalid")]


class AppointmentCreate(Body):
    """Body of `appointments.create` (spec `AppointmentCreateSchema`).

    `start_time`/`end_time` are ISO-8601 with an offset; send free-slot strings verbatim.
    `ignore_free_slot_validation=True` skips the API's conflict check (double-booking risk).
    """

    calendar_id: str
    location_id: str
    contact_id: str
    start_time: str
    end_time: str | UnsetType = UNSET
    title: str | UnsetType = UNSET
    meeting_location_type: MeetingType | UnsetType = UNSET
    meeting_location_id: str | UnsetType = UNSET
    override_location_config: bool | UnsetType = UNSET
    appointment_status: Status | UnsetType = UNSET
    assigned_user_id: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    address: str | UnsetType = UNSET
    ignore_date_range: bool | UnsetType = UNSET
    to_notify: bool | UnsetType = UNSET
    ignore_free_slot_validation: bool | UnsetType = UNSET
    rrule: str | UnsetType = UNSET


class AppointmentUpdate(Body):
    """Body of `appointments.update` (spec `AppointmentEditSchema`); the contact cannot change.

    Fields left UNSET are not sent; `title`, `description`, `address` and `rrule` may be
    set to None to clear them.
    """

    calendar_id: str | UnsetType = UNSET
    start_time: str | UnsetType = UNSET
    end_time: str | UnsetType = UNSET
    title: str | UnsetType | None = UNSET
    meeting_location_type: MeetingType | UnsetType = UNSET
    meeting_location_id: str | UnsetType = UNSET
    override_location_config: bool | UnsetType = UNSET
    appointment_status: Status | UnsetType = UNSET
    assigned_user_id: str | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    address: str | UnsetType | None = UNSET
    ignore_date_range: bool | UnsetType = UNSET
    to_notify: bool | UnsetType = UNSET
    ignore_free_slot_validation: bool | UnsetType = UNSET
    rrule: str | UnsetType | None = UNSET


class BlockedSlot(Response):
    """A blocked slot as create/update answer it (spec `BlockedSlotSuccessfulResponseDto`)."""

    id: str | None = None
    location_id: str | None = None
    title: str | None = None
    # The spec types these as `object`; the wire carries ISO-8601 strings.
    start_time: str | None = None
    end_time: str | None = None
    calendar_id: str | None = None
    assigned_user_id: str | None = None


def _check_owner(calendar_id: object, assigned_user_id: object, *, required: bool) -> None:
    # The spec marks calendarId required, but the API blocks either a calendar or a user:
    # "Either calendarId or assignedUserId can be set, not both".
    has_calendar, has_user = calendar_id is not UNSET, assigned_user_id is not UNSET
    if has_calendar and has_user:
        raise ValidationError("assigned_user_id", "set calendar_id or assigned_user_id, not both")
    if required and not (has_calendar or has_user):
        raise ValidationError("calendar_id", "set calendar_id or assigned_user_id")


class BlockSlotCreate(Body):
    """Body of `blocked_slots.create`: block a calendar or a user (exactly one of the two)."""

    location_id: str
    calendar_id: str | UnsetType = UNSET
    assigned_user_id: str | UnsetType = UNSET
    title: str | UnsetType = UNSET
    start_time: str | UnsetType = UNSET
    end_time: str | UnsetType = UNSET

    def __post_init__(self) -> None:
        _check_owner(self.calendar_id, self.assigned_user_id, required=True)


class BlockSlotUpdate(Body):
    """Body of `blocked_slots.update`; `title` may be set to None to clear it."""

    location_id: str
    calendar_id: str | UnsetType = UNSET
    assigned_user_id: str | UnsetType = UNSET
    title: str | UnsetType | None = UNSET
    start_time: str | UnsetType = UNSET
    end_time: str | UnsetType = UNSET

    def __post_init__(self) -> None:
        _check_owner(self.calendar_id, self.assigned_user_id, required=False)


class EventsQuery(Query):
    """Query of `events.list` and `blocked_slots.list`.

    `start_time`/`end_time` are epoch ms or aware datetimes. The API does not paginate: ask
    for narrower windows. It needs one of `calendar_id`, `user_id` or `group_id`.
    """

    location_id: str
    start_time: Millis
    end_time: Millis
    user_id: str | None = None
    calendar_id: str | None = None
    group_id: str | None = None

    def __post_init__(self) -> None:
        check_window("start_time", self.start_time, "end_time", self.end_time)
        if self.calendar_id is None and self.user_id is None and self.group_id is None:
            raise ValidationError("calendar_id", "set one of calendar_id, user_id or group_id")
