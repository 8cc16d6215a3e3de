"""Base Structs and the input checks that query Structs run before anything is sent."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
from msgspec import UNSET, UnsetType

from .._errors import ValidationError

__all__ = ["UNSET", "Body", "Millis", "Query", "Response", "UnsetType"]

# Epoch milliseconds, or a timezone-aware datetime that is converted to them.
Millis = int | datetime


class Response(msgspec.Struct, rename="camel", kw_only=True, gc=False, repr_omit_defaults=True):
    """A decoded response object. Unknown fields are ignored, absent ones are None.

    Its repr shows only the fields the API sent (None and defaults are left out).
    """


class Body(
    msgspec.Struct,
    rename="camel",
    kw_only=True,
    omit_defaults=True,
    gc=False,
    repr_omit_defaults=True,
):
    """A request body. Fields left at UNSET are not sent; None is sent as null."""


class Query(msgspec.Struct, rename="camel", kw_only=True, gc=False, repr_omit_defaults=True):
    """Query parameters. None means "not sent"; lists repeat the key."""


def to_millis(param: str, value: Millis) -> int:
    """Return epoch milliseconds for an int or an aware datetime; refuse anything else."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(param, "naive datetime; pass an aware datetime or epoch ms")
        return int(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(param, f"expected epoch milliseconds or datetime, got {value!r}")
    if value < 0:
        raise ValidationError(param, "must not be negative")
    return value


def check_window(
    start_param: str,
    start: Millis,
    end_param: str,
    end: Millis,
    max_window: timedelta | None = None,
) -> None:
    """Refuse an end before its start, and a window longer than `max_window`."""
    start_ms, end_ms = to_millis(start_param, start), to_millis(end_param, end)
    if end_ms < start_ms:
        raise ValidationError(end_param, f"ends before {start_param}")
    if max_window is not None and end_ms - start_ms > max_window.total_seconds() * 1000:
        days = max_window.days
        raise ValidationError(end_param, f"window over {days} days; split it into windows")


def check_limit(param: str, value: int | None, maximum: int) -> None:
    """Refuse a page size outside 1..maximum."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError(param, f"must be between 1 and {maximum}")
