"""Blocking versions of the workloads, taking a `CalendarsClient` first.

One-shot workloads run whole on the facade's loop through `client.run`; iterators are
bridged by `_bridge`. Callbacks (`progress`) run on the facade's loop thread.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from datetime import timedelta
from functools import partial
from os import PathLike
from typing import TYPE_CHECKING, Literal

from .._config import RequestOptions
from ..models import AppointmentCreate, Note, Notification, Resource, Schedule
from . import _events, _pages, _slots, _sync_appointments
from ._bridge import BlockingEventExport, BlockingIterator, pump
from ._desired import DesiredAppointment
from ._progress import ProgressCallback
from ._report import SyncReport
from ._slot_cache import SlotCache
from ._slots import SLOT_WINDOW, SlotPollResult
from ._time import Instant

if TYPE_CHECKING:
    # Annotations only, so the client modules can import these workloads (to offer them
    # as methods) without an import cycle.
    from .._sync import CalendarsClient

__all__ = [
    "BlockingEventExport",
    "BlockingIterator",
    "iter_blocked_slots",
    "iter_events",
    "iter_free_slots",
    "iter_location_events",
    "iter_notes",
    "iter_notifications",
    "iter_resources",
    "iter_schedules",
    "poll_free_slots",
    "sync_appointments",
]


def poll_free_slots(
    client: CalendarsClient,
    calendar_ids: Iterable[str],
    start: Instant,
    end: Instant,
    *,
    timezone: str | None = None,
    user_id: str | None = None,
    user_ids: Sequence[str] | None = None,
    concurrency: int = 8,
    cache: SlotCache | None = None,
    window: timedelta = SLOT_WINDOW,
    options: RequestOptions | None = None,
) -> list[SlotPollResult]:
    """Return every calendar's free slots over [start, end) (see the async `poll_free_slots`)."""
    call = partial(
        _slots.poll_free_slots,
        client.async_client,
        list(calendar_ids),
        start,
        end,
        timezone=timezone,
        user_id=user_id,
        user_ids=user_ids,
        concurrency=concurrency,
        cache=cache,
        window=window,
        options=options,
    )
    return client.run(call)


def iter_free_slots(
    client: CalendarsClient,
    calendar_ids: Iterable[str],
    start: Instant,
    end: Instant,
    *,
    timezone: str | None = None,
    user_id: str | None = None,
    user_ids: Sequence[str] | None = None,
    concurrency: int = 8,
    cache: SlotCache | None = None,
    window: timedelta = SLOT_WINDOW,
    options: RequestOptions | None = None,
) -> Generator[SlotPollResult, None, None]:
    """Yield each calendar's free slots as soon as they are complete (a generator; close it).

    Closing the generator early cancels the requests still in flight.
    """
    stream = partial(
        _slots.iter_free_slots,
        client.async_client,
        list(calendar_ids),
        start,
        end,
        timezone=timezone,
        user_id=user_id,
        user_ids=user_ids,
        concurrency=concurrency,
        cache=cache,
        window=window,
        options=options,
    )
    return pump(client, stream)


def iter_events(
    client: CalendarsClient,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_id: str | None = None,
    user_id: str | None = None,
    group_id: str | None = None,
    window: timedelta = _events.EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> BlockingEventExport:
    """Iterate the events overlapping [start, end) window by window (see async `iter_events`)."""
    export = _events.iter_events(
        client.async_client,
        location_id=location_id,
        start=start,
        end=end,
        calendar_id=calendar_id,
        user_id=user_id,
        group_id=group_id,
        window=window,
        concurrency=concurrency,
        allow_partial=allow_partial,
        progress=progress,
        options=options,
    )
    return BlockingEventExport(client, export)


def iter_blocked_slots(
    client: CalendarsClient,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_id: str | None = None,
    user_id: str | None = None,
    group_id: str | None = None,
    window: timedelta = _events.EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> BlockingEventExport:
    """Iterate the blocked slots overlapping [start, end) window by window."""
    export = _events.iter_blocked_slots(
        client.async_client,
        location_id=location_id,
        start=start,
        end=end,
        calendar_id=calendar_id,
        user_id=user_id,
        group_id=group_id,
        window=window,
        concurrency=concurrency,
        allow_partial=allow_partial,
        progress=progress,
        options=options,
    )
    return BlockingEventExport(client, export)


def iter_location_events(
    client: CalendarsClient,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_ids: Sequence[str] | None = None,
    blocked_slots: bool = False,
    window: timedelta = _events.EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> BlockingEventExport:
    """Iterate the events of many calendars (all of the location's by default) in start order."""
    export = _events.iter_location_events(
        client.async_client,
        location_id=location_id,
        start=start,
        end=end,
        calendar_ids=calendar_ids,
        blocked_slots=blocked_slots,
        window=window,
        concurrency=concurrency,
        allow_partial=allow_partial,
        progress=progress,
        options=options,
    )
    return BlockingEventExport(client, export)


def iter_notes(
    client: CalendarsClient,
    appointment_id: str,
    *,
    page_size: int = 20,
    options: RequestOptions | None = None,
) -> BlockingIterator[Note]:
    """Iterate every note of an appointment, newest first."""
    notes = _pages.iter_notes(
        client.async_client, appointment_id, page_size=page_size, options=options
    )
    return BlockingIterator(client, notes)


def iter_resources(
    client: CalendarsClient,
    resource_type: Literal["equipments", "rooms"],
    *,
    location_id: str,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> BlockingIterator[Resource]:
    """Iterate every room or piece of equipment of a location."""
    resources = _pages.iter_resources(
        client.async_client,
        resource_type,
        location_id=location_id,
        page_size=page_size,
        options=options,
    )
    return BlockingIterator(client, resources)


def iter_notifications(
    client: CalendarsClient,
    calendar_id: str,
    *,
    is_active: bool | None = None,
    deleted: bool | None = None,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> BlockingIterator[Notification]:
    """Iterate every notification of a calendar."""
    notifications = _pages.iter_notifications(
        client.async_client,
        calendar_id,
        is_active=is_active,
        deleted=deleted,
        page_size=page_size,
        options=options,
    )
    return BlockingIterator(client, notifications)


def iter_schedules(
    client: CalendarsClient,
    *,
    location_id: str,
    user_id: str,
    calendar_id: str | None = None,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> BlockingIterator[Schedule]:
    """Iterate every availability schedule matching the search."""
    schedules = _pages.iter_schedules(
        client.async_client,
        location_id=location_id,
        user_id=user_id,
        calendar_id=calendar_id,
        page_size=page_size,
        options=options,
    )
    return BlockingIterator(client, schedules)


def sync_appointments(
    client: CalendarsClient,
    desired: Iterable[DesiredAppointment | AppointmentCreate],
    *,
    checkpoint: str | PathLike[str] | None = None,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
    prune: bool = False,
    window: timedelta = _events.EVENT_WINDOW,
    options: RequestOptions | None = None,
) -> SyncReport:
    """Bring the API in line with `desired` and return the report (see async `sync_appointments`).

    Interrupting (Ctrl-C) cancels the run; what finished is already in the checkpoint.
    """
    call = partial(
        _sync_appointments.sync_appointments,
        client.async_client,
        list(desired),
        checkpoint=checkpoint,
        concurrency=concurrency,
        progress=progress,
        prune=prune,
        window=window,
        options=options,
    )
    return client.run(call)
