"""Raw responses: `client.<service>.with_raw_response.<method>(...)` answers one of these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from ._errors import find_trace_id
from ._transport import Response
from .api._facts import (
    RATE_LIMIT_DAILY_HEADER,
    RATE_LIMIT_DAILY_REMAINING_HEADER,
    RATE_LIMIT_INTERVAL_HEADER,
    RATE_LIMIT_MAX_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
)

T = TypeVar("T")

__all__ = ["RateLimitHeaders", "RawResponse"]


def _number(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return int(value) if value is not None and value.strip().isdigit() else None


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    """The rate-limit figures one response carried (None: that header was absent)."""

    limit: int | None
    remaining: int | None
    interval_ms: int | None
    daily_limit: int | None
    daily_remaining: int | None


class RawResponse(Generic[T]):
    """A successful answer as it came: `status`, `headers`, `trace_id`, `rate_limit`, `body`.

    `parse()` returns the decoded value the plain method returns (decoded already: a body
    that does not decode is a failed attempt, retried or raised like any other).
    After a reconciled create (`reconcile=True`) found by a look-up, `status` is None.
    """

    __slots__ = ("_value", "body", "headers", "operation", "status")

    def __init__(self, operation: str, response: Response | None, value: T) -> None:
        self.operation = operation
        self.status = response.status if response is not None else None
        self.headers: Mapping[str, str] = response.headers if response is not None else {}
        self.body = response.body if response is not None else b""
        self._value = value

    @property
    def trace_id(self) -> str | None:
        """The API's `traceId` for this call (what HighLevel support asks for)."""
        return find_trace_id(self.body)

    @property
    def rate_limit(self) -> RateLimitHeaders:
        """The `X-RateLimit-*` figures of this response."""
        h = self.headers
        return RateLimitHeaders(
            limit=_number(h, RATE_LIMIT_MAX_HEADER),
            remaining=_number(h, RATE_LIMIT_REMAINING_HEADER),
            interval_ms=_number(h, RATE_LIMIT_INTERVAL_HEADER),
            daily_limit=_number(h, RATE_LIMIT_DAILY_HEADER),
            daily_remaining=_number(h, RATE_LIMIT_DAILY_REMAINING_HEADER),
        )

    def parse(self) -> T:
        """Return the decoded value."""
        return self._value

    def __repr__(self) -> str:
        return (
            f"RawResponse(operation={self.operation!r}, status={self.status!r}, "
            f"trace_id={self.trace_id!r})"
        )
