"""Every endpoint of the table, through both faces (async and sync), against respx as the server.

Each case calls one generated method and checks the exact request that went out (method,
percent-encoded path, query pairs, headers, JSON body) and the decoded Python value of a
response shaped like the spec's examples. The focused tests below cover input refused
before sending, percent-encoding, and how error answers map onto typed exceptions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import respx

from hoopai_calendars import (
    ENDPOINTS,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SlotUnavailableError,
    UnprocessableEntityError,
    ValidationError,
)
from hoopai_calendars.models import (
    UNSET,
    Appointment,
    AppointmentCreate,
    AppointmentUpdate,
    BlockedSlot,
    BlockSlotCreate,
    BlockSlotUpdate,
    Calendar,
    CalendarCreate,
    CalendarUpdate,
    DeleteResult,
    Event,
    FreeSlots,
    Group,
    GroupCreate,
    GroupSlugValidation,
    GroupStatusUpdate,
    GroupUpdate,
    HourInput,
    LookBusyConfigInput,
    MessageResult,
    Note,
    NoteBody,
    NotesPage,
    Notification,
    NotificationCreate,
    NotificationTimingInput,
    NotificationUpdate,
    OpenHourInput,
    Resource,
    ResourceCreate,
    ResourceUpdate,
    Schedule,
    ScheduleCreate,
    ScheduleIntervalInput,
    ScheduleRuleInput,
    ScheduleUpdate,
    SlugAvailability,
    SuccessResult,
    TeamMemberInput,
)
from tests.support.faces import (
    TOKEN,
    Face,
    face_fixture,  # noqa: F401 - a fixture, used by name
    only_request,
    raw_path,
    router_fixture,  # noqa: F401 - a fixture, used by name
    serve,
)
from tests.support.seed import seed_endpoints

GET, POST, PUT, DELETE = "GET", "POST", "PUT", "DELETE"

LOC = "ocQHyuzHvysMo5N5VsXc"
CAL = "BqTwX8QFwXzpegMve9EQ"
GRP = "9NkT25Vor1v4aQatFsv2"
USR = "YlWd2wuCAZQzh2cH1fVZ"
USR2 = "TUcmRxWrjqzJS8EjkxNK"
CONTACT = "0007BWpSzSwfiuSl0tR2"
EVT = "0TkCdp9PfvLeWKYRRvIz"
NOTE_ID = "HGPcayliwcdoUFzvbTok"
RES = "Jsj0xnlDDjw0SuvX1J13"
NOTIF = "65f1c0ffee0ddba11c0ffee0"
SCH = "IkqiJlXJ7o9h61tCHHod"

CHICAGO = timezone(timedelta(hours=-5))  # CDT, as in the spec's free-slot example
KOLKATA = timezone(timedelta(hours=5, minutes=30))
SLOTS_FROM = datetime(2024, 10, 28, tzinfo=CHICAGO)  # 2024-10-28T05:00:00Z
SLOTS_FROM_MS = 1_730_091_600_000
SLOTS_TO_MS = 1_730_696_400_000  # seven days later
EVENTS_FROM = datetime(2023, 9, 25, tzinfo=KOLKATA)  # 2023-09-24T18:30:00Z
EVENTS_FROM_MS = 1_695_580_200_000
EVENTS_TO_MS = 1_695_666_600_000  # one day later
SLOT = "2024-10-28T10:00:00-05:00"  # a free-slot string, to be sent back verbatim

# -- response records, shaped like the spec's examples -----------------------------------

CALENDAR = {
    "id": CAL,
    "locationId": LOC,
    "groupId": GRP,
    "name": "test calendar",
    "description": "this is used for testing",
    "slug": "test1",
    "widgetSlug": "test1",
    "calendarType": "round_robin",
    "widgetType": "classic",
    "isActive": True,
    "teamMembers": [
        {
            "userId": USR,
            "priority": 0.5,
            "meetingLocationType": "custom",
            "isPrimary": True,
            "locationConfigurations": [{"kind": "custom", "meetingId": "my_conference_id"}],
        }
    ],
    "slotDuration": 30,
    "slotDurationUnit": "mins",
    "appoinmentPerSlot": 1,  # sic: the API's own spelling
    "openHours": [
        {
            "daysOfTheWeek": [1, 2, 3],
            "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 30}],
        }
    ],
    "formSubmitRedirectURL": "https://example.com/thanks",
    "lookBusyConfig": {"enabled": True, "LookBusyPercentage": 20},
    "someFieldAddedLater": {"ignored": True},
}
GROUP = {
    "id": GRP,
    "locationId": LOC,
    "name": "group a",
    "description": "group description",
    "slug": "15-mins",
    "isActive": True,
}
EVENT = {
    "id": EVT,
    "address": "https://meet.google.com/yqp-gogr-wve",
    "title": "Appointment with GHL Dev team",
    "calendarId": CAL,
    "locationId": LOC,
    "contactId": CONTACT,
    "groupId": GRP,
    "appointmentStatus": "confirmed",
    "assignedUserId": USR,
    "users": [USR, USR2],
    "notes": "Some dummy note",
    "isRecurring": False,
    "startTime": "2023-09-25T16:00:00+05:30",
    "endTime": "2023-09-25T16:30:00+05:30",
    "dateAdded": "2023-09-20T10:00:00+05:30",
    "assignedResources": [RES],
    "createdBy": {"userId": USR, "source": "third_party"},
    "masterEventId": "ocWd2wuBGAQzh2cH1fSZ",
}
BLOCKED_EVENT = {
    "id": "blk-1",
    "title": "Lunch",
    "calendarId": CAL,
    "locationId": LOC,
    "assignedUserId": USR,
    "startTime": "2023-09-25T13:00:00+05:30",
    "endTime": "2023-09-25T14:00:00+05:30",
}
APPOINTMENT = {
    "id": EVT,
    "calendarId": CAL,
    "locationId": LOC,
    "contactId": CONTACT,
    "startTime": SLOT,
    "endTime": "2024-10-28T10:30:00-05:00",
    "title": "Test Event",
    "meetingLocationType": "custom",
    "appointmentStatus": "confirmed",
    "assignedUserId": USR,
    "address": "Zoom",
    "isRecurring": False,
}
BLOCKED_SLOT = {
    "id": EVT,
    "locationId": LOC,
    "title": "My event",
    "startTime": "2021-06-23T03:30:00+05:30",
    "endTime": "2021-06-23T04:30:00+05:30",
    "calendarId": CAL,
}
NOTE = {
    "id": NOTE_ID,
    "body": "lorem ipsum",
    "userId": USR2,
    "dateAdded": "2021-07-08T12:02:11.285Z",
    "contactId": CONTACT,
    "createdBy": {"id": USR2, "name": "John Doe"},
}
RESOURCE = {
    "id": RES,
    "locationId": LOC,
    "name": "yoga room",
    "resourceType": "rooms",
    "isActive": True,
    "description": "the big one",
    "quantity": 1,
    "outOfService": 0,
    "capacity": 85,
    "calendarIds": [CAL, "oCM5feFC86FAAbcO7lJK"],
}
NOTIFICATION = {
    "_id": NOTIF,
    "receiverType": "contact",
    "additionalEmailIds": ["example1@email.com", "example2@email.com"],
    "channel": "email",
    "notificationType": "confirmation",
    "isActive": True,
    "templateId": "0as9d8as0d",
    "body": "This is a test notification",
    "subject": "Test Notification",
    "afterTime": [{"timeOffset": 1, "unit": "hours"}],
    "beforeTime": [{"timeOffset": 1, "unit": "hours"}],
    "selectedUsers": ["user1", "user2"],
    "deleted": False,
}
SCHEDULE = {
    "id": SCH,
    "name": "Business Hours Schedule",
    "locationId": LOC,
    "userId": USR,
    "rules": [{"type": "wday", "day": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]}],
    "timezone": "America/New_York",
    "dateAdded": "2023-01-15T10:30:00.000Z",
    "dateUpdated": "2023-01-20T14:45:00.000Z",
    "calendarIds": [CAL],
    "deleted": False,
}
FREE_SLOTS = {
    "2024-10-28": {"slots": [SLOT, "2024-10-28T11:00:00-05:00"]},
    "2024-10-29": {"slots": ["2024-10-29T10:00:00-05:00", "2024-10-29T14:30:00-05:00"]},
    "traceId": "8a1f4e0c-trace",
}
SUCCESS = {"success": True}


@dataclass(frozen=True)
class Case:
    """One call and what must go over the wire and come back.

    `body` is the expected JSON body (None: no body); `expect` maps a dotted path into
    the result ("0.team_members.0.priority") to the exact value, type included.
    """

    op: str
    args: tuple[Any, ...]
    method: str
    path: str
    reply: Any
    returns: type
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    query: tuple[tuple[str, str], ...] = ()
    body: Any = None
    status: int = 200
    item: type | None = None
    expect: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.op}-{self.label}" if self.label else self.op


CASES = [
    # -- calendars -------------------------------------------------------------------------
    Case(
        "calendars.list", (), GET, "/calendars/", {"calendars": [CALENDAR], "traceId": "t-1"},
        list, item=Calendar,
        kwargs={"location_id": LOC, "group_id": GRP, "show_drafted": True},
        query=(("locationId", LOC), ("groupId", GRP), ("showDrafted", "true")),
        expect={
            "0.id": CAL, "0.name": "test calendar", "0.team_members.0.priority": 0.5,
            "0.team_members.0.location_configurations.0.meeting_id": "my_conference_id",
            "0.appointment_per_slot": 1, "0.open_hours.0.hours.0.close_minute": 30,
            "0.form_submit_redirect_url": "https://example.com/thanks",
            "0.look_busy_config.look_busy_percentage": 20.0, "0.appointment_per_day": None,
        },
    ),
    Case(
        "calendars.create",
        (
            CalendarCreate(
                location_id=LOC, name="Demo", calendar_type="round_robin", slot_duration=30,
                slot_duration_unit="mins", appointment_per_slot=2,
                team_members=[TeamMemberInput(user_id=USR, priority=1.0, is_primary=True)],
                open_hours=[OpenHourInput(days_of_the_week=[1, 5], hours=[HourInput(
                    open_hour=9, open_minute=0, close_hour=17, close_minute=0)])],
                form_submit_redirect_url="https://example.com/thanks",
                look_busy_config=LookBusyConfigInput(enabled=True, look_busy_percentage=25.0),
            ),
        ),
        POST, "/calendars/", {"calendar": CALENDAR}, Calendar,
        body={
            "locationId": LOC, "name": "Demo", "calendarType": "round_robin", "slotDuration": 30,
            "slotDurationUnit": "mins", "appoinmentPerSlot": 2,
            "teamMembers": [{"userId": USR, "priority": 1.0, "isPrimary": True}],
            "openHours": [{"daysOfTheWeek": [1, 5], "hours": [
                {"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 0}]}],
            "formSubmitRedirectURL": "https://example.com/thanks",
            "lookBusyConfig": {"enabled": True, "LookBusyPercentage": 25.0},
        },
        expect={"id": CAL, "slug": "test1"},
    ),
    Case(
        "calendars.get", (CAL,), GET, f"/calendars/{CAL}", {"calendar": CALENDAR}, Calendar,
        expect={"id": CAL, "team_members.0.user_id": USR, "is_active": True},
    ),
    Case(
        "calendars.update",
        (CAL, CalendarUpdate(name="Renamed", description=None, slot_interval=15, form_id=UNSET)),
        PUT, f"/calendars/{CAL}", {"calendar": {**CALENDAR, "name": "Renamed"}}, Calendar,
        body={"name": "Renamed", "description": None, "slotInterval": 15},
        expect={"name": "Renamed"},
    ),
    Case(
        "calendars.delete", (CAL,), DELETE, f"/calendars/{CAL}", SUCCESS, SuccessResult,
        expect={"success": True},
    ),
    Case(
        "calendars.free_slots", (CAL,), GET, f"/calendars/{CAL}/free-slots", FREE_SLOTS, FreeSlots,
        kwargs={
            "start_date": SLOTS_FROM, "end_date": SLOTS_FROM + timedelta(days=7),
            "timezone": "America/Chicago", "user_ids": [USR, USR2],
        },
        query=(
            ("startDate", str(SLOTS_FROM_MS)), ("endDate", str(SLOTS_TO_MS)),
            ("timezone", "America/Chicago"), ("userIds", USR), ("userIds", USR2),
        ),
        expect={
            "days": {
                "2024-10-28": [SLOT, "2024-10-28T11:00:00-05:00"],
                "2024-10-29": ["2024-10-29T10:00:00-05:00", "2024-10-29T14:30:00-05:00"],
            },
            "trace_id": "8a1f4e0c-trace",
        },
    ),
    # -- groups ----------------------------------------------------------------------------
    Case(
        "groups.list", (), GET, "/calendars/groups", {"groups": [GROUP]}, list, item=Group,
        kwargs={"location_id": LOC}, query=(("locationId", LOC),),
        expect={"0.slug": "15-mins", "0.is_active": True},
    ),
    Case(
        "groups.create",
        (GroupCreate(location_id=LOC, name="group a", description="d", slug="15-mins"),),
        POST, "/calendars/groups", {"group": GROUP}, Group, status=201,
        body={"locationId": LOC, "name": "group a", "description": "d", "slug": "15-mins"},
        expect={"id": GRP},
    ),
    Case(
        "groups.validate_slug", (GroupSlugValidation(location_id=LOC, slug="15-mins"),),
        POST, "/calendars/groups/validate-slug", {"available": False}, SlugAvailability,
        body={"locationId": LOC, "slug": "15-mins"}, expect={"available": False},
    ),
    Case(
        "groups.get", (GRP,), GET, f"/calendars/groups/{GRP}", {"group": GROUP}, Group,
        expect={"name": "group a", "location_id": LOC},
    ),
    Case(
        "groups.update", (GRP, GroupUpdate(name="group b", description="", slug="30-mins")),
        PUT, f"/calendars/groups/{GRP}", {"group": {**GROUP, "name": "group b"}}, Group,
        body={"name": "group b", "description": "", "slug": "30-mins"},
        expect={"name": "group b"},
    ),
    Case(
        "groups.delete", (GRP,), DELETE, f"/calendars/groups/{GRP}", SUCCESS, SuccessResult,
        expect={"success": True},
    ),
    Case(
        "groups.set_status", (GRP, GroupStatusUpdate(is_active=False)),
        PUT, f"/calendars/groups/{GRP}/status", SUCCESS, SuccessResult,
        body={"isActive": False}, expect={"success": True},
    ),
    # -- events, appointments, blocked slots -----------------------------------------------
    Case(
        "events.list", (), GET, "/calendars/events", {"events": [EVENT], "traceId": "t-2"},
        list, item=Event,
        kwargs={
            "location_id": LOC, "calendar_id": CAL,
            "start_time": EVENTS_FROM, "end_time": EVENTS_FROM + timedelta(days=1),
        },
        query=(
            ("locationId", LOC), ("calendarId", CAL),
            ("startTime", str(EVENTS_FROM_MS)), ("endTime", str(EVENTS_TO_MS)),
        ),
        expect={
            "0.id": EVT, "0.start_time": "2023-09-25T16:00:00+05:30", "0.users": [USR, USR2],
            "0.created_by.source": "third_party", "0.is_recurring": False,
        },
    ),
    Case(
        "blocked_slots.list", (), GET, "/calendars/blocked-slots", {"events": [BLOCKED_EVENT]},
        list, item=Event,
        kwargs={
            "location_id": LOC, "user_id": USR,
            "start_time": EVENTS_FROM_MS, "end_time": EVENTS_TO_MS,
        },
        query=(
            ("locationId", LOC), ("userId", USR),
            ("startTime", str(EVENTS_FROM_MS)), ("endTime", str(EVENTS_TO_MS)),
        ),
        expect={"0.title": "Lunch", "0.assigned_user_id": USR, "0.contact_id": None},
    ),
    Case(
        "appointments.create",
        (
            AppointmentCreate(
                calendar_id=CAL, location_id=LOC, contact_id=CONTACT, start_time=SLOT,
                end_time="2024-10-28T10:30:00-05:00", title="Test Event",
                appointment_status="confirmed", to_notify=False,
            ),
        ),
        POST, "/calendars/events/appointments", APPOINTMENT, Appointment,
        body={
            "calendarId": CAL, "locationId": LOC, "contactId": CONTACT, "startTime": SLOT,
            "endTime": "2024-10-28T10:30:00-05:00", "title": "Test Event",
            "appointmentStatus": "confirmed", "toNotify": False,
        },
        expect={"id": EVT, "start_time": SLOT, "appointment_status": "confirmed"},
    ),
    Case(
        "appointments.get", (EVT,), GET, f"/calendars/events/appointments/{EVT}",
        {"event": EVENT}, Event, label="event-key",
        expect={"id": EVT, "calendar_id": CAL, "assigned_resources": [RES]},
    ),
    Case(
        "appointments.get", (EVT,), GET, f"/calendars/events/appointments/{EVT}",
        {"appointment": {**EVENT, "title": "live"}, "traceId": "t-3"}, Event,
        label="appointment-key", expect={"id": EVT, "title": "live"},
    ),
    Case(
        "appointments.update",
        (EVT, AppointmentUpdate(start_time=SLOT, title=None, appointment_status="cancelled")),
        PUT, f"/calendars/events/appointments/{EVT}",
        {**APPOINTMENT, "appointmentStatus": "cancelled"}, Appointment,
        body={"startTime": SLOT, "title": None, "appointmentStatus": "cancelled"},
        expect={"appointment_status": "cancelled"},
    ),
    Case(
        "blocked_slots.create",
        (
            BlockSlotCreate(
                location_id=LOC, calendar_id=CAL, title="My event",
                start_time="2021-06-23T03:30:00+05:30", end_time="2021-06-23T04:30:00+05:30",
            ),
        ),
        POST, "/calendars/events/block-slots", BLOCKED_SLOT, BlockedSlot, status=201,
        body={
            "locationId": LOC, "calendarId": CAL, "title": "My event",
            "startTime": "2021-06-23T03:30:00+05:30", "endTime": "2021-06-23T04:30:00+05:30",
        },
        expect={"id": EVT, "calendar_id": CAL, "assigned_user_id": None},
    ),
    Case(
        "blocked_slots.update",
        (EVT, BlockSlotUpdate(location_id=LOC, title=None, end_time="2021-06-23T05:00:00+05:30")),
        PUT, f"/calendars/events/block-slots/{EVT}",
        {**BLOCKED_SLOT, "title": None, "endTime": "2021-06-23T05:00:00+05:30"}, BlockedSlot,
        status=201,
        body={"locationId": LOC, "title": None, "endTime": "2021-06-23T05:00:00+05:30"},
        expect={"title": None, "end_time": "2021-06-23T05:00:00+05:30"},
    ),
    Case(
        "events.delete", (EVT,), DELETE, f"/calendars/events/{EVT}", {"succeeded": True},
        DeleteResult, status=201, expect={"succeeded": True},
    ),
    # -- notes -----------------------------------------------------------------------------
    Case(
        "notes.list", (EVT,), GET, f"/calendars/appointments/{EVT}/notes",
        {"notes": [NOTE], "hasMore": True}, NotesPage,
        kwargs={"limit": 20, "offset": 40}, query=(("limit", "20"), ("offset", "40")),
        expect={"has_more": True, "notes.0.id": NOTE_ID, "notes.0.created_by.name": "John Doe"},
    ),
    Case(
        "notes.create", (EVT, NoteBody(body="Bring ID", user_id=USR2)),
        POST, f"/calendars/appointments/{EVT}/notes", {"note": NOTE}, Note, status=201,
        body={"body": "Bring ID", "userId": USR2}, expect={"id": NOTE_ID, "user_id": USR2},
    ),
    Case(
        "notes.update", (EVT, NOTE_ID, NoteBody(body="lorem ipsum")),
        PUT, f"/calendars/appointments/{EVT}/notes/{NOTE_ID}", {"note": NOTE}, Note,
        body={"body": "lorem ipsum"},
        expect={"body": "lorem ipsum", "date_added": "2021-07-08T12:02:11.285Z"},
    ),
    Case(
        "notes.delete", (EVT, NOTE_ID), DELETE, f"/calendars/appointments/{EVT}/notes/{NOTE_ID}",
        SUCCESS, SuccessResult, expect={"success": True},
    ),
    # -- resources -------------------------------------------------------------------------
    Case(
        "resources.list", ("rooms",), GET, "/calendars/resources/rooms", [RESOURCE],
        list, item=Resource,
        kwargs={"location_id": LOC, "limit": 10, "skip": 20},
        query=(("locationId", LOC), ("limit", "10"), ("skip", "20")),
        expect={"0.id": RES, "0.capacity": 85, "0.calendar_ids.1": "oCM5feFC86FAAbcO7lJK"},
    ),
    Case(
        "resources.create",
        (
            "equipments",
            ResourceCreate(
                location_id=LOC, name="projector", description="4k", quantity=3,
                out_of_service=1, capacity=0, calendar_ids=[CAL],
            ),
        ),
        POST, "/calendars/resources/equipments",
        {**RESOURCE, "name": "projector", "resourceType": "equipments"}, Resource, status=201,
        body={
            "locationId": LOC, "name": "projector", "description": "4k", "quantity": 3,
            "outOfService": 1, "capacity": 0, "calendarIds": [CAL],
        },
        expect={"name": "projector", "resource_type": "equipments"},
    ),
    Case(
        "resources.get", ("rooms", RES), GET, f"/calendars/resources/rooms/{RES}", RESOURCE,
        Resource, expect={"name": "yoga room", "out_of_service": 0, "is_active": True},
    ),
    Case(
        "resources.update",
        ("rooms", RES, ResourceUpdate(name="yoga room 2", description=None, capacity=90)),
        PUT, f"/calendars/resources/rooms/{RES}", {**RESOURCE, "capacity": 90}, Resource,
        body={"name": "yoga room 2", "description": None, "capacity": 90},
        expect={"capacity": 90},
    ),
    Case(
        "resources.delete", ("equipments", RES), DELETE, f"/calendars/resources/equipments/{RES}",
        SUCCESS, SuccessResult, expect={"success": True},
    ),
    # -- notifications ---------------------------------------------------------------------
    Case(
        "notifications.list", (CAL,), GET, f"/calendars/{CAL}/notifications", [NOTIFICATION],
        list, item=Notification,
        kwargs={"is_active": True, "deleted": False, "limit": 50, "skip": 0},
        query=(("isActive", "true"), ("deleted", "false"), ("limit", "50"), ("skip", "0")),
        expect={"0.id": NOTIF, "0.before_time.0.unit": "hours", "0.additional_phone_numbers": None},
    ),
    Case(
        "notifications.create",
        (
            CAL,
            [
                NotificationCreate(
                    receiver_type="contact", channel="email", notification_type="booked",
                    subject="Booked", body="See you soon",
                ),
                NotificationCreate(
                    receiver_type="assignedUser", channel="sms", notification_type="reminder",
                    before_time=[NotificationTimingInput(time_offset=1, unit="hours")],
                ),
            ],
        ),
        POST, f"/calendars/{CAL}/notifications",
        [NOTIFICATION, {**NOTIFICATION, "_id": "n-2", "channel": "sms"}], list,
        item=Notification,
        body=[
            {
                "receiverType": "contact", "channel": "email", "notificationType": "booked",
                "subject": "Booked", "body": "See you soon",
            },
            {
                "receiverType": "assignedUser", "channel": "sms", "notificationType": "reminder",
                "beforeTime": [{"timeOffset": 1, "unit": "hours"}],
            },
        ],
        expect={"1.id": "n-2", "1.channel": "sms"},
    ),
    Case(
        "notifications.get", (CAL, NOTIF), GET, f"/calendars/{CAL}/notifications/{NOTIF}",
        NOTIFICATION, Notification,
        expect={"id": NOTIF, "template_id": "0as9d8as0d", "after_time.0.time_offset": 1},
    ),
    Case(
        "notifications.update",
        (CAL, NOTIF, NotificationUpdate(is_active=False, subject=None)),
        PUT, f"/calendars/{CAL}/notifications/{NOTIF}", {"message": "Notification updated"},
        MessageResult, body={"isActive": False, "subject": None},
        expect={"message": "Notification updated"},
    ),
    Case(
        "notifications.delete", (CAL, NOTIF), DELETE, f"/calendars/{CAL}/notifications/{NOTIF}",
        {"message": "Notification deleted"}, MessageResult,
        expect={"message": "Notification deleted"},
    ),
    # -- schedules -------------------------------------------------------------------------
    Case(
        "schedules.list", (), GET, "/calendars/schedules/search", {"schedules": [SCHEDULE]},
        list, item=Schedule,
        kwargs={"location_id": LOC, "user_id": USR, "limit": 500, "skip": 0},
        query=(("locationId", LOC), ("userId", USR), ("limit", "500"), ("skip", "0")),
        expect={"0.rules.0.intervals.0.from_": "09:00", "0.rules.0.day": "monday"},
    ),
    Case(
        "schedules.create",
        (
            ScheduleCreate(
                location_id=LOC, user_id=USR, name="Business Hours Schedule",
                timezone="America/New_York", calendar_ids=[CAL],
                rules=[ScheduleRuleInput(type="wday", day="monday", intervals=[
                    ScheduleIntervalInput(from_="09:00", to="17:00")])],
            ),
        ),
        POST, "/calendars/schedules", {"schedule": SCHEDULE}, Schedule, status=201,
        body={
            "locationId": LOC, "userId": USR, "name": "Business Hours Schedule",
            "timezone": "America/New_York", "calendarIds": [CAL],
            "rules": [{"type": "wday", "day": "monday",
                       "intervals": [{"from": "09:00", "to": "17:00"}]}],
        },
        expect={"id": SCH, "calendar_ids": [CAL]},
    ),
    Case(
        "schedules.get", (SCH,), GET, f"/calendars/schedules/{SCH}", {"schedule": SCHEDULE},
        Schedule, expect={"timezone": "America/New_York", "deleted": False},
    ),
    Case(
        "schedules.update", (SCH, ScheduleUpdate(name="Summer hours")),
        PUT, f"/calendars/schedules/{SCH}", {"schedule": {**SCHEDULE, "name": "Summer hours"}},
        Schedule, body={"name": "Summer hours"}, expect={"name": "Summer hours"},
    ),
    Case(
        "schedules.delete", (SCH,), DELETE, f"/calendars/schedules/{SCH}", SUCCESS,
        SuccessResult, expect={"success": True},
    ),
    Case(
        "schedules.attach_calendar", (SCH, CAL), PUT,
        f"/calendars/schedules/{SCH}/associations/{CAL}", SUCCESS, SuccessResult,
        expect={"success": True},
    ),
    Case(
        "schedules.detach_calendar", (SCH, CAL), DELETE,
        f"/calendars/schedules/{SCH}/associations/{CAL}", SUCCESS, SuccessResult,
        expect={"success": True},
    ),
]  # fmt: skip


def pluck(value: Any, path: str) -> Any:
    """Follow a dotted path of attribute names and list indexes into a decoded value."""
    for part in path.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


def canonical(value: Any) -> str:
    """Spell JSON so that true and 1, or 1 and 1.0, differ."""
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_endpoint(face: Face, router: respx.MockRouter, case: Case) -> None:
    serve(router, case.status, json_body=case.reply)

    result = face.call(case.op, *case.args, **case.kwargs)

    request = only_request(router)
    assert request.method == case.method
    assert raw_path(request) == case.path
    assert sorted(request.url.params.multi_items()) == sorted(case.query)
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Version"] == "2021-07-28"
    assert request.headers["User-Agent"].startswith("hoopai-calendars-python/")
    if case.body is None:
        assert "Content-Type" not in request.headers
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        sent = json.loads(request.content)
        assert sent == case.body
        assert canonical(sent) == canonical(case.body)

    assert type(result) is case.returns
    if case.item is not None:
        assert isinstance(result, list)
        assert result, "expected a non-empty list"
        assert all(type(item) is case.item for item in result)
    for path, expected in case.expect.items():
        actual = pluck(result, path)
        assert (type(actual), actual) == (type(expected), expected), path


def test_cases_cover_every_row_of_the_table() -> None:
    assert [(row.method, row.path) for row in ENDPOINTS] == seed_endpoints()
    assert {case.op for case in CASES} == {row.name for row in ENDPOINTS}
    assert len({case.id for case in CASES}) == len(CASES)


def test_free_slots_keep_slot_strings_verbatim(face: Face, router: respx.MockRouter) -> None:
    serve(router, json_body=FREE_SLOTS)

    slots = face.call("calendars.free_slots", CAL, start_date=SLOTS_FROM_MS, end_date=SLOTS_TO_MS)

    # The offset stays as the API sent it; booking with a re-serialised slot is rejected.
    assert slots.first == SLOT
    assert len(slots.all) == 4
    assert "traceId" not in slots.days


# -- input refused before anything is sent ------------------------------------------------

BAD_IDS = [
    "", ".", "..", "%2e%2e", "%2E%2E", "a/b", "%2F", "a%2fb", "a\\b", "a\nb", "a\x00b", "\x7f",
]  # fmt: skip
# (operation, arguments with "?" where the bad id goes, the parameter's Python name)
ID_SLOTS: list[tuple[str, tuple[Any, ...], str]] = [
    ("calendars.get", ("?",), "calendar_id"),
    ("notes.update", (EVT, "?", NoteBody(body="x")), "note_id"),
    ("resources.delete", ("rooms", "?"), "resource_id"),
    ("schedules.detach_calendar", ("?", CAL), "schedule_id"),
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
@pytest.mark.parametrize(("op", "template", "param"), ID_SLOTS, ids=[s[0] for s in ID_SLOTS])
def test_bad_path_id_is_refused_before_sending(
    face: Face,
    router: respx.MockRouter,
    op: str,
    template: tuple[Any, ...],
    param: str,
    bad: str,
) -> None:
    serve(router, json_body=SUCCESS)
    args = tuple(bad if arg == "?" else arg for arg in template)

    with pytest.raises(ValidationError) as caught:
        face.call(op, *args)

    assert caught.value.param == param
    assert str(caught.value).startswith(f"{param}: ")
    assert caught.value.operation == op
    assert not router.calls


@pytest.mark.parametrize("kind", ["users", "Rooms", "room", "equipment", "rooms/..", ""])
def test_resource_type_must_be_equipments_or_rooms(
    face: Face, router: respx.MockRouter, kind: str
) -> None:
    serve(router, json_body=RESOURCE)

    with pytest.raises(ValidationError) as caught:
        face.call("resources.get", kind, RES)

    assert caught.value.param == "resource_type"
    assert not router.calls


def _free_slots(start: Any, end: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    return "calendars.free_slots", (CAL,), {"start_date": start, "end_date": end}


def _events(start: Any, end: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    kwargs = {"location_id": LOC, "calendar_id": CAL, "start_time": start, "end_time": end}
    return "events.list", (), kwargs


NAIVE = datetime(2024, 10, 28, 9, 0)
WINDOW_31_DAYS_MS = 31 * 24 * 3600 * 1000
REFUSED_INPUT = [
    pytest.param(*_free_slots(NAIVE, SLOTS_TO_MS), "start_date", id="naive-start"),
    pytest.param(*_events(EVENTS_FROM, NAIVE), "end_time", id="naive-end"),
    pytest.param(*_free_slots(SLOTS_TO_MS, SLOTS_FROM_MS), "end_date", id="slots-end-first"),
    pytest.param(
        *_events(EVENTS_FROM, EVENTS_FROM - timedelta(minutes=1)), "end_time", id="events-end-first"
    ),
    pytest.param(
        *_free_slots(SLOTS_FROM_MS, SLOTS_FROM_MS + WINDOW_31_DAYS_MS + 1),
        "end_date",
        id="slots-31-days-and-1-ms",
    ),
    pytest.param(
        *_free_slots(SLOTS_FROM, SLOTS_FROM + timedelta(days=32)), "end_date", id="slots-32-days"
    ),
    pytest.param(*_free_slots(-1, SLOTS_FROM_MS), "start_date", id="negative-ms"),
    pytest.param("notes.list", (EVT,), {"limit": 21}, "limit", id="notes-limit-21"),
    pytest.param("notes.list", (EVT,), {"limit": 0}, "limit", id="notes-limit-0"),
    pytest.param("notes.list", (EVT,), {"limit": 5, "offset": -1}, "offset", id="notes-offset"),
    pytest.param(
        "schedules.list",
        (),
        {"location_id": LOC, "user_id": USR, "limit": 501},
        "limit",
        id="schedules-limit",
    ),
    pytest.param(
        "events.list",
        (),
        {"location_id": LOC, "start_time": 1, "end_time": 2},
        "calendar_id",
        id="events-without-owner",
    ),
    pytest.param(
        "calendars.create",
        (GroupCreate(location_id=LOC, name="a", description="b", slug="c"),),
        {},
        "body",
        id="body-of-another-row",
    ),
    pytest.param(
        "calendars.create", ({"locationId": LOC, "name": "a"},), {}, "body", id="body-as-dict"
    ),
    pytest.param(
        "notifications.create",
        (CAL, [NotificationUpdate(is_active=True)]),
        {},
        "body",
        id="list-body-of-wrong-items",
    ),
    pytest.param("calendars.update", (CAL, None), {}, "body", id="missing-body"),
]


@pytest.mark.parametrize(("op", "args", "kwargs", "param"), REFUSED_INPUT)
def test_bad_input_is_refused_before_sending(
    face: Face,
    router: respx.MockRouter,
    op: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    param: str,
) -> None:
    serve(router, json_body=SUCCESS)

    with pytest.raises(ValidationError) as caught:
        face.call(op, *args, **kwargs)

    assert caught.value.param == param
    assert caught.value.operation == op
    assert not router.calls


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (SLOTS_FROM_MS, SLOTS_FROM_MS + WINDOW_31_DAYS_MS),
        (SLOTS_FROM, SLOTS_FROM + timedelta(days=31)),
    ],
    ids=["ms", "datetime"],
)
def test_free_slot_window_of_exactly_31_days_is_sent(
    face: Face, router: respx.MockRouter, start: Any, end: Any
) -> None:
    serve(router, json_body={"traceId": "t"})

    slots = face.call("calendars.free_slots", CAL, start_date=start, end_date=end)

    sent = dict(only_request(router).url.params)
    assert sent == {
        "startDate": str(SLOTS_FROM_MS),
        "endDate": str(SLOTS_FROM_MS + WINDOW_31_DAYS_MS),
    }
    assert slots.days == {}
    assert slots.trace_id == "t"


@pytest.mark.parametrize(
    ("op", "args", "kwargs", "named"),
    [
        ("calendars.list", (), {"location_id": LOC, "locationId": LOC}, "locationId"),
        (
            "calendars.free_slots", (CAL,),
            {"start_date": 1, "end_date": 2, "user_idz": [USR]}, "user_idz",
        ),
        ("calendars.list", (), {}, "location_id"),
        ("schedules.list", (), {"location_id": LOC}, "user_id"),
        ("calendars.get", (), {}, "calendar_id"),
    ],
    ids=["unknown-camel", "unknown-typo", "missing-location", "missing-user", "missing-id"],
)  # fmt: skip
def test_unknown_or_missing_argument_is_a_type_error(
    face: Face,
    router: respx.MockRouter,
    op: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    named: str,
) -> None:
    serve(router, json_body=SUCCESS)

    with pytest.raises(TypeError, match=named):
        face.call(op, *args, **kwargs)

    assert not router.calls


def test_required_query_parameter_given_none_is_refused(
    face: Face, router: respx.MockRouter
) -> None:
    serve(router, json_body={"calendars": []})

    with pytest.raises(ValidationError) as caught:
        face.call("calendars.list", location_id=None)

    assert caught.value.param == "location_id"
    assert not router.calls


def test_single_notification_is_never_sent_as_a_bare_object(
    face: Face, router: respx.MockRouter
) -> None:
    serve(router, json_body=[NOTIFICATION])
    one = NotificationCreate(receiver_type="contact", channel="email", notification_type="booked")

    refused = False
    try:
        face.call("notifications.create", CAL, one)
    except ValidationError as exc:  # refusing it is as good as wrapping it in a list
        refused = exc.param == "body"
    if refused:
        assert not router.calls
    else:
        assert isinstance(json.loads(only_request(router).content), list)


# -- percent-encoding -----------------------------------------------------------------------

ODD_ID = "a b+c&d?e#f=g:h@é日;,$!*'()"
ODD_ID_ENCODED = "a%20b%2Bc%26d%3Fe%23f%3Dg%3Ah%40%C3%A9%E6%97%A5%3B%2C%24%21%2A%27%28%29"


def test_path_ids_are_percent_encoded_with_nothing_left_safe(
    face: Face, router: respx.MockRouter
) -> None:
    serve(router, json_body={"note": NOTE})

    face.call("notes.update", ODD_ID, "n 1|2", NoteBody(body="x"))

    path = raw_path(only_request(router))
    assert path == f"/calendars/appointments/{ODD_ID_ENCODED}/notes/n%201%7C2"


def test_query_values_are_encoded_and_arrive_intact(face: Face, router: respx.MockRouter) -> None:
    serve(router, json_body={"calendars": []})
    location = "loc/1 2&groupId=x#frag é"

    face.call("calendars.list", location_id=location)

    request = only_request(router)
    assert request.url.params.multi_items() == [("locationId", location)]
    assert b" " not in request.url.raw_path
    assert b"#" not in request.url.raw_path


# -- error answers --------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorCase:
    """An error answer to one call, and the typed exception it must become."""

    label: str
    op: str
    args: tuple[Any, ...]
    path: str  # the row's path template, which the exception must carry
    status: int
    reply: Any  # JSON, or bytes sent as they are
    error: type[APIStatusError]
    messages: tuple[str, ...]
    trace_id: str | None = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    content_type: str = "application/json"


BOOKING = AppointmentCreate(calendar_id=CAL, location_id=LOC, contact_id=CONTACT, start_time=SLOT)
SLOT_GONE = "The slot you have selected is no longer available."
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>"

ERROR_CASES = [
    ErrorCase(
        "400-slot", "appointments.create", (BOOKING,), "/calendars/events/appointments", 400,
        {"message": SLOT_GONE, "error": "Bad Request", "statusCode": 400, "traceId": "tr-400"},
        SlotUnavailableError, (SLOT_GONE,), "tr-400",
    ),
    ErrorCase(
        # A body the client's model allows (a negative duration it refuses unsent).
        "400-other", "calendars.update", (CAL, CalendarUpdate(slot_duration=7)),
        "/calendars/{calendarId}", 400,
        # The body's statusCode disagrees with the HTTP status; the HTTP status decides.
        {"statusCode": 422, "message": "slotDuration must be a multiple of 5", "traceId": "tr-4"},
        BadRequestError, ("slotDuration must be a multiple of 5",), "tr-4",
    ),
    ErrorCase(
        "401", "calendars.get", (CAL,), "/calendars/{calendarId}", 401,
        {"statusCode": 401, "message": "Invalid JWT", "error": "Unauthorized", "traceId": "tr-1"},
        AuthenticationError, ("Invalid JWT",), "tr-1",
    ),
    ErrorCase(
        "403", "groups.delete", (GRP,), "/calendars/groups/{groupId}", 403,
        {"message": "Forbidden resource", "error": "Forbidden", "statusCode": 403},
        PermissionDeniedError, ("Forbidden resource",),
    ),
    ErrorCase(
        "404", "notes.update", (EVT, NOTE_ID, NoteBody(body="x")),
        "/calendars/appointments/{appointmentId}/notes/{noteId}", 404,
        {"error": "Note with id HGPc not found", "status": 404, "traceId": "tr-404"},
        NotFoundError, ("Note with id HGPc not found",), "tr-404",
    ),
    ErrorCase(
        "409", "groups.create",
        (GroupCreate(location_id=LOC, name="a", description="b", slug="taken"),),
        "/calendars/groups", 409,
        {"statusCode": 409, "message": "Slug already exists", "traceId": "tr-409"},
        ConflictError, ("Slug already exists",), "tr-409",
    ),
    ErrorCase(
        "422-list", "schedules.update", (SCH, ScheduleUpdate(timezone="Mars/Base")),
        "/calendars/schedules/{id}", 422,
        {
            "statusCode": 422, "error": "Unprocessable Entity", "traceId": "tr-422",
            "message": ["timezone must be a valid IANA zone", "rules should not be empty"],
        },
        UnprocessableEntityError,
        ("timezone must be a valid IANA zone", "rules should not be empty"), "tr-422",
    ),
    ErrorCase(
        "429", "events.list", (), "/calendars/events", 429,
        {"statusCode": 429, "message": "Too Many Requests"}, RateLimitError,
        ("Too Many Requests",),
        kwargs={"location_id": LOC, "calendar_id": CAL, "start_time": 1, "end_time": 2},
    ),
    ErrorCase(
        "500", "calendars.list", (), "/calendars/", 500,
        {"statusCode": 500, "message": "Internal server error", "traceId": "tr-500"},
        ServerError, ("Internal server error",), "tr-500", kwargs={"location_id": LOC},
    ),
    ErrorCase(
        "502-html", "calendars.free_slots", (CAL,), "/calendars/{calendarId}/free-slots", 502,
        HTML_502, ServerError, (f"non-JSON error body (text/html, {len(HTML_502)} bytes)",),
        kwargs={"start_date": SLOTS_FROM_MS, "end_date": SLOTS_TO_MS}, content_type="text/html",
    ),
    ErrorCase(
        "404-empty", "resources.get", ("rooms", RES), "/calendars/resources/{resourceType}/{id}",
        404, b"", NotFoundError, ("Not Found (empty error body)",), content_type="",
    ),
]  # fmt: skip


def _serve_error(router: respx.MockRouter, case: ErrorCase) -> None:
    if isinstance(case.reply, bytes):
        headers = {"Content-Type": case.content_type} if case.content_type else {}
        serve(router, case.status, content=case.reply, headers=headers)
    else:
        serve(router, case.status, json_body=case.reply)


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.label for c in ERROR_CASES])
def test_error_answer_becomes_typed_exception(
    face: Face, router: respx.MockRouter, case: ErrorCase
) -> None:
    _serve_error(router, case)

    with pytest.raises(APIStatusError) as caught:
        face.call(case.op, *case.args, **case.kwargs)

    exc = caught.value
    assert type(exc) is case.error
    assert exc.status == case.status
    assert exc.messages == case.messages
    assert exc.trace_id == case.trace_id
    assert exc.operation == case.op
    assert exc.path == case.path
    assert exc.method == only_request(router).method  # and no retry: exactly one request
    text = str(exc)
    assert f"HTTP {case.status}" in text
    assert f"[{case.op}: {exc.method} {case.path}]" in text
    for message in case.messages:
        assert message in text
    assert TOKEN not in text
    assert TOKEN not in repr(exc)


def test_slot_unavailable_is_still_a_bad_request(face: Face, router: respx.MockRouter) -> None:
    serve(router, 400, json_body={"message": SLOT_GONE, "statusCode": 400})

    # Code written against the broader class keeps working.
    with pytest.raises(BadRequestError, match="no longer available"):
        face.call("appointments.create", BOOKING)


def test_empty_error_body_still_gives_a_message(face: Face, router: respx.MockRouter) -> None:
    serve(router, 404, content=b"")

    with pytest.raises(NotFoundError) as caught:
        face.call("resources.get", "rooms", RES)

    assert caught.value.message.strip()


def test_client_repr_never_shows_the_token(face: Face) -> None:
    text = face.client_repr()

    assert TOKEN not in text
    assert "services.leadconnectorhq.com" in text
