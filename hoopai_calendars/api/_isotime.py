"""THE time parser: ISO-8601 instants as the API writes them, read one way everywhere.

The rule for a time without an offset: it names no instant (the API would read it in
whatever zone it picks, so a booking could land in the wrong hour), and the parser
returns None. The client, the workloads, the webhooks and the emulator all read times
through here; bounds of their own (the emulator's year range) are separate checks.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["parse_datetime", "parse_instant"]

# Written by hand because `datetime.fromisoformat` on Python 3.10 refuses "Z" and
# millisecond fractions, both of which the API sends.
_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def parse_datetime(text: str | None) -> datetime | None:
    """Return the aware datetime an ISO-8601 string names, in its own offset; None if none.

    Accepts `T` or a space, optional seconds, a fraction after `.` or `,`, and `Z` (either
    case) or `+hh:mm`/`+hhmm`; surrounding spaces are ignored. No offset: None.
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
        return datetime.fromisoformat(f"{day}T{clock}.{micros}{zone}")
    except ValueError:
        return None


def parse_instant(text: str | None) -> int | None:
    """Return the epoch ms an ISO-8601 string names (see `parse_datetime`); None if none."""
    moment = parse_datetime(text)
    if moment is None:
        return None
    try:
        return int(moment.timestamp() * 1000)
    except (OverflowError, ValueError):
        return None
