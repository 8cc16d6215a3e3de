"""Calendar notifications (email, SMS, WhatsApp, in-app): record, bodies and list query."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from ._base import Body, Duration, Query, Response, one_of
from .common import check_min

__all__ = [
    "Notification",
    "NotificationChannel",
    "NotificationCreate",
    "NotificationTiming",
    "NotificationTimingInput",
    "NotificationType",
    "NotificationUpdate",
    "NotificationsQuery",
    "ReceiverType",
]


class ReceiverType:
    """Values of `receiver_type`."""

    CONTACT = "contact"
    GUEST = "guest"
    ASSIGNED_USER = "assignedUser"
    EMAILS = "emails"
    PHONE_NUMBERS = "phoneNumbers"
    BUSINESS = "business"


class NotificationChannel:
    """Values of `channel`."""

    EMAIL = "email"
    IN_APP = "inApp"
    SMS = "sms"
    WHATSAPP = "whatsapp"


class NotificationType:
    """Values of `notification_type`."""

    BOOKED = "booked"
    CONFIRMATION = "confirmation"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    FOLLOWUP = "followup"
    RESCHEDULE = "reschedule"


# What the spec allows in bodies (responses stay `str`, so new values still decode).
Receiver = Annotated[
    str, one_of("contact", "guest", "assignedUser", "emails", "phoneNumbers", "business")
]
Channel = Annotated[str, one_of("email", "inApp", "sms", "whatsapp")]
Kind = Annotated[
    str, one_of("booked", "confirmation", "cancellation", "reminder", "followup", "reschedule")
]


class NotificationTiming(Response):
    """When a reminder or follow-up goes out, e.g. 1 "hours" before or after."""

    time_offset: int | None = None
    unit: str | None = None


class NotificationTimingInput(Body):
    """When a reminder or follow-up goes out, to send."""

    time_offset: Duration
    unit: str


class Notification(Response):
    """A calendar notification (spec `CalendarNotificationResponseDTO`; id is `_id` on the wire)."""

    id: str | None = msgspec.field(default=None, name="_id")
    receiver_type: str | None = None
    channel: str | None = None
    notification_type: str | None = None
    is_active: bool | None = None
    deleted: bool | None = None
    template_id: str | None = None
    body: str | None = None
    subject: str | None = None
    after_time: list[NotificationTiming] | None = None
    before_time: list[NotificationTiming] | None = None
    additional_email_ids: list[str] | None = None
    additional_phone_numbers: list[str] | None = None
    additional_whatsapp_numbers: list[str] | None = None
    selected_users: list[str] | None = None


class NotificationCreate(Body):
    """One item of the `notifications.create` body, which is a list."""

    receiver_type: Receiver
    channel: Channel
    notification_type: Kind
    is_active: bool | UnsetType = UNSET
    template_id: str | UnsetType = UNSET
    body: str | UnsetType = UNSET
    subject: str | UnsetType = UNSET
    after_time: list[NotificationTimingInput] | UnsetType = UNSET
    before_time: list[NotificationTimingInput] | UnsetType = UNSET
    additional_email_ids: list[str] | UnsetType = UNSET
    additional_phone_numbers: list[str] | UnsetType = UNSET
    selected_users: list[str] | UnsetType = UNSET
    from_address: str | UnsetType = UNSET
    from_name: str | UnsetType = UNSET
    from_number: str | UnsetType = UNSET


class NotificationUpdate(Body):
    """Body of `notifications.update`; text fields typed `... | None` may be cleared with None."""

    receiver_type: Receiver | UnsetType = UNSET
    channel: Channel | UnsetType = UNSET
    notification_type: Kind | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET
    deleted: bool | UnsetType = UNSET
    template_id: str | UnsetType | None = UNSET
    body: str | UnsetType | None = UNSET
    subject: str | UnsetType | None = UNSET
    after_time: list[NotificationTimingInput] | UnsetType = UNSET
    before_time: list[NotificationTimingInput] | UnsetType = UNSET
    additional_email_ids: list[str] | UnsetType = UNSET
    additional_phone_numbers: list[str] | UnsetType = UNSET
    selected_users: list[str] | UnsetType = UNSET
    from_address: str | UnsetType | None = UNSET
    from_name: str | UnsetType | None = UNSET
    from_number: str | UnsetType | None = UNSET


class NotificationsQuery(Query):
    """Query of `notifications.list` (the API defaults to limit 100, skip 0)."""

    is_active: bool | None = None
    deleted: bool | None = None
    limit: int | None = None
    skip: int | None = None

    def __post_init__(self) -> None:
        check_min("limit", self.limit, 1)
        check_min("skip", self.skip, 0)
