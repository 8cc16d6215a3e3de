"""What the free-slot engine needs of nested body values beyond their models' constraints.

Runs after the value was converted to its model type (see `_bodies`), so shapes, types,
ranges (hours, minutes, days of the week, timing offsets) and rule types are already
right; what is left are the checks a type cannot say: real dates, day names, "HH:MM"
clocks in order, and no day closing after 24:00, so a stored calendar or schedule always
means what it says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from ..models.schedules import ScheduleRuleType
from ._hours import DAY_MINUTES, DAY_NAMES, parse_clock

__all__ = ["engine_problems"]


def engine_problems(key: str, value: Any) -> list[str]:
    """Return the engine's problems with nested field `key`, already valid for its model."""
    checker = _CHECKS.get(key)
    return list(checker(key, value)) if checker is not None else []


def _hours(where: str, hours: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, hour in enumerate(hours):
        if hour["closeHour"] * 60 + hour["closeMinute"] > DAY_MINUTES:
            yield f"{where}.{index} must close at 24:00 at the latest"


def _open_hours(key: str, value: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, entry in enumerate(value):
        yield from _hours(f"{key}.{index}.hours", entry["hours"])


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def _availabilities(key: str, value: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, entry in enumerate(value):
        if not _is_date(entry["date"]):
            yield f"{key}.{index}.date must be a valid ISO 8601 date string"
        yield from _hours(f"{key}.{index}.hours", entry["hours"])


def _rules(key: str, value: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, rule in enumerate(value):
        at = f"{key}.{index}"
        if rule["type"] == ScheduleRuleType.WDAY:
            day = rule.get("day")
            if not isinstance(day, str) or day.lower() not in DAY_NAMES:
                yield f"{at}.day must be one of the following values: {', '.join(DAY_NAMES)}"
        elif not isinstance(rule.get("date"), str) or not _is_date(rule["date"]):
            yield f"{at}.date must be a valid ISO 8601 date string"
        for number, interval in enumerate(rule["intervals"]):
            start, end = parse_clock(interval["from"]), parse_clock(interval["to"])
            if start is None or end is None:
                yield f"{at}.intervals.{number} must be HH:MM times from 00:00 to 24:00"
            # A close of 00:00 means midnight at the end of the day, as the engine reads it.
            elif start >= (end or DAY_MINUTES):
                yield f"{at}.intervals.{number}.from must be before to"


_CHECKS: dict[str, Callable[[str, Any], Iterator[str]]] = {
    "openHours": _open_hours,
    "availabilities": _availabilities,
    "rules": _rules,
}
