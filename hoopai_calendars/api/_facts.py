"""Facts about the Calendars API, each written once; every other layer reads them here.

Pure constants, importing nothing from the package: the models, the errors, the client
and the emulator all sit above this module.
"""

from __future__ import annotations

from typing import Final, Literal

# -- scopes ------------------------------------------------------------------------------

# The seed page's scope table. The upstream spec names finer scopes
# (calendars/groups.*, calendars/resources.*); where they disagree the seed wins.
Scope = Literal[
    "calendars.readonly",
    "calendars.write",
    "calendars/events.readonly",
    "calendars/events.write",
]
READ: Final[Scope] = "calendars.readonly"
WRITE: Final[Scope] = "calendars.write"
EVENTS_READ: Final[Scope] = "calendars/events.readonly"
EVENTS_WRITE: Final[Scope] = "calendars/events.write"
SCOPES: Final[frozenset[Scope]] = frozenset({READ, WRITE, EVENTS_READ, EVENTS_WRITE})
