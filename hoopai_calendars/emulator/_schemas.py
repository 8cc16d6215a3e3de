"""Request-body schemas, transcribed from the upstream OpenAPI spec (apps/calendars.json).

Each body lists its required fields and, per field, the JSON type and the allowed string
values; the emulator validates bodies against these the way the API's ValidationPipe does.
`NUMBER_RANGES` and `NESTED` add what the emulator needs so that no accepted body can leave
its own state unusable (the free-slot engine and the booking checks rely on them).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..models.calendar_settings import (
    AvailabilityInput,
    LocationConfigurationInput,
    OpenHourInput,
    TeamMemberInput,
)
from ..models.notifications import NotificationTimingInput
from ..models.schedules import ScheduleRuleInput

__all__ = ["BODIES", "MAX_DURATION", "MAX_SAFE_INTEGER", "NESTED", "NUMBER_RANGES", "BodySchema"]


class BodySchema(NamedTuple):
    """One request body: required field names and field -> (JSON type, allowed values)."""

    required: tuple[str, ...]
    fields: dict[str, tuple[str, tuple[str, ...]]]


# What a calendar body may carry; create also takes `locationId` and `calendarType`.
_CALENDAR_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "isActive": ("boolean", ()),
    "notifications": ("array", ()),
    "groupId": ("string", ()),
    "teamMembers": ("array", ()),
    "eventType": (
        "string",
        ("RoundRobin_OptimizeForAvailability", "RoundRobin_OptimizeForEqualDistribution"),
    ),
    "name": ("string", ()),
    "description": ("string", ()),
    "slug": ("string", ()),
    "widgetSlug": ("string", ()),
    "widgetType": ("string", ("default", "classic")),
    "eventTitle": ("string", ()),
    "eventColor": ("string", ()),
    "meetingLocation": ("string", ()),
    "locationConfigurations": ("array", ()),
    "slotDuration": ("number", ()),
    "slotDurationUnit": ("string", ("mins", "hours")),
    "slotInterval": ("number", ()),
    "slotIntervalUnit": ("string", ("mins", "hours")),
    "slotBuffer": ("number", ()),
    "slotBufferUnit": ("string", ("mins", "hours")),
    "preBuffer": ("number", ()),
    "preBufferUnit": ("string", ("mins", "hours")),
    "appoinmentPerSlot": ("number", ()),
    "appoinmentPerDay": ("number", ()),
    "allowBookingAfter": ("number", ()),
    "allowBookingAfterUnit": ("string", ("hours", "days", "weeks", "months")),
    "allowBookingFor": ("number", ()),
    "allowBookingForUnit": ("string", ("days", "weeks", "months")),
    "openHours": ("array", ()),
    "enableRecurring": ("boolean", ()),
    "recurring": ("object", ()),
    "formId": ("string", ()),
    "stickyContact": ("boolean", ()),
    "isLivePaymentMode": ("boolean", ()),
    "autoConfirm": ("boolean", ()),
    "shouldSendAlertEmailsToAssignedMember": ("boolean", ()),
    "alertEmail": ("string", ()),
    "googleInvitationEmails": ("boolean", ()),
    "allowReschedule": ("boolean", ()),
    "allowCancellation": ("boolean", ()),
    "shouldAssignContactToTeamMember": ("boolean", ()),
    "shouldSkipAssigningContactForExisting": ("boolean", ()),
    "notes": ("string", ()),
    "pixelId": ("string", ()),
    "formSubmitType": ("string", ("RedirectURL", "ThankYouMessage")),
    "formSubmitRedirectURL": ("string", ()),
    "formSubmitThanksMessage": ("string", ()),
    "availabilityType": ("number", ()),
    "availabilities": ("array", ()),
    "guestType": ("string", ("count_only", "collect_detail")),
    "consentLabel": ("string", ()),
    "calendarCoverImage": ("string", ()),
    "lookBusyConfig": ("object", ()),
}

BODIES: dict[str, BodySchema] = {
    "CalendarCreateDTO": BodySchema(
        required=("locationId", "name"),
        fields={
            "locationId": ("string", ()),
            "calendarType": (
                "string",
                (
                    "round_robin",
                    "event",
                    "class_booking",
                    "collective",
                    "service_booking",
                    "personal",
                ),
            ),
            **_CALENDAR_FIELDS,
        },
    ),
    "CalendarUpdateDTO": BodySchema(required=(), fields=_CALENDAR_FIELDS),
    "GroupCreateDTO": BodySchema(
        required=("locationId", "name", "description", "slug"),
        fields={
            "locationId": ("string", ()),
            "name": ("string", ()),
            "description": ("string", ()),
            "slug": ("string", ()),
            "isActive": ("boolean", ()),
        },
    ),
    "GroupUpdateDTO": BodySchema(
        required=("name", "description", "slug"),
        fields={
            "name": ("string", ()),
            "description": ("string", ()),
            "slug": ("string", ()),
        },
    ),
    "ValidateGroupSlugPostBody": BodySchema(
        required=("locationId", "slug"),
        fields={
            "locationId": ("string", ()),
            "slug": ("string", ()),
        },
    ),
    "GroupStatusUpdateParams": BodySchema(
        required=("isActive",),
        fields={
            "isActive": ("boolean", ()),
        },
    ),
    "AppointmentCreateSchema": BodySchema(
        required=("calendarId", "locationId", "contactId", "startTime"),
        fields={
            "title": ("string", ()),
            "meetingLocationType": (
                "string",
                ("custom", "zoom", "gmeet", "phone", "address", "ms_teams", "google"),
            ),
            "meetingLocationId": ("string", ()),
            "overrideLocationConfig": ("boolean", ()),
            "appointmentStatus": (
                "string",
                ("new", "confirmed", "cancelled", "showed", "noshow", "invalid"),
            ),
            "assignedUserId": ("string", ()),
            "description": ("string", ()),
            "address": ("string", ()),
            "ignoreDateRange": ("boolean", ()),
            "toNotify": ("boolean", ()),
            "ignoreFreeSlotValidation": ("boolean", ()),
            "rrule": ("string", ()),
            "calendarId": ("string", ()),
            "locationId": ("string", ()),
            "contactId": ("string", ()),
            "startTime": ("string", ()),
            "endTime": ("string", ()),
        },
    ),
    "BlockSlotCreateRequestDTO": BodySchema(
        required=("calendarId", "locationId"),
        fields={
            "title": ("string", ()),
            "calendarId": ("string", ()),
            "assignedUserId": ("string", ()),
            "locationId": ("string", ()),
            "startTime": ("string", ()),
            "endTime": ("string", ()),
        },
    ),
    "BlockSlotEditRequestDTO": BodySchema(
        required=("calendarId", "locationId"),
        fields={
            "title": ("string", ()),
            "calendarId": ("string", ()),
            "assignedUserId": ("string", ()),
            "locationId": ("string", ()),
            "startTime": ("string", ()),
            "endTime": ("string", ()),
        },
    ),
    "NotesDTO": BodySchema(
        required=("body",),
        fields={
            "userId": ("string", ()),
            "body": ("string", ()),
        },
    ),
    "CreateCalendarResourceDTO": BodySchema(
        required=(
            "locationId",
            "name",
            "description",
            "quantity",
            "outOfService",
            "capacity",
            "calendarIds",
        ),
        fields={
            "locationId": ("string", ()),
            "name": ("string", ()),
            "description": ("string", ()),
            "quantity": ("number", ()),
            "outOfService": ("number", ()),
            "capacity": ("number", ()),
            "calendarIds": ("array", ()),
        },
    ),
    "UpdateCalendarResourceDTO": BodySchema(
        required=(),
        fields={
            "locationId": ("string", ()),
            "name": ("string", ()),
            "description": ("string", ()),
            "quantity": ("number", ()),
            "outOfService": ("number", ()),
            "capacity": ("number", ()),
            "calendarIds": ("array", ()),
            "isActive": ("boolean", ()),
        },
    ),
    "CreateCalendarNotificationDTO": BodySchema(
        required=("receiverType", "channel", "notificationType"),
        fields={
            "receiverType": (
                "string",
                ("contact", "guest", "assignedUser", "emails", "phoneNumbers", "business"),
            ),
            "channel": ("string", ("email", "inApp", "sms", "whatsapp")),
            "notificationType": (
                "string",
                ("booked", "confirmation", "cancellation", "reminder", "followup", "reschedule"),
            ),
            "isActive": ("boolean", ()),
            "templateId": ("string", ()),
            "body": ("string", ()),
            "subject": ("string", ()),
            "afterTime": ("array", ()),
            "beforeTime": ("array", ()),
            "additionalEmailIds": ("array", ()),
            "additionalPhoneNumbers": ("array", ()),
            "selectedUsers": ("array", ()),
            "fromAddress": ("string", ()),
            "fromName": ("string", ()),
            "fromNumber": ("string", ()),
        },
    ),
    "UpdateCalendarNotificationsDTO": BodySchema(
        required=(),
        fields={
            "receiverType": (
                "string",
                ("contact", "guest", "assignedUser", "emails", "phoneNumbers", "business"),
            ),
            "additionalEmailIds": ("array", ()),
            "additionalPhoneNumbers": ("array", ()),
            "selectedUsers": ("array", ()),
            "channel": ("string", ("email", "inApp", "sms", "whatsapp")),
            "notificationType": (
                "string",
                ("booked", "confirmation", "cancellation", "reminder", "followup", "reschedule"),
            ),
            "isActive": ("boolean", ()),
            "deleted": ("boolean", ()),
            "templateId": ("string", ()),
            "body": ("string", ()),
            "subject": ("string", ()),
            "afterTime": ("array", ()),
            "beforeTime": ("array", ()),
            "fromAddress": ("string", ()),
            "fromNumber": ("string", ()),
            "fromName": ("string", ()),
        },
    ),
    "CreateScheduleDTO": BodySchema(
        required=("timezone", "locationId", "name", "userId"),
        fields={
            "rules": ("array", ()),
            "timezone": ("string", ()),
            "locationId": ("string", ()),
            "name": ("string", ()),
            "userId": ("string", ()),
            "calendarIds": ("array", ()),
        },
    ),
    "UpdateScheduleDTO": BodySchema(
        required=(),
        fields={
            "name": ("string", ()),
            "rules": ("array", ()),
            "timezone": ("string", ()),
        },
    ),
}

# The update body is the create body's, less what an appointment cannot move to.
BODIES["AppointmentEditSchema"] = BodySchema(
    required=(),
    fields={
        name: kind
        for name, kind in BODIES["AppointmentCreateSchema"].fields.items()
        if name not in ("contactId", "locationId")
    },
)

# One year in minutes: the longest duration, buffer, notice or window a calendar (or a
# notification's timing) may hold, in whatever unit the field names. Even in hours (60 years)
# a slot that starts in the engine's years 1000-9000 ends where `datetime` still works; a
# notice or window in months past `datetime` is read by the engine as "far away".
MAX_DURATION = 525_600
# Largest integer a JSON number keeps exactly (2**53 - 1): beyond it JavaScript loses digits,
# so the API cannot have meant it, and the emulator refuses it for every `number` field.
MAX_SAFE_INTEGER = 9_007_199_254_740_991

# Field name -> inclusive (min, max) for `number` fields whose range the engine depends on.
# Zero or negative durations and intervals would offer no slots or loop forever; capacities
# below 1 would make every slot full.
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "slotDuration": (1, MAX_DURATION),
    "slotInterval": (1, MAX_DURATION),
    "slotBuffer": (0, MAX_DURATION),
    "preBuffer": (0, MAX_DURATION),
    "allowBookingAfter": (0, MAX_DURATION),
    "allowBookingFor": (0, MAX_DURATION),
    "appoinmentPerSlot": (1, 10_000),
    "appoinmentPerDay": (0, 10_000),
    "availabilityType": (0, 1),
    "quantity": (0, 1_000_000),
    "outOfService": (0, 1_000_000),
    "capacity": (0, 1_000_000),
}

# Field name -> the model type its value must convert to (nested objects the emulator reads
# back later: team members, open hours, schedule rules, notification timings, id lists).
NESTED: dict[str, Any] = {
    "teamMembers": list[TeamMemberInput],
    "locationConfigurations": list[LocationConfigurationInput],
    "openHours": list[OpenHourInput],
    "availabilities": list[AvailabilityInput],
    "rules": list[ScheduleRuleInput],
    "afterTime": list[NotificationTimingInput],
    "beforeTime": list[NotificationTimingInput],
    "calendarIds": list[str],
    "additionalEmailIds": list[str],
    "additionalPhoneNumbers": list[str],
    "selectedUsers": list[str],
}
