"""Weekly open hours and per-date overrides, resolved to epoch-ms periods in an IANA zone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import isfinite
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "DAY_NAMES",
    "OpenHours",
    "from_calendar",
    "from_schedule",
    "load_zone",
    "local_date",
    "parse_clock",
    "to_ms",
]

DAY_MINUTES = 24 * 60
_EPOCH = datetime(1970, 1, 1)
_MS = timedelta(milliseconds=1)
# The API numbers weekdays 0=Sunday..6=Saturday; schedules name them.
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")

WallPeriod = tuple[int, int]  # [open, close) in minutes after local midnight, close <= 1440


def load_zone(name: str) -> ZoneInfo:
    """Return the IANA zone `name`, raising ValueError for anything zoneinfo cannot load."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError, TypeError) as exc:
        # zoneinfo raises KeyError, ValueError or IsADirectoryError depending on the name;
        # callers only need one type to map to a 400.
        raise ValueError(f"unknown timezone {name!r}") from exc


def to_ms(wall: datetime, zone: ZoneInfo) -> int:
    """Return the instant of naive wall time `wall` in `zone` (PEP 495 fold=0 rules).

    fold=0 makes every wall time resolve deterministically: an ambiguous time (clocks going
    back) is its earlier instant, a nonexistent one (clocks going forward) is read with the
    offset in force before the jump, so 02:30 on a US spring-forward day is 03:30 EDT.
    """
    offset = wall.replace(tzinfo=zone, fold=0).utcoffset() or timedelta()
    return (wall - _EPOCH - offset) // _MS


def local_date(ms: int, zone: ZoneInfo) -> date:
    """Return the calendar date of instant `ms` in `zone`."""
    return datetime.fromtimestamp(ms // 1000, zone).date()


@dataclass(frozen=True)
class OpenHours:
    """Recurring weekly periods plus whole-day replacements for specific dates."""

    zone: ZoneInfo
    weekly: Mapping[int, Sequence[WallPeriod]] = field(default_factory=dict)  # 0=Sunday
    dates: Mapping[date, Sequence[WallPeriod]] = field(default_factory=dict)

    def wall_periods(self, day: date) -> Sequence[WallPeriod]:
        """Return the merged open periods of `day`; a date override replaces the weekday."""
        found = self.dates.get(day)
        if found is not None:
            return found
        return self.weekly.get(day.isoweekday() % 7, ())

    def periods(self, lo_ms: int, hi_ms: int) -> list[tuple[int, int]]:
        """Return ascending [start_ms, end_ms) open periods that intersect [lo_ms, hi_ms)."""
        out: list[tuple[int, int]] = []
        # One day of slack on each side: a period is bounded by its own local day, but the
        # window's edges are instants whose local date depends on the zone.
        day = local_date(lo_ms, self.zone) - timedelta(days=1)
        last = local_date(hi_ms, self.zone)
        while day <= last:
            midnight = datetime.combine(day, time())
            instants = sorted(
                (
                    to_ms(midnight + timedelta(minutes=open_min), self.zone),
                    to_ms(midnight + timedelta(minutes=close_min), self.zone),
                )
                for open_min, close_min in self.wall_periods(day)
            )
            # fold=0 reads a spring-forward gap with the old offset, so a period ending (or
            # lying) in the gap maps past the instants just after it: disjoint wall periods can
            # overlap or swap order as instants. Sort and merge again, dropping empty ones.
            today: list[tuple[int, int]] = []
            for start, end in instants:
                if end <= start:
                    continue
                if today and start <= today[-1][1]:
                    today[-1] = (today[-1][0], max(today[-1][1], end))
                else:
                    today.append((start, end))
            out += [(s, e) for s, e in today if s < hi_ms and e > lo_ms]
            day += timedelta(days=1)
        return out


def _merge(periods: Iterable[WallPeriod]) -> tuple[WallPeriod, ...]:
    """Sort and merge overlapping or touching periods so each day has disjoint ones."""
    merged: list[WallPeriod] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _period(open_min: int, close_min: int) -> WallPeriod | None:
    """Return a clamped [open, close) period, reading a close of 00:00 as midnight at day end."""
    open_min = min(max(open_min, 0), DAY_MINUTES)
    close_min = DAY_MINUTES if close_min == 0 else min(max(close_min, 0), DAY_MINUTES)
    # Overnight wrap-around is not modelled: a close at or before the open is an empty period.
    return (open_min, close_min) if close_min > open_min else None


def _int(value: Any) -> int | None:
    """Return `value` as an int if it is a real number (the wire says `number`), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not isfinite(value):
        return None
    return int(value)


def _hour_periods(hours: Any) -> list[WallPeriod]:
    """Parse a list of `Hour` objects; malformed entries are skipped, never fatal."""
    out: list[WallPeriod] = []
    for hour in hours if isinstance(hours, list) else ():
        if not isinstance(hour, Mapping):
            continue
        parts = [_int(hour.get(k)) for k in ("openHour", "openMinute", "closeHour", "closeMinute")]
        if None in parts:
            continue
        oh, om, ch, cm = (p or 0 for p in parts)
        found = _period(oh * 60 + om, ch * 60 + cm)
        if found is not None:
            out.append(found)
    return out


def parse_clock(text: Any) -> int | None:
    """Parse a schedule "HH:MM" (00:00 to 24:00) into minutes after midnight, else None."""
    if not isinstance(text, str) or not text.isascii():
        return None
    hh, sep, mm = text.partition(":")
    if not (sep and hh.isdigit() and mm.isdigit() and len(mm) == 2 and len(hh) <= 2):
        return None
    total = int(hh) * 60 + int(mm)
    return total if int(mm) < 60 and total <= DAY_MINUTES else None


def _interval_periods(intervals: Any) -> list[WallPeriod]:
    """Parse a list of `ScheduleIntervalDTO` ({from, to}); malformed entries are skipped."""
    out: list[WallPeriod] = []
    for item in intervals if isinstance(intervals, list) else ():
        if not isinstance(item, Mapping):
            continue
        start, end = parse_clock(item.get("from")), parse_clock(item.get("to"))
        if start is None or end is None:
            continue
        found = _period(start, end)
        if found is not None:
            out.append(found)
    return out


def _iso_date(text: Any) -> date | None:
    """Read the leading YYYY-MM-DD of a date or `<date>T00:00:00.000Z` string."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _finish(
    zone: ZoneInfo, weekly: Mapping[int, list[WallPeriod]], dates: Mapping[date, list[WallPeriod]]
) -> OpenHours:
    """Freeze collected periods into merged, per-day tuples."""
    return OpenHours(
        zone=zone,
        weekly={wd: _merge(ps) for wd, ps in weekly.items()},
        dates={d: _merge(ps) for d, ps in dates.items()},
    )


def from_calendar(calendar: Mapping[str, Any], zone: ZoneInfo) -> OpenHours:
    """Build open hours from a calendar's `openHours` and `availabilities`.

    `availabilityType` is honoured as the spec describes it: 0 uses open hours only, 1 uses
    the date-specific availabilities only, anything else uses both (a date override wins).
    """
    kind = calendar.get("availabilityType")
    weekly: dict[int, list[WallPeriod]] = {}
    dates: dict[date, list[WallPeriod]] = {}
    open_hours = calendar.get("openHours") if kind != 1 else None
    for entry in open_hours if isinstance(open_hours, list) else ():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("daysOfTheWeek"), list):
            continue
        periods = _hour_periods(entry.get("hours"))
        for wd in entry["daysOfTheWeek"]:
            day = _int(wd)
            if day is not None and 0 <= day <= 6:
                weekly.setdefault(day, []).extend(periods)
    overrides = calendar.get("availabilities") if kind != 0 else None
    for entry in overrides if isinstance(overrides, list) else ():
        if not isinstance(entry, Mapping) or entry.get("deleted") is True:
            continue
        day_ = _iso_date(entry.get("date"))
        if day_ is not None:
            # setdefault even when hours are empty: an override with no hours closes the day.
            dates.setdefault(day_, []).extend(_hour_periods(entry.get("hours")))
    return _finish(zone, weekly, dates)


def from_schedule(schedule: Mapping[str, Any], zone: ZoneInfo) -> OpenHours:
    """Build open hours from an availability schedule's `rules` (wday and date rules)."""
    weekly: dict[int, list[WallPeriod]] = {}
    dates: dict[date, list[WallPeriod]] = {}
    rules = schedule.get("rules")
    for rule in rules if isinstance(rules, list) else ():
        if not isinstance(rule, Mapping):
            continue
        periods = _interval_periods(rule.get("intervals"))
        name = rule.get("day")
        if rule.get("type") == "wday" and isinstance(name, str) and name.lower() in DAY_NAMES:
            weekly.setdefault(DAY_NAMES.index(name.lower()), []).extend(periods)
        elif rule.get("type") == "date" and (day := _iso_date(rule.get("date"))) is not None:
            dates.setdefault(day, []).extend(periods)
    return _finish(zone, weekly, dates)
