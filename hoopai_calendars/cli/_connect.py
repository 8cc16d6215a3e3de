"""The CLI's one client factory: where requests go, with which token, for which location.

`connection(args)` reads and checks every option and environment variable before any
I/O; `open_client(conn)` then yields a client (starting an in-process emulator seeded
with demo data for `--emulator`). Calendars may be named `demo:N` on an emulator.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio

from .. import DEFAULT_BASE_URL, AsyncCalendarsClient, NotFoundError, Secret
from .._config import is_loopback
from ..emulator import DemoData, Emulator
from ._errors import CommandFailed, UsageError
from ._options import BASE_URL_ENV, LOCATION_ENV
from ._token import TOKEN_ENV, read_token

__all__ = ["Connection", "Session", "check_calendar", "connection", "open_client"]

DEMO_LOCATION = "loc_demo"
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Connection:
    """Checked connection settings: an in-process emulator, or a base URL and a token."""

    emulator: bool
    base_url: str
    token: Secret[str] | None
    location: str | None


@dataclass(frozen=True, slots=True)
class Session:
    """An open client, the demo ids when on the in-process emulator, and the settings."""

    client: AsyncCalendarsClient
    demo: DemoData | None
    conn: Connection

    @property
    def location(self) -> str:
        if self.conn.location is None:
            raise UsageError("--location", f"is required: pass --location ID or set {LOCATION_ENV}")
        return self.conn.location

    async def calendar(self, name: str, flag: str) -> str:
        """Resolve `demo:N` to the Nth demo calendar's id; return any other id unchanged."""
        prefix, sep, number = name.partition(":")
        if prefix != "demo" or not sep:
            return name
        if not number.isdigit() or int(number) < 1:
            raise UsageError(flag, f"{name!r}: expected demo:N with N from 1")
        if self.demo is not None:
            count = len(self.demo.calendar_ids)
            if int(number) > count:
                raise UsageError(flag, f"{name!r}: the demo calendars are demo:1 to demo:{count}")
            return self.demo.calendar_ids[int(number) - 1]
        if self.conn.base_url == DEFAULT_BASE_URL:
            raise UsageError(flag, f"{name!r} names a demo calendar: add --emulator or --base-url")
        slug = f"demo-{int(number):02d}"
        for found in await self.client.calendars.list(location_id=self.location):
            if found.slug == slug and found.id is not None:
                return found.id
        raise CommandFailed(f"{flag} {name}: no calendar with slug {slug!r} in {self.location!r}")


def check_url(url: str, flag: str) -> str:
    """Refuse a base URL the client would refuse, saying how to write it instead."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            flag,
            f"{url!r} is not a URL: write it with its scheme, e.g. http://{url.split('//')[-1]}"
            if "://" not in url
            else f"{url!r} is not an http(s) URL",
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UsageError(flag, f"{url!r}: plain http is only for loopback hosts; use https://")
    return url.rstrip("/")


def connection(args: argparse.Namespace, *, needs_location: bool = False) -> Connection:
    """Read the connection options and environment; raise UsageError before any I/O."""
    location = getattr(args, "location", None) or os.environ.get(LOCATION_ENV) or None
    if getattr(args, "emulator", False):
        return Connection(True, "", None, location or DEMO_LOCATION)
    if needs_location and location is None:
        raise UsageError("--location", f"is required: pass --location ID or set {LOCATION_ENV}")
    given = getattr(args, "base_url", None)
    from_env = os.environ.get(BASE_URL_ENV) or None
    if given is not None:
        base_url = check_url(given, "--base-url")
    elif from_env is not None:
        base_url = check_url(from_env, BASE_URL_ENV)
    else:
        base_url = DEFAULT_BASE_URL
    try:
        token = read_token(args)
    except ValueError as exc:  # the library's ValidationError, naming --token/--token-file
        raise UsageError("", str(exc)) from None
    if token is None:
        raise UsageError(
            "",
            f"{TOKEN_ENV} is not set: export a HoopAI access token or pass --token-file PATH "
            "(or --emulator for a local emulator with demo data)",
        )
    return Connection(False, base_url, token, location)


@asynccontextmanager
async def open_client(conn: Connection, *, sleep: Sleep | None = None) -> AsyncIterator[Session]:
    """Open a client for `conn`; `sleep` sees every wait (rate limit, retry backoff)."""
    pause = sleep or anyio.sleep
    if conn.emulator:
        async with (
            Emulator(seed="demo", location_id=conn.location or DEMO_LOCATION) as emu,
            AsyncCalendarsClient(emu.token, base_url=emu.url, sleep=pause) as client,
        ):
            yield Session(client, emu.demo, conn)
        return
    assert conn.token is not None
    async with AsyncCalendarsClient(conn.token, base_url=conn.base_url, sleep=pause) as client:
        yield Session(client, None, conn)


async def check_calendar(session: Session, name: str, flag: str = "--calendar") -> str:
    """Resolve a calendar name and make sure it exists: the listings answer [] for unknown ids."""
    calendar_id = await session.calendar(name, flag)
    try:
        await session.client.calendars.get(calendar_id)
    except NotFoundError:
        raise CommandFailed(f"{flag} {name}: no such calendar (HTTP 404)") from None
    return calendar_id
