"""The emulator sends signed webhooks; aiohttp and ASGI receivers verify and type them.

Bookings go through both clients (async, and blocking from worker threads) over real
loopback HTTP; receivers run on 127.0.0.1 in the test's loop and verify with the
emulator's own key. Retries on 429 only, and background delivery drained on shutdown.
"""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate, AppointmentUpdate, CalendarCreate
from hoopai_calendars.webhooks import (
    AppointmentCreated,
    AppointmentDeleted,
    AppointmentUpdated,
    WebhookEvent,
)
from tests.support.fakes import FakeClock
from tests.support.webhook_servers import (
    LOC,
    NOW,
    book_one,
    client_for,
    make_receiver,
    open_slots,
    serving,
)

pytestmark = pytest.mark.anyio


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


async def test_a_failing_callback_answers_429_and_the_emulator_retries_until_it_succeeds() -> None:
    calls: list[str | None] = []

    async def flaky(event: WebhookEvent) -> None:
        assert isinstance(event, AppointmentCreated)
        calls.append(event.webhook_id)
        if len(calls) < 3:
            raise RuntimeError("database is down")

    waits = FakeClock()
    emu = Emulator(clock=lambda: NOW, webhook_sleep=waits.sleep)
    async with serving(make_receiver("aiohttp", flaky, emu)) as url:
        emu.webhooks.subscribe(url)
        async with emu:
            await book_one(emu)
            await emu.webhooks.drain()
    # The same delivery (same webhookId) three times: a retry is not taken for a replay.
    assert len(calls) == 3
    assert len(set(calls)) == 1
    assert waits.sleeps == [600.0, 600.0]  # HighLevel's ten minutes, on the injected sleep
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
