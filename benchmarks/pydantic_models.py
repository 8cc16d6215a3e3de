"""Pydantic v2 models equivalent to the spec's schemas, for the decode and memory comparisons.

Field for field what the spec declares (CalendarEventDTO, CreatedOrUpdatedBy, the free-slots
map), all optional like ours, camelCase on the wire: the models a pydantic user would write.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel
from pydantic.alias_generators import to_camel

__all__ = ["PydanticEvents", "PydanticFreeSlots"]

# The spec types the four times as `object`; the wire carries ISO strings, as in ours.
_CONFIG = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class PydanticCreatedBy(BaseModel):
    model_config = _CONFIG

    user_id: str | None = None
    source: str | None = None


class PydanticEvent(BaseModel):
    model_config = _CONFIG

    id: str | None = None
    address: str | None = None
    title: str | None = None
    calendar_id: str | None = None
    location_id: str | None = None
    contact_id: str | None = None
    group_id: str | None = None
    appointment_status: str | None = None
    assigned_user_id: str | None = None
    users: list[str] | None = None
    notes: str | None = None
    description: str | None = None
    is_recurring: bool | None = None
    rrule: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    date_added: str | None = None
    date_updated: str | None = None
    assigned_resources: list[str] | None = None
    created_by: PydanticCreatedBy | None = None
    master_event_id: str | None = None


class PydanticEvents(BaseModel):
    """GetCalendarEventsSuccessfulResponseDTO."""

    model_config = _CONFIG

    events: list[PydanticEvent]


class PydanticDaySlots(BaseModel):
    slots: list[str]


class PydanticFreeSlots(RootModel[dict[str, PydanticDaySlots | str]]):
    """The free-slots map: date keys plus the sibling `traceId` string."""
