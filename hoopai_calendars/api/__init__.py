"""What the Calendars API is, written once: its facts, the row type and THE TABLE.

Every other layer reads these: the models, the client, the generated services, the
workloads, the emulator and the CLI. The facts and the row type import nothing from the
package; the table is built from the models (which read the facts), so it loads on first
use: `import hoopai_calendars.api._facts` never needs the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _facts
from ._facts import *  # noqa: F403
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
    "DOT_SEGMENTS",
    "ENDPOINTS",
    "Endpoint",
    "HttpMethod",
    "Pagination",
    "PathParam",
    "SERVICE_DOCS",
    "parse_datetime",
    "parse_instant",
    "snake_case",
]
__all__ += _facts.__all__
