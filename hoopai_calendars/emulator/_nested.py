"""Checks of nested body values: their model type, then the ranges the engine reads them in.

A nested value is first converted to its model type (`_schemas.NESTED`, the same Structs the
client sends), so a wrong shape is refused with the path of the first problem; then the
values the free-slot engine interprets (days, hours, "HH:MM" clocks, timings) are range-checked
so that a stored calendar or schedule always means what it says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import msgspec

from ..models.schedules import ScheduleRuleType
from ._hours import DAY_MINUTES, DAY_NAMES, parse_clock
from ._schemas import MAX_DURATION, NESTED

__all__ = ["nested_problems"]

_AT = re.compile(r" - at `\$(.*)`$")


def nested_problems(key: str, value: Any) -> list[str]:
    """Return the problems of nested field `key` (empty when it is acceptable)."""
    kind = NESTED.get(key)
    if kind is None:
        return []
    try:
        msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        # "Expected `int`, got `str` - at `$[0].timeOffset`" -> "beforeTime.0.timeOffset ...".
        text = str(exc)
        found = _AT.search(text)
        where = key + (found.group(1).replace("[", ".").replace("]", "") if found else "")
        return [f"{where}: {_AT.sub('', text)}"]
    checker = _CHECKS.get(key)
    return list(checker(key, value)) if checker is not None else []


def _hours(where: str, hours: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, hour in enumerate(hours):
        at = f"{where}.{index}"
        for name, top in (
            ("openHour", 23),
            ("closeHour", 24),
            ("openMinute", 59),
            ("closeMinute", 59),
        ):
            if not 0 <= hour[name] <= top:
                yield f"{at}.{name} must be between 0 and {top}"
        if hour["closeHour"] * 60 + hour["closeMinute"] > DAY_MINUTES:
            yield f"{at} must close at 24:00 at the latest"


def _open_hours(key: str, value: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, entry in enumerate(value):
        if any(not 0 <= day <= 6 for day in entry["daysOfTheWeek"]):
            yield f"{key}.{index}.daysOfTheWeek must hold days 0 (Sunday) to 6"
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
        elif rule["type"] == ScheduleRuleType.DATE:
            if not isinstance(rule.get("date"), str) or not _is_date(rule["date"]):
                yield f"{at}.date must be a valid ISO 8601 date string"
        else:
            kinds = f"{ScheduleRuleType.WDAY}, {ScheduleRuleType.DATE}"
            yield f"{at}.type must be one of the following values: {kinds}"
        for number, interval in enumerate(rule["intervals"]):
            start, end = parse_clock(interval["from"]), parse_clock(interval["to"])
            if start is None or end is None:
                yield f"{at}.intervals.{number} must be HH:MM times from 00:00 to 24:00"
            # A close of 00:00 means midnight at the end of the day, as the engine reads it.
            elif start >= (end or DAY_MINUTES):
                yield f"{at}.intervals.{number}.from must be before to"


def _timings(key: str, value: list[Mapping[str, Any]]) -> Iterator[str]:
    for index, timing in enumerate(value):
        if not 0 <= timing["timeOffset"] <= MAX_DURATION:
            yield f"{key}.{index}.timeOffset must be between 0 and {MAX_DURATION}"


_CHECKS = {
    "openHours": _open_hours,
    "availabilities": _availabilities,
    "rules": _rules,
    "afterTime": _timings,
    "beforeTime": _timings,
}
