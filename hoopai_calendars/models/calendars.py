"""Calendars: the calendar record, its create/update bodies, list and free-slot queries.

The nested settings a calendar is built from (team members, open hours, ...) live in
`calendar_settings`: a response type to read them and an `...Input` type to send them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ..api._facts import MAX_SLOT_WINDOW_MS
from ._base import (
    Body,
    Duration,
    Millis,
    PositiveDuration,
    Query,
    Response,
    check_window,
    one_of,
)
from .calendar_settings import (
    Availability,
    AvailabilityInput,
    CalendarNotification,
    CalendarNotificationInput,
    LocationConfiguration,
    LocationConfigurationInput,
    LookBusyConfig,
    LookBusyConfigInput,
    OpenHour,
    OpenHourInput,
    Recurring,
    RecurringInput,
    TeamMember,
    TeamMemberInput,
    UpdateAvailabilityInput,
)

__all__ = [
    "Calendar",
    "CalendarCreate",
    "CalendarType",
    "CalendarUpdate",
    "CalendarsQuery",
    "DaySlots",
    "FreeSlots",
    "FreeSlotsQuery",
    "decode_free_slots",
]


class CalendarType:
    """Values of `calendar_type` (the API may add more; fields stay `str`)."""

    ROUND_ROBIN = "round_robin"
    EVENT = "event"
    CLASS_BOOKING = "class_booking"
    COLLECTIVE = "collective"
    SERVICE_BOOKING = "service_booking"
    PERSONAL = "personal"


class Calendar(Response):
    """A calendar (spec `CalendarDTO`)."""

    id: str | None = None
    location_id: str | None = None
    name: str | None = None
    is_active: bool | None = None
    notifications: list[CalendarNotification] | None = None
    group_id: str | None = None
    team_members: list[TeamMember] | None = None
    event_type: str | None = None
    description: str | None = None
    slug: str | None = None
    widget_slug: str | None = None
    calendar_type: str | None = None
    widget_type: str | None = None
    event_title: str | None = None
    event_color: str | None = None
    meeting_location: str | None = None
    location_configurations: list[LocationConfiguration] | None = None
    slot_duration: int | None = None
    slot_duration_unit: str | None = None
    slot_interval: int | None = None
    slot_interval_unit: str | None = None
    slot_buffer: int | None = None
    slot_buffer_unit: str | None = None
    pre_buffer: int | None = None
    pre_buffer_unit: str | None = None
    # The wire names carry the API's own typo ("appoinment").
    appointment_per_slot: int | None = msgspec.field(default=None, name="appoinmentPerSlot")
    appointment_per_day: int | None = msgspec.field(default=None, name="appoinmentPerDay")
    allow_booking_after: int | None = None
    allow_booking_after_unit: str | None = None
    allow_booking_for: int | None = None
    allow_booking_for_unit: str | None = None
    open_hours: list[OpenHour] | None = None
    enable_recurring: bool | None = None
    recurring: Recurring | None = None
    form_id: str | None = None
    sticky_contact: bool | None = None
    is_live_payment_mode: bool | None = None
    auto_confirm: bool | None = None
    should_send_alert_emails_to_assigned_member: bool | None = None
    alert_email: str | None = None
    google_invitation_emails: bool | None = None
    allow_reschedule: bool | None = None
    allow_cancellation: bool | None = None
    should_assign_contact_to_team_member: bool | None = None
    should_skip_assigning_contact_for_existing: bool | None = None
    notes: str | None = None
    pixel_id: str | None = None
    form_submit_type: str | None = None
    form_submit_redirect_url: str | None = msgspec.field(default=None, name="formSubmitRedirectURL")
    form_submit_thanks_message: str | None = None
    availability_type: int | None = None
    availabilities: list[Availability] | None = None
    guest_type: str | None = None
    consent_label: str | None = None
    calendar_cover_image: str | None = None
    look_busy_config: LookBusyConfig | None = None


# What the spec allows in calendar bodies (responses stay plain `str`/`int`, so values the
# API adds later still decode). Capacities below 1 would make every slot full.
CalendarTypeValue = Annotated[
    str,
    one_of("round_robin", "event", "class_booking", "collective", "service_booking", "personal"),
]
EventType = Annotated[
    str, one_of("RoundRobin_OptimizeForAvailability", "RoundRobin_OptimizeForEqualDistribution")
]
WidgetType = Annotated[str, one_of("default", "classic")]
TimeUnit = Annotated[str, one_of("mins", "hours")]
NoticeUnit = Annotated[str, one_of("hours", "days", "weeks", "months")]
WindowUnit = Annotated[str, one_of("days", "weeks", "months")]
FormSubmitType = Annotated[str, one_of("RedirectURL", "ThankYouMessage")]
GuestType = Annotated[str, one_of("count_only", "collect_detail")]
AvailabilityType = Annotated[int, Meta(ge=0, le=1)]
MAX_PER_SLOT = 10_000
PerSlot = Annotated[int, Meta(ge=1, le=MAX_PER_SLOT)]
PerDay = Annotated[int, Meta(ge=0, le=MAX_PER_SLOT)]


class CalendarCreate(Body):
    """Body of `calendars.create` (spec `CalendarCreateDTO`)."""

    location_id: str
    name: str
    is_active: bool | UnsetType = UNSET
    notifications: list[CalendarNotificationInput] | UnsetType = UNSET
    group_id: str | UnsetType = UNSET
    team_members: list[TeamMemberInput] | UnsetType = UNSET
    event_type: EventType | UnsetType = UNSET
    description: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    widget_slug: str | UnsetType = UNSET
    calendar_type: CalendarTypeValue | UnsetType = UNSET
    widget_type: WidgetType | UnsetType = UNSET
    event_title: str | UnsetType = UNSET
    event_color: str | UnsetType = UNSET
    meeting_location: str | UnsetType = UNSET
    location_configurations: list[LocationConfigurationInput] | UnsetType = UNSET
    slot_duration: PositiveDuration | UnsetType = UNSET
    slot_duration_unit: TimeUnit | UnsetType = UNSET
    slot_interval: PositiveDuration | UnsetType = UNSET
    slot_interval_unit: TimeUnit | UnsetType = UNSET
    slot_buffer: Duration | UnsetType = UNSET
    slot_buffer_unit: TimeUnit | UnsetType = UNSET
    pre_buffer: Duration | UnsetType = UNSET
    pre_buffer_unit: TimeUnit | UnsetType = UNSET
    appointment_per_slot: PerSlot | UnsetType = msgspec.field(
        default=UNSET, name="appoinmentPerSlot"
    )
    appointment_per_day: PerDay | UnsetType = msgspec.field(default=UNSET, name="appoinmentPerDay")
    allow_booking_after: Duration | UnsetType = UNSET
    allow_booking_after_unit: NoticeUnit | UnsetType = UNSET
    allow_booking_for: Duration | UnsetType = UNSET
    allow_booking_for_unit: WindowUnit | UnsetType = UNSET
    open_hours: list[OpenHourInput] | UnsetType = UNSET
    enable_recurring: bool | UnsetType = UNSET
    recurring: RecurringInput | UnsetType = UNSET
    form_id: str | UnsetType = UNSET
    sticky_contact: bool | UnsetType = UNSET
    is_live_payment_mode: bool | UnsetType = UNSET
    auto_confirm: bool | UnsetType = UNSET
    should_send_alert_emails_to_assigned_member: bool | UnsetType = UNSET
    alert_email: str | UnsetType = UNSET
    google_invitation_emails: bool | UnsetType = UNSET
    allow_reschedule: bool | UnsetType = UNSET
    allow_cancellation: bool | UnsetType = UNSET
    should_assign_contact_to_team_member: bool | UnsetType = UNSET
    should_skip_assigning_contact_for_existing: bool | UnsetType = UNSET
    notes: str | UnsetType = UNSET
    pixel_id: str | UnsetType = UNSET
    form_submit_type: FormSubmitType | UnsetType = UNSET
    form_submit_redirect_url: str | UnsetType = msgspec.field(
        default=UNSET, name="formSubmitRedirectURL"
    )
    form_submit_thanks_message: str | UnsetType = UNSET
    availability_type: AvailabilityType | UnsetType = UNSET
    availabilities: list[AvailabilityInput] | UnsetType = UNSET
    guest_type: GuestType | UnsetType = UNSET
    consent_label: str | UnsetType = UNSET
    calendar_cover_image: str | UnsetType = UNSET
    look_busy_config: LookBusyConfigInput | UnsetType = UNSET


class CalendarUpdate(Body):
    """Body of `calendars.update` (spec `CalendarUpdateDTO`).

    Fields left UNSET are not sent; the free-text and reference fields typed
    `... | None` may be set to None to clear them (sent as JSON null).
    """

    name: str | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET
    notifications: list[CalendarNotificationInput] | UnsetType = UNSET
    group_id: str | UnsetType | None = UNSET
    team_members: list[TeamMemberInput] | UnsetType = UNSET
    event_type: EventType | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    slug: str | UnsetType = UNSET
    widget_slug: str | UnsetType = UNSET
    widget_type: WidgetType | UnsetType = UNSET
    event_title: str | UnsetType | None = UNSET
    event_color: str | UnsetType | None = UNSET
    meeting_location: str | UnsetType | None = UNSET
    location_configurations: list[LocationConfigurationInput] | UnsetType = UNSET
    slot_duration: PositiveDuration | UnsetType = UNSET
    slot_duration_unit: TimeUnit | UnsetType = UNSET
    slot_interval: PositiveDuration | UnsetType = UNSET
    slot_interval_unit: TimeUnit | UnsetType = UNSET
    slot_buffer: Duration | UnsetType = UNSET
    slot_buffer_unit: TimeUnit | UnsetType = UNSET
    pre_buffer: Duration | UnsetType = UNSET
    pre_buffer_unit: TimeUnit | UnsetType = UNSET
    appointment_per_slot: PerSlot | UnsetType = msgspec.field(
        default=UNSET, name="appoinmentPerSlot"
    )
    appointment_per_day: PerDay | UnsetType = msgspec.field(default=UNSET, name="appoinmentPerDay")
    allow_booking_after: Duration | UnsetType = UNSET
    allow_booking_after_unit: NoticeUnit | UnsetType = UNSET
    allow_booking_for: Duration | UnsetType = UNSET
    allow_booking_for_unit: WindowUnit | UnsetType = UNSET
    open_hours: list[OpenHourInput] | UnsetType = UNSET
    enable_recurring: bool | UnsetType = UNSET
    recurring: RecurringInput | UnsetType | None = UNSET
    form_id: str | UnsetType | None = UNSET
    sticky_contact: bool | UnsetType = UNSET
    is_live_payment_mode: bool | UnsetType = UNSET
    auto_confirm: bool | UnsetType = UNSET
    should_send_alert_emails_to_assigned_member: bool | UnsetType = UNSET
    alert_email: str | UnsetType | None = UNSET
    google_invitation_emails: bool | UnsetType = UNSET
    allow_reschedule: bool | UnsetType = UNSET
    allow_cancellation: bool | UnsetType = UNSET
    should_assign_contact_to_team_member: bool | UnsetType = UNSET
    should_skip_assigning_contact_for_existing: bool | UnsetType = UNSET
    notes: str | UnsetType | None = UNSET
    pixel_id: str | UnsetType | None = UNSET
    form_submit_type: FormSubmitType | UnsetType = UNSET
    form_submit_redirect_url: str | UnsetType | None = msgspec.field(
        default=UNSET, name="formSubmitRedirectURL"
    )
    form_submit_thanks_message: str | UnsetType | None = UNSET
    availability_type: AvailabilityType | UnsetType = UNSET
    availabilities: list[UpdateAvailabilityInput] | UnsetType = UNSET
    guest_type: GuestType | UnsetType = UNSET
    consent_label: str | UnsetType | None = UNSET
    calendar_cover_image: str | UnsetType | None = UNSET
    look_busy_config: LookBusyConfigInput | UnsetType | None = UNSET


class CalendarsQuery(Query):
    """Query of `calendars.list`."""

    location_id: str
    group_id: str | None = None
    show_drafted: bool | None = None


class FreeSlotsQuery(Query):
    """Query of `calendars.free_slots`: at most 31 days, as epoch ms or aware datetimes."""

    start_date: Millis
    end_date: Millis
    timezone: str | None = None
    user_id: str | None = None
    user_ids: Sequence[str] | None = None

    def __post_init__(self) -> None:
        check_window("start_date", self.start_date, "end_date", self.end_date, MAX_SLOT_WINDOW_MS)


class DaySlots(msgspec.Struct, gc=False):
    """One day of the free-slots map: `{"slots": [...]}`."""

    slots: list[str]


class FreeSlots(msgspec.Struct, kw_only=True, repr_omit_defaults=True, gc=False):
    """Free slots by day: `days` maps "YYYY-MM-DD" to slot strings exactly as the API sent them.

    Send a slot string back unchanged when booking (`AppointmentCreate.start_time`):
    re-serialising it (for instance to UTC) makes the API reject the slot. Days without
    slots are absent. Iterating yields `(date, slots)` pairs in date order and `len()`
    counts those days; `first` is the earliest slot (None if there is none), `all` every
    slot in date order.
    """

    days: dict[str, list[str]]
    trace_id: str | None = None

    def slots(self) -> list[str]:
        """Every slot string, in date order (the same as `all`)."""
        return [slot for day in sorted(self.days) for slot in self.days[day]]

    @property
    def all(self) -> list[str]:
        """Every slot string, in date order."""
        return self.slots()

    @property
    def first(self) -> str | None:
        """The earliest free slot, as the API sent it; None when no day has one."""
        for day in sorted(self.days):
            if self.days[day]:
                return self.days[day][0]
        return None

    def __iter__(self) -> Iterator[tuple[str, list[str]]]:
        return ((day, self.days[day]) for day in sorted(self.days))

    def __len__(self) -> int:
        return len(self.days)

    @classmethod
    def merge(cls, parts: Iterable[FreeSlots]) -> FreeSlots:
        """Join the answers of consecutive windows; a day seen twice keeps each slot once."""
        days: dict[str, list[str]] = {}
        trace_id = None
        for part in parts:
            trace_id = part.trace_id or trace_id
            for day, slots in part.days.items():
                known = days.setdefault(day, [])
                known.extend(slot for slot in slots if slot not in known)
        return cls(days={day: days[day] for day in sorted(days)}, trace_id=trace_id)


_free_slots_decoder = msgspec.json.Decoder(dict[str, DaySlots | str], strict=False)


def decode_free_slots(body: bytes) -> FreeSlots:
    """Decode the free-slots body: date keys plus a sibling `traceId` (ignored other strings)."""
    raw: dict[str, Any] = _free_slots_decoder.decode(body)
    trace_id = raw.pop("traceId", None)
    days = raw
    try:
        for key, value in raw.items():
            raw[key] = value.slots  # in place: no second dict
    except AttributeError:  # another string beside the days: not a day, dropped
        days = {
            key: value if type(value) is list else value.slots
            for key, value in raw.items()
            if type(value) is not str
        }
    return FreeSlots(days=days, trace_id=trace_id if type(trace_id) is str else None)
