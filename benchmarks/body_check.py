"""What checking a create's body against its Struct costs, as a share of a create's client CPU.

    python -m benchmarks.body_check [--rounds 5] [--duration 1.0]

Every request body is decoded back into its row's Struct after encoding, so a field of
the wrong type is a ValidationError before anything is sent (`_body.encode_body`). This
times that check alone on an appointment create body, and a full `appointments.create`
call against the plain benchmark server (client CPU per call: build, check, send, decode),
and prints the share; the target is under 10 %.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from statistics import median

import msgspec

from hoopai_calendars import AsyncCalendarsClient
from hoopai_calendars._body import _checker
from hoopai_calendars.api._table import CREATE_APPOINTMENT
from hoopai_calendars.models import AppointmentCreate

from .bodies import LOCATION_ID, SLOTS_CALENDAR, TOKEN
from .procs import server_process
from .runner import run_async

TARGET_SHARE = 0.10

BODY = AppointmentCreate(
    calendar_id=SLOTS_CALENDAR,
    location_id=LOCATION_ID,
    contact_id="9NkT25Vor1v4aQatFsv2",
    start_time="2025-03-04T09:00:00-05:00",
    end_time="2025-03-04T09:30:00-05:00",
    title="Booked from the benchmark",
    assigned_user_id="YlWd2wuCAZQzh2cH1fVZ",
    address="https://meet.google.com/yqp-gogr-nve",
    ignore_date_range=False,
    to_notify=True,
)


def check_cost_us(duration: float) -> float:
    """Return the CPU microseconds one body check takes (decode into the Struct)."""
    check, encoded = _checker(CREATE_APPOINTMENT), msgspec.json.encode(BODY)
    batch, calls = 1000, 0
    cpu0 = time.process_time()
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        for _ in range(batch):
            check(encoded)
        calls += batch
    return (time.process_time() - cpu0) / calls * 1e6


async def create_cost_us(url: str, duration: float) -> float:
    """Return the client CPU microseconds of one full `appointments.create` call."""
    async with AsyncCalendarsClient(TOKEN, base_url=url, rate_limit=False) as client:

        async def create() -> object:
            return await client.appointments.create(BODY)

        await run_async(create, 1, duration / 4)  # warm the pool and the caches
        sample = await run_async(create, 1, duration)
    return sample.cpu_per_1k * 1000  # s per 1,000 calls is ms per call


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=1.0)
    args = parser.parse_args()
    checks: list[float] = []
    creates: list[float] = []
    with server_process("benchmarks.server") as url:
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            checks.append(check_cost_us(args.duration / 4))
            creates.append(asyncio.run(create_cost_us(url, args.duration)))
    shares = [c / total for c, total in zip(checks, creates, strict=True)]
    share = median(shares)
    print(f"body check (decode into AppointmentCreate): {median(checks):6.2f} us CPU")
    print(f"appointments.create, client CPU per call:   {median(creates):6.1f} us")
    verdict = "met" if share < TARGET_SHARE else "MISSED"
    print(f"share: {share:.1%} (median of {args.rounds} rounds; target < 10 %: {verdict})")


if __name__ == "__main__":
    main()
