"""Wire helpers shared by the handlers: errors, replies, ids, times and body checks."""

from __future__ import annotations

import math
import re
import secrets
import string
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multidict import MultiMapping

from ._api_error import ApiError
from ._isotime import iso_utc, parse_iso, parse_iso_ms
from ._nested import nested_problems
from ._schemas import BODIES, MAX_SAFE_INTEGER, NUMBER_RANGES

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
    "validate_body",
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


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    # JSON cannot say inf or nan, and integers past 2**53 do not survive the API's JavaScript.
    if isinstance(value, int):
        return abs(value) <= MAX_SAFE_INTEGER
    return math.isfinite(value) and abs(value) <= MAX_SAFE_INTEGER


_TYPE_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "string": (lambda v: isinstance(v, str), "must be a string"),
    "number": (_is_number, "must be a number conforming to the specified constraints"),
    "boolean": (lambda v: isinstance(v, bool), "must be a boolean value"),
    "array": (lambda v: isinstance(v, list), "must be an array"),
    "object": (lambda v: isinstance(v, dict), "must be an object"),
}


def _value_problems(key: str, kind: str, choices: tuple[str, ...], value: Any) -> list[str]:
    """Return what is wrong with one present, non-null field value."""
    check, text = _TYPE_CHECKS[kind]
    if not check(value):
        return [f"{key} {text}"]
    if choices and value not in choices:
        return [f"{key} must be one of the following values: {', '.join(choices)}"]
    bounds = NUMBER_RANGES.get(key) if kind == "number" else None
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = (f"{b:g}" for b in bounds)
        return [f"{key} must be between {low} and {high}"]
    return nested_problems(key, value)


def validate_body(
    schema: str, body: Any, *, also_required: Iterable[str] = (), optional: Iterable[str] = ()
) -> dict[str, Any]:
    """Check a JSON body against a spec schema the way NestJS's ValidationPipe does.

    Returns the body without null optional fields; raises a 422 listing every problem.
    A missing body is an empty object (as Express hands it to NestJS); a body that is not
    an object is refused even when no field is required, so the message list is never empty.
    `also_required`/`optional` adjust the spec's required list where the live API differs.
    """
    spec = BODIES[schema]
    required = (set(spec.required) | set(also_required)) - set(optional)
    ordered = sorted(required, key=list(spec.fields).index)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError.unprocessable(
            ["an unknown value was passed to the validate function"]
            + [f"{name} should not be empty" for name in ordered]
        )
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for key, value in body.items():
        if key not in spec.fields:
            # NestJS runs with forbidNonWhitelisted: undeclared properties are refused.
            if value is not None:
                problems.append(f"property {key} should not exist")
            continue
        if value is None:
            continue
        kind, choices = spec.fields[key]
        found = _value_problems(key, kind, choices, value)
        if found:
            problems += found
        else:
            clean[key] = value
    for name in ordered:
        value = body.get(name)
        if value is None or value == "":
            problems.append(f"{name} should not be empty")
    if problems:
        raise ApiError.unprocessable(problems)
    return clean
