# Generated from the endpoint table by `nox -s codegen`; do not edit by hand.
"""Sync service classes, one method per table row."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from .._config import RequestOptions, call_options
from .._errors import ValidationError
from .._service import SyncCall, SyncRawCall, SyncService, refused
from .._transport import Timeout
from ..api._table import (
    ADD_CALENDAR_TO_SCHEDULE,
    CREATE_APPOINTMENT,
    CREATE_APPOINTMENT_NOTE,
    CREATE_BLOCK_SLOT,
    CREATE_CALENDAR,
    CREATE_CALENDAR_GROUP,
    CREATE_CALENDAR_RESOURCE,
    CREATE_EVENT_NOTIFICATION,
    CREATE_SCHEDULE,
    DELETE_APPOINTMENT_NOTE,
    DELETE_CALENDAR,
    DELETE_CALENDAR_RESOURCE,
    DELETE_EVENT,
    DELETE_EVENT_NOTIFICATION,
    DELETE_GROUP,
    DELETE_SCHEDULE,
    DISABLE_GROUP,
    EDIT_APPOINTMENT,
    EDIT_BLOCK_SLOT,
    EDIT_GROUP,
    FETCH_CALENDAR_RESOURCES,
    FIND_EVENT_NOTIFICATION,
    GET_ALL_SCHEDULES,
    GET_APPOINTMENT,
    GET_APPOINTMENT_NOTES,
    GET_BLOCKED_SLOTS,
    GET_CALENDAR,
    GET_CALENDAR_EVENTS,
    GET_CALENDAR_RESOURCE,
    GET_CALENDARS,
    GET_EVENT_NOTIFICATION,
    GET_GROUP,
    GET_GROUPS,
    GET_SCHEDULE_BY_ID,
    GET_SLOTS,
    REMOVE_CALENDAR_FROM_SCHEDULE,
    UPDATE_APPOINTMENT_NOTE,
    UPDATE_CALENDAR,
    UPDATE_CALENDAR_RESOURCE,
    UPDATE_EVENT_NOTIFICATION,
    UPDATE_SCHEDULE,
    VALIDATE_GROUPS_SLUG,
)
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
    Millis,
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
)

if TYPE_CHECKING:
    from .sync_raw_services import (
        AppointmentsRawService,
        BlockedSlotsRawService,
        CalendarsRawService,
        EventsRawService,
        GroupsRawService,
        NotesRawService,
        NotificationsRawService,
        ResourcesRawService,
        SchedulesRawService,
    )


class CalendarsService(SyncService):
    """Calendars: configuration, and the free slots a calendar offers."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> CalendarsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import CalendarsRawService

        return CalendarsRawService(self._raw)

    def list(
        self,
        *,
        location_id: str,
        group_id: str | None = None,
        show_drafted: bool | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Calendar]:
        """List the calendars of a location, optionally of one group.

        GET /calendars/ (scope calendars.readonly).

        Args:
            location_id: Location Id
            group_id: Group Id
            show_drafted: Show drafted
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = CalendarsQuery(
                location_id=location_id,
                group_id=group_id,
                show_drafted=show_drafted,
            )
        except ValidationError as exc:
            raise refused(GET_CALENDARS, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_CALENDARS, (), query, None, options)

    def create(
        self,
        body: CalendarCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Calendar:
        """Create a calendar.

        POST /calendars/ (scope calendars.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            body: The request body (CalendarCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_CALENDAR, (), None, body, options)

    def get(
        self,
        calendar_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Calendar:
        """Get a calendar by id.

        GET /calendars/{calendarId} (scope calendars.readonly).

        Args:
            calendar_id: Calendar Id
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_CALENDAR, (calendar_id,), None, None, options)

    def update(
        self,
        calendar_id: str,
        body: CalendarUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Calendar:
        """Update a calendar; only the fields set in the body change.

        PUT /calendars/{calendarId} (scope calendars.write).

        Args:
            calendar_id: Calendar Id
            body: The request body (CalendarUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(UPDATE_CALENDAR, (calendar_id,), None, body, options)

    def delete(
        self,
        calendar_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Delete a calendar.

        DELETE /calendars/{calendarId} (scope calendars.write).

        Args:
            calendar_id: Calendar Id
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DELETE_CALENDAR, (calendar_id,), None, None, options)

    def free_slots(
        self,
        calendar_id: str,
        *,
        start_date: Millis,
        end_date: Millis,
        timezone: str | None = None,
        user_id: str | None = None,
        user_ids: Sequence[str] | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> FreeSlots:
        """Get the free slots of a calendar in a window of at most 31 days.

        GET /calendars/{calendarId}/free-slots (scope calendars.readonly).

        Args:
            calendar_id: Calendar Id
            start_date: Start Date (**⚠️ Important:** Date range cannot be more than 31 days)
            end_date: End Date (**⚠️ Important:** Date range cannot be more than 31 days)
            timezone: The timezone in which the free slots are returned
            user_id: The user for whom the free slots are returned
            user_ids: The users for whom the free slots are returned
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = FreeSlotsQuery(
                start_date=start_date,
                end_date=end_date,
                timezone=timezone,
                user_id=user_id,
                user_ids=user_ids,
            )
        except ValidationError as exc:
            raise refused(GET_SLOTS, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_SLOTS, (calendar_id,), query, None, options)


class GroupsService(SyncService):
    """Calendar groups."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> GroupsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import GroupsRawService

        return GroupsRawService(self._raw)

    def list(
        self,
        *,
        location_id: str,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Group]:
        """List the calendar groups of a location.

        GET /calendars/groups (scope calendars.readonly).

        Args:
            location_id: Location Id
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = GroupsQuery(
                location_id=location_id,
            )
        except ValidationError as exc:
            raise refused(GET_GROUPS, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_GROUPS, (), query, None, options)

    def create(
        self,
        body: GroupCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Group:
        """Create a calendar group.

        POST /calendars/groups (scope calendars.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            body: The request body (GroupCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_CALENDAR_GROUP, (), None, body, options)

    def validate_slug(
        self,
        body: GroupSlugValidation,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SlugAvailability:
        """Check whether a group slug is still available in a location.

        POST /calendars/groups/validate-slug (scope calendars.write).

        Args:
            body: The request body (GroupSlugValidation).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(VALIDATE_GROUPS_SLUG, (), None, body, options)

    def get(
        self,
        group_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Group:
        """Get a calendar group by id.

        GET /calendars/groups/{groupId} (scope calendars.readonly).

        Args:
            group_id: Group Id
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_GROUP, (group_id,), None, None, options)

    def update(
        self,
        group_id: str,
        body: GroupUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Group:
        """Update a calendar group's name, description and slug.

        PUT /calendars/groups/{groupId} (scope calendars.write).

        Args:
            group_id: Group Id
            body: The request body (GroupUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(EDIT_GROUP, (group_id,), None, body, options)

    def delete(
        self,
        group_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Delete a calendar group.

        DELETE /calendars/groups/{groupId} (scope calendars.write).

        Args:
            group_id: Group Id
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DELETE_GROUP, (group_id,), None, None, options)

    def set_status(
        self,
        group_id: str,
        body: GroupStatusUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Enable or disable a calendar group.

        PUT /calendars/groups/{groupId}/status (scope calendars.write).

        Args:
            group_id: Group Id
            body: The request body (GroupStatusUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DISABLE_GROUP, (group_id,), None, body, options)


class EventsService(SyncService):
    """Calendar events (appointments and blocked slots): list by time window, delete."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> EventsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import EventsRawService

        return EventsRawService(self._raw)

    def list(
        self,
        *,
        location_id: str,
        start_time: Millis,
        end_time: Millis,
        user_id: str | None = None,
        calendar_id: str | None = None,
        group_id: str | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Event]:
        """List the events of a calendar, user or group in a time window (not paginated).

        GET /calendars/events (scope calendars/events.readonly).

        Args:
            location_id: Location Id
            start_time: Start Time (in millis)
            end_time: End Time (in millis)
            user_id: User Id - Owner of an appointment. Either of userId, groupId or calendarId is
                required
            calendar_id: Either of calendarId, userId or groupId is required
            group_id: Either of groupId, calendarId or userId is required
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = EventsQuery(
                location_id=location_id,
                start_time=start_time,
                end_time=end_time,
                user_id=user_id,
                calendar_id=calendar_id,
                group_id=group_id,
            )
        except ValidationError as exc:
            raise refused(GET_CALENDAR_EVENTS, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_CALENDAR_EVENTS, (), query, None, options)

    def delete(
        self,
        event_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> DeleteResult:
        """Delete an event (an appointment or a blocked slot).

        DELETE /calendars/events/{eventId} (scope calendars/events.write).

        Args:
            event_id: Event Id or Instance id. For recurring appointments send masterEventId to
                modify original series.
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DELETE_EVENT, (event_id,), None, None, options)


class BlockedSlotsService(SyncService):
    """Blocked slots: list by time window, create and change."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> BlockedSlotsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import BlockedSlotsRawService

        return BlockedSlotsRawService(self._raw)

    def list(
        self,
        *,
        location_id: str,
        start_time: Millis,
        end_time: Millis,
        user_id: str | None = None,
        calendar_id: str | None = None,
        group_id: str | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Event]:
        """List the blocked slots of a calendar, user or group in a time window.

        GET /calendars/blocked-slots (scope calendars/events.readonly).

        Args:
            location_id: Location Id
            start_time: Start Time (in millis)
            end_time: End Time (in millis)
            user_id: User Id - Owner of an appointment. Either of userId, groupId or calendarId is
                required
            calendar_id: Either of calendarId, userId or groupId is required
            group_id: Either of groupId, calendarId or userId is required
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = EventsQuery(
                location_id=location_id,
                start_time=start_time,
                end_time=end_time,
                user_id=user_id,
                calendar_id=calendar_id,
                group_id=group_id,
            )
        except ValidationError as exc:
            raise refused(GET_BLOCKED_SLOTS, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_BLOCKED_SLOTS, (), query, None, options)

    def create(
        self,
        body: BlockSlotCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> BlockedSlot:
        """Block time on a calendar or for a user.

        POST /calendars/events/block-slots (scope calendars/events.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            body: The request body (BlockSlotCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_BLOCK_SLOT, (), None, body, options)

    def update(
        self,
        event_id: str,
        body: BlockSlotUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> BlockedSlot:
        """Update a blocked slot.

        PUT /calendars/events/block-slots/{eventId} (scope calendars/events.write).

        Args:
            event_id: Event Id or Instance id. For recurring appointments send masterEventId to
                modify original series.
            body: The request body (BlockSlotUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(EDIT_BLOCK_SLOT, (event_id,), None, body, options)


class AppointmentsService(SyncService):
    """Appointments: book, read and change."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> AppointmentsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import AppointmentsRawService

        return AppointmentsRawService(self._raw)

    def create(
        self,
        body: AppointmentCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Appointment:
        """Book an appointment; pass the free-slot string verbatim as start_time.

        POST /calendars/events/appointments (scope calendars/events.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            body: The request body (AppointmentCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_APPOINTMENT, (), None, body, options)

    def get(
        self,
        event_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Event:
        """Get an appointment by event id.

        GET /calendars/events/appointments/{eventId} (scope calendars/events.readonly).

        Args:
            event_id: Event Id or Instance id. For recurring appointments send masterEventId to
                modify original series.
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_APPOINTMENT, (event_id,), None, None, options)

    def update(
        self,
        event_id: str,
        body: AppointmentUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Appointment:
        """Update an appointment; only the fields set in the body change.

        PUT /calendars/events/appointments/{eventId} (scope calendars/events.write).

        Args:
            event_id: Event Id or Instance id. For recurring appointments send masterEventId to
                modify original series.
            body: The request body (AppointmentUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(EDIT_APPOINTMENT, (event_id,), None, body, options)


class NotesService(SyncService):
    """Notes on appointments."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> NotesRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import NotesRawService

        return NotesRawService(self._raw)

    def list(
        self,
        appointment_id: str,
        *,
        limit: int = 20,
        offset: int = 0,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> NotesPage:
        """List one page (at most 20) of an appointment's notes.

        GET /calendars/appointments/{appointmentId}/notes (scope calendars/events.readonly).

        Args:
            appointment_id: Appointment ID
            limit: Limit of notes to fetch
            offset: Offset of notes to fetch
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = NotesQuery(
                limit=limit,
                offset=offset,
            )
        except ValidationError as exc:
            raise refused(GET_APPOINTMENT_NOTES, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_APPOINTMENT_NOTES, (appointment_id,), query, None, options)

    def create(
        self,
        appointment_id: str,
        body: NoteBody,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Note:
        """Add a note to an appointment.

        POST /calendars/appointments/{appointmentId}/notes (scope calendars/events.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            appointment_id: Appointment ID
            body: The request body (NoteBody).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_APPOINTMENT_NOTE, (appointment_id,), None, body, options)

    def update(
        self,
        appointment_id: str,
        note_id: str,
        body: NoteBody,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Note:
        """Replace the text of an appointment note.

        PUT /calendars/appointments/{appointmentId}/notes/{noteId} (scope calendars/events.write).

        Args:
            appointment_id: Appointment ID
            note_id: Note ID
            body: The request body (NoteBody).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(UPDATE_APPOINTMENT_NOTE, (appointment_id, note_id), None, body, options)

    def delete(
        self,
        appointment_id: str,
        note_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Delete an appointment note.

        DELETE /calendars/appointments/{appointmentId}/notes/{noteId}
        (scope calendars/events.write).

        Args:
            appointment_id: Appointment ID
            note_id: Note ID
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DELETE_APPOINTMENT_NOTE, (appointment_id, note_id), None, None, options)


class ResourcesService(SyncService):
    """Calendar resources: rooms and equipment."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> ResourcesRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import ResourcesRawService

        return ResourcesRawService(self._raw)

    def list(
        self,
        resource_type: Literal["equipments", "rooms"],
        *,
        location_id: str,
        limit: int = 100,
        skip: int = 0,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Resource]:
        """List the rooms or equipment of a location.

        GET /calendars/resources/{resourceType} (scope calendars.readonly).

        Args:
            resource_type: Calendar Resource Type
            location_id: Location Id
            limit: Limit of notes to fetch
            skip: Number of records to skip
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = ResourcesQuery(
                location_id=location_id,
                limit=limit,
                skip=skip,
            )
        except ValidationError as exc:
            raise refused(FETCH_CALENDAR_RESOURCES, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(FETCH_CALENDAR_RESOURCES, (resource_type,), query, None, options)

    def create(
        self,
        resource_type: Literal["equipments", "rooms"],
        body: ResourceCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Resource:
        """Create a room or a piece of equipment.

        POST /calendars/resources/{resourceType} (scope calendars.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            resource_type: Calendar Resource Type
            body: The request body (ResourceCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_CALENDAR_RESOURCE, (resource_type,), None, body, options)

    def get(
        self,
        resource_type: Literal["equipments", "rooms"],
        resource_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Resource:
        """Get a room or a piece of equipment by id.

        GET /calendars/resources/{resourceType}/{id} (scope calendars.readonly).

        Args:
            resource_type: Calendar Resource Type
            resource_id: Calendar Resource ID
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_CALENDAR_RESOURCE, (resource_type, resource_id), None, None, options)

    def update(
        self,
        resource_type: Literal["equipments", "rooms"],
        resource_id: str,
        body: ResourceUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Resource:
        """Update a room or a piece of equipment.

        PUT /calendars/resources/{resourceType}/{id} (scope calendars.write).

        Args:
            resource_type: Calendar Resource Type
            resource_id: Calendar Resource ID
            body: The request body (ResourceUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            UPDATE_CALENDAR_RESOURCE, (resource_type, resource_id), None, body, options
        )

    def delete(
        self,
        resource_type: Literal["equipments", "rooms"],
        resource_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Delete a room or a piece of equipment.

        DELETE /calendars/resources/{resourceType}/{id} (scope calendars.write).

        Args:
            resource_type: Calendar Resource Type
            resource_id: Calendar Resource ID
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            DELETE_CALENDAR_RESOURCE, (resource_type, resource_id), None, None, options
        )


class NotificationsService(SyncService):
    """Per-calendar notifications (email, SMS, WhatsApp, in-app)."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> NotificationsRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import NotificationsRawService

        return NotificationsRawService(self._raw)

    def list(
        self,
        calendar_id: str,
        *,
        is_active: bool | None = None,
        deleted: bool | None = None,
        limit: int | None = None,
        skip: int | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Notification]:
        """List the notifications of a calendar.

        GET /calendars/{calendarId}/notifications (scope calendars.readonly).

        Args:
            calendar_id: Either of calendarId, userId or groupId is required
            is_active: Filter by whether the notification is active
            deleted: Filter by whether the notification is deleted
            limit: Number of records to return
            skip: Number of records to skip
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = NotificationsQuery(
                is_active=is_active,
                deleted=deleted,
                limit=limit,
                skip=skip,
            )
        except ValidationError as exc:
            raise refused(GET_EVENT_NOTIFICATION, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_EVENT_NOTIFICATION, (calendar_id,), query, None, options)

    def create(
        self,
        calendar_id: str,
        body: Sequence[NotificationCreate],
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Notification]:
        """Create one or more notifications on a calendar.

        POST /calendars/{calendarId}/notifications (scope calendars.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            calendar_id: Either of calendarId, userId or groupId is required
            body: The request body (a sequence of NotificationCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_EVENT_NOTIFICATION, (calendar_id,), None, body, options)

    def get(
        self,
        calendar_id: str,
        notification_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Notification:
        """Get a calendar notification by id.

        GET /calendars/{calendarId}/notifications/{notificationId} (scope calendars.readonly).

        Args:
            calendar_id: Either of calendarId, userId or groupId is required
            notification_id: Notification ID
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            FIND_EVENT_NOTIFICATION, (calendar_id, notification_id), None, None, options
        )

    def update(
        self,
        calendar_id: str,
        notification_id: str,
        body: NotificationUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> MessageResult:
        """Update a calendar notification.

        PUT /calendars/{calendarId}/notifications/{notificationId} (scope calendars.write).

        Args:
            calendar_id: Either of calendarId, userId or groupId is required
            notification_id: Notification ID
            body: The request body (NotificationUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            UPDATE_EVENT_NOTIFICATION, (calendar_id, notification_id), None, body, options
        )

    def delete(
        self,
        calendar_id: str,
        notification_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> MessageResult:
        """Delete a calendar notification.

        DELETE /calendars/{calendarId}/notifications/{notificationId} (scope calendars.write).

        Args:
            calendar_id: Either of calendarId, userId or groupId is required
            notification_id: Notification ID
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            DELETE_EVENT_NOTIFICATION, (calendar_id, notification_id), None, None, options
        )


class SchedulesService(SyncService):
    """User availability schedules and the calendars they apply to."""

    __slots__ = ()

    @property
    def with_raw_response(self) -> SchedulesRawService:
        """The same methods, answering a RawResponse (status, headers, trace_id)."""
        # Imported on first use: most programs never ask, and imports stay light.
        from .sync_raw_services import SchedulesRawService

        return SchedulesRawService(self._raw)

    def list(
        self,
        *,
        location_id: str,
        user_id: str,
        calendar_id: str | None = None,
        skip: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> builtins.list[Schedule]:
        """Search the availability schedules of a location, user or calendar.

        GET /calendars/schedules/search (scope calendars.readonly).

        Args:
            location_id: Location ID to filter schedules by
            user_id: User ID to filter schedules by specific user
            calendar_id: Calendar ID for filtering schedules by specific calendar
            skip: Number of items to skip for pagination
            limit: Maximum number of items to return (max 500)
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        try:
            query = SchedulesQuery(
                location_id=location_id,
                user_id=user_id,
                calendar_id=calendar_id,
                skip=skip,
                limit=limit,
            )
        except ValidationError as exc:
            raise refused(GET_ALL_SCHEDULES, exc) from None
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_ALL_SCHEDULES, (), query, None, options)

    def create(
        self,
        body: ScheduleCreate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Schedule:
        """Create a user availability schedule.

        POST /calendars/schedules (scope calendars.write).
        Not repeated once it may have been sent: see OutcomeUnknownError.

        Args:
            body: The request body (ScheduleCreate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(CREATE_SCHEDULE, (), None, body, options)

    def get(
        self,
        schedule_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Schedule:
        """Get a user availability schedule by id.

        GET /calendars/schedules/{id} (scope calendars.readonly).

        Args:
            schedule_id: Unique identifier of the schedule
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(GET_SCHEDULE_BY_ID, (schedule_id,), None, None, options)

    def update(
        self,
        schedule_id: str,
        body: ScheduleUpdate,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Schedule:
        """Update a user availability schedule.

        PUT /calendars/schedules/{id} (scope calendars.write).

        Args:
            schedule_id: Unique identifier of the schedule to update
            body: The request body (ScheduleUpdate).
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(UPDATE_SCHEDULE, (schedule_id,), None, body, options)

    def delete(
        self,
        schedule_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Delete a user availability schedule.

        DELETE /calendars/schedules/{id} (scope calendars.write).

        Args:
            schedule_id: Unique identifier of the schedule to delete
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(DELETE_SCHEDULE, (schedule_id,), None, None, options)

    def attach_calendar(
        self,
        schedule_id: str,
        calendar_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Apply an availability schedule to a calendar.

        PUT /calendars/schedules/{id}/associations/{calendarId} (scope calendars.write).

        Args:
            schedule_id: Unique identifier of the schedule
            calendar_id: Unique identifier of the team calendar to add to the schedule
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(ADD_CALENDAR_TO_SCHEDULE, (schedule_id, calendar_id), None, None, options)

    def detach_calendar(
        self,
        schedule_id: str,
        calendar_id: str,
        *,
        options: RequestOptions | None = None,
        timeout: Timeout | float | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SuccessResult:
        """Remove an availability schedule from a calendar.

        DELETE /calendars/schedules/{id}/associations/{calendarId} (scope calendars.write).

        Args:
            schedule_id: Unique identifier of the schedule
            calendar_id: Unique identifier of the calendar to remove from the schedule
            options: Per-call overrides (timeout, deadline, retries, extra headers): see
                RequestOptions.
            timeout: Bounds each attempt of this call (seconds).
            deadline: Bounds this call with its retries (seconds).
            max_retries: How many times this call may be retried.
            extra_headers: Headers added to the SDK's own.
        """
        if (
            timeout is not None
            or deadline is not None
            or max_retries is not None
            or extra_headers is not None
        ):
            options = call_options(options, timeout, deadline, max_retries, extra_headers)
        return self._call(
            REMOVE_CALENDAR_FROM_SCHEDULE, (schedule_id, calendar_id), None, None, options
        )


class SyncServices:
    """Every service of the table, bound to one call path."""

    calendars: CalendarsService
    groups: GroupsService
    events: EventsService
    blocked_slots: BlockedSlotsService
    appointments: AppointmentsService
    notes: NotesService
    resources: ResourcesService
    notifications: NotificationsService
    schedules: SchedulesService

    def _bind_services(self, call: SyncCall, raw: SyncRawCall) -> None:
        self.calendars = CalendarsService(call, raw)
        self.groups = GroupsService(call, raw)
        self.events = EventsService(call, raw)
        self.blocked_slots = BlockedSlotsService(call, raw)
        self.appointments = AppointmentsService(call, raw)
        self.notes = NotesService(call, raw)
        self.resources = ResourcesService(call, raw)
        self.notifications = NotificationsService(call, raw)
        self.schedules = SchedulesService(call, raw)
