"""Instants and windows: what the workloads accept as a time, and how they cut ranges."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from .._errors import ValidationError
from ..models._base import to_millis

__all__ = ["Instant", "parse_instant", "split_windows", "to_ms", "window_ms"]

# Epoch milliseconds, an aware datetime, or a date (its midnight in the given zone).
Instant = int | datetime | date

_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def to_ms(param: str, value: Instant, zone: tzinfo = timezone.utc) -> int:
    """Return epoch ms for epoch ms, an aware datetime, or a date's midnight in `zone`."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return to_millis(param, datetime(value.year, value.month, value.day, tzinfo=zone))
    return to_millis(param, value)


def window_ms(param: str, size: timedelta, maximum: timedelta | None = None) -> int:
    """Return a window length in ms, refusing non-positive sizes and sizes over `maximum`."""
    if size <= timedelta(0):
        raise ValidationError(param, "must be positive")
    if maximum is not None and size > maximum:
        raise ValidationError(param, f"must be at most {maximum.days} days")
    return max(1, int(size.total_seconds() * 1000))


def split_windows(start_ms: int, end_ms: int, size_ms: int) -> list[tuple[int, int]]:
    """Cut [start_ms, end_ms) into consecutive half-open windows of at most `size_ms`."""
    out: list[tuple[int, int]] = []
    lo = start_ms
    while lo < end_ms:
        hi = min(end_ms, lo + size_ms)
        out.append((lo, hi))
        lo = hi
    return out


def parse_instant(text: str | None) -> int | None:
    """Return epoch ms of an ISO-8601 string with an offset (or Z); None if it has none.

    Written by hand because `datetime.fromisoformat` on Python 3.10 refuses "Z" and
    millisecond fractions, both of which the API sends.
    """
    if not text:
        return None
    match = _ISO.match(text.strip())
    if match is None or match.group(4) is None:
        return None
    day, clock, fraction, offset = match.groups()
    if len(clock) == 5:
        clock += ":00"
    micros = (fraction or "0")[:6].ljust(6, "0")
    zone = "+00:00" if offset.upper() == "Z" else offset
    if ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    try:
        parsed = datetime.fromisoformat(f"{day}T{clock}.{micros}{zone}")
    except ValueError:
        return None
    return int(parsed.timestamp() * 1000)
