"""The emulator as a benchmark server: the package's emulator with bench data, in its own process.

Run as `python -m benchmarks.emulator_server --port 0`; prints `PORT <n>` once it listens.
The emulator keeps its pipeline (auth, scopes, rate-limit headers, fault hooks) but its
burst and daily limits are raised so the clients' own limiters never have to wait: the
measurement is of the client, not of the budget.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from hoopai_calendars.emulator import Emulator
from hoopai_calendars.emulator._handlers_calendars import calendar_defaults

from .bodies import (
    EVENT_COUNTS,
    LOCATION_ID,
    SLOTS_CALENDAR,
    TOKEN,
    events_calendar,
    events_records,
)

_UNLIMITED = 10**9
_EVERY_DAY_9_TO_5 = [
    {
        "daysOfTheWeek": [0, 1, 2, 3, 4, 5, 6],
        "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 0}],
    }
]


def build_emulator(host: str, port: int) -> Emulator:
    """An emulator with one 7-day 9-17 calendar (16 slots a day) and 500/1000-event calendars."""
    emulator = Emulator(
        host=host,
        port=port,
        token=TOKEN,
        location_id=LOCATION_ID,
        rate_limit=_UNLIMITED,
        daily_limit=_UNLIMITED,
    )
    store = emulator.store
    body = {
        "locationId": LOCATION_ID,
        "name": "Bench calendar",
        "openHours": _EVERY_DAY_9_TO_5,
        "slotDuration": 30,
    }
    store.calendars[SLOTS_CALENDAR] = {
        "id": SLOTS_CALENDAR,
        **calendar_defaults(body),
        **body,
        "timezone": "America/New_York",
    }
    for count in EVENT_COUNTS:
        for record in events_records(count, events_calendar(count), LOCATION_ID):
            store.appointments[record["id"]] = record
    return emulator


async def serve(host: str, port: int) -> None:
    """Listen, announce the port on stdout, and serve until cancelled."""
    async with build_emulator(host, port) as emulator:
        print(f"PORT {emulator.url.rsplit(':', 1)[1]}", flush=True)
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
