"""Wire helpers shared by the handlers: errors, replies, ids, times and the request context."""

from __future__ import annotations

import re
import secrets
import string
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multidict import MultiMapping

from ._api_error import ApiError
from ._bodies import check_body
from ._isotime import iso_utc, parse_iso, parse_iso_ms

if TYPE_CHECKING:
    from ._state import State

__all__ = [
    "ApiError",
    "Ctx",
    "Reply",
    "iso_utc",
    "new_id",
    "parse_epoch_ms",
    "parse_iso",
    "parse_iso_ms",
    "parse_number",
    "trace_id",
]

_ID_ALPHABET = string.ascii_letters + string.digits


def new_id() -> str:
    """Return a 20-character alphanumeric id shaped like the real API's."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(20))


def trace_id() -> str:
    """Return a fresh trace id (a uuid4 string)."""
    return str(uuid.uuid4())


# An epoch-ms or count query value: ASCII digits, an optional sign and fraction, no more
# digits than an exact integer holds (so `inf`, `1e400` and 400-digit values are malformed).
_NUMBER = re.compile(r"[+-]?\d{1,16}(?:\.\d{0,16})?", re.ASCII)
# JavaScript's Date range (+-8.64e15 ms), which bounds any instant the Node API accepts.
MAX_EPOCH_MS = 8_640_000_000_000_000


def parse_number(raw: str) -> int | None:
    """Parse a numeric query value to an int (fractions truncated), None if malformed."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        return None
    return int(float(text)) if "." in text else int(text)


def parse_epoch_ms(raw: str) -> int | None:
    """Parse an epoch-milliseconds query value, None if malformed or past JavaScript's range."""
    value = parse_number(raw)
    return value if value is not None and abs(value) <= MAX_EPOCH_MS else None


@dataclass(slots=True)
class Reply:
    """What a handler answers: a status and a JSON-able body (None means no body)."""

    status: int
    body: Any


@dataclass(slots=True)
class Ctx:
    """Everything a handler may read: the request's parts and the caller's identity."""

    state: State
    params: Mapping[str, str]
    query: MultiMapping[str]
    body: Any
    location_id: str
    now_ms: int
    # The row's body model (see `_bodies`); None for a row without a body.
    model: Any = None

    def valid_body(self, *, also_required: Iterable[str] = (), optional: Iterable[str] = ()) -> Any:
        """Return the body checked against the row's model, or raise its 422."""
        return check_body(self.model, self.body, also_required=also_required, optional=optional)

    def check_location(self, location_id: object) -> None:
        """Refuse with 403 when a location other than the token's is named."""
        if location_id != self.location_id:
            raise ApiError(403, "The token does not have access to this location", "Forbidden")

    def owned(self, table: Mapping[str, dict[str, Any]], key: str, what: str) -> dict[str, Any]:
        """Return the record `key` of `table`, 404 when absent, 403 when another location's."""
        record = table.get(key)
        if record is None:
            raise ApiError.not_found(what)
        self.check_location(record.get("locationId"))
        return record

    def required_query(self, *names: str) -> list[str]:
        """Return the named query values, or 422 listing every missing one."""
        missing = [f"{name} should not be empty" for name in names if not self.query.get(name)]
        if missing:
            raise ApiError.unprocessable(missing)
        return [self.query[name] for name in names]

    def int_query(
        self, name: str, *, default: int | None = None, maximum: int | None = None
    ) -> int:
        """Return a non-negative integer query value, 422 when absent or malformed."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            if default is None:
                raise ApiError.unprocessable([f"{name} should not be empty"])
            return default
        value = parse_number(raw)
        if value is None:
            raise ApiError.unprocessable(
                [f"{name} must be a number conforming to the specified constraints"]
            )
        if value < 0:
            raise ApiError.unprocessable([f"{name} must not be less than 0"])
        if maximum is not None and value > maximum:
            raise ApiError.unprocessable([f"{name} must not be greater than {maximum}"])
        return value

    def bool_query(self, name: str) -> bool | None:
        """Return a boolean query value, None when absent, 422 when not true/false."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise ApiError.unprocessable([f"{name} must be a boolean value"])
