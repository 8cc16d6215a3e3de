"""The emulator sends signed webhooks; aiohttp and ASGI receivers verify and type them.

Bookings go through both clients (async, and blocking from worker threads) over real
loopback HTTP; receivers run on 127.0.0.1 in the test's loop and verify with the
emulator's own key. Retries, faults and the webhooks-plus-re-list recipe are covered too.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio.to_thread
import pytest
from aiohttp import web

from hoopai_calendars import AsyncCalendarsClient, CalendarsClient
from hoopai_calendars._cli_webhooks import build_listener_app
from hoopai_calendars.cli import build_parser, main
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate, AppointmentUpdate, CalendarCreate
from hoopai_calendars.webhooks import (
    AppointmentCreated,
    AppointmentDeleted,
    AppointmentUpdated,
    WebhookEvent,
    aiohttp_handler,
    asgi_app,
)
from hoopai_calendars.workloads import iter_events

pytestmark = pytest.mark.anyio

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


@pytest.mark.parametrize("receiver_kind", ["aiohttp", "asgi"])
@pytest.mark.parametrize("client_kind", ["async", "sync"])
async def test_book_update_cancel_delete_arrive_as_verified_typed_events(
    client_kind: str, receiver_kind: str
) -> None:
    got: list[WebhookEvent] = []

    async def on_event(event: WebhookEvent) -> None:
        got.append(event)

    emu = Emulator(clock=lambda: NOW)
    async with serving(make_receiver(receiver_kind, on_event, emu)) as url:
        emu.webhooks.subscribe(url)
        async with emu, client_for(client_kind, emu) as api:
            calendar = await api.calendars.create(CalendarCreate(location_id=LOC, name="Consults"))
            slot = (await open_slots(api, calendar.id))[0]
            made = await api.appointments.create(
                AppointmentCreate(
                    calendar_id=calendar.id, location_id=LOC, contact_id="c-1", start_time=slot
                )
            )
            await api.appointments.update(made.id, AppointmentUpdate(title="Follow-up"))
            await api.appointments.update(
                made.id, AppointmentUpdate(appointment_status="cancelled")
            )
            await api.events.delete(made.id)
            await emu.webhooks.drain()

    assert [type(e) for e in got] == [
        AppointmentCreated,
        AppointmentUpdated,
        AppointmentUpdated,
        AppointmentDeleted,
    ]
    created, retitled, cancelled, _ = got
    assert isinstance(created, AppointmentCreated)
    assert created.location_id == LOC
    assert {e.appointment.id for e in got if not isinstance(e, dict)} == {made.id}  # type: ignore[union-attr]
    assert created.appointment.start_time == slot  # the booked string, verbatim
    assert created.appointment.calendar_id == calendar.id
    assert isinstance(retitled, AppointmentUpdated)
    assert retitled.appointment.title == "Follow-up"
    assert isinstance(cancelled, AppointmentUpdated)
    assert cancelled.appointment.appointment_status == "cancelled"
    assert all(d.status == 200 and d.attempts == 1 for d in emu.webhooks.deliveries)


async def test_a_receiver_with_another_key_refuses_every_delivery_with_401() -> None:
    got: list[WebhookEvent] = []

    async def on_event(event: WebhookEvent) -> None:
        got.append(event)

    emu = Emulator(clock=lambda: NOW)
    stranger = Emulator(clock=lambda: NOW)  # a different generated key
    async with serving(make_receiver("aiohttp", on_event, stranger)) as url:
        emu.webhooks.subscribe(url)
        async with emu, client_for("async", emu) as api:
            calendar = await api.calendars.create(CalendarCreate(location_id=LOC, name="C"))
            slot = (await open_slots(api, calendar.id))[0]
            await api.appointments.create(
                AppointmentCreate(
                    calendar_id=calendar.id, location_id=LOC, contact_id="c-1", start_time=slot
                )
            )
            await emu.webhooks.drain()
    assert got == []
    assert [(d.status, d.attempts) for d in emu.webhooks.deliveries] == [(401, 1)]


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


async def test_a_failing_callback_answers_429_and_the_emulator_retries_until_it_succeeds() -> None:
    calls: list[str | None] = []
    sleeps: list[float] = []

    async def flaky(event: WebhookEvent) -> None:
        assert isinstance(event, AppointmentCreated)
        calls.append(event.webhook_id)
        if len(calls) < 3:
            raise RuntimeError("database is down")

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    emu = Emulator(clock=lambda: NOW, webhook_sleep=fake_sleep)
    async with serving(make_receiver("aiohttp", flaky, emu)) as url:
        emu.webhooks.subscribe(url)
        async with emu:
            await book_one(emu)
            await emu.webhooks.drain()
    # The same delivery (same webhookId) three times: a retry is not taken for a replay.
    assert len(calls) == 3
    assert len(set(calls)) == 1
    assert sleeps == [600.0, 600.0]  # HighLevel's ten minutes, on the injected sleep
    [delivery] = emu.webhooks.deliveries
    assert (delivery.status, delivery.attempts) == (200, 3)


@pytest.mark.parametrize(("status", "attempts"), [(429, 7), (500, 1), (400, 1)])
async def test_only_429_is_retried_and_at_most_six_times(status: int, attempts: int) -> None:
    hits: list[int] = []

    async def answer(request: web.Request) -> web.Response:
        hits.append(1)
        return web.Response(status=status)

    async def no_wait(seconds: float) -> None:
        return None

    emu = Emulator(clock=lambda: NOW, webhook_sleep=no_wait)
    async with serving(answer) as url:
        emu.webhooks.subscribe(url)
        async with emu:
            await book_one(emu)
            await emu.webhooks.drain()
    assert len(hits) == attempts
    assert [(d.status, d.attempts) for d in emu.webhooks.deliveries] == [(status, attempts)]


async def test_deliveries_do_not_hold_up_the_api_and_are_drained_on_shutdown() -> None:
    release = asyncio.Event()
    got: list[WebhookEvent] = []

    async def slow(event: WebhookEvent) -> None:
        await release.wait()
        got.append(event)

    emu = Emulator(clock=lambda: NOW)
    async with serving(make_receiver("aiohttp", slow, emu)) as url:
        emu.webhooks.subscribe(url)
        async with emu:
            appointment_id = await book_one(emu)  # returns while the receiver still waits
            assert got == []
            release.set()
        # Leaving the emulator waited for the delivery.
    assert [e.appointment.id for e in got] == [appointment_id]  # type: ignore[union-attr]


def apply(local: dict[str, Any], event: WebhookEvent) -> None:
    """The README recipe: keep the newest copy of each appointment; forget deleted ones."""
    if isinstance(event, AppointmentDeleted):
        local.pop(event.appointment.id or "", None)
    elif isinstance(event, (AppointmentCreated, AppointmentUpdated)):
        new = event.appointment
        old = local.get(new.id or "")
        if old is None or (new.date_updated or "") >= (old.date_updated or ""):
            local[new.id or ""] = new


def summary(records: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        key: (r["appointmentStatus"], r["startTime"], r["title"], r["dateUpdated"])
        if isinstance(r, dict)
        else (r.appointment_status, r.start_time, r.title, r.date_updated)
        for key, r in records.items()
    }


async def test_webhooks_with_drops_and_duplicates_plus_one_relist_equal_the_server_state() -> None:
    local: dict[str, Any] = {}
    ticks = [0]

    def clock() -> float:  # moves 1 ms per reading, so dateUpdated orders the changes
        ticks[0] += 1
        return NOW + ticks[0] / 1000

    async def on_event(event: WebhookEvent) -> None:
        apply(local, event)

    emu = Emulator(clock=clock)
    emu.webhooks.faults(drop=0.10, duplicate=0.05, delay=0.02, seed=7)
    handler = aiohttp_handler(on_event, public_key=emu.webhook_public_key, clock=lambda: NOW)
    async with serving(handler) as url:
        emu.webhooks.subscribe(url)
        async with emu, client_for("async", emu) as api:
            calendar = await api.calendars.create(CalendarCreate(location_id=LOC, name="Busy"))
            slots = (await open_slots(api, calendar.id, days=5))[:40]
            made = [
                await api.appointments.create(
                    AppointmentCreate(
                        calendar_id=calendar.id, location_id=LOC, contact_id="c", start_time=s
                    )
                )
                for s in slots
            ]
            for n, event in enumerate(made[:24]):
                await api.appointments.update(event.id, AppointmentUpdate(title=f"Visit {n}"))
            for event in made[24:34]:
                await api.appointments.update(
                    event.id, AppointmentUpdate(appointment_status="cancelled")
                )
            for event in made[34:]:
                await api.events.delete(event.id)
            await emu.webhooks.drain()

            deliveries = emu.webhooks.deliveries
            assert any(d.dropped for d in deliveries)
            assert any(d.duplicate for d in deliveries)
            server = summary(emu.store.appointments)
            assert summary(local) != server  # the drops lost something

            # The repair: one re-list of the window replaces what webhooks missed.
            listed = {
                e.id: e
                async for e in iter_events(
                    api,
                    location_id=LOC,
                    calendar_id=calendar.id,
                    start=NOW_MS,
                    end=NOW_MS + 6 * DAY,
                )
            }
            for key in set(local) - set(listed):
                del local[key]
            local.update(listed)
            assert summary(local) == server


async def test_the_listen_command_prints_each_verified_event_and_forwards_it() -> None:
    forwarded: list[WebhookEvent] = []

    async def on_forward(event: WebhookEvent) -> None:
        forwarded.append(event)

    emu = Emulator(clock=lambda: NOW)
    out = io.StringIO()
    # The forward target checks the emulator's signature: the body is passed on unchanged.
    target = aiohttp_handler(on_forward, public_key=emu.webhook_public_key, clock=lambda: NOW)
    async with serving(target) as forward_url:
        listener = build_listener_app(
            public_key=emu.webhook_public_key, forward=forward_url, out=out, clock=lambda: NOW
        )
        async with serving(listener) as url:
            emu.webhooks.subscribe(url.replace("/hooks", "/any/path"))
            async with emu:
                appointment_id = await book_one(emu)
                await emu.webhooks.drain()
    [line] = out.getvalue().splitlines()
    printed = json.loads(line)
    assert printed["type"] == "AppointmentCreate"
    assert printed["appointment"]["id"] == appointment_id
    assert [e.appointment.id for e in forwarded] == [appointment_id]  # type: ignore[union-attr]
    assert [d.status for d in emu.webhooks.deliveries] == [200]


async def test_a_failed_forward_answers_429_so_the_sender_retries() -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=503)

    async def no_wait(seconds: float) -> None:
        return None

    emu = Emulator(clock=lambda: NOW, webhook_sleep=no_wait)
    out = io.StringIO()
    async with serving(refuse) as forward_url:
        listener = build_listener_app(
            public_key=emu.webhook_public_key, forward=forward_url, out=out, clock=lambda: NOW
        )
        async with serving(listener) as url:
            emu.webhooks.subscribe(url)
            async with emu:
                await book_one(emu)
                await emu.webhooks.drain()
    assert [(d.status, d.attempts) for d in emu.webhooks.deliveries] == [(429, 7)]
    assert len(out.getvalue().splitlines()) == 7  # each retry was verified and printed


def test_the_cli_wires_the_flags() -> None:
    args = build_parser().parse_args(
        ["emulator", "--webhook-url", "http://127.0.0.1:9/a", "--webhook-url", "http://b"]
    )
    assert args.webhook_url == ["http://127.0.0.1:9/a", "http://b"]
    listen = build_parser().parse_args(["webhooks", "listen", "--port", "0", "--forward", "u"])
    assert (listen.port, listen.forward, listen.public_key) == (0, "u", None)
    assert main(["webhooks", "listen", "--port", "0", "--public-key", "garbage"]) == 2
