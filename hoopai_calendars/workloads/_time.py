"""Instants and windows: what the workloads accept as a time, and how they cut ranges."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from .._errors import ValidationError
from ..api import parse_instant
from ..models._base import to_millis

__all__ = ["Instant", "parse_instant", "split_windows", "to_ms", "window_ms"]

# Epoch milliseconds, an aware datetime, or a date (its midnight in the given zone).
Instant = int | datetime | date


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


def split_windows(
    start: Instant,
    end: Instant,
    size: timedelta,
    concurrency: int,
    maximum: timedelta | None = None,
) -> list[tuple[int, int]]:
    """Check a listing's range and concurrency; cut [start, end) into windows of `size` at most."""
    if concurrency < 1:
        raise ValidationError("concurrency", "must be at least 1")
    lo, end_ms = to_ms("start", start), to_ms("end", end)
    if end_ms < lo:
        raise ValidationError("end", "ends before start")
    size_ms = window_ms("window", size, maximum)
    out: list[tuple[int, int]] = []
    while lo < end_ms:
        hi = min(end_ms, lo + size_ms)
        out.append((lo, hi))
        lo = hi
    return out
