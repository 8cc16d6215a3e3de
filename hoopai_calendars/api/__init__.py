"""What the Calendars API is, written once: its facts, the row type and THE TABLE.

Every other layer reads these: the models, the client, the generated services, the
workloads, the emulator and the CLI. The facts and the row type import nothing from the
package; the table is built from the models (which read the facts), so it loads on first
use: `import hoopai_calendars.api._facts` never needs the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._facts import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    DEFAULT_NOTIFICATIONS_LIMIT,
    DEFAULT_RESOURCES_LIMIT,
    DEFAULT_SCHEDULES_LIMIT,
    EVENTS_READ,
    EVENTS_WRITE,
    INACTIVE_STATUSES,
    INVALID_JWT_MESSAGE,
    MAX_NOTES_LIMIT,
    MAX_SCHEDULES_LIMIT,
    MAX_SLOT_WINDOW,
    MAX_SLOT_WINDOW_DAYS,
    MAX_SLOT_WINDOW_MS,
    NO_AUTHORIZATION_MESSAGE,
    NO_VERSION_MESSAGE,
    RATE_LIMIT_DAILY,
    RATE_LIMIT_DAILY_HEADER,
    RATE_LIMIT_DAILY_REMAINING_HEADER,
    RATE_LIMIT_DAILY_RESET_HEADER,
    RATE_LIMIT_INTERVAL_HEADER,
    RATE_LIMIT_INTERVAL_MS,
    RATE_LIMIT_MAX,
    RATE_LIMIT_MAX_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    READ,
    RESOURCE_TYPES,
    RETRY_AFTER_HEADER,
    RETRY_AFTER_MS_HEADER,
    SCOPE_MESSAGE,
    SCOPES,
    SLOT_TAKEN_MARK,
    SLOT_TAKEN_MESSAGE,
    TIMED_OUT_MESSAGE,
    UNAUTHORIZED_MARKS,
    UNSUPPORTED_VERSION_MESSAGE,
    V3,
    VERSION_HEADER,
    WRITE,
    Kind401,
    ResourceTypeName,
    Scope,
)
from ._isotime import parse_datetime, parse_instant
from ._row import DOT_SEGMENTS, Endpoint, HttpMethod, Pagination, PathParam, snake_case

if TYPE_CHECKING:
    from ._table import ENDPOINTS, SERVICE_DOCS

_TABLE_NAMES = frozenset({"ENDPOINTS", "SERVICE_DOCS"})


def __getattr__(name: str) -> Any:
    # The table imports the models, which import the facts above: load it when asked for.
    if name in _TABLE_NAMES:
        from . import _table

        return getattr(_table, name)
    raise AttributeError(f"module 'hoopai_calendars.api' has no attribute {name!r}")


__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "DEFAULT_NOTIFICATIONS_LIMIT",
    "DEFAULT_RESOURCES_LIMIT",
    "DEFAULT_SCHEDULES_LIMIT",
    "DOT_SEGMENTS",
    "ENDPOINTS",
    "EVENTS_READ",
    "EVENTS_WRITE",
    "Endpoint",
    "HttpMethod",
    "INACTIVE_STATUSES",
    "INVALID_JWT_MESSAGE",
    "Kind401",
    "MAX_NOTES_LIMIT",
    "MAX_SCHEDULES_LIMIT",
    "MAX_SLOT_WINDOW",
    "MAX_SLOT_WINDOW_DAYS",
    "MAX_SLOT_WINDOW_MS",
    "NO_AUTHORIZATION_MESSAGE",
    "NO_VERSION_MESSAGE",
    "Pagination",
    "PathParam",
    "RATE_LIMIT_DAILY",
    "RATE_LIMIT_DAILY_HEADER",
    "RATE_LIMIT_DAILY_REMAINING_HEADER",
    "RATE_LIMIT_DAILY_RESET_HEADER",
    "RATE_LIMIT_INTERVAL_HEADER",
    "RATE_LIMIT_INTERVAL_MS",
    "RATE_LIMIT_MAX",
    "RATE_LIMIT_MAX_HEADER",
    "RATE_LIMIT_REMAINING_HEADER",
    "READ",
    "RESOURCE_TYPES",
    "RETRY_AFTER_HEADER",
    "RETRY_AFTER_MS_HEADER",
    "ResourceTypeName",
    "SCOPES",
    "SCOPE_MESSAGE",
    "SERVICE_DOCS",
    "SLOT_TAKEN_MARK",
    "SLOT_TAKEN_MESSAGE",
    "Scope",
    "TIMED_OUT_MESSAGE",
    "UNAUTHORIZED_MARKS",
    "UNSUPPORTED_VERSION_MESSAGE",
    "V3",
    "VERSION_HEADER",
    "WRITE",
    "parse_datetime",
    "parse_instant",
    "snake_case",
]
