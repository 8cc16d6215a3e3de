"""The emulator's routes, built from the endpoint table: one handler registered per row.

A handler module marks each function with `@handles("calendars.get")`; `table_routes`
joins the registry with the table's rows (method, path template, scope, body model) and
refuses a row without a handler or a handler without a row. Routes that are not API rows
(OAuth, control endpoints) are `ExtraRoute`s, registered by `create_app` beside them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ._wire import Ctx, Reply

if TYPE_CHECKING:
    from ..api import Endpoint
    from ._state import State

__all__ = [
    "EMULATOR_ROUTES",
    "HANDLERS",
    "ExtraRoute",
    "Handler",
    "Route",
    "handles",
    "route_order",
    "table_routes",
]

Handler = Callable[[Ctx], Reply]
HANDLERS: dict[str, Handler] = {}

_PLACEHOLDER = re.compile(r"\{\w+\}")


def handles(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of the table row `name`."""

    def register(handler: Handler) -> Handler:
        if name in HANDLERS:
            raise RuntimeError(f"two emulator handlers for {name!r}")
        HANDLERS[name] = handler
        return handler

    return register


@dataclass(frozen=True, slots=True)
class Route:
    """One API operation as the emulator serves it: the row's facts and its handler."""

    operation: str
    method: str
    path: str
    scope: str
    handler: Handler
    body: Any = None  # the row's body model, None for a row without a body


@dataclass(frozen=True, slots=True)
class ExtraRoute:
    """A route that is not an API row (OAuth, control): `make(state)` is its aiohttp handler.

    It bypasses the API pipeline (Version, Bearer, scopes, rate limits, faults); the JSON
    error middleware still applies.
    """

    method: str
    path: str
    make: Callable[[State], Callable[[web.Request], Awaitable[web.StreamResponse]]]


# Emulator-only routes every app serves; `create_app(state, extra=...)` adds more.
EMULATOR_ROUTES: tuple[ExtraRoute, ...] = ()


def route_order(path: str) -> tuple[int, ...]:
    """Sort key putting fixed segments before placeholders, position by position.

    aiohttp tries routes in registration order, so `/calendars/groups` must come before
    `/calendars/{calendarId}`: the same rule the table's reserved path words follow.
    """
    return tuple(1 if _PLACEHOLDER.fullmatch(seg) else 0 for seg in path.strip("/").split("/"))


def table_routes(
    rows: Iterable[Endpoint[Any]], handlers: Mapping[str, Handler]
) -> tuple[Route, ...]:
    """Join the table's rows with their handlers, in routing order.

    Raises LookupError naming every row without a handler and every handler without a row.
    """
    rows = tuple(rows)
    names = {row.name for row in rows}
    unserved = sorted(names - set(handlers))
    orphans = sorted(set(handlers) - names)
    if unserved or orphans:
        raise LookupError(f"rows without a handler: {unserved}; handlers without a row: {orphans}")
    routes = (
        Route(row.name, row.method, row.path, row.scope, handlers[row.name], row.body)
        for row in rows
    )
    return tuple(sorted(routes, key=lambda route: (route_order(route.path), route.path)))
