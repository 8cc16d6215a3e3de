"""Workloads built only on the table's calls: free-slot polling, windowed listings, bulk sync.

Each takes the async client first: `await poll_free_slots(client, ids, start, end)`.
Blocking versions, taking a `CalendarsClient`, are in `._blocking` (and on the client).
"""

from __future__ import annotations

from .._reconcile import event_key

# Modules whose whole __all__ is public here are star-imported; the others name their part.
from . import _checkpoint_store, _errors, _events, _lock, _progress, _slots, _sync_appointments
from ._checkpoint import Checkpoint, CheckpointEntry, load_checkpoint
from ._checkpoint_store import *  # noqa: F403
from ._desired import DesiredAppointment, NaturalKey, parse_desired, read_desired
from ._errors import *  # noqa: F403
from ._events import *  # noqa: F403
from ._lock import *  # noqa: F403
from ._pages import iter_notes, iter_notifications, iter_resources, iter_schedules
from ._progress import *  # noqa: F403
from ._report import SyncFailure, SyncReport
from ._slot_cache import SlotCache
from ._slots import *  # noqa: F403
from ._sync_appointments import *  # noqa: F403
from ._time import Instant

__all__ = [
    "Checkpoint",
    "CheckpointEntry",
    "DesiredAppointment",
    "Instant",
    "NaturalKey",
    "SlotCache",
    "SyncFailure",
    "SyncReport",
    "event_key",
    "iter_notes",
    "iter_notifications",
    "iter_resources",
    "iter_schedules",
    "load_checkpoint",
    "parse_desired",
    "read_desired",
]
__all__ += _checkpoint_store.__all__
__all__ += _errors.__all__
__all__ += _events.__all__
__all__ += _lock.__all__
__all__ += _progress.__all__
__all__ += _slots.__all__
__all__ += _sync_appointments.__all__
