"""The emulator's free-slot engine: worked examples, then properties against an oracle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoopai_calendars.emulator._slots import compute_free_slots, format_slot, is_bookable

NY = "America/New_York"
MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: str = "UTC") -> int:
    """Return epoch ms of a wall time in `tz` (stdlib resolution, independent of the engine)."""
    return int(datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz)).timestamp()) * 1000


def instant(slot: str) -> int:
    """Parse a slot string back to epoch ms."""
    return int(datetime.fromisoformat(slot).timestamp()) * 1000


def hour(oh: int, om: int, ch: int, cm: int) -> dict[str, int]:
    return {"openHour": oh, "openMinute": om, "closeHour": ch, "closeMinute": cm}


def calendar(**overrides: Any) -> dict[str, Any]:
    """A Mon-Fri 09:00-17:00 New York calendar with 30-minute slots, wire-shaped."""
    base: dict[str, Any] = {
        "id": "cal1",
        "locationId": "loc1",
        "name": "test calendar",
        "timezone": NY,
        "openHours": [{"daysOfTheWeek": [1, 2, 3, 4, 5], "hours": [hour(9, 0, 17, 0)]}],
        "slotDuration": 30,
        "slotDurationUnit": "mins",
        "slotInterval": 30,
        "slotIntervalUnit": "mins",
    }
    return base | overrides


def flat(result: Mapping[str, Sequence[str]]) -> list[str]:
    return [slot for slots in result.values() for slot in slots]


def times(result: Mapping[str, Sequence[str]], day: str) -> list[str]:
    """Return the HH:MM of one day's slots."""
    return [slot[11:16] for slot in result.get(day, [])]


WEEK = (at(2024, 10, 28, tz=NY), at(2024, 11, 4, tz=NY))  # Monday to Monday
GRID = [f"{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 30)]


# --- worked examples ---------------------------------------------------------------------


def test_weekday_nine_to_five_gives_sixteen_slots_a_day() -> None:
    result = compute_free_slots(calendar(), None, [], *WEEK, None, 0)
    assert list(result) == ["2024-10-28", "2024-10-29", "2024-10-30", "2024-10-31", "2024-11-01"]
    assert all(times(result, day) == GRID for day in result)
    assert result["2024-10-28"][0] == "2024-10-28T09:00:00-04:00"
    assert result["2024-11-01"][-1] == "2024-11-01T16:30:00-04:00"


def test_output_zone_changes_strings_not_instants() -> None:
    home = compute_free_slots(calendar(), None, [], *WEEK, None, 0)
    london = compute_free_slots(calendar(), None, [], *WEEK, "Europe/London", 0)
    tokyo = compute_free_slots(calendar(), None, [], *WEEK, "Asia/Tokyo", 0)
    assert london["2024-10-28"][0] == "2024-10-28T13:00:00+00:00"
    # 09:00-17:00 New York is 22:00-06:00 Tokyo, so Tokyo dates split each working day.
    assert tokyo["2024-10-28"] == ["2024-10-28T22:00:00+09:00", *tokyo["2024-10-28"][1:]]
    assert len(tokyo["2024-10-28"]) == 4
    assert len(tokyo["2024-10-29"]) == 16
    instants = [sorted(map(instant, flat(r))) for r in (home, london, tokyo)]
    assert instants[0] == instants[1] == instants[2]


def test_us_dst_week_keeps_local_hours() -> None:
    spring = compute_free_slots(calendar(), None, [], at(2024, 3, 8), at(2024, 3, 13), None, 0)
    assert spring["2024-03-08"][0] == "2024-03-08T09:00:00-05:00"
    assert spring["2024-03-11"][0] == "2024-03-11T09:00:00-04:00"
    assert times(spring, "2024-03-08") == times(spring, "2024-03-11") == GRID
    assert instant(spring["2024-03-11"][0]) - instant(spring["2024-03-08"][0]) == 3 * DAY - HOUR
    fall = compute_free_slots(calendar(), None, [], at(2024, 11, 1), at(2024, 11, 6), None, 0)
    assert fall["2024-11-01"][0] == "2024-11-01T09:00:00-04:00"
    assert fall["2024-11-04"][0] == "2024-11-04T09:00:00-05:00"
    assert times(fall, "2024-11-04") == GRID


@pytest.mark.parametrize(
    ("first", "last", "before", "after"),
    [
        ((2024, 3, 29), (2024, 4, 2), "+01:00", "+02:00"),
        ((2024, 10, 25), (2024, 10, 29), "+02:00", "+01:00"),
    ],
)
def test_europe_dst_week_keeps_local_hours(
    first: tuple[int, int, int], last: tuple[int, int, int], before: str, after: str
) -> None:
    daily = [{"daysOfTheWeek": list(range(7)), "hours": [hour(9, 0, 17, 0)]}]
    cal = calendar(timezone="Europe/Berlin", openHours=daily)
    result = compute_free_slots(cal, None, [], at(*first), at(*last), None, 0)
    assert len(result) == 4
    assert all(times(result, day) == GRID for day in result)
    assert result[date(*first).isoformat()][0].endswith(before)
    assert result[(date(*last) - timedelta(days=1)).isoformat()][0].endswith(after)


def test_round_the_clock_day_has_23_or_25_hourly_slots_on_dst_days() -> None:
    always = [{"daysOfTheWeek": list(range(7)), "hours": [hour(0, 0, 0, 0)]}]
    cal = calendar(openHours=always, slotDuration=1, slotDurationUnit="hours", slotInterval=60)
    spring = compute_free_slots(
        cal, None, [], at(2024, 3, 10, tz=NY), at(2024, 3, 11, tz=NY), None, 0
    )
    assert len(spring["2024-03-10"]) == 23
    fall = compute_free_slots(
        cal, None, [], at(2024, 11, 3, tz=NY), at(2024, 11, 4, tz=NY), None, 0
    )
    assert len(fall["2024-11-03"]) == 25
    assert fall["2024-11-03"][1:3] == ["2024-11-03T01:00:00-04:00", "2024-11-03T01:00:00-05:00"]


def test_nonexistent_and_ambiguous_open_times_resolve_with_fold_zero() -> None:
    sunday = [{"daysOfTheWeek": [0], "hours": [hour(2, 30, 5, 0)]}]
    spring = compute_free_slots(
        calendar(openHours=sunday), None, [], at(2024, 3, 10), at(2024, 3, 11), None, 0
    )
    # 02:30 does not exist that morning: read with the pre-jump offset it is 03:30 EDT.
    assert spring["2024-03-10"] == [
        "2024-03-10T03:30:00-04:00",
        "2024-03-10T04:00:00-04:00",
        "2024-03-10T04:30:00-04:00",
    ]
    sunday = [{"daysOfTheWeek": [0], "hours": [hour(1, 30, 3, 0)]}]
    fall = compute_free_slots(
        calendar(openHours=sunday), None, [], at(2024, 11, 3), at(2024, 11, 4), None, 0
    )
    # 01:30 happens twice: the period opens at the first one and the grid runs in elapsed time.
    assert fall["2024-11-03"] == [
        "2024-11-03T01:30:00-04:00",
        "2024-11-03T01:00:00-05:00",
        "2024-11-03T01:30:00-05:00",
        "2024-11-03T02:00:00-05:00",
        "2024-11-03T02:30:00-05:00",
    ]


def test_periods_overlapping_after_a_dst_gap_merge() -> None:
    sunday = [{"daysOfTheWeek": [0], "hours": [hour(0, 0, 2, 30), hour(3, 0, 5, 0)]}]
    result = compute_free_slots(
        calendar(openHours=sunday), None, [], at(2024, 3, 10), at(2024, 3, 11), None, 0
    )
    # 02:30 is read as 03:30 EDT, past the second period's 03:00 EDT start: one period, no dups.
    assert times(result, "2024-03-10") == [
        "00:00",
        "00:30",
        "01:00",
        "01:30",
        "03:00",
        "03:30",
        "04:00",
        "04:30",
    ]


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({}, ["11:00"]),
        ({"slotBuffer": 15, "slotBufferUnit": "mins"}, ["10:30", "11:00"]),
        ({"slotBuffer": 15, "preBuffer": 15, "preBufferUnit": "mins"}, ["10:30", "11:00", "11:30"]),
        ({"preBuffer": 1, "preBufferUnit": "hours"}, ["11:00", "11:30", "12:00"]),
    ],
)
def test_buffers_remove_neighbouring_slots(extra: dict[str, Any], missing: list[str]) -> None:
    busy = [(at(2024, 10, 28, 11, tz=NY), at(2024, 10, 28, 11, 30, tz=NY))]
    result = compute_free_slots(calendar(**extra), None, busy, *WEEK, None, 0)
    assert times(result, "2024-10-28") == [t for t in GRID if t not in missing]
    assert times(result, "2024-10-29") == GRID


def test_minimum_notice_and_booking_window() -> None:
    now = at(2024, 10, 28, 10, 5, tz=NY)
    result = compute_free_slots(calendar(), None, [], *WEEK, None, now)
    assert times(result, "2024-10-28")[0] == "10:30"  # the past is never offered
    cal = calendar(allowBookingAfter=2, allowBookingAfterUnit="hours", allowBookingFor=1)
    result = compute_free_slots(cal, None, [], *WEEK, None, now)
    assert list(result) == ["2024-10-28", "2024-10-29"]
    assert times(result, "2024-10-28")[0] == "12:30"
    assert times(result, "2024-10-29")[-1] == "10:00"
    cal = calendar(allowBookingAfter=1, allowBookingAfterUnit="days")
    assert times(compute_free_slots(cal, None, [], *WEEK, None, now), "2024-10-29")[0] == "10:30"


def test_booking_window_in_weeks_and_months_is_calendar_arithmetic() -> None:
    now = at(2024, 1, 31, 12, tz=NY)
    every_day = [{"daysOfTheWeek": list(range(7)), "hours": [hour(9, 0, 17, 0)]}]
    cal = calendar(openHours=every_day, allowBookingFor=1, allowBookingForUnit="months")
    result = compute_free_slots(cal, None, [], now, now + 31 * DAY, None, now)
    assert list(result)[-1] == "2024-02-29"  # January 31 + 1 month clamps to February 29
    assert times(result, "2024-02-29")[-1] == "12:00"
    weekly = calendar(openHours=every_day, allowBookingFor=1, allowBookingForUnit="weeks")
    assert list(compute_free_slots(weekly, None, [], now, now + 31 * DAY, None, now))[-1] == (
        "2024-02-07"
    )


def test_date_specific_override_replaces_that_day_only() -> None:
    def override(day: str, *hours: dict[str, int], deleted: bool = False) -> dict[str, Any]:
        return {"date": f"{day}T00:00:00.000Z", "hours": list(hours), "deleted": deleted}

    availabilities = [
        override("2024-10-30", hour(13, 0, 15, 0)),
        override("2024-11-02", hour(10, 0, 11, 0)),  # a Saturday: opens a closed day
        override("2024-10-31"),  # no hours: closed
        override("2024-10-29", hour(6, 0, 7, 0), deleted=True),
    ]
    result = compute_free_slots(calendar(availabilities=availabilities), None, [], *WEEK, None, 0)
    assert list(result) == ["2024-10-28", "2024-10-29", "2024-10-30", "2024-11-01", "2024-11-02"]
    assert times(result, "2024-10-29") == GRID
    assert times(result, "2024-10-30") == ["13:00", "13:30", "14:00", "14:30"]
    assert times(result, "2024-11-02") == ["10:00", "10:30"]
    only_hours = calendar(availabilities=availabilities, availabilityType=0)
    assert len(compute_free_slots(only_hours, None, [], *WEEK, None, 0)) == 5
    only_custom = calendar(availabilities=availabilities, availabilityType=1)
    assert list(compute_free_slots(only_custom, None, [], *WEEK, None, 0)) == [
        "2024-10-30",
        "2024-11-02",
    ]


def test_attached_schedule_replaces_open_hours_and_zone() -> None:
    schedule = {
        "id": "sch1",
        "timezone": "Europe/London",
        "rules": [
            {"type": "wday", "day": "monday", "intervals": [{"from": "10:00", "to": "12:00"}]},
            {"type": "wday", "day": "tuesday", "intervals": [{"from": "10:00", "to": "12:00"}]},
            {"type": "date", "date": "2024-10-29", "intervals": [{"from": "14:00", "to": "15:00"}]},
        ],
    }
    london = compute_free_slots(calendar(), schedule, [], *WEEK, "Europe/London", 0)
    assert london == {
        "2024-10-28": [f"2024-10-28T{t}:00+00:00" for t in ("10:00", "10:30", "11:00", "11:30")],
        "2024-10-29": ["2024-10-29T14:00:00+00:00", "2024-10-29T14:30:00+00:00"],
    }
    # Output defaults to the calendar's own zone even when the hours are London's.
    home = compute_free_slots(calendar(), schedule, [], *WEEK, None, 0)
    assert home["2024-10-28"][0] == "2024-10-28T06:00:00-04:00"
    no_zone = {k: v for k, v in calendar().items() if k != "timezone"}
    assert compute_free_slots(no_zone, schedule, [], *WEEK, None, 0) == london


def test_window_is_capped_at_31_days_and_31_dates() -> None:
    always = [{"daysOfTheWeek": list(range(7)), "hours": [hour(0, 0, 23, 60)]}]
    cal = calendar(timezone="UTC", openHours=always, slotDuration=60, slotInterval=60)
    result = compute_free_slots(cal, None, [], at(2024, 1, 1), at(2024, 2, 20), None, 0)
    assert len(result) == 31
    assert flat(result)[-1] == "2024-01-31T23:00:00+00:00"
    noon = compute_free_slots(cal, None, [], at(2024, 1, 1, 12), at(2024, 2, 20), None, 0)
    assert next(iter(noon)) == "2024-01-01"
    assert len(noon) == 31
    assert flat(noon)[-1] == "2024-01-31T23:00:00+00:00"


def test_capacity_keeps_a_slot_until_it_is_full() -> None:
    ten = at(2024, 10, 28, 10, tz=NY)
    appt = (ten, ten + 30 * MIN)
    day = (at(2024, 10, 28, tz=NY), at(2024, 10, 29, tz=NY))
    for key in ("appoinmentPerSlot", "appointmentPerSlot"):  # the spec's spelling and the fix
        cal = calendar(**{key: 2})
        assert "10:00" in times(
            compute_free_slots(cal, None, [appt], *day, None, 0, {ten: 1}), "2024-10-28"
        )
        full = compute_free_slots(cal, None, [appt, appt], *day, None, 0, {ten: 2})
        assert "10:00" not in times(full, "2024-10-28")
    # Two exact intervals but one booking: the other is a blocked slot, so the slot is closed.
    cal = calendar(appoinmentPerSlot=2)
    blocked = compute_free_slots(cal, None, [appt, appt], *day, None, 0, {ten: 1})
    assert "10:00" not in times(blocked, "2024-10-28")
    assert not is_bookable(cal, None, [appt, appt], ten, ten + 30 * MIN, 0, {ten: 1})
    # Overlapping grid: the booked slot keeps seats, its neighbours are blocked by it.
    long = calendar(appoinmentPerSlot=3, slotDuration=60)
    result = compute_free_slots(long, None, [(ten, ten + HOUR)], *day, None, 0, {ten: 1})
    assert "10:00" in times(result, "2024-10-28")
    assert {"09:30", "10:30"}.isdisjoint(times(result, "2024-10-28"))
    # Capacity 1 never uses the exemption.
    single = compute_free_slots(calendar(), None, [appt], *day, None, 0, {ten: 0})
    assert "10:00" not in times(single, "2024-10-28")


def test_is_bookable_examples() -> None:
    cal = calendar()
    ten = at(2024, 10, 28, 10, tz=NY)
    busy = [(ten + HOUR, ten + 2 * HOUR)]
    assert is_bookable(cal, None, busy, ten, ten + 30 * MIN, 0)
    assert is_bookable(cal, None, busy, ten, ten + 15 * MIN, 0)  # shorter fits
    assert is_bookable(cal, None, busy, ten, ten + HOUR, 0)  # longer, still free
    assert not is_bookable(cal, None, busy, ten, ten + 90 * MIN, 0)  # runs into busy time
    assert not is_bookable(cal, None, busy, ten + 15 * MIN, ten + 45 * MIN, 0)  # off grid
    assert not is_bookable(cal, None, busy, ten + HOUR, ten + 90 * MIN, 0)  # busy
    assert not is_bookable(cal, None, busy, ten, ten, 0)
    late = at(2024, 10, 28, 16, 30, tz=NY)
    assert is_bookable(cal, None, [], late, late + 30 * MIN, 0)
    assert not is_bookable(cal, None, [], late, late + HOUR, 0)  # past closing
    assert not is_bookable(cal, None, [], ten, ten + 30 * MIN, ten + 1)  # already begun


def test_format_slot_matches_the_api() -> None:
    assert format_slot(at(2024, 10, 28, 15), "America/Chicago") == "2024-10-28T10:00:00-05:00"
    assert format_slot(at(2024, 10, 28, 15), "UTC") == "2024-10-28T15:00:00+00:00"
    assert format_slot(at(2024, 10, 28, 15), "Asia/Kolkata") == "2024-10-28T20:30:00+05:30"


@pytest.mark.parametrize("zone", ["Not/AZone", "", "America", "../etc"])
def test_unknown_zone_is_a_value_error(zone: str) -> None:
    with pytest.raises(ValueError, match="timezone"):
        format_slot(0, zone)
    with pytest.raises(ValueError, match="timezone"):
        compute_free_slots(calendar(), None, [], *WEEK, zone or "x", 0)
    with pytest.raises(ValueError, match="timezone"):
        compute_free_slots(calendar(timezone=zone or "x"), None, [], *WEEK, None, 0)


def test_defaults_and_malformed_input() -> None:
    bare = {"id": "c", "locationId": "l", "name": "n", "openHours": calendar()["openHours"]}
    result = compute_free_slots(bare, None, [], at(2024, 10, 28), at(2024, 10, 29), None, 0)
    assert result["2024-10-28"][0] == "2024-10-28T09:00:00+00:00"  # UTC, 30-minute slots
    assert len(result["2024-10-28"]) == 16
    junk = calendar(
        openHours=[
            {"daysOfTheWeek": [1], "hours": [hour(9, 0, 10, 0), {"openHour": "9"}, "x"]},
            {"daysOfTheWeek": "monday", "hours": []},
            {"daysOfTheWeek": [9, True, 1.0], "hours": [hour(12, 0, 11, 0), hour(12, 60, 14, 0)]},
            None,
        ],
        availabilities=[{"date": "not a date", "hours": []}, "x"],
        slotInterval=0,
        appoinmentPerSlot=None,
    )
    assert times(compute_free_slots(junk, None, [], *WEEK, None, 0), "2024-10-28") == [
        "09:00",
        "09:30",
        "13:00",
        "13:30",
    ]
    assert compute_free_slots(calendar(slotDuration=0), None, [], *WEEK, None, 0) == {}
    assert compute_free_slots(calendar(), None, [], WEEK[1], WEEK[0], None, 0) == {}
    assert compute_free_slots(calendar(), None, [], -(2**60), 2**60, None, 0) == {}
    assert not is_bookable(calendar(), None, [], 2**60, 2**60 + 1, 0)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (hour(9, 0, 12, 0), hour(11, 0, 13, 0), ["09:00", "09:45", "10:30", "11:15", "12:00"]),
        (
            hour(9, 0, 12, 10),
            hour(12, 10, 13, 30),
            ["09:00", "09:45", "10:30", "11:15", "12:00", "12:45"],
        ),
    ],
)
def test_overlapping_or_touching_periods_merge_into_one_grid(
    first: dict[str, int], second: dict[str, int], expected: list[str]
) -> None:
    split = [{"daysOfTheWeek": [1], "hours": [second]}, {"daysOfTheWeek": [1], "hours": [first]}]
    cal = calendar(openHours=split, slotDuration=45, slotInterval=45)
    assert times(compute_free_slots(cal, None, [], *WEEK, None, 0), "2024-10-28") == expected


def test_window_is_half_open() -> None:
    start, end = at(2024, 10, 28, 9, 30, tz=NY), at(2024, 10, 28, 11, tz=NY)
    result = compute_free_slots(calendar(), None, [], start, end, None, 0)
    assert times(result, "2024-10-28") == ["09:30", "10:00", "10:30"]


# --- properties --------------------------------------------------------------------------

ZONES = [
    "UTC",
    NY,
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Sao_Paulo",  # DST transitions at midnight until 2019
    "Pacific/Chatham",  # +12:45 / +13:45
]
LO_MS, HI_MS = at(2018, 1, 1), at(2026, 12, 1)


def _transitions(name: str, forward_only: bool) -> list[int]:
    """Return the UTC noons just after each offset change of `name` in 2018-2026."""
    zone, out, noon = ZoneInfo(name), [], at(2018, 1, 1, 12)
    offset = datetime.fromtimestamp(noon // 1000, zone).utcoffset() or timedelta()
    while noon < HI_MS:
        noon += DAY
        here = datetime.fromtimestamp(noon // 1000, zone).utcoffset() or timedelta()
        if here > offset or (here < offset and not forward_only):
            out.append(noon)
        offset = here
    return out or [noon]


# Wall minute at which each zone's clocks jump forward by an hour.
GAP_STARTS = {
    NY: 120,
    "Europe/Berlin": 120,
    "Europe/London": 60,
    "Australia/Sydney": 120,
    "Pacific/Chatham": 165,
}
CHANGES = {name: _transitions(name, forward_only=False) for name in ZONES}
GAPS = {name: _transitions(name, forward_only=True) for name in ZONES}

WallPeriod = tuple[int, int]
DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


@dataclass
class Case:
    """A generated calendar in structured form, plus its wire rendering and a query."""

    zone: str
    weekly: dict[int, list[WallPeriod]]
    dates: dict[date, list[WallPeriod]]
    duration: int
    interval: int
    pre: int
    post: int
    notice: tuple[int, str] | None
    window: tuple[int, str] | None
    calendar: dict[str, Any]
    schedule: dict[str, Any] | None
    start: int
    end: int
    now: int
    busy: list[tuple[int, int]]
    out_zone: str


def _wall(minutes: int) -> str:
    return "00:00" if minutes == 24 * 60 else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _intervals(periods: Sequence[WallPeriod]) -> list[dict[str, str]]:
    return [{"from": _wall(o), "to": _wall(c)} for o, c in periods]


def _hour(period: WallPeriod, midnight_as: tuple[int, int]) -> dict[str, int]:
    close = midnight_as if period[1] == 24 * 60 else divmod(period[1], 60)
    return hour(*divmod(period[0], 60), *close)


def _periods(boundary: st.SearchStrategy[int]) -> st.SearchStrategy[Any]:
    pair = st.tuples(boundary, boundary).filter(lambda p: p[0] != p[1])
    return st.lists(pair.map(lambda p: (min(p), max(p))), max_size=3)


# Quarter-hour wall times; the small hours, where DST changes happen, get extra weight.
SMALL_HOURS = st.integers(0, 16).map(lambda q: q * 15)
periods_st = _periods(st.integers(0, 96).map(lambda q: q * 15) | SMALL_HOURS)


@st.composite
def cases(draw: st.DrawFn, max_days: int = 40, dst_days: bool = False) -> Case:
    """Draw a calendar and query; `dst_days` opens every day in the small hours near a change."""
    zone = draw(st.sampled_from(sorted(GAP_STARTS) if dst_days else ZONES))
    if dst_days:
        # Two wall periods, the first ending inside the spring-forward gap and the second
        # starting after it, less than an hour later: as instants they overlap.
        gap, k = GAP_STARTS[zone], draw(st.integers(1, 3))
        b, c = gap + 15 * k, gap + 60 + 15 * draw(st.integers(0, k - 1))
        periods = [
            (max(0, b - 15 * draw(st.integers(1, 6))), b),
            (c, c + 15 * draw(st.integers(1, 8))),
        ]
        weekly = {wd: periods for wd in range(7)}
    else:
        weekly = draw(st.dictionaries(st.integers(0, 6), periods_st, max_size=7))
    if dst_days:
        # The change happened in the day before noon `t`: [t - 2d, t - 1d] + 2 days covers it.
        start = draw(
            st.sampled_from(GAPS[zone]).flatmap(lambda t: st.integers(t - 2 * DAY, t - DAY))
        )
    else:
        # Half the windows straddle a DST change of the calendar's zone.
        near_change = st.sampled_from(CHANGES[zone]).flatmap(
            lambda t: st.integers(t - max_days * DAY // 2 - DAY, t + DAY)
        )
        start = draw(st.integers(LO_MS, HI_MS) | near_change)
    first = datetime.fromtimestamp(start // 1000, ZoneInfo(zone)).date()
    dates = draw(
        st.dictionaries(
            st.integers(-1, max_days).map(lambda n: first + timedelta(days=n)),
            periods_st,
            max_size=4,
        )
    )
    use_schedule = draw(st.booleans())
    midnight_as = draw(st.sampled_from([(0, 0), (23, 60)]))
    cal: dict[str, Any] = {
        "id": "c",
        "locationId": "l",
        "name": "n",
        "slotDuration": draw(st.sampled_from([15, 30, 45, 60, 90])),
        "slotDurationUnit": "mins",
        "slotInterval": draw(st.sampled_from([10, 15, 20, 30, 60])),
        "slotIntervalUnit": "mins",
        "slotBuffer": draw(st.sampled_from([0, 10, 15, 30])),
        "preBuffer": draw(st.sampled_from([0, 10, 15, 30])),
    }
    notice = draw(
        st.none()
        | st.tuples(st.integers(1, 48), st.just("hours"))
        | st.tuples(st.integers(1, 3), st.sampled_from(["days", "weeks"]))
    )
    window = draw(st.none() | st.tuples(st.integers(1, 40), st.sampled_from(["days", "weeks"])))
    if notice:
        cal["allowBookingAfter"], cal["allowBookingAfterUnit"] = notice
    if window:
        cal["allowBookingFor"], cal["allowBookingForUnit"] = window
    schedule: dict[str, Any] | None = None
    if use_schedule:
        cal_zone = draw(st.none() | st.sampled_from(ZONES))
        if cal_zone:
            cal["timezone"] = cal_zone
        rules: list[dict[str, Any]] = [
            {
                "type": "wday",
                "day": DAY_NAMES[wd],
                "intervals": _intervals(ps),
            }
            for wd, ps in weekly.items()
        ]
        rules += [
            {"type": "date", "date": d.isoformat(), "intervals": _intervals(ps)}
            for d, ps in dates.items()
        ]
        schedule = {"id": "s", "timezone": zone, "rules": rules}
    else:
        cal["timezone"] = zone
        cal["openHours"] = [
            {"daysOfTheWeek": [wd], "hours": [_hour(p, midnight_as) for p in ps]}
            for wd, ps in weekly.items()
        ]
        cal["availabilities"] = [
            {"date": f"{d.isoformat()}T00:00:00.000Z", "hours": [_hour(p, midnight_as) for p in ps]}
            for d, ps in dates.items()
        ]
    span = draw(st.integers(2 * DAY if dst_days else 0, max_days * DAY))
    busy_st = st.tuples(st.integers(-DAY, span + DAY), st.integers(1, 6 * HOUR))
    # DST-day cases keep the whole window visible: no busy time, `now` before the window.
    busy = [
        (start + off, start + off + length)
        for off, length in draw(st.lists(busy_st, max_size=0 if dst_days else 12))
    ]
    now = start + draw(st.integers(-3 * DAY, -DAY if dst_days else 5 * DAY))
    return Case(
        zone=zone,
        weekly=weekly,
        dates=dates,
        duration=cal["slotDuration"] * MIN,
        interval=cal["slotInterval"] * MIN,
        pre=cal["preBuffer"] * MIN,
        post=cal["slotBuffer"] * MIN,
        notice=notice,
        window=window,
        calendar=cal,
        schedule=schedule,
        start=start,
        end=start + span,
        now=now,
        busy=busy,
        out_zone=draw(st.sampled_from(ZONES)),
    )


def _wall_ms(day: date, minutes: int, zone: ZoneInfo) -> int:
    """Stdlib resolution of a wall time: the oracle does not reuse the engine's arithmetic."""
    wall = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return int(wall.replace(tzinfo=zone).timestamp()) * 1000


def _merged(periods: Sequence[WallPeriod]) -> list[WallPeriod]:
    out: list[WallPeriod] = []
    for o, c in sorted(periods):
        if out and o <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], c))
        else:
            out.append((o, c))
    return out


def _open_periods(case: Case, lo: int, hi: int) -> list[tuple[int, int]]:
    """All open periods, as instants, of the local days around [lo, hi)."""
    zone = ZoneInfo(case.zone)
    day = datetime.fromtimestamp(lo // 1000, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(hi // 1000, zone).date() + timedelta(days=1)
    out: list[tuple[int, int]] = []
    while day <= last:
        wall = case.dates[day] if day in case.dates else case.weekly.get(day.isoweekday() % 7, [])
        instants = [(_wall_ms(day, o, zone), _wall_ms(day, c, zone)) for o, c in _merged(wall)]
        # Disjoint wall periods can overlap as instants when one ends in a DST gap.
        out += _merged([(p0, p1) for p0, p1 in instants if p1 > p0])
        day += timedelta(days=1)
    return out


def _limit(case: Case, setting: tuple[int, str] | None, default: int) -> int:
    if setting is None:
        return default
    amount, unit = setting
    if unit == "hours":
        return case.now + amount * HOUR
    zone = ZoneInfo(case.zone)
    wall = datetime.fromtimestamp(case.now // 1000, zone).replace(tzinfo=None, fold=0)
    wall += timedelta(days=amount * (7 if unit == "weeks" else 1))
    return int(wall.replace(tzinfo=zone).timestamp()) * 1000 + case.now % 1000


def oracle(case: Case, lo: int, hi: int) -> list[int]:
    """Brute force: walk every grid point of every open period and test each rule."""
    earliest = _limit(case, case.notice, case.now)
    latest = _limit(case, case.window, 2**62)
    out = []
    for p0, p1 in _open_periods(case, lo, hi):
        s = p0
        while s + case.duration <= p1:
            a, b = s - case.pre, s + case.duration + case.post
            if (
                lo <= s < hi
                and earliest <= s <= latest
                and not any(b0 < b and b1 > a for b0, b1 in case.busy)
            ):
                out.append(s)
            s += case.interval
    return out


def capped_end(case: Case) -> int:
    zone = ZoneInfo(case.out_zone)
    first = datetime.fromtimestamp(case.start // 1000, zone).date()
    return min(case.end, case.start + 31 * DAY, _wall_ms(first + timedelta(days=31), 0, zone))


def check_against_oracle(case: Case) -> None:
    result = compute_free_slots(
        case.calendar, case.schedule, case.busy, case.start, case.end, case.out_zone, case.now
    )
    slots = flat(result)
    starts = [instant(s) for s in slots]
    assert starts == oracle(case, case.start, capped_end(case))
    # Ascending, grouped by the output zone's date, at most 31 dates and 31 days.
    assert starts == sorted(set(starts))
    assert list(result) == sorted(result)
    assert all(all(s.startswith(day) for s in day_slots) for day, day_slots in result.items())
    assert len(result) <= 31
    assert not starts or starts[-1] - case.start < 31 * DAY
    # Every slot string round-trips to the same instant and is what format_slot writes.
    assert all(format_slot(ms, case.out_zone) == s for ms, s in zip(starts, slots, strict=True))


@PROPERTY
@given(cases())
def test_property_matches_brute_force_oracle(case: Case) -> None:
    check_against_oracle(case)


@PROPERTY
@given(cases(max_days=3, dst_days=True))
def test_property_matches_oracle_around_dst_gaps(case: Case) -> None:
    check_against_oracle(case)


@PROPERTY
@given(cases())
def test_property_slots_respect_hours_grid_and_busy_time(case: Case) -> None:
    result = compute_free_slots(
        case.calendar, case.schedule, case.busy, case.start, case.end, case.out_zone, case.now
    )
    periods = _open_periods(case, case.start - DAY, case.end + DAY)
    for s in map(instant, flat(result)):
        # Inside an open period of the calendar's zone, on the grid counted from its start.
        home = [p0 for p0, p1 in periods if p0 <= s and s + case.duration <= p1]
        assert len(home) == 1
        assert (s - home[0]) % case.interval == 0
        # Clear of every busy interval, buffers included.
        a, b = s - case.pre, s + case.duration + case.post
        assert not any(b0 < b and b1 > a for b0, b1 in case.busy)
        assert s >= case.now
        assert is_bookable(case.calendar, case.schedule, case.busy, s, s + case.duration, case.now)


@PROPERTY
@given(cases(max_days=10), st.data())
def test_property_is_bookable_agrees_with_the_oracle(case: Case, data: st.DataObject) -> None:
    lo, hi = case.start, case.end + 1
    offered = set(oracle(case, lo, hi))
    candidates = sorted(
        {s for p0, p1 in _open_periods(case, lo, hi) for s in range(p0, p1, case.interval)}
    )
    probes = data.draw(st.lists(st.sampled_from(candidates), max_size=20)) if candidates else []
    probes += [p + MIN for p in probes] + sorted(offered)[:20]
    for s in probes:
        expected = bool(oracle(case, s, s + 1))
        if lo <= s < hi:
            assert expected is (s in offered)
        assert (
            is_bookable(case.calendar, case.schedule, case.busy, s, s + case.duration, case.now)
            is expected
        )


@PROPERTY
@given(cases(max_days=30), st.sampled_from(ZONES))
def test_property_output_zone_moves_strings_not_instants(case: Case, other: str) -> None:
    args = (case.calendar, case.schedule, case.busy, case.start, case.end)
    here = sorted(map(instant, flat(compute_free_slots(*args, case.out_zone, case.now))))
    there = sorted(map(instant, flat(compute_free_slots(*args, other, case.now))))
    assert here == there


@PROPERTY
@given(cases(max_days=20), st.integers(2, 3), st.data())
def test_property_capacity_counts_bookings(case: Case, capacity: int, data: st.DataObject) -> None:
    cal = case.calendar | {"appoinmentPerSlot": capacity}
    unbooked = Case(**{**case.__dict__, "busy": [], "notice": None, "window": None, "now": 0})
    grid = oracle(unbooked, case.start, case.end + 1)
    booked_at = data.draw(st.lists(st.sampled_from(grid), max_size=6)) if grid else []
    counts = {s: data.draw(st.integers(1, capacity)) for s in booked_at}
    busy = case.busy + [(s, s + case.duration) for s, n in counts.items() for _ in range(n)]
    result = compute_free_slots(
        cal, case.schedule, busy, case.start, case.end, case.out_zone, case.now, counts
    )
    for s in map(instant, flat(result)):
        assert counts.get(s, 0) < capacity
        a, b = s - case.pre, s + case.duration + case.post
        blocking = [(b0, b1) for b0, b1 in busy if b0 < b and b1 > a]
        # Only the slot's own appointments may overlap it, and only while seats remain.
        assert all((b0, b1) == (s, s + case.duration) for b0, b1 in blocking)
        assert is_bookable(cal, case.schedule, busy, s, s + case.duration, case.now, counts)
