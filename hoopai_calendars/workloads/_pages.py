"""Every paged list (notes, resources, notifications, schedules), walked by one walker.

A row's `pagination` column says how it pages: `limit_offset` answers a page object with
its items and `has_more`; `limit_skip` answers a bare list, and a short page is the last.
The page size is checked by building the row's query model, so its caps are the model's
constraints. The walker skips an item it has already yielded (a record added or removed
mid-walk shifts skip/offset pages) and stops rather than loop forever if a page brings
nothing new. The `iter_*` functions only name their row and its arguments.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from .._config import RequestOptions
from .._errors import ValidationError
from ..api import Endpoint, ResourceTypeName
from ..api._table import (
    FETCH_CALENDAR_RESOURCES,
    GET_ALL_SCHEDULES,
    GET_APPOINTMENT_NOTES,
    GET_EVENT_NOTIFICATION,
)
from ..models import MAX_NOTES_LIMIT, Note, Notification, Resource, Schedule
from ._outlast import outlast

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = ["iter_notes", "iter_notifications", "iter_resources", "iter_schedules", "walk"]

# The walkers' page size where the API caps it higher (or not at all).
PAGE_SIZE = 100

# Where each paging style keeps the position of the next page.
_POSITION = {"limit_offset": "offset", "limit_skip": "skip"}


def walk(
    client: AsyncClientCore,
    row: Endpoint[Any],
    path_args: tuple[object, ...],
    query: Mapping[str, object],
    page_size: int,
    options: RequestOptions | None,
) -> AsyncGenerator[Any, None]:
    """Iterate over every item of a paged row; bad arguments fail here, before any request."""
    position = _POSITION.get(row.pagination)
    if position is None or row.query is None:
        raise ValueError(f"{row.name} is not a limit/skip or limit/offset list")
    try:
        # The query model's own constraints (limit caps included) check the arguments.
        row.query(**query, limit=page_size, **{position: 0})
    except ValidationError as exc:
        if exc.param != "limit":
            raise
        raise ValidationError("page_size", exc.message) from None
    method = getattr(getattr(client, row.service), row.method_name)

    async def page(at: int) -> tuple[list[Any], bool]:
        found = await method(
            *path_args, **query, limit=page_size, options=options, **{position: at}
        )
        if isinstance(found, list):
            return found, len(found) >= page_size  # no total, no flag: a short page is the last
        # A page object: its one list field holds the items (None when the page is empty).
        fields = (getattr(found, name) for name in found.__struct_fields__)
        return next((v for v in fields if isinstance(v, list)), []), bool(found.has_more)

    return _pages(client, page)


async def _pages(
    client: AsyncClientCore, page: Callable[[int], Awaitable[tuple[list[Any], bool]]]
) -> AsyncGenerator[Any, None]:
    seen: set[str] = set()
    position = 0
    while True:
        items, more = await outlast(client, partial(page, position))
        fresh = 0
        for item in items:
            if item.id is not None:
                if item.id in seen:
                    continue
                seen.add(item.id)
            fresh += 1
            yield item
        position += len(items)
        if not more or not items or not fresh:
            return


def iter_notes(
    client: AsyncClientCore,
    appointment_id: str,
    *,
    page_size: int = MAX_NOTES_LIMIT,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Note, None]:
    """Iterate over every note of an appointment, newest first (pages of <= 20, by offset)."""
    return walk(client, GET_APPOINTMENT_NOTES, (appointment_id,), {}, page_size, options)


def iter_resources(
    client: AsyncClientCore,
    resource_type: ResourceTypeName,
    *,
    location_id: str,
    page_size: int = PAGE_SIZE,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Resource, None]:
    """Iterate over every room or piece of equipment of a location (limit/skip pages)."""
    query = {"location_id": location_id}
    return walk(client, FETCH_CALENDAR_RESOURCES, (resource_type,), query, page_size, options)


def iter_notifications(
    client: AsyncClientCore,
    calendar_id: str,
    *,
    is_active: bool | None = None,
    deleted: bool | None = None,
    page_size: int = PAGE_SIZE,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Notification, None]:
    """Iterate over every notification of a calendar (limit/skip pages)."""
    query = {"is_active": is_active, "deleted": deleted}
    return walk(client, GET_EVENT_NOTIFICATION, (calendar_id,), query, page_size, options)


def iter_schedules(
    client: AsyncClientCore,
    *,
    location_id: str,
    user_id: str,
    calendar_id: str | None = None,
    page_size: int = PAGE_SIZE,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Schedule, None]:
    """Iterate over every availability schedule the search matches (limit/skip, limit <= 500)."""
    query = {"location_id": location_id, "user_id": user_id, "calendar_id": calendar_id}
    return walk(client, GET_ALL_SCHEDULES, (), query, page_size, options)
