"""The emulator's times on the wire: epoch ms to the API's UTC stamp, and back."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["iso_utc", "parse_iso_ms"]


def iso_utc(ms: int) -> str:
    """Format epoch ms the way the API stamps `dateAdded`: UTC with milliseconds and `Z`."""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso_ms(value: str) -> int | None:
    """Parse an ISO-8601 instant to epoch ms; a value without an offset is read as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)
