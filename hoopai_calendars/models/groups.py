"""Calendar groups: the group record, its bodies, and the list query."""

from __future__ import annotations

from msgspec import UNSET, UnsetType

from ._base import Body, Query, Response

__all__ = [
    "Group",
    "GroupCreate",
    "GroupSlugValidation",
    "GroupStatusUpdate",
    "GroupUpdate",
    "GroupsQuery",
    "SlugAvailability",
]


class Group(Response):
    """A calendar group (spec `GroupDTO`)."""

    id: str | None = None
    location_id: str | None = None
    name: str | None = None
    description: str | None = None
    slug: str | None = None
    is_active: bool | None = None


class GroupCreate(Body):
    """Body of `groups.create` (spec `GroupCreateDTO`)."""

    location_id: str
    name: str
    description: str
    slug: str
    is_active: bool | UnsetType = UNSET


class GroupUpdate(Body):
    """Body of `groups.update` (spec `GroupUpdateDTO`: all three fields are required)."""

    name: str
    description: str
    slug: str


class GroupStatusUpdate(Body):
    """Body of `groups.set_status`: enable (True) or disable (False) the group."""

    is_active: bool


class GroupSlugValidation(Body):
    """Body of `groups.validate_slug`."""

    location_id: str
    slug: str


class SlugAvailability(Response):
    """Answer of `groups.validate_slug`."""

    available: bool | None = None


class GroupsQuery(Query):
    """Query of `groups.list`."""

    location_id: str
