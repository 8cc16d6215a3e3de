"""THE TABLE: one row per endpoint of the Calendars API (42), in the seed page's order.

Each constant is named after the spec's operationId (`Endpoint.constant`). The generated
service classes, the one call path and the emulator all read these rows; no endpoint has
logic anywhere else.

Scopes follow the seed page's four-scope table, which wins over the upstream spec: the
spec's finer scopes (calendars/groups.*, calendars/resources.*) are replaced by
calendars.readonly / calendars.write, and notifications sit under calendars.* (the spec
says calendars/events.*). Notes belong to appointments, so they use calendars/events.*.
`GET /calendars/groups/{groupId}` is in the seed only; its operationId "get-group" is ours.
"""

from __future__ import annotations

from typing import Any

from .._reconcile import find_appointment
from ..models import (
    Appointment,
    AppointmentCreate,
    AppointmentUpdate,
    BlockedSlot,
    BlockSlotCreate,
    BlockSlotUpdate,
    Calendar,
    CalendarCreate,
    CalendarsQuery,
    CalendarUpdate,
    DeleteResult,
    Event,
    EventsQuery,
    FreeSlots,
    FreeSlotsQuery,
    Group,
    GroupCreate,
    GroupSlugValidation,
    GroupsQuery,
    GroupStatusUpdate,
    GroupUpdate,
    MessageResult,
    Note,
    NoteBody,
    NotesPage,
    NotesQuery,
    Notification,
    NotificationCreate,
    NotificationsQuery,
    NotificationUpdate,
    Resource,
    ResourceCreate,
    ResourcesQuery,
    ResourceUpdate,
    Schedule,
    ScheduleCreate,
    SchedulesQuery,
    ScheduleUpdate,
    SlugAvailability,
    SuccessResult,
    decode_free_slots,
)
from ._facts import EVENTS_READ, EVENTS_WRITE, MAX_SLOT_WINDOW_DAYS, READ, RESOURCE_TYPES, WRITE
from ._row import Endpoint, reserve_fixed_words

SERVICE_DOCS: dict[str, str] = {
    "calendars": "Calendars: configuration, and the free slots a calendar offers.",
    "groups": "Calendar groups.",
    "events": "Calendar events (appointments and blocked slots): list by time window, delete.",
    "appointments": "Appointments: book, read and change.",
    "blocked_slots": "Blocked slots: list by time window, create and change.",
    "notes": "Notes on appointments.",
    "resources": "Calendar resources: rooms and equipment.",
    "notifications": "Per-calendar notifications (email, SMS, WhatsApp, in-app).",
    "schedules": "User availability schedules and the calendars they apply to.",
}

# -- calendars ---------------------------------------------------------------------------

GET_CALENDARS = Endpoint(
    name="calendars.list",
    operation_id="get-calendars",
    method="GET",
    path="/calendars/",
    scope=READ,
    returns=list[Calendar],
    doc="List the calendars of a location, optionally of one group.",
    idempotent=True,
    query=CalendarsQuery,
    envelope=("calendars",),
)
CREATE_CALENDAR = Endpoint(
    name="calendars.create",
    operation_id="create-calendar",
    method="POST",
    path="/calendars/",
    scope=WRITE,
    returns=Calendar,
    doc="Create a calendar.",
    idempotent=False,
    body=CalendarCreate,
    envelope=("calendar",),
)
GET_CALENDAR = Endpoint(
    name="calendars.get",
    operation_id="get-calendar",
    method="GET",
    path="/calendars/{calendarId}",
    scope=READ,
    returns=Calendar,
    doc="Get a calendar by id.",
    idempotent=True,
    envelope=("calendar",),
)
UPDATE_CALENDAR = Endpoint(
    name="calendars.update",
    operation_id="update-calendar",
    method="PUT",
    path="/calendars/{calendarId}",
    scope=WRITE,
    returns=Calendar,
    doc="Update a calendar; only the fields set in the body change.",
    idempotent=True,
    body=CalendarUpdate,
    envelope=("calendar",),
)
DELETE_CALENDAR = Endpoint(
    name="calendars.delete",
    operation_id="delete-calendar",
    method="DELETE",
    path="/calendars/{calendarId}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Delete a calendar.",
    idempotent=True,
)
GET_SLOTS = Endpoint(
    name="calendars.free_slots",
    operation_id="get-slots",
    method="GET",
    path="/calendars/{calendarId}/free-slots",
    scope=READ,
    returns=FreeSlots,
    doc=f"Get the free slots of a calendar in a window of at most {MAX_SLOT_WINDOW_DAYS} days.",
    idempotent=True,
    query=FreeSlotsQuery,
    decoder=decode_free_slots,
)

# -- groups ------------------------------------------------------------------------------

GET_GROUPS = Endpoint(
    name="groups.list",
    operation_id="get-groups",
    method="GET",
    path="/calendars/groups",
    scope=READ,
    returns=list[Group],
    doc="List the calendar groups of a location.",
    idempotent=True,
    query=GroupsQuery,
    envelope=("groups",),
)
CREATE_CALENDAR_GROUP = Endpoint(
    name="groups.create",
    operation_id="create-calendar-group",
    method="POST",
    path="/calendars/groups",
    scope=WRITE,
    returns=Group,
    doc="Create a calendar group.",
    idempotent=False,
    body=GroupCreate,
    envelope=("group",),
)
VALIDATE_GROUPS_SLUG = Endpoint(
    name="groups.validate_slug",
    operation_id="validate-groups-slug",
    method="POST",
    path="/calendars/groups/validate-slug",
    scope=WRITE,
    returns=SlugAvailability,
    doc="Check whether a group slug is still available in a location.",
    idempotent=True,  # a POST that changes nothing: safe to repeat
    body=GroupSlugValidation,
)
GET_GROUP = Endpoint(
    name="groups.get",
    operation_id="get-group",  # in the seed only; the spec has no such operation
    method="GET",
    path="/calendars/groups/{groupId}",
    scope=READ,
    returns=Group,
    doc="Get a calendar group by id.",
    idempotent=True,
    envelope=("group",),
)
EDIT_GROUP = Endpoint(
    name="groups.update",
    operation_id="edit-group",
    method="PUT",
    path="/calendars/groups/{groupId}",
    scope=WRITE,
    returns=Group,
    doc="Update a calendar group's name, description and slug.",
    idempotent=True,
    body=GroupUpdate,
    envelope=("group",),
)
DELETE_GROUP = Endpoint(
    name="groups.delete",
    operation_id="delete-group",
    method="DELETE",
    path="/calendars/groups/{groupId}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Delete a calendar group.",
    idempotent=True,
)
DISABLE_GROUP = Endpoint(
    name="groups.set_status",
    operation_id="disable-group",
    method="PUT",
    path="/calendars/groups/{groupId}/status",
    scope=WRITE,
    returns=SuccessResult,
    doc="Enable or disable a calendar group.",
    idempotent=True,
    body=GroupStatusUpdate,
)

# -- events, appointments, blocked slots -------------------------------------------------

GET_CALENDAR_EVENTS = Endpoint(
    name="events.list",
    operation_id="get-calendar-events",
    method="GET",
    path="/calendars/events",
    scope=EVENTS_READ,
    returns=list[Event],
    doc="List the events of a calendar, user or group in a time window (not paginated).",
    idempotent=True,
    query=EventsQuery,
    envelope=("events",),
    pagination="time_window",
)
GET_BLOCKED_SLOTS = Endpoint(
    name="blocked_slots.list",
    operation_id="get-blocked-slots",
    method="GET",
    path="/calendars/blocked-slots",
    scope=EVENTS_READ,
    # The spec answers CalendarEventDTO items under "events", a superset of BlockedSlot.
    returns=list[Event],
    doc="List the blocked slots of a calendar, user or group in a time window.",
    idempotent=True,
    query=EventsQuery,
    envelope=("events",),
    pagination="time_window",
)
CREATE_APPOINTMENT = Endpoint(
    name="appointments.create",
    operation_id="create-appointment",
    method="POST",
    path="/calendars/events/appointments",
    scope=EVENTS_WRITE,
    returns=Appointment,
    doc="Book an appointment; pass the free-slot string verbatim as start_time.",
    idempotent=False,
    body=AppointmentCreate,
    reconcile=find_appointment,
)
GET_APPOINTMENT = Endpoint(
    name="appointments.get",
    operation_id="get-appointment",
    method="GET",
    path="/calendars/events/appointments/{eventId}",
    scope=EVENTS_READ,
    returns=Event,
    doc="Get an appointment by event id.",
    idempotent=True,
    # The spec documents "event"; the live API answers "appointment".
    envelope=("event", "appointment"),
)
EDIT_APPOINTMENT = Endpoint(
    name="appointments.update",
    operation_id="edit-appointment",
    method="PUT",
    path="/calendars/events/appointments/{eventId}",
    scope=EVENTS_WRITE,
    returns=Appointment,
    doc="Update an appointment; only the fields set in the body change.",
    idempotent=True,
    body=AppointmentUpdate,
)
CREATE_BLOCK_SLOT = Endpoint(
    name="blocked_slots.create",
    operation_id="create-block-slot",
    method="POST",
    path="/calendars/events/block-slots",
    scope=EVENTS_WRITE,
    returns=BlockedSlot,
    doc="Block time on a calendar or for a user.",
    idempotent=False,
    body=BlockSlotCreate,
)
EDIT_BLOCK_SLOT = Endpoint(
    name="blocked_slots.update",
    operation_id="edit-block-slot",
    method="PUT",
    path="/calendars/events/block-slots/{eventId}",
    scope=EVENTS_WRITE,
    returns=BlockedSlot,
    doc="Update a blocked slot.",
    idempotent=True,
    body=BlockSlotUpdate,
)
DELETE_EVENT = Endpoint(
    name="events.delete",
    operation_id="delete-event",
    method="DELETE",
    path="/calendars/events/{eventId}",
    scope=EVENTS_WRITE,
    returns=DeleteResult,
    doc="Delete an event (an appointment or a blocked slot).",
    idempotent=True,
)

# -- notes -------------------------------------------------------------------------------

GET_APPOINTMENT_NOTES = Endpoint(
    name="notes.list",
    operation_id="get-appointment-notes",
    method="GET",
    path="/calendars/appointments/{appointmentId}/notes",
    scope=EVENTS_READ,
    returns=NotesPage,
    doc="List one page (at most 20) of an appointment's notes.",
    idempotent=True,
    query=NotesQuery,
    pagination="limit_offset",
)
CREATE_APPOINTMENT_NOTE = Endpoint(
    name="notes.create",
    operation_id="create-appointment-note",
    method="POST",
    path="/calendars/appointments/{appointmentId}/notes",
    scope=EVENTS_WRITE,
    returns=Note,
    doc="Add a note to an appointment.",
    idempotent=False,
    body=NoteBody,
    envelope=("note",),
)
UPDATE_APPOINTMENT_NOTE = Endpoint(
    name="notes.update",
    operation_id="update-appointment-note",
    method="PUT",
    path="/calendars/appointments/{appointmentId}/notes/{noteId}",
    scope=EVENTS_WRITE,
    returns=Note,
    doc="Replace the text of an appointment note.",
    idempotent=True,
    body=NoteBody,
    envelope=("note",),
)
DELETE_APPOINTMENT_NOTE = Endpoint(
    name="notes.delete",
    operation_id="delete-appointment-note",
    method="DELETE",
    path="/calendars/appointments/{appointmentId}/notes/{noteId}",
    scope=EVENTS_WRITE,
    returns=SuccessResult,
    doc="Delete an appointment note.",
    idempotent=True,
)

# -- resources ---------------------------------------------------------------------------

_RESOURCE_TYPES = {"resourceType": RESOURCE_TYPES}
_RESOURCE_ID = {"id": "resource_id"}

FETCH_CALENDAR_RESOURCES = Endpoint(
    name="resources.list",
    operation_id="fetch-calendar-resources",
    method="GET",
    path="/calendars/resources/{resourceType}",
    scope=READ,
    returns=list[Resource],
    doc="List the rooms or equipment of a location.",
    idempotent=True,
    query=ResourcesQuery,
    pagination="limit_skip",
    path_names=_RESOURCE_ID,
    path_choices=_RESOURCE_TYPES,
)
CREATE_CALENDAR_RESOURCE = Endpoint(
    name="resources.create",
    operation_id="create-calendar-resource",
    method="POST",
    path="/calendars/resources/{resourceType}",
    scope=WRITE,
    returns=Resource,
    doc="Create a room or a piece of equipment.",
    idempotent=False,
    body=ResourceCreate,
    path_names=_RESOURCE_ID,
    path_choices=_RESOURCE_TYPES,
)
GET_CALENDAR_RESOURCE = Endpoint(
    name="resources.get",
    operation_id="get-calendar-resource",
    method="GET",
    path="/calendars/resources/{resourceType}/{id}",
    scope=READ,
    returns=Resource,
    doc="Get a room or a piece of equipment by id.",
    idempotent=True,
    path_names=_RESOURCE_ID,
    path_choices=_RESOURCE_TYPES,
)
UPDATE_CALENDAR_RESOURCE = Endpoint(
    name="resources.update",
    operation_id="update-calendar-resource",
    method="PUT",
    path="/calendars/resources/{resourceType}/{id}",
    scope=WRITE,
    returns=Resource,
    doc="Update a room or a piece of equipment.",
    idempotent=True,
    body=ResourceUpdate,
    path_names=_RESOURCE_ID,
    path_choices=_RESOURCE_TYPES,
)
DELETE_CALENDAR_RESOURCE = Endpoint(
    name="resources.delete",
    operation_id="delete-calendar-resource",
    method="DELETE",
    path="/calendars/resources/{resourceType}/{id}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Delete a room or a piece of equipment.",
    idempotent=True,
    path_names=_RESOURCE_ID,
    path_choices=_RESOURCE_TYPES,
)

# -- notifications (calendars.* scopes per the seed; the spec says calendars/events.*) ---

GET_EVENT_NOTIFICATION = Endpoint(
    name="notifications.list",
    operation_id="get-event-notification",
    method="GET",
    path="/calendars/{calendarId}/notifications",
    scope=READ,
    returns=list[Notification],
    doc="List the notifications of a calendar.",
    idempotent=True,
    query=NotificationsQuery,
    pagination="limit_skip",
)
CREATE_EVENT_NOTIFICATION = Endpoint(
    name="notifications.create",
    operation_id="create-event-notification",
    method="POST",
    path="/calendars/{calendarId}/notifications",
    scope=WRITE,
    returns=list[Notification],
    doc="Create one or more notifications on a calendar.",
    idempotent=False,
    body=list[NotificationCreate],
)
FIND_EVENT_NOTIFICATION = Endpoint(
    name="notifications.get",
    operation_id="find-event-notification",
    method="GET",
    path="/calendars/{calendarId}/notifications/{notificationId}",
    scope=READ,
    returns=Notification,
    doc="Get a calendar notification by id.",
    idempotent=True,
)
UPDATE_EVENT_NOTIFICATION = Endpoint(
    name="notifications.update",
    operation_id="update-event-notification",
    method="PUT",
    path="/calendars/{calendarId}/notifications/{notificationId}",
    scope=WRITE,
    returns=MessageResult,
    doc="Update a calendar notification.",
    idempotent=True,
    body=NotificationUpdate,
)
DELETE_EVENT_NOTIFICATION = Endpoint(
    name="notifications.delete",
    operation_id="delete-event-notification",
    method="DELETE",
    path="/calendars/{calendarId}/notifications/{notificationId}",
    scope=WRITE,
    returns=MessageResult,
    doc="Delete a calendar notification.",
    idempotent=True,
)

# -- schedules ---------------------------------------------------------------------------

_SCHEDULE_ID = {"id": "schedule_id"}

GET_ALL_SCHEDULES = Endpoint(
    name="schedules.list",
    operation_id="getAllSchedules",
    method="GET",
    path="/calendars/schedules/search",
    scope=READ,
    returns=list[Schedule],
    doc="Search the availability schedules of a location, user or calendar.",
    idempotent=True,
    query=SchedulesQuery,
    envelope=("schedules",),
    pagination="limit_skip",
)
CREATE_SCHEDULE = Endpoint(
    name="schedules.create",
    operation_id="createSchedule",
    method="POST",
    path="/calendars/schedules",
    scope=WRITE,
    returns=Schedule,
    doc="Create a user availability schedule.",
    idempotent=False,
    body=ScheduleCreate,
    envelope=("schedule",),
)
GET_SCHEDULE_BY_ID = Endpoint(
    name="schedules.get",
    operation_id="getScheduleById",
    method="GET",
    path="/calendars/schedules/{id}",
    scope=READ,
    returns=Schedule,
    doc="Get a user availability schedule by id.",
    idempotent=True,
    envelope=("schedule",),
    path_names=_SCHEDULE_ID,
)
UPDATE_SCHEDULE = Endpoint(
    name="schedules.update",
    operation_id="updateSchedule",
    method="PUT",
    path="/calendars/schedules/{id}",
    scope=WRITE,
    returns=Schedule,
    doc="Update a user availability schedule.",
    idempotent=True,
    body=ScheduleUpdate,
    envelope=("schedule",),
    path_names=_SCHEDULE_ID,
)
DELETE_SCHEDULE = Endpoint(
    name="schedules.delete",
    operation_id="deleteSchedule",
    method="DELETE",
    path="/calendars/schedules/{id}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Delete a user availability schedule.",
    idempotent=True,
    path_names=_SCHEDULE_ID,
)
ADD_CALENDAR_TO_SCHEDULE = Endpoint(
    name="schedules.attach_calendar",
    operation_id="add-calendar-to-schedule",
    method="PUT",
    path="/calendars/schedules/{id}/associations/{calendarId}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Apply an availability schedule to a calendar.",
    idempotent=True,
    path_names=_SCHEDULE_ID,
)
REMOVE_CALENDAR_FROM_SCHEDULE = Endpoint(
    name="schedules.detach_calendar",
    operation_id="remove-calendar-from-schedule",
    method="DELETE",
    path="/calendars/schedules/{id}/associations/{calendarId}",
    scope=WRITE,
    returns=SuccessResult,
    doc="Remove an availability schedule from a calendar.",
    idempotent=True,
    path_names=_SCHEDULE_ID,
)

ENDPOINTS: tuple[Endpoint[Any], ...] = (
    GET_CALENDARS,
    CREATE_CALENDAR,
    GET_CALENDAR,
    UPDATE_CALENDAR,
    DELETE_CALENDAR,
    GET_SLOTS,
    GET_GROUPS,
    CREATE_CALENDAR_GROUP,
    VALIDATE_GROUPS_SLUG,
    GET_GROUP,
    EDIT_GROUP,
    DELETE_GROUP,
    DISABLE_GROUP,
    GET_CALENDAR_EVENTS,
    GET_BLOCKED_SLOTS,
    CREATE_APPOINTMENT,
    GET_APPOINTMENT,
    EDIT_APPOINTMENT,
    CREATE_BLOCK_SLOT,
    EDIT_BLOCK_SLOT,
    DELETE_EVENT,
    GET_APPOINTMENT_NOTES,
    CREATE_APPOINTMENT_NOTE,
    UPDATE_APPOINTMENT_NOTE,
    DELETE_APPOINTMENT_NOTE,
    FETCH_CALENDAR_RESOURCES,
    CREATE_CALENDAR_RESOURCE,
    GET_CALENDAR_RESOURCE,
    UPDATE_CALENDAR_RESOURCE,
    DELETE_CALENDAR_RESOURCE,
    GET_EVENT_NOTIFICATION,
    CREATE_EVENT_NOTIFICATION,
    FIND_EVENT_NOTIFICATION,
    UPDATE_EVENT_NOTIFICATION,
    DELETE_EVENT_NOTIFICATION,
    GET_ALL_SCHEDULES,
    CREATE_SCHEDULE,
    GET_SCHEDULE_BY_ID,
    UPDATE_SCHEDULE,
    DELETE_SCHEDULE,
    ADD_CALENDAR_TO_SCHEDULE,
    REMOVE_CALENDAR_FROM_SCHEDULE,
)
# Ids equal to a fixed path word would reach another row (`calendars.get("groups")` is
# groups.list): each path parameter learns those words from the whole table, once.
reserve_fixed_words(ENDPOINTS)
