"""The public clients: the core clients plus the workloads as methods.

The core (`_client`, `_sync`) knows nothing of the workloads, and the workloads take the
core client, so imports run one way; only this module sees both.
"""

from __future__ import annotations

from typing import cast

from ._client import AsyncClientCore
from ._sync import BlockingClientCore
from .workloads import _blocking, _events, _pages, _slots, _sync_appointments

__all__ = ["AsyncCalendarsClient", "CalendarsClient"]


class AsyncCalendarsClient(AsyncClientCore):
    __doc__ = AsyncClientCore.__doc__

    # The workloads, built only on table calls, as methods: `await client.poll_free_slots(...)`.
    poll_free_slots = _slots.poll_free_slots
    iter_free_slots = _slots.iter_free_slots
    iter_events = _events.iter_events
    iter_blocked_slots = _events.iter_blocked_slots
    iter_location_events = _events.iter_location_events
    iter_notes = _pages.iter_notes
    iter_resources = _pages.iter_resources
    iter_notifications = _pages.iter_notifications
    iter_schedules = _pages.iter_schedules
    sync_appointments = _sync_appointments.sync_appointments


class CalendarsClient(BlockingClientCore):
    __doc__ = BlockingClientCore.__doc__

    _async_class = AsyncCalendarsClient

    # The workloads, blocking: the same functions as hoopai_calendars.workloads, as methods.
    poll_free_slots = _blocking.poll_free_slots
    iter_free_slots = _blocking.iter_free_slots
    iter_events = _blocking.iter_events
    iter_blocked_slots = _blocking.iter_blocked_slots
    iter_location_events = _blocking.iter_location_events
    iter_notes = _blocking.iter_notes
    iter_resources = _blocking.iter_resources
    iter_notifications = _blocking.iter_notifications
    iter_schedules = _blocking.iter_schedules
    sync_appointments = _blocking.sync_appointments

    @property
    def async_client(self) -> AsyncCalendarsClient:
        """The async client this facade drives (use it only on the facade's own loop)."""
        return cast(AsyncCalendarsClient, self._async)
