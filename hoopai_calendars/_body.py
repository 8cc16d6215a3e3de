"""Pure body encoding: check a request body against its row's Struct, then serialize it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, get_args, get_origin

import msgspec

from ._errors import ValidationError
from .api import Endpoint

__all__ = ["encode_body"]

# msgspec ends its messages with the JSON path of the culprit: "... - at `$.isActive`".
_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.DOTALL)

_checkers: dict[Endpoint[Any], Callable[[bytes], Any]] = {}


def _checker(row: Endpoint[Any]) -> Callable[[bytes], Any]:
    check = _checkers.get(row)
    if check is None:
        check = _checkers[row] = msgspec.json.Decoder(row.body).decode
    return check


def _unencodable(value: object, path: str) -> str | None:
    """Return the path of the first part of `value` that msgspec cannot encode, or None."""
    if value is msgspec.UNSET:  # an omitted field: never encoded
        return None
    if isinstance(value, msgspec.Struct):
        for field in msgspec.structs.fields(value):
            found = _unencodable(getattr(value, field.name), f"{path}.{field.encode_name}")
            if found is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = _unencodable(item, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unencodable(key, path) or _unencodable(item, f"{path}.{key}")
            if found is not None:
                return found
        return None
    try:
        msgspec.json.encode(value)
    except (TypeError, ValueError, OverflowError):
        return path
    return None


def encode_body(row: Endpoint[Any], body: object) -> bytes | None:
    """Serialize the body after checking it is what the row expects, field by field.

    The encoded bytes are decoded back into the row's body type, so a field of the
    wrong type (`is_active=7`) or outside its constraints is a ValidationError naming
    it (`body.isActive`) before anything is sent.
    """
    if row.body is None:
        if body is not None:
            raise ValidationError("body", f"{row.name} takes no body")
        return None
    if body is None:
        if row.body_required:
            raise ValidationError("body", "is required")
        return None
    many = get_origin(row.body) is list
    item_type = get_args(row.body)[0] if many else row.body
    if many and not isinstance(body, (list, tuple)):
        raise ValidationError("body", f"expected a list of {item_type.__name__}")
    items: Sequence[object] = body if isinstance(body, (list, tuple)) and many else (body,)
    for item in items:
        if not isinstance(item, item_type):
            raise ValidationError(
                "body", f"expected {item_type.__name__}, got {type(item).__name__}"
            )
    try:
        encoded = msgspec.json.encode(body)
    except (TypeError, ValueError, OverflowError) as exc:  # UnicodeEncodeError is a ValueError
        where = _unencodable(body, "body") or "body"
        raise ValidationError(where, f"cannot be encoded as JSON: {exc}") from None
    try:
        _checker(row)(encoded)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        match = _AT.match(str(exc))
        assert match is not None  # the pattern matches any text
        message, path = match.groups()
        raise ValidationError(f"body{path or ''}", message) from None
    return encoded
