"""Base Structs and the input checks that query Structs run before anything is sent."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from .._errors import ValidationError

__all__ = [
    "MAX_DURATION",
    "UNSET",
    "Body",
    "Duration",
    "Millis",
    "PositiveDuration",
    "Query",
    "Response",
    "UnsetType",
    "choices_of",
    "one_of",
]

# Epoch milliseconds, or a timezone-aware datetime that is converted to them.
Millis = int | datetime

# One year in minutes: the longest duration, buffer, notice, window or notification offset
# a body may hold, in whatever unit it names. The free-slot engine (the emulator's, and the
# API's) has no use for more, and a zero or negative duration would offer no slot at all.
MAX_DURATION = 525_600
Duration = Annotated[int, Meta(ge=0, le=MAX_DURATION)]
PositiveDuration = Annotated[int, Meta(ge=1, le=MAX_DURATION)]


def one_of(*values: str) -> Meta:
    """Constrain a str body field to the spec's values; the field stays `str` for typing.

    A value outside them is a ValidationError before anything is sent (and a 422 from the
    emulator, which reads the same constraint back with `choices_of`).
    """
    return Meta(pattern=f"^(?:{'|'.join(re.escape(value) for value in values)})$")


_ONE_OF = re.compile(r"^\^\(\?:(.*)\)\$$")


def choices_of(pattern: str) -> tuple[str, ...] | None:
    """Return the values of a `one_of` pattern, None for any other pattern."""
    found = _ONE_OF.match(pattern)
    return tuple(re.sub(r"\\(.)", r"\1", v) for v in found.group(1).split("|")) if found else None


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
    max_window_ms: int | None = None,
) -> None:
    """Refuse an end before its start, and a window longer than `max_window_ms`."""
    if type(start) is int and type(end) is int and 0 <= start <= end:
        start_ms, end_ms = start, end  # epoch ms, the common case: nothing to convert
    else:
        start_ms, end_ms = to_millis(start_param, start), to_millis(end_param, end)
        if end_ms < start_ms:
            raise ValidationError(end_param, f"ends before {start_param}")
    if max_window_ms is not None and end_ms - start_ms > max_window_ms:
        days = max_window_ms // 86_400_000
        raise ValidationError(end_param, f"window over {days} days; split it into windows")


def check_limit(param: str, value: int | None, maximum: int) -> None:
    """Refuse a page size outside 1..maximum."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError(param, f"must be between 1 and {maximum}")
