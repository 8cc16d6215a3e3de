"""Servers and clients the end-to-end webhook tests share: all on 127.0.0.1, free ports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio.to_thread
from aiohttp import web

from hoopai_calendars import AsyncCalendarsClient, CalendarsClient
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate, CalendarCreate
from hoopai_calendars.webhooks import (
    aiohttp_handler,
    asgi_app,
)

NOW = 1_730_030_400.0  # Sunday 2024-10-27 12:00 UTC: the next days have open slots
DAY = 86_400_000
NOW_MS = int(NOW * 1000)
LOC = "loc_demo"


class Blocking:
    """Drive a CalendarsClient from async tests: every call blocks in a worker thread."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return Blocking(attr)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await anyio.to_thread.run_sync(partial(attr, *args, **kwargs))

        return call


@asynccontextmanager
async def serving(
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]] | web.Application,
) -> Any:
    if isinstance(handler, web.Application):
        app = handler
    else:
        app = web.Application()
        app.router.add_post("/hooks", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/hooks"
    finally:
        await runner.cleanup()


def via_asgi(app: Any) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Serve an ASGI app from aiohttp (no ASGI server is installed): body in two chunks."""

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        messages = [
            {"type": "http.request", "body": body[:7], "more_body": True},
            {"type": "http.request", "body": body[7:], "more_body": False},
        ]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        headers = [(k.lower().encode(), v.encode()) for k, v in request.headers.items()]
        scope = {"type": "http", "method": request.method, "path": request.path, "headers": headers}
        await app(scope, receive, send)
        answer = b"".join(m.get("body", b"") for m in sent[1:])
        return web.Response(status=sent[0]["status"], body=answer)

    return handle


def make_receiver(kind: str, callback: Any, emu: Emulator) -> Any:
    options = {"public_key": emu.webhook_public_key, "clock": lambda: NOW}
    if kind == "aiohttp":
        return aiohttp_handler(callback, **options)
    return via_asgi(asgi_app(callback, **options))


@asynccontextmanager
async def client_for(kind: str, emu: Emulator) -> AsyncIterator[Any]:
    if kind == "async":
        async with AsyncCalendarsClient(emu.token, base_url=emu.url) as client:
            yield client
        return
    blocking = CalendarsClient(emu.token, base_url=emu.url)
    try:
        yield Blocking(blocking)
    finally:
        await anyio.to_thread.run_sync(blocking.close)


async def open_slots(api: Any, calendar_id: str, days: int = 1) -> list[str]:
    found = await api.calendars.free_slots(
        calendar_id, start_date=NOW_MS, end_date=NOW_MS + days * DAY
    )
    return list(found.slots())


async def book_one(emu: Emulator) -> str:
    async with client_for("async", emu) as api:
        calendar = await api.calendars.create(CalendarCreate(location_id=LOC, name="C"))
        slot = (await open_slots(api, calendar.id))[0]
        made = await api.appointments.create(
            AppointmentCreate(
                calendar_id=calendar.id, location_id=LOC, contact_id="c-1", start_time=slot
            )
        )
        return str(made.id)
