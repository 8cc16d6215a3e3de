"""Small result bodies shared by several endpoints, and private input checks."""

from __future__ import annotations

from .._errors import ValidationError
from ._base import Response

__all__ = ["DeleteResult", "MessageResult", "SuccessResult"]


class SuccessResult(Response):
    """`{"success": true}`: the answer of most deletes and status changes."""

    success: bool | None = None


class DeleteResult(Response):
    """`{"succeeded": true}`: the answer of `events.delete`."""

    succeeded: bool | None = None


class MessageResult(Response):
    """`{"message": "..."}`: the answer of notification updates and deletes."""

    message: str | None = None


def check_min(param: str, value: int | None, minimum: int) -> None:
    """Refuse a paging number below `minimum` (None means "not sent" and passes)."""
    if value is not None and (isinstance(value, bool) or value < minimum):
        raise ValidationError(param, f"must be at least {minimum}")
