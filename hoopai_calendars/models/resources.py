"""Calendar resources (rooms and equipment): the record, its bodies and the list query."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from ..api._facts import DEFAULT_RESOURCES_LIMIT, RESOURCE_TYPES
from ._base import Body, Query, Response
from .common import check_min

__all__ = [
    "DEFAULT_RESOURCES_LIMIT",
    "Resource",
    "ResourceCreate",
    "ResourceType",
    "ResourceUpdate",
    "ResourcesQuery",
]

MAX_RESOURCE_COUNT = 1_000_000
Count = Annotated[int, Meta(ge=0, le=MAX_RESOURCE_COUNT)]


class ResourceType:
    """The two values of the `resource_type` path parameter."""

    EQUIPMENTS, ROOMS = RESOURCE_TYPES


class Resource(Response):
    """A room or a piece of equipment (spec `CalendarResourceByIdResponseDTO`).

    The spec declares no id field; `id` is read from the wire key "id" when present.
    """

    id: str | None = None
    location_id: str | None = None
    name: str | None = None
    resource_type: str | None = None
    is_active: bool | None = None
    description: str | None = None
    quantity: int | None = None
    out_of_service: int | None = None
    capacity: int | None = None
    calendar_ids: list[str] | None = None


class ResourceCreate(Body):
    """Body of `resources.create` (spec `CreateCalendarResourceDTO`: every field required)."""

    location_id: str
    name: str
    description: str
    quantity: Count
    out_of_service: Count
    capacity: Count
    calendar_ids: list[str]


class ResourceUpdate(Body):
    """Body of `resources.update`; `description` may be set to None to clear it."""

    location_id: str | UnsetType = UNSET
    name: str | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    quantity: Count | UnsetType = UNSET
    out_of_service: Count | UnsetType = UNSET
    capacity: Count | UnsetType = UNSET
    calendar_ids: list[str] | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET


class ResourcesQuery(Query):
    """Query of `resources.list`; the API requires `limit` and `skip`, so both have defaults."""

    location_id: str
    limit: int = DEFAULT_RESOURCES_LIMIT
    skip: int = 0

    def __post_init__(self) -> None:
        check_min("limit", self.limit, 1)
        check_min("skip", self.skip, 0)
