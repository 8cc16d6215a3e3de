"""The `free-slots` and `events list` subcommands: query the API and print JSON lines.

Requests go to the real API with `HOOPAI_TOKEN`, to `--base-url` (e.g. a running
emulator) with the same token, or to an in-process emulator seeded with demo data, where
a calendar may be named `demo:N` (the Nth demo calendar, from 1).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from ._cli_token import TOKEN_ENV
from ._clients import AsyncCalendarsClient
from ._config import DEFAULT_BASE_URL
from ._errors import HoopAIError, ValidationError
from ._secret import Secret
from .emulator import DemoData, Emulator

__all__ = ["DEMO_LOCATION", "TOKEN_ENV", "Target", "run_events_list", "run_free_slots"]

# The location a `hoopai-calendars emulator --seed demo` serves (the Emulator's default).
DEMO_LOCATION = "loc_demo"
_PROG = "hoopai-calendars"
_USAGE_ERROR = 2

Work = Callable[[AsyncCalendarsClient, DemoData | None], Awaitable[Iterable[object]]]


@dataclass(frozen=True, slots=True)
class Target:
    """Where API subcommands send requests: an in-process emulator, a base URL, or the API."""

    emulator: bool = False
    base_url: str | None = None
    token: Secret[str] | None = None  # from --token-file/--token; else $HOOPAI_TOKEN


class _UsageError(Exception):
    """A problem with the command line or the environment (exit code 2)."""


@asynccontextmanager
async def _client(target: Target) -> AsyncIterator[tuple[AsyncCalendarsClient, DemoData | None]]:
    """Open a client for `target` (starting and seeding an emulator when asked)."""
    if target.emulator:
        async with (
            Emulator(seed="demo") as emu,
            AsyncCalendarsClient(emu.token, base_url=emu.url) as client,
        ):
            yield client, emu.demo
        return
    token = target.token
    if token is None:
        raise _UsageError(
            f"{TOKEN_ENV} is not set: export a HoopAI access token, pass --token-file "
            "(or pass --emulator to use a local emulator with demo data)"
        )
    async with AsyncCalendarsClient(token, base_url=target.base_url or DEFAULT_BASE_URL) as client:
        yield client, None


async def _calendar_id(
    name: str, client: AsyncCalendarsClient, demo: DemoData | None, target: Target, location: str
) -> str:
    """Resolve `demo:N` to the Nth demo calendar's id; return any other id unchanged.

    In process the seed's ids are known; on a running emulator (`--base-url`) the demo
    calendar is found by the slug the seed gives it.
    """
    prefix, sep, number = name.partition(":")
    if prefix != "demo" or not sep:
        return name
    if not number.isdigit() or int(number) < 1:
        raise _UsageError(f"{name!r}: expected demo:N with N from 1")
    if demo is not None:
        count = len(demo.calendar_ids)
        if int(number) > count:
            raise _UsageError(f"{name!r}: demo calendars are demo:1 to demo:{count}")
        return demo.calendar_ids[int(number) - 1]
    if target.base_url is None:
        raise _UsageError(f"{name!r} names a demo calendar: add --emulator or --base-url")
    slug = f"demo-{int(number):02d}"
    for calendar in await client.calendars.list(location_id=location):
        if calendar.slug == slug and calendar.id is not None:
            return calendar.id
    raise _UsageError(f"{name!r}: no calendar with slug {slug!r} in location {location!r}")


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    """Place a naive date or datetime in `zone`; keep an explicit offset."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _drop_nulls(record: msgspec.Struct) -> dict[str, Any]:
    """Return the record's wire-named fields without the ones the API left out."""
    fields: dict[str, Any] = msgspec.to_builtins(record)
    return {key: value for key, value in fields.items() if value is not None}


def _run(target: Target, work: Work) -> int:
    """Run `work` against `target`, print its results as JSON lines, map errors to exit codes."""

    async def go() -> Iterable[object]:
        async with _client(target) as (client, demo):
            return await work(client, demo)

    try:
        lines = asyncio.run(go())
    except (_UsageError, ValidationError) as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return _USAGE_ERROR
    except HoopAIError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 1
    out = sys.stdout
    try:
        for line in lines:
            out.write(msgspec.json.encode(line).decode() + "\n")
        out.flush()
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, and keep the interpreter's
        # final flush from failing again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
    return 0


def run_free_slots(
    target: Target,
    calendar_id: str,
    *,
    start: datetime,
    end: datetime,
    timezone: str | None = None,
    location_id: str | None = None,
) -> int:
    """Print `{"date", "slot"}` for each free slot of a calendar in [start, end)."""
    zone = ZoneInfo(timezone or "UTC")

    async def work(client: AsyncCalendarsClient, demo: DemoData | None) -> list[dict[str, str]]:
        location = location_id or DEMO_LOCATION
        # Through the workload, so ranges over the API's 31 days are split and merged.
        (result,) = await client.poll_free_slots(
            [await _calendar_id(calendar_id, client, demo, target, location)],
            _aware(start, zone),
            _aware(end, zone),
            timezone=timezone,
        )
        if result.error is not None:
            raise result.error
        found = result.slots
        assert found is not None
        return [
            {"date": day, "slot": slot} for day in sorted(found.days) for slot in found.days[day]
        ]

    return _run(target, work)


def run_events_list(
    target: Target,
    *,
    location_id: str | None,
    calendar_id: str,
    start: datetime,
    end: datetime,
    timezone: str | None = None,
) -> int:
    """Print each event of a calendar overlapping [start, end), as the API sent it."""
    zone = ZoneInfo(timezone or "UTC")

    async def work(client: AsyncCalendarsClient, demo: DemoData | None) -> list[dict[str, Any]]:
        location = location_id or (demo.location_id if demo is not None else None)
        if location is None:
            raise _UsageError("--location is required (except with --emulator)")
        # Windowed and de-duplicated: the API does not paginate long ranges.
        events = await client.iter_events(
            location_id=location,
            calendar_id=await _calendar_id(calendar_id, client, demo, target, location),
            start=_aware(start, zone),
            end=_aware(end, zone),
        ).to_list()
        return [_drop_nulls(event) for event in events]

    return _run(target, work)
