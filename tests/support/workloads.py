"""Shared helpers for the workload tests: an emulator with a client behind a recording transport."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient
from hoopai_calendars._transport import Request
from hoopai_calendars.emulator import DemoData, Emulator
from tests.support.fakes import RecordingTransport

DAY_MS = 86_400_000


@dataclass
class Setup:
    """A running emulator seeded with demo data, and a client talking to it."""

    emu: Emulator
    demo: DemoData
    client: AsyncCalendarsClient
    transport: RecordingTransport

    @property
    def location(self) -> str:
        return self.emu.location_id

    def seen(self, operation: str) -> int:
        return self.emu.faults.seen[operation]


@asynccontextmanager
async def started(
    *,
    calendars: int = 4,
    server_limit: int = 1000,
    server_interval_ms: int = 1000,
    fail: Callable[[Request], bool] | None = None,
    **client_kwargs: Any,
) -> AsyncIterator[Setup]:
    """Start an emulator, seed it, and open a client (closing both afterwards).

    `server_limit` per `server_interval_ms` is the emulator's rate limit; the other
    keywords go to the client.
    """
    async with Emulator(rate_limit=server_limit, rate_interval_ms=server_interval_ms) as emu:
        demo = emu.seed_demo(calendars)
        transport = RecordingTransport(inner=AiohttpTransport(), fail=fail)
        client = AsyncCalendarsClient(
            emu.token, base_url=emu.url, transport=transport, **client_kwargs
        )
        try:
            async with client:
                yield Setup(emu, demo, client, transport)
        finally:
            await transport.aclose()


def now_ms() -> int:
    """The wall clock in epoch ms (the emulator runs on it too)."""
    return int(time.time() * 1000)


def appointment_record(
    emu: Emulator,
    calendar_id: str,
    contact_id: str,
    start: str,
    end: str,
    *,
    status: str = "confirmed",
    record_id: str | None = None,
) -> str:
    """Put an appointment straight into the emulator's store; return its id."""
    event_id = record_id or f"evt{len(emu.store.appointments):06d}"
    emu.store.appointments[event_id] = {
        "id": event_id,
        "calendarId": calendar_id,
        "locationId": emu.location_id,
        "contactId": contact_id,
        "startTime": start,
        "endTime": end,
        "title": "Seeded",
        "appointmentStatus": status,
    }
    return event_id
