"""The CLI's one time grammar, shared by every command that takes `--from`/`--to`.

A value is epoch milliseconds (all digits), an ISO date (`2026-12-01`: midnight at the
start of that day in `--tz`), or an ISO datetime (`2026-12-01T09:00`, `...Z`,
`...+02:00`; without an offset it is read in `--tz`). Windows are half-open: `--from` is
included, `--to` is excluded, so `--from 2026-12-01 --to 2026-12-08` is seven whole days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._errors import UsageError

__all__ = ["TIME_HELP", "Window", "parse_instant", "parse_window", "parse_zone"]

TIME_HELP = (
    "Times: epoch ms, an ISO date (midnight at the start of that day in --tz) or an ISO "
    "datetime (no offset: read in --tz). --from is included, --to is excluded: "
    "--from 2026-12-01 --to 2026-12-08 covers 1-7 December."
)
_DIGITS = re.compile(r"^\d{1,16}$")
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time window [start_ms, end_ms) as the user asked for it."""

    start_ms: int
    end_ms: int
    zone: tzinfo
    zone_name: str | None  # None: --tz was not given (UTC for bare dates)

    @property
    def days(self) -> float:
        return (self.end_ms - self.start_ms) / 86_400_000


def parse_zone(name: str | None, flag: str = "--tz") -> tuple[tzinfo, str | None]:
    """Return the zone for bare dates (UTC when not given) and the name the user gave."""
    if name is None:
        return ZoneInfo("UTC"), None
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(flag, f"unknown IANA time zone {name!r} (e.g. Europe/Paris)") from None


def parse_instant(text: str, zone: tzinfo, flag: str) -> int:
    """Read one `--from`/`--to` value as epoch milliseconds."""
    raw = text.strip()
    if _DIGITS.match(raw):
        return int(raw)
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime(day.year, day.month, day.day, tzinfo=zone)
        else:
            # Python 3.10's fromisoformat does not accept a trailing Z.
            if raw.endswith(("Z", "z")):
                raw = raw[:-1] + "+00:00"
            moment = datetime.fromisoformat(raw)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
    except ValueError:
        raise UsageError(
            flag,
            f"{text!r} is not a date (2026-12-01), an ISO datetime (2026-12-01T09:00+01:00) "
            "or epoch ms",
        ) from None
    return int(moment.timestamp() * 1000)


def parse_window(
    start: str,
    end: str,
    tz: str | None,
    *,
    start_flag: str = "--from",
    end_flag: str = "--to",
    tz_flag: str = "--tz",
) -> Window:
    """Read `--from`, `--to` and `--tz` into a non-empty half-open window."""
    zone, name = parse_zone(tz, tz_flag)
    start_ms = parse_instant(start, zone, start_flag)
    end_ms = parse_instant(end, zone, end_flag)
    if end_ms <= start_ms:
        hint = ""
        if len(end.strip()) == 10:
            try:
                after = date.fromisoformat(end.strip()) + _DAY
                hint = f" ({end_flag} is excluded: to include {end.strip()} pass {after})"
            except ValueError:
                pass
        raise UsageError(end_flag, f"{end!r} is not after {start_flag} {start!r}{hint}")
    return Window(start_ms, end_ms, zone, name)
