"""The emulator's times on the wire: epoch ms to the API's UTC stamp, and back."""

from __future__ import annotations

from datetime import datetime, timezone

from ..api import parse_datetime
from ._slots import INSTANT_MAX_MS, INSTANT_MIN_MS

__all__ = ["iso_utc", "parse_iso", "parse_iso_ms"]


def iso_utc(ms: int) -> str:
    """Format epoch ms the way the API stamps `dateAdded`: UTC with milliseconds and `Z`."""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso(value: str) -> datetime | None:
    """Parse an ISO-8601 instant with the package's one parser; None if it names none.

    On top of its rule (no offset, no instant), instants outside the years 1000-9000,
    which the free-slot engine works in, are refused too: no stored time can overflow.
    """
    moment = parse_datetime(value)
    if moment is None:
        return None
    try:
        ms = int(moment.timestamp() * 1000)
    except (OverflowError, ValueError):
        return None
    return moment if INSTANT_MIN_MS <= ms <= INSTANT_MAX_MS else None


def parse_iso_ms(value: str) -> int | None:
    """Parse an ISO-8601 instant to epoch ms (see `parse_iso`)."""
    moment = parse_iso(value)
    return None if moment is None else int(moment.timestamp() * 1000)
