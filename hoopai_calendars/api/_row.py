"""The row type of the endpoint table: everything the one call path needs to know."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import msgspec

from ._facts import Scope

T = TypeVar("T")

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
Pagination = Literal["none", "limit_skip", "limit_offset", "time_window"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Dot segments are refused for every parameter: a client or proxy may resolve them.
DOT_SEGMENTS: frozenset[str] = frozenset({".", ".."})
_CAMEL_BOUNDARY = re.compile(r"(?<!^)(?=[A-Z])")


def snake_case(name: str) -> str:
    """Turn a camelCase wire name into its snake_case Python spelling."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


@dataclass(frozen=True, slots=True)
class PathParam:
    """One `{placeholder}` of a path template and how Python callers spell it.

    `reserved` holds the lower-cased values that would route the request elsewhere: the
    fixed words other rows have at this position, plus the dot segments (see
    `reserve_fixed_words`).
    """

    wire: str
    python: str
    choices: tuple[str, ...] = ()
    reserved: frozenset[str] = DOT_SEGMENTS


# eq=False: rows are compared and hashed by identity (they key decoder caches).
@dataclass(frozen=True, slots=True, eq=False)
class Endpoint(Generic[T]):
    """One row of the table: an HTTP operation and how to encode and decode it.

    `returns` is the type of the decoded value (`T`, which the generated methods return)
    after `envelope` is unwrapped; when several envelope keys are listed, the first one
    present in the body wins.
    """

    name: str
    operation_id: str
    method: HttpMethod
    path: str
    scope: Scope
    returns: type[T]
    doc: str
    idempotent: bool
    query: type[msgspec.Struct] | None = None
    body: Any = None
    body_required: bool = True
    envelope: tuple[str, ...] = ()
    pagination: Pagination = "none"
    path_names: Mapping[str, str] = field(default_factory=dict)
    path_choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    decoder: Callable[[bytes], T] | None = None
    # For a non-idempotent row: how to find out whether an ambiguous send took effect.
    reconcile: Callable[[Any, Any], Awaitable[T | None]] | None = None
    # Derived once from `path`: the placeholders, in order, and the text around them
    # (one more piece than placeholders); the call path reads both per call.
    path_params: tuple[PathParam, ...] = field(init=False)
    path_pieces: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        params = tuple(
            PathParam(
                wire,
                self.path_names.get(wire, snake_case(wire)),
                self.path_choices.get(wire, ()),
            )
            for wire in _PLACEHOLDER.findall(self.path)
        )
        object.__setattr__(self, "path_params", params)
        object.__setattr__(self, "path_pieces", tuple(_PLACEHOLDER.split(self.path)[::2]))

    @property
    def service(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def method_name(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def constant(self) -> str:
        """The row's constant name in the table, derived from the spec's operationId."""
        return snake_case(self.operation_id).replace("-", "_").upper()


def _segments(path: str) -> tuple[str | None, ...]:
    """Split a path template into segments; None stands for any placeholder."""
    return tuple(None if _PLACEHOLDER.fullmatch(seg) else seg for seg in path.strip("/").split("/"))


def _could_match(other: tuple[str | None, ...], mine: tuple[str | None, ...]) -> bool:
    """Whether a path of `mine`'s shape can fill `other`'s segments (placeholders match all)."""
    return all(o is None or o == m for o, m in zip(other, mine, strict=True))


def reserve_fixed_words(rows: Iterable[Endpoint[Any]]) -> None:
    """Give each path parameter the fixed words that would make its request another row's.

    A placeholder at position i gets the fixed word every other row has at i, when that
    row's first i segments can match this row's (its placeholders match anything):
    `/calendars/{calendarId}` gets "groups" from `/calendars/groups`, and
    `/calendars/groups/{groupId}` gets "free-slots" from `/calendars/{calendarId}/free-slots`.
    Lower-cased, since the API's router matches paths case-insensitively. Run once, when
    the table is built; an earlier placeholder's own words already exclude the rest.
    """
    table = [(row, _segments(row.path)) for row in rows]
    for row, segments in table:
        params = iter(row.path_params)
        updated: list[PathParam] = []
        for i, segment in enumerate(segments):
            if segment is not None:
                continue
            words = {
                word.lower()
                for _, other in table
                if len(other) > i
                and (word := other[i]) is not None
                and _could_match(other[:i], segments[:i])
            }
            param = next(params)
            updated.append(PathParam(param.wire, param.python, param.choices, DOT_SEGMENTS | words))
        object.__setattr__(row, "path_params", tuple(updated))
