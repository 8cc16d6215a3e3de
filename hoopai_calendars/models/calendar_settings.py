"""The nested settings of a calendar: a response type to read each, an `...Input` type to send it.

Response types have every field optional (the API omits fields); input types require what
the spec requires and leave the rest UNSET (not sent).
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ._base import Body, Response

__all__ = [
    "Availability",
    "AvailabilityInput",
    "CalendarNotification",
    "CalendarNotificationInput",
    "Hour",
    "HourInput",
    "LocationConfiguration",
    "LocationConfigurationInput",
    "LocationKind",
    "LookBusyConfig",
    "LookBusyConfigInput",
    "MeetingLocationType",
    "OpenHour",
    "OpenHourInput",
    "Recurring",
    "RecurringInput",
    "TeamMember",
    "TeamMemberInput",
    "UpdateAvailabilityInput",
]


class MeetingLocationType:
    """Values of `meeting_location_type` (fields stay `str`, so new values still decode).

    Appointments use CUSTOM..GOOGLE; team members also use TEAMS and BOOKER.
    """

    CUSTOM = "custom"
    ZOOM = "zoom"
    GMEET = "gmeet"
    PHONE = "phone"
    ADDRESS = "address"
    MS_TEAMS = "ms_teams"
    GOOGLE = "google"
    TEAMS = "teams"
    BOOKER = "booker"


class LocationKind:
    """Values of `LocationConfiguration.kind`."""

    CUSTOM = "custom"
    ZOOM_CONFERENCE = "zoom_conference"
    GOOGLE_CONFERENCE = "google_conference"
    INBOUND_CALL = "inbound_call"
    OUTBOUND_CALL = "outbound_call"
    PHYSICAL = "physical"
    BOOKER = "booker"
    MS_TEAMS_CONFERENCE = "ms_teams_conference"


class Hour(Response):
    """An open interval of a day, e.g. 09:00 to 17:00."""

    open_hour: int | None = None
    open_minute: int | None = None
    close_hour: int | None = None
    close_minute: int | None = None


class HourInput(Body):
    """An open interval of a day to send (open 0-23, close 0-24, minutes 0-59)."""

    open_hour: Annotated[int, Meta(ge=0, le=23)]
    open_minute: Annotated[int, Meta(ge=0, le=59)]
    close_hour: Annotated[int, Meta(ge=0, le=24)]
    close_minute: Annotated[int, Meta(ge=0, le=59)]


class OpenHour(Response):
    """Weekly open hours: days of the week (0 = Sunday) and their intervals."""

    days_of_the_week: list[int] | None = None
    hours: list[Hour] | None = None


class OpenHourInput(Body):
    """Weekly open hours to send (days 0 = Sunday to 6)."""

    days_of_the_week: list[Annotated[int, Meta(ge=0, le=6)]]
    hours: list[HourInput]


class Availability(Response):
    """Custom availability for one date."""

    id: str | None = None
    date: str | None = None
    hours: list[Hour] | None = None
    deleted: bool | None = None


class AvailabilityInput(Body):
    """Custom availability for one date, on calendar create."""

    date: str
    hours: list[HourInput]
    deleted: bool | UnsetType = UNSET


class UpdateAvailabilityInput(Body):
    """Custom availability for one date, on calendar update (`id` names an existing one)."""

    date: str
    hours: list[HourInput]
    deleted: bool | UnsetType = UNSET
    id: str | UnsetType = UNSET


class Recurring(Response):
    """Recurring-booking settings."""

    freq: str | None = None
    count: int | None = None
    booking_option: str | None = None
    booking_overlap_default_status: str | None = None


class RecurringInput(Body):
    """Recurring-booking settings to send (`freq`: DAILY, WEEKLY or MONTHLY)."""

    freq: str | UnsetType = UNSET
    count: int | UnsetType = UNSET
    booking_option: str | UnsetType = UNSET
    booking_overlap_default_status: str | UnsetType = UNSET


class LookBusyConfig(Response):
    """Settings of the "look busy" mode."""

    enabled: bool | None = None
    # The wire name starts with a capital letter.
    look_busy_percentage: float | None = msgspec.field(default=None, name="LookBusyPercentage")


class LookBusyConfigInput(Body):
    """Settings of the "look busy" mode, to send."""

    enabled: bool
    look_busy_percentage: float = msgspec.field(name="LookBusyPercentage")


class LocationConfiguration(Response):
    """Where a meeting happens (`kind`, see LocationKind)."""

    kind: str | None = None
    location: str | None = None
    meeting_id: str | None = None


class LocationConfigurationInput(Body):
    """Where a meeting happens, to send."""

    kind: str
    location: str | UnsetType = UNSET


class TeamMember(Response):
    """A team member of a calendar."""

    user_id: str | None = None
    priority: float | None = None
    meeting_location_type: str | None = None
    meeting_location: str | None = None
    is_primary: bool | None = None
    location_configurations: list[LocationConfiguration] | None = None


class TeamMemberInput(Body):
    """A team member to send (`priority`: 0, 0.5 or 1)."""

    user_id: str
    priority: float | UnsetType = UNSET
    meeting_location_type: str | UnsetType = UNSET
    meeting_location: str | UnsetType = UNSET
    is_primary: bool | UnsetType = UNSET
    location_configurations: list[LocationConfigurationInput] | UnsetType = UNSET


class CalendarNotification(Response):
    """A calendar's built-in notification settings (not the `notifications` service)."""

    type: str | None = None
    should_send_to_contact: bool | None = None
    should_send_to_guest: bool | None = None
    should_send_to_user: bool | None = None
    should_send_to_selected_users: bool | None = None
    selected_users: str | None = None


class CalendarNotificationInput(Body):
    """Built-in notification settings to send (`selected_users`: comma-separated emails)."""

    should_send_to_contact: bool
    should_send_to_guest: bool
    should_send_to_user: bool
    should_send_to_selected_users: bool
    selected_users: str
    type: str | UnsetType = UNSET
