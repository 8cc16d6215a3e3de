"""User availability schedules: the record, its rules, bodies and the search query."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from ..api._facts import DEFAULT_SCHEDULES_LIMIT, MAX_SCHEDULES_LIMIT
from ._base import Body, Query, Response, check_limit, one_of
from .common import check_min

__all__ = [
    "DEFAULT_SCHEDULES_LIMIT",
    "MAX_SCHEDULES_LIMIT",
    "Schedule",
    "ScheduleCreate",
    "ScheduleInterval",
    "ScheduleIntervalInput",
    "ScheduleRule",
    "ScheduleRuleInput",
    "ScheduleRuleType",
    "ScheduleUpdate",
    "SchedulesQuery",
]


class ScheduleRuleType:
    """Values of `ScheduleRule.type`: a weekly rule (`day`) or a one-date rule (`date`)."""

    WDAY = "wday"
    DATE = "date"


class ScheduleInterval(Response):
    """An open interval, "HH:MM" to "HH:MM" (`from_` is "from" on the wire)."""

    from_: str | None = msgspec.field(default=None, name="from")
    to: str | None = None


class ScheduleIntervalInput(Body):
    """An open interval to send, e.g. `ScheduleIntervalInput(from_="09:00", to="17:00")`."""

    from_: str = msgspec.field(name="from")
    to: str


class ScheduleRule(Response):
    """One rule of a schedule: weekly (`day` = "monday".."sunday") or for one `date`."""

    type: str | None = None
    intervals: list[ScheduleInterval] | None = None
    date: str | None = None
    day: str | None = None


class ScheduleRuleInput(Body):
    """One rule to send: `type="wday"` with `day`, or `type="date"` with `date` (YYYY-MM-DD)."""

    type: Annotated[str, one_of(ScheduleRuleType.WDAY, ScheduleRuleType.DATE)]
    intervals: list[ScheduleIntervalInput]
    date: str | UnsetType = UNSET
    day: str | UnsetType = UNSET


class Schedule(Response):
    """A user availability schedule (spec `ScheduleObjectResponseDTO`)."""

    id: str | None = None
    name: str | None = None
    location_id: str | None = None
    user_id: str | None = None
    timezone: str | None = None
    rules: list[ScheduleRule] | None = None
    calendar_ids: list[str] | None = None
    date_added: str | None = None
    date_updated: str | None = None
    deleted: bool | None = None


class ScheduleCreate(Body):
    """Body of `schedules.create` (spec `CreateScheduleDTO`)."""

    location_id: str
    user_id: str
    name: str
    timezone: str
    rules: list[ScheduleRuleInput] | UnsetType = UNSET
    calendar_ids: list[str] | UnsetType = UNSET


class ScheduleUpdate(Body):
    """Body of `schedules.update` (spec `UpdateScheduleDTO`)."""

    name: str | UnsetType = UNSET
    rules: list[ScheduleRuleInput] | UnsetType = UNSET
    timezone: str | UnsetType = UNSET


class SchedulesQuery(Query):
    """Query of `schedules.list`: `limit` 1..500 (API default 50), `skip` from 0.

    The API requires `user_id` (schedules belong to users).
    """

    location_id: str
    user_id: str
    calendar_id: str | None = None
    skip: int | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        check_limit("limit", self.limit, MAX_SCHEDULES_LIMIT)
        check_min("skip", self.skip, 0)
