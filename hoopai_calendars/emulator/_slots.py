"""The emulator's free-slot engine: pure functions over wire-shaped calendar dicts.

Rules where the API is silent (chosen here, kept deterministic):

* Open hours are wall-clock periods in the schedule's zone if a schedule is attached, else in
  the calendar's `timezone`, else UTC. A schedule replaces both `openHours` and
  `availabilities`; its `date` rules are its overrides. Wall times resolve with PEP 495 fold=0
  (see `_hours.to_ms`). A close of 00:00 means midnight at the end of the day; overlapping or
  touching periods of one day merge; a period never runs past its own day.
* Slot starts are `period_start + k * interval` in elapsed time. Durations, intervals and
  buffers are rounded to whole minutes; a missing duration or interval is 30 minutes (the spec
  default), a non-positive interval falls back to the duration, a non-positive duration offers
  nothing.
* Slot `s` is offered iff `[s, s + duration)` lies in one open period, the query window holds
  `s` (half-open, capped to 31 days and to 31 dates in the output zone),
  `s >= now + allowBookingAfter`, `s <= now + allowBookingFor` (when set), its booked count is
  below capacity, and `[s - preBuffer, s + duration + slotBuffer)` overlaps no busy interval.
  Notice and window in hours are elapsed time; days, weeks and months are calendar arithmetic
  in the hours' zone (month ends clamp). Default units: notice hours, window days.
* Capacity is `appoinmentPerSlot` (the spec's spelling) or `appointmentPerSlot`, default 1.
  When it is above 1, busy intervals exactly `[s, s + duration)` are the appointments of slot
  `s` if there are no more of them than `booked_counts[s]`: slot `s` ignores them (until its
  count reaches capacity, which drops it anyway) while every other slot is blocked by them as
  by any busy time. More exact intervals than bookings means one is a blocked slot: it blocks.
* Busy intervals are checked against the candidate's buffers only; the engine cannot tell an
  appointment from a blocked slot, so callers wanting existing appointments' own buffers kept
  free pass those appointments widened by the buffers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import isfinite
from typing import Any
from zoneinfo import ZoneInfo

from ..api import MAX_SLOT_WINDOW_DAYS
from ._hours import OpenHours, from_calendar, from_schedule, load_zone, local_date, to_ms

__all__ = [
    "INSTANT_MAX_MS",
    "INSTANT_MIN_MS",
    "MAX_DAYS",
    "compute_free_slots",
    "format_slot",
    "is_bookable",
    "load_zone",
]

MAX_DAYS = MAX_SLOT_WINDOW_DAYS
_DAY_MS = 86_400_000
_MINUTE_MS = 60_000
# Far enough to mean "no limit", small enough to stay an exact int in every comparison.
_FAR_MS = 2**62
_ONE_MS = timedelta(milliseconds=1)
# Instants the engine works with: years 1000-9000 keep every datetime step (one day of slack,
# 31 days of cap, months of booking window) inside what datetime can represent.
_MIN_MS = INSTANT_MIN_MS = -30_610_224_000_000
_MAX_MS = INSTANT_MAX_MS = 221_845_392_000_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_UNIT_MS = {"mins": _MINUTE_MS, "minutes": _MINUTE_MS, "hours": 60 * _MINUTE_MS}
_CAL_DAYS = {"days": 1, "weeks": 7}


def format_slot(ms: int, tz: str) -> str:
    """Format instant `ms` as the API does: local ISO-8601 with seconds and numeric offset."""
    return _format(ms, load_zone(tz))


def _format(ms: int, zone: ZoneInfo) -> str:
    """Format `ms` in an already loaded zone (slots sit on whole minutes, so seconds are 00)."""
    return datetime.fromtimestamp(ms // 1000, zone).isoformat()


class _Formatter:
    """Format many ascending slots in one zone without a zoneinfo lookup per slot."""

    __slots__ = ("_dates", "_offset", "_suffix", "_until", "_zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._dates: dict[int, str] = {}
        self._until = self._offset = 0
        self._suffix = ""

    def __call__(self, ms: int, same_offset_until: int) -> str:
        """Format `ms`; the caller's open period ends at `same_offset_until`."""
        if ms >= self._until:
            here = datetime.fromtimestamp(ms // 1000, self._zone)
            there = datetime.fromtimestamp((same_offset_until - 1) // 1000, self._zone)
            offset = here.utcoffset() or timedelta()
            if offset != there.utcoffset() or ms % _MINUTE_MS or offset % timedelta(minutes=1):
                # A transition inside the period (or an odd offset): take the exact slow path.
                return here.isoformat()
            # Periods last about a day and transitions are months apart, so equal offsets at
            # both ends mean one offset throughout.
            self._until, self._offset = same_offset_until, offset // _ONE_MS
            self._suffix = here.isoformat()[19:]
        days, rest = divmod(ms + self._offset, _DAY_MS)
        day = self._dates.get(days)
        if day is None:
            day = self._dates[days] = date.fromordinal(_EPOCH_ORDINAL + days).isoformat()
        minutes = rest // _MINUTE_MS
        return f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00{self._suffix}"


def _num(value: Any, default: float) -> float:
    """Return a finite wire `number`, or `default` when it is absent or not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not isfinite(value):
        return default
    return float(value)


def _minutes_ms(calendar: Mapping[str, Any], key: str, default: float) -> int:
    """Return `calendar[key]` in its `<key>Unit` ("mins"/"hours") as ms, rounded to minutes."""
    unit = calendar.get(key + "Unit")
    per = _UNIT_MS.get(unit, _MINUTE_MS) if isinstance(unit, str) else _MINUTE_MS
    return round(_num(calendar.get(key), default) * per / _MINUTE_MS) * _MINUTE_MS


def _add_months(wall: datetime, months: int) -> datetime:
    """Add calendar months to a naive wall time, clamping the day to the month's length."""
    year, month = divmod(wall.year * 12 + wall.month - 1 + months, 12)
    return wall.replace(
        year=year, month=month + 1, day=min(wall.day, monthrange(year, month + 1)[1])
    )


def _shift(now_ms: int, amount: float, unit: Any, zone: ZoneInfo) -> int:
    """Return `now_ms` moved by `amount` `unit`s (see the module rules); overflow is far."""
    if isinstance(unit, str) and unit in _UNIT_MS:
        return now_ms + round(amount * _UNIT_MS[unit])
    seconds, rem = divmod(now_ms, 1000)
    try:
        wall = datetime.fromtimestamp(seconds, zone).replace(tzinfo=None)
        if unit == "months":
            target = _add_months(wall, round(amount))
        else:
            target = wall + timedelta(days=amount * _CAL_DAYS.get(unit, 1))
        return to_ms(target, zone) + rem
    except (OverflowError, ValueError, OSError):
        return _FAR_MS if amount > 0 else -_FAR_MS


@dataclass(frozen=True)
class _Rules:
    """A calendar's slot settings, parsed once per request."""

    hours: OpenHours
    duration: int
    interval: int
    pre: int
    post: int
    capacity: int
    earliest: int
    latest: int


def _zone_name(*candidates: Any) -> str:
    """Return the first non-empty zone name among `candidates`, else the location default."""
    return next((c for c in candidates if isinstance(c, str) and c), "UTC")


def _rules(calendar: Mapping[str, Any], schedule: Mapping[str, Any] | None, now_ms: int) -> _Rules:
    """Parse the calendar (and attached schedule) into `_Rules` relative to `now_ms`."""
    if schedule is not None:
        zone = load_zone(_zone_name(schedule.get("timezone"), calendar.get("timezone")))
        hours = from_schedule(schedule, zone)
    else:
        hours = from_calendar(calendar, load_zone(_zone_name(calendar.get("timezone"))))
    duration = _minutes_ms(calendar, "slotDuration", 30)
    interval = _minutes_ms(calendar, "slotInterval", 30)
    capacity = calendar.get("appoinmentPerSlot", calendar.get("appointmentPerSlot"))
    notice = _num(calendar.get("allowBookingAfter"), 0)
    window = _num(calendar.get("allowBookingFor"), 0)
    return _Rules(
        hours=hours,
        duration=duration,
        interval=interval if interval > 0 else duration,
        pre=max(_minutes_ms(calendar, "preBuffer", 0), 0),
        post=max(_minutes_ms(calendar, "slotBuffer", 0), 0),
        capacity=max(int(_num(capacity, 1)), 1),
        earliest=_shift(
            now_ms, notice, calendar.get("allowBookingAfterUnit") or "hours", hours.zone
        )
        if notice > 0
        else now_ms,
        latest=_shift(now_ms, window, calendar.get("allowBookingForUnit") or "days", hours.zone)
        if window > 0
        else _FAR_MS,
    )


class _Busy:
    """Busy time as sorted disjoint intervals, plus the per-slot exemptions of capacity > 1."""

    __slots__ = ("_duration", "_ends", "_own", "_starts")

    def __init__(
        self,
        busy: Sequence[tuple[int, int]],
        duration: int,
        capacity: int,
        booked: Mapping[int, int],
    ) -> None:
        self._duration = duration
        rest = [(s, e) for s, e in busy if e > s]
        own: set[int] = set()
        if capacity > 1 and booked:
            exact = Counter(s for s, e in rest if e - s == duration)
            own = {s for s, n in exact.items() if n <= booked.get(s, 0)}
            rest = [(s, e) for s, e in rest if not (e - s == duration and s in own)]
        self._own = sorted(own)
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(rest):
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self._starts, self._ends = starts, ends

    def overlaps(self, lo: int, hi: int, slot: int) -> bool:
        """Tell whether [lo, hi) meets busy time that slot `slot` may not share."""
        i = bisect_right(self._ends, lo)
        if i < len(self._starts) and self._starts[i] < hi:
            return True
        if not self._own:
            return False
        # Another slot's appointments occupy time like any busy interval; only their own
        # slot may ignore them.
        first = bisect_right(self._own, lo - self._duration)
        last = bisect_left(self._own, hi)
        return any(start != slot for start in self._own[first:last])


def _offered(
    rules: _Rules, busy: _Busy, booked: Mapping[int, int], lo: int, hi: int
) -> Iterator[tuple[int, int]]:
    """Yield (slot_start, period_end) for every offered slot starting in [lo, hi), ascending."""
    duration, step = rules.duration, rules.interval
    if duration <= 0:
        return
    lo = max(lo, rules.earliest)
    hi = min(hi, rules.latest + 1)
    if lo >= hi:
        return
    for start, end in rules.hours.periods(lo, hi):
        # The grid is arithmetic: jump straight to the first and last candidate of the period.
        first = max(0, -((start - lo) // step))
        last = min((end - duration - start) // step, (hi - 1 - start) // step)
        for k in range(first, last + 1):
            slot = start + k * step
            if booked.get(slot, 0) >= rules.capacity:
                continue
            if busy.overlaps(slot - rules.pre, slot + duration + rules.post, slot):
                continue
            yield slot, end


def _window(start_ms: int, end_ms: int, zone: ZoneInfo) -> tuple[int, int]:
    """Cap the query window to 31 days, to 31 dates of the output zone and to years 1000-9000."""
    lo, hi = max(start_ms, _MIN_MS), min(end_ms, start_ms + MAX_DAYS * _DAY_MS, _MAX_MS)
    if lo < hi:
        next_day = local_date(lo, zone) + timedelta(days=MAX_DAYS)
        hi = min(hi, to_ms(datetime(next_day.year, next_day.month, next_day.day), zone))
    return lo, hi


def compute_free_slots(
    calendar: Mapping[str, Any],
    schedule: Mapping[str, Any] | None,
    busy: Sequence[tuple[int, int]],
    start_ms: int,
    end_ms: int,
    timezone: str | None,
    now_ms: int,
    booked_counts: Mapping[int, int] | None = None,
) -> dict[str, list[str]]:
    """Return the free slots of [start_ms, end_ms) as {"YYYY-MM-DD": [slot, ...]}, ascending.

    Dates are in the output zone: `timezone`, else the calendar's `timezone`, else the
    schedule's, else UTC. Raises ValueError for an unknown zone.
    """
    sched_tz = schedule.get("timezone") if schedule is not None else None
    out_zone = load_zone(_zone_name(timezone, calendar.get("timezone"), sched_tz))
    rules = _rules(calendar, schedule, now_ms)
    booked = booked_counts or {}
    lo, hi = _window(start_ms, end_ms, out_zone)
    result: dict[str, list[str]] = {}
    fmt = _Formatter(out_zone)
    for slot, period_end in _offered(
        rules, _Busy(busy, rules.duration, rules.capacity, booked), booked, lo, hi
    ):
        text = fmt(slot, period_end)
        day = result.get(text[:10])
        if day is None:
            result[text[:10]] = [text]
        else:
            day.append(text)
    return result


def is_bookable(
    calendar: Mapping[str, Any],
    schedule: Mapping[str, Any] | None,
    busy: Sequence[tuple[int, int]],
    start_ms: int,
    end_ms: int,
    now_ms: int,
    booked_counts: Mapping[int, int] | None = None,
) -> bool:
    """Tell whether [start_ms, end_ms) starts on an offered slot and fits.

    Fitting means `end_ms > start_ms`; an end past the slot's own end must also stay inside
    the open period and, with the buffers, clear of busy time.
    """
    if not _MIN_MS <= start_ms < end_ms <= _MAX_MS:
        return False
    rules = _rules(calendar, schedule, now_ms)
    booked = booked_counts or {}
    blockers = _Busy(busy, rules.duration, rules.capacity, booked)
    for slot, period_end in _offered(rules, blockers, booked, start_ms, start_ms + 1):
        if end_ms <= slot + rules.duration:
            return True
        return end_ms <= period_end and not blockers.overlaps(
            slot - rules.pre, end_ms + rules.post, slot
        )
    return False
