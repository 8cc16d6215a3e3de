"""Request bodies checked against their row's model, refused in NestJS's 422 shape.

The models are the schema: each top-level field of the body is converted to its field's
type (constraints included: `Meta(ge=..., le=...)`, `one_of(...)`, nested Structs), so one
message is produced per wrong field, as class-validator does. Inside a nested value msgspec
stops at the first problem, so a nested field yields one message with the path of its
first problem. What only the free-slot engine needs on top lives in `_nested`.

Checks across fields that a model makes in `__post_init__` (a blocked slot names a calendar
or a user, not both) are the client's only: the emulator's handlers apply their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args, get_origin

import msgspec

from ..models._base import choices_of
from ._api_error import ApiError
from ._nested import engine_problems

__all__ = ["body_fields", "check_body"]

_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$", re.DOTALL)
_BOUND = re.compile(r"^Expected `\w+` (?:>=|<=|>|<) ")
_TYPE = re.compile(r"^Expected `(\w+)`(?: \| `?\w+`?)*, got `\w+`$")
# class-validator's wording for a top-level value of the wrong JSON type. The spec types
# the models' integers as `number` (IsNumber), so a fraction gets the same words.
_WRONG_TYPE = {
    "str": "must be a string",
    "int": "must be a number conforming to the specified constraints",
    "float": "must be a number conforming to the specified constraints",
    "bool": "must be a boolean value",
    "array": "must be an array",
    "object": "must be an object",
}
_NOT_AN_OBJECT = "an unknown value was passed to the validate function"


@dataclass(frozen=True, slots=True)
class _Field:
    type: Any
    required: bool


@cache
def body_fields(model: type[msgspec.Struct]) -> dict[str, _Field]:
    """Return a body model's fields by wire name, in declaration order."""
    return {f.encode_name: _Field(f.type, f.required) for f in msgspec.structs.fields(model)}


def _leaf(kind: Any, path: str) -> Any:
    """Follow a msgspec error path (`[0].timeOffset`) through type info to its type."""
    info = msgspec.inspect.type_info(kind)
    for step in re.findall(r"\[\d+\]|\.[^.[]+", path):
        while isinstance(info, msgspec.inspect.Metadata):
            info = info.type
        if isinstance(info, msgspec.inspect.UnionType):
            info = next(t for t in info.types if not isinstance(t, msgspec.inspect.NoneType))
        if step.startswith("["):
            info = getattr(info, "item_type", info)
        else:
            fields = {f.encode_name: f.type for f in getattr(info, "fields", ())}
            info = fields.get(step[1:], info)
    while isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    return info


def _message(key: str, kind: Any, exc: msgspec.ValidationError) -> str:
    """Word one conversion error the way the API's ValidationPipe would."""
    match = _AT.match(str(exc))
    assert match is not None  # the pattern matches any text
    text, path = match.group(1), match.group(2) or ""
    where = key + re.sub(r"\[(\d+)\]", r".\1", path)
    if _BOUND.match(text):
        leaf = _leaf(kind, path)
        low, high = getattr(leaf, "ge", None), getattr(leaf, "le", None)
        if low is not None and high is not None:
            return f"{where} must be between {low} and {high}"
        if low is not None:
            return f"{where} must not be less than {low}"
        if high is not None:
            return f"{where} must not be greater than {high}"
    if text.startswith("Expected `str` matching regex"):
        choices = choices_of(getattr(_leaf(kind, path), "pattern", None) or "")
        if choices is not None:
            return f"{where} must be one of the following values: {', '.join(choices)}"
    found = _TYPE.match(text)
    if not path and found is not None and found.group(1) in _WRONG_TYPE:
        return f"{key} {_WRONG_TYPE[found.group(1)]}"
    # Inside a nested value: msgspec's own words, after the path of the first problem.
    return f"{where}: {text}"


def _check_object(
    model: type[msgspec.Struct], body: Any, required: Iterable[str], optional: Iterable[str]
) -> dict[str, Any]:
    fields = body_fields(model)
    needed = {name for name, f in fields.items() if f.required} | set(required)
    needed -= set(optional)
    order = list(fields)
    ordered = sorted(needed, key=lambda name: order.index(name) if name in order else len(order))
    if body is None:
        body = {}  # as Express hands a missing body to NestJS
    if not isinstance(body, dict):
        # Refused even when nothing is required, so the message list is never empty.
        raise ApiError.unprocessable(
            [_NOT_AN_OBJECT] + [f"{name} should not be empty" for name in ordered]
        )
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for key, value in body.items():
        spec = fields.get(key)
        if spec is None:
            # NestJS runs with forbidNonWhitelisted: undeclared properties are refused.
            if value is not None:
                problems.append(f"property {key} should not exist")
            continue
        if value is None:
            continue  # an optional null is dropped; a required one is "empty" below
        try:
            msgspec.convert(value, spec.type)
        except msgspec.ValidationError as exc:
            problems.append(_message(key, spec.type, exc))
            continue
        found = engine_problems(key, value)
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


def check_body(
    model: Any, body: Any, *, also_required: Iterable[str] = (), optional: Iterable[str] = ()
) -> Any:
    """Check a JSON body against a row's body model; raise the 422 listing every problem.

    Returns the body without null optional fields (a list of such bodies for a list model,
    whose messages are prefixed with the item's index). `also_required`/`optional` adjust
    the model's required fields where the emulator's engine needs more or the API less.
    """
    if get_origin(model) is list:
        (item,) = get_args(model)
        if not isinstance(body, list) or not body:
            raise ApiError.unprocessable(["body must be a non-empty array"])
        items: list[dict[str, Any]] = []
        problems: list[str] = []
        for index, entry in enumerate(body):
            try:
                items.append(_check_object(item, entry, also_required, optional))
            except ApiError as exc:
                messages = exc.message if isinstance(exc.message, list) else [exc.message]
                problems += [f"{index}.{message}" for message in messages]
        if problems:
            raise ApiError.unprocessable(problems)
        return items
    return _check_object(model, body, also_required, optional)
