"""Request and response models of the Calendars API (msgspec Structs).

Responses: every field is optional (None when absent); unknown fields are ignored.
Bodies: fields left at `UNSET` are not sent; on updates, None is sent as JSON null.
Queries: None means "not sent"; times are epoch ms (`int`) or aware datetimes (`Millis`).
"""

from __future__ import annotations

# Each module's __all__ is its public part; adding a model there is all it takes.
from . import (
    calendar_settings,
    calendars,
    common,
    events,
    groups,
    notes,
    notifications,
    resources,
    schedules,
)
from ._base import UNSET, Millis, UnsetType
from .calendar_settings import *  # noqa: F403
from .calendars import *  # noqa: F403
from .common import *  # noqa: F403
from .events import *  # noqa: F403
from .groups import *  # noqa: F403
from .notes import *  # noqa: F403
from .notifications import *  # noqa: F403
from .resources import *  # noqa: F403
from .schedules import *  # noqa: F403

__all__ = ["UNSET", "Millis", "UnsetType"]
__all__ += calendar_settings.__all__
__all__ += calendars.__all__
__all__ += common.__all__
__all__ += events.__all__
__all__ += groups.__all__
__all__ += notes.__all__
__all__ += notifications.__all__
__all__ += resources.__all__
__all__ += schedules.__all__
