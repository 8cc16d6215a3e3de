"""`api SERVICE.METHOD`: every endpoint of the table from the shell, built from its rows.

Nothing here names an endpoint. Each row becomes a subcommand: its path parameters are
positionals (in path order), its query Struct's fields are `--kebab-case` options (times
take the one time grammar, booleans `--x/--no-x`, lists repeat), and a row with a body
takes `--body FILE` (`-` for stdin) holding the JSON the API expects. The answer is
printed as JSON: one line per item for lists.
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from .. import ENDPOINTS, Endpoint
from ._connect import Session, connection, open_client
from ._errors import UsageError
from ._options import Commands, add_connection, add_json
from ._output import Output, compact
from ._run import run
from ._time import parse_instant, parse_zone

__all__ = ["add_api_parser"]

_LOCATION = "location_id"
# Path and query names whose values may be written demo:N on an emulator.
_CALENDAR_NAMES = frozenset({"calendar_id"})


def _kind(annotation: Any) -> str:
    """Classify a query field's type: time, bool, int, list or str."""
    members = set(typing.get_args(annotation)) if _is_union(annotation) else {annotation}
    members.discard(type(None))
    if datetime in members:
        return "time"
    if bool in members:
        return "bool"
    if int in members:
        return "int"
    if any(typing.get_origin(m) is list for m in members):
        return "list"
    return "str"


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _query_fields(row: Endpoint[Any]) -> list[tuple[str, str, bool]]:
    """(Python name, kind, required) of each field of the row's query Struct."""
    if row.query is None:
        return []
    return [(f.name, _kind(f.type), f.required) for f in msgspec.structs.fields(row.query)]


def _flags(row: Endpoint[Any]) -> dict[str, str]:
    """How each of the row's parameters is spelled on the command line."""
    named = {p.python: p.python.upper() for p in row.path_params}
    named.update({name: _flag(name) for name, _, _ in _query_fields(row)})
    named[_LOCATION] = "--location"
    named["body"] = "--body"
    return named


def _read_body(row: Endpoint[Any], source: str | None) -> object:
    """Read and check `--body` against the row's body type before anything is sent."""
    if source is None:
        if row.body is not None and row.body_required:
            raise UsageError("--body", f"{row.name} needs a JSON body: --body FILE (- for stdin)")
        return None
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError("--body", f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        return msgspec.json.decode(data, type=row.body)
    except msgspec.ValidationError as exc:
        raise UsageError("--body", f"{source}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise UsageError("--body", f"{source} is not JSON: {exc}") from None


def _query(row: Endpoint[Any], args: argparse.Namespace, location: str | None) -> dict[str, Any]:
    """Collect the query options, times read with the one grammar, and check them."""
    zone, _ = parse_zone(getattr(args, "tz", None))
    query: dict[str, Any] = {}
    for name, kind, required in _query_fields(row):
        value = location if name == _LOCATION else getattr(args, f"q_{name}", None)
        if value is None:
            if required:
                hint = " or set HOOPAI_LOCATION_ID" if name == _LOCATION else ""
                raise UsageError(_flags(row)[name], f"is required{hint}")
            continue
        query[name] = parse_instant(value, zone, _flag(name)) if kind == "time" else value
    if row.query is not None:
        row.query(**query)  # the row's own checks (windows, limits), before any I/O
    return query


async def _resolve(session: Session, names: Mapping[str, str], values: dict[str, Any]) -> None:
    for name, flag in names.items():
        if name in _CALENDAR_NAMES and isinstance(values.get(name), str):
            values[name] = await session.calendar(values[name], flag)


def cmd_api(args: argparse.Namespace) -> int:
    """Call one endpoint and print its answer."""
    row: Endpoint[Any] = args.row
    conn = connection(args)
    body = _read_body(row, getattr(args, "body", None))
    query = _query(row, args, conn.location)
    path = {p.python: getattr(args, f"p_{p.python}") for p in row.path_params}
    out = Output(args.json)
    flags = _flags(row)

    async def work() -> None:
        async with open_client(conn) as session:
            await _resolve(session, flags, path)
            await _resolve(session, flags, query)
            method = getattr(getattr(session.client, row.service), row.method_name)
            positional = [path[p.python] for p in row.path_params]
            if row.body is not None:
                positional.append(body)
            result = await method(*positional, **query)
            if isinstance(result, list):
                out.records(compact(item) for item in result)
            else:
                out.record(compact(result))

    run(work)
    return 0


def _add_row(actions: Commands, row: Endpoint[Any]) -> None:
    kebab = row.name.replace("_", "-")
    sub = actions.add_parser(
        row.name,
        aliases=[kebab] if kebab != row.name else [],
        help=row.doc,
        description=f"{row.doc} {row.method} {row.path} (scope {row.scope}).",
    )
    for param in row.path_params:
        sub.add_argument(
            f"p_{param.python}",
            metavar=param.python.upper(),
            choices=param.choices or None,
            help=f"{{{param.wire}}}" + (" (or demo:N)" if param.python in _CALENDAR_NAMES else ""),
        )
    fields = _query_fields(row)
    for name, kind, required in fields:
        if name == _LOCATION:
            continue
        extra: dict[str, Any] = {"dest": f"q_{name}", "default": None}
        if kind == "bool":
            extra["action"] = argparse.BooleanOptionalAction
        elif kind == "int":
            extra["type"] = int
        elif kind == "list":
            extra["action"] = "append"
        mark = " (required)" if required else ""
        times = " (a time: see --tz)" if kind == "time" else ""
        sub.add_argument(_flag(name), help=f"query {name}{mark}{times}", **extra)
    if any(kind == "time" for _, kind, _ in fields):
        sub.add_argument("--tz", metavar="ZONE", help="zone of dates and offset-less times (UTC)")
    if row.body is not None:
        sub.add_argument("--body", metavar="FILE", help="the JSON body (- for stdin)")
    add_connection(sub, location=False)
    sub.add_argument(
        "--location",
        "--location-id",
        dest="location",
        metavar="ID",
        help="locationId (default: $HOOPAI_LOCATION_ID); also where demo:N is looked up",
    )
    add_json(sub)
    sub.set_defaults(run=cmd_api, row=row, flags=_flags(row))


def add_api_parser(commands: Commands) -> None:
    """Register `api` with one subcommand per row of the endpoint table."""
    api = commands.add_parser(
        "api",
        help="call any endpoint: api SERVICE.METHOD [IDS] [--options] [--body FILE]",
        description="Call any endpoint of the Calendars API, e.g. `api calendars.get ID` or "
        "`api appointments.create --body booking.json`. Every subcommand has --help.",
    )
    actions = api.add_subparsers(dest="endpoint", metavar="SERVICE.METHOD", required=True)
    for row in ENDPOINTS:
        _add_row(actions, row)
