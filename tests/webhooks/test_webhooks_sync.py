"""Webhooks plus one re-list keep a local copy equal to the server, despite lost deliveries."""

from __future__ import annotations

from typing import Any

import pytest

from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate, AppointmentUpdate, CalendarCreate
from hoopai_calendars.webhooks import (
    AppointmentCreated,
    AppointmentDeleted,
    AppointmentUpdated,
    WebhookEvent,
    aiohttp_handler,
)
from hoopai_calendars.workloads import iter_events
from tests.support.webhook_servers import (
    DAY,
    LOC,
    NOW,
    NOW_MS,
    client_for,
    open_slots,
    serving,
)

pytestmark = pytest.mark.anyio


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
