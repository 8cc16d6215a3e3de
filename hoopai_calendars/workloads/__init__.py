"""Workloads built only on the table's calls: free-slot polling, windowed listings, bulk sync.

Each takes the async client first: `await poll_free_slots(client, ids, start, end)`.
Blocking versions, taking a `CalendarsClient`, are in `._blocking` (and on the client).
"""

from __future__ import annotations

from .._reconcile import event_key
from ._checkpoint import Checkpoint, CheckpointEntry, load_checkpoint
from ._checkpoint_store import (
    CheckpointStore,
    LeaseLost,
    LocationLeases,
    RedisCheckpointStore,
    split_by_location,
)
from ._desired import DesiredAppointment, NaturalKey, parse_desired, read_desired
from ._errors import FailedWindow, IncompleteListingError
from ._events import (
    EVENT_WINDOW,
    EventExport,
    iter_blocked_slots,
    iter_events,
    iter_location_events,
)
from ._lock import CheckpointLock, CheckpointLockedError
from ._pages import iter_notes, iter_notifications, iter_resources, iter_schedules
from ._progress import Progress, ProgressCallback
from ._report import SyncFailure, SyncReport
from ._slot_cache import SlotCache
from ._slots import SLOT_WINDOW, SlotPollResult, iter_free_slots, poll_free_slots
from ._sync_appointments import sync_appointments
from ._time import Instant

__all__ = [
    "EVENT_WINDOW",
    "SLOT_WINDOW",
    "Checkpoint",
    "CheckpointEntry",
    "CheckpointLock",
    "CheckpointLockedError",
    "CheckpointStore",
    "DesiredAppointment",
    "EventExport",
    "FailedWindow",
    "IncompleteListingError",
    "Instant",
    "LeaseLost",
    "LocationLeases",
    "NaturalKey",
    "Progress",
    "ProgressCallback",
    "RedisCheckpointStore",
    "SlotCache",
    "SlotPollResult",
    "SyncFailure",
    "SyncReport",
    "event_key",
    "iter_blocked_slots",
    "iter_events",
    "iter_free_slots",
    "iter_location_events",
    "iter_notes",
    "iter_notifications",
    "iter_resources",
    "iter_schedules",
    "load_checkpoint",
    "parse_desired",
    "poll_free_slots",
    "read_desired",
    "split_by_location",
    "sync_appointments",
]
