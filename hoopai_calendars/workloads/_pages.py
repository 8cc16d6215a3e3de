"""Async iterators over the paged lists: notes (limit/offset), resources, notifications, schedules.

Each walks pages until the API runs out, skips an item it has already yielded (a record
added or removed mid-walk shifts skip/offset pages), and stops rather than loop forever
if a page brings nothing new.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from .._config import RequestOptions
from .._errors import ValidationError
from ..models import Note, Notification, Resource, Schedule
from ..models.notes import MAX_NOTES_LIMIT
from ..models.schedules import MAX_SCHEDULES_LIMIT
from ._patience import patiently

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = ["iter_notes", "iter_notifications", "iter_resources", "iter_schedules"]


class _HasId(Protocol):
    @property
    def id(self) -> str | None: ...


T = TypeVar("T", bound=_HasId)


def _check_page_size(page_size: int, maximum: int | None = None) -> None:
    if page_size < 1 or (maximum is not None and page_size > maximum):
        top = f" and {maximum}" if maximum is not None else ""
        raise ValidationError("page_size", f"must be at least 1{top}")


async def _walk(
    page: Callable[[int], Awaitable[tuple[list[T], bool]]],
) -> AsyncGenerator[T, None]:
    """Yield the items of successive pages; `page(position)` returns (items, more)."""
    seen: set[str] = set()
    position = 0
    while True:
        items, more = await patiently(partial(page, position))
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
    _check_page_size(page_size, MAX_NOTES_LIMIT)

    async def page(offset: int) -> tuple[list[Note], bool]:
        found = await client.notes.list(
            appointment_id, limit=page_size, offset=offset, options=options
        )
        return found.notes or [], bool(found.has_more)

    return _walk(page)


def iter_resources(
    client: AsyncClientCore,
    resource_type: Literal["equipments", "rooms"],
    *,
    location_id: str,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Resource, None]:
    """Iterate over every room or piece of equipment of a location (limit/skip pages)."""
    _check_page_size(page_size)

    async def page(skip: int) -> tuple[list[Resource], bool]:
        found = await client.resources.list(
            resource_type, location_id=location_id, limit=page_size, skip=skip, options=options
        )
        # A short page is the last one: the list has no total and no "has more" flag.
        return found, len(found) >= page_size

    return _walk(page)


def iter_notifications(
    client: AsyncClientCore,
    calendar_id: str,
    *,
    is_active: bool | None = None,
    deleted: bool | None = None,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Notification, None]:
    """Iterate over every notification of a calendar (limit/skip pages)."""
    _check_page_size(page_size)

    async def page(skip: int) -> tuple[list[Notification], bool]:
        found = await client.notifications.list(
            calendar_id,
            is_active=is_active,
            deleted=deleted,
            limit=page_size,
            skip=skip,
            options=options,
        )
        return found, len(found) >= page_size

    return _walk(page)


def iter_schedules(
    client: AsyncClientCore,
    *,
    location_id: str,
    user_id: str,
    calendar_id: str | None = None,
    page_size: int = 100,
    options: RequestOptions | None = None,
) -> AsyncGenerator[Schedule, None]:
    """Iterate over every availability schedule the search matches (limit/skip, limit <= 500)."""
    _check_page_size(page_size, MAX_SCHEDULES_LIMIT)

    async def page(skip: int) -> tuple[list[Schedule], bool]:
        found = await client.schedules.list(
            location_id=location_id,
            user_id=user_id,
            calendar_id=calendar_id,
            skip=skip,
            limit=page_size,
            options=options,
        )
        return found, len(found) >= page_size

    return _walk(page)
