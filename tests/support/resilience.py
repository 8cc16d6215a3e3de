"""Helpers shared by the resilience and hardening tests (this module has no tests)."""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import web

from hoopai_calendars import AsyncCalendarsClient
from hoopai_calendars.emulator import DemoData, Emulator, create_app
from hoopai_calendars.models import AppointmentCreate
from tests.support.fakes import FakeClock

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def dead_url() -> str:
    """Return a loopback URL whose port refuses connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def client_for(emu: Emulator, clock: FakeClock, **kwargs: Any) -> AsyncCalendarsClient:
    """A client of `emu` whose time, sleeps and jitter are the test's."""
    return AsyncCalendarsClient(
        emu.token,
        base_url=emu.url,
        clock=clock,
        sleep=clock.sleep,
        random_fraction=random.Random(3).random,
        **kwargs,
    )


def demo(emu: Emulator) -> DemoData:
    assert isinstance(emu.demo, DemoData)
    return emu.demo


async def booking(client: AsyncCalendarsClient, emu: Emulator, index: int = 0) -> AppointmentCreate:
    calendar_id = demo(emu).calendar_ids[0]
    start = datetime.now(timezone.utc) + timedelta(days=1)
    slots = await client.calendars.free_slots(
        calendar_id, start_date=start, end_date=start + timedelta(days=7)
    )
    return AppointmentCreate(
        calendar_id=calendar_id,
        location_id=emu.location_id,
        contact_id=demo(emu).contact_ids[0],
        start_time=slots.slots()[index],
    )


def stored(emu: Emulator, body: AppointmentCreate) -> int:
    return sum(
        1
        for event in emu.store.appointments.values()
        if event["calendarId"] == body.calendar_id and event["startTime"] == body.start_time
    )


@asynccontextmanager
async def serving(app: web.Application, host: str = "127.0.0.1", **site: Any) -> AsyncIterator[int]:
    """Serve `app` on a free port of `host`; yield the port."""
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, 0, **site).start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


@asynccontextmanager
async def slow_after_write(emu: Emulator, seconds: float) -> AsyncIterator[str]:
    """Serve `emu`'s API, but answer each create `seconds` after its write has landed."""

    @web.middleware
    async def slow(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if request.method == "POST" and request.path.endswith("/appointments"):
            await asyncio.sleep(seconds)
        return response

    app = create_app(emu)
    app.middlewares.append(slow)
    async with serving(app) as port:
        yield f"http://127.0.0.1:{port}"
