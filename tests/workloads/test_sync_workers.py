"""Bulk sync split across worker processes by location, through Redis: a worker killed
mid-sync is resumed by another, and no appointment is booked twice."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import anyio
import msgspec
import pytest
import redis.asyncio as aioredis

from hoopai_calendars import AsyncCalendarsClient
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.emulator._seed import seed_demo
from hoopai_calendars.models import AppointmentCreate
from hoopai_calendars.workloads import poll_free_slots
from hoopai_calendars.workloads._checkpoint_store import RedisCheckpointStore
from hoopai_calendars.workloads._time import parse_instant

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]
PER_LOCATION = 30
DAY_MS = 86_400_000


async def _desired(
    emu: Emulator, location: str, token: str, calendars: list[str], contacts: list[str]
) -> list[AppointmentCreate]:
    async with AsyncCalendarsClient(token, base_url=emu.url) as client:
        start = int(time.time() * 1000) + DAY_MS
        results = await poll_free_slots(client, calendars, start, start + 20 * DAY_MS)
    slots = [(r.calendar_id, s) for r in results if r.slots for s in r.slots.slots()]
    return [
        AppointmentCreate(
            calendar_id=calendar,
            location_id=location,
            contact_id=contacts[i % len(contacts)],
            start_time=slot,
        )
        for i, (calendar, slot) in enumerate(slots[:PER_LOCATION])
    ]


async def _until(condition: Callable[[], bool]) -> None:
    """Poll what another process makes true (the caller bounds the wait)."""
    while True:
        if condition():
            return
        await anyio.sleep(0.01)


async def test_a_killed_worker_is_resumed_by_another_without_a_double_booking(
    redis_url: str, tmp_path: Path
) -> None:
    job = f"job-{uuid.uuid4().hex[:6]}"
    async with Emulator(location_id="loc-A") as emu:
        demo_a = emu.seed_demo(2)
        demo_b = seed_demo(emu.store, "loc-B", emu.state.now_ms(), 2)
        tokens = {"loc-A": emu.token, "loc-B": emu.mint_token(location_id="loc-B")}
        desired = await _desired(emu, "loc-A", emu.token, demo_a.calendar_ids, demo_a.contact_ids)
        desired += await _desired(
            emu, "loc-B", tokens["loc-B"], demo_b.calendar_ids, demo_b.contact_ids
        )
        assert len(desired) == 2 * PER_LOCATION
        path = tmp_path / "desired.jsonl"
        path.write_bytes(b"\n".join(msgspec.json.encode(d) for d in desired))
        emu.set_rate_limit(20, 1000)  # slow enough that the kill lands mid-location

        def booked(location: str) -> int:
            return sum(a["locationId"] == location for a in emu.store.appointments.values())

        async def worker() -> asyncio.subprocess.Process:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "benchmarks.distributed_worker",
                "sync",
                "--url",
                emu.url,
                "--redis",
                redis_url,
                "--job",
                job,
                "--desired",
                str(path),
                "--tokens",
                json.dumps(tokens),
                "--ttl",
                "1.0",
                stdout=asyncio.subprocess.PIPE,
                cwd=ROOT,
            )

        victim = await worker()
        try:
            with anyio.fail_after(90):
                assert victim.stdout is not None
                assert (await victim.stdout.readline()).strip() == b"READY"
                await _until(lambda: booked("loc-A") >= 5)  # the first worker took loc-A
                os.kill(victim.pid, signal.SIGKILL)
                await victim.wait()
                assert booked("loc-A") < PER_LOCATION
                heir = await worker()
                out, _ = await heir.communicate()
        finally:
            if victim.returncode is None:
                victim.kill()
                await victim.wait()
        assert heir.returncode == 0
        reports = {
            line.split()[1]: json.loads(line.split(maxsplit=2)[2])
            for line in out.decode().splitlines()
            if line.startswith("REPORT")
        }
        keys = Counter(
            (a["calendarId"], a["contactId"], parse_instant(a["startTime"]))
            for a in emu.store.appointments.values()
        )
    assert set(reports) == {"loc-A", "loc-B"}
    # The heir found what the dead worker had booked (checkpoint or listing) and booked
    # only the rest: every desired appointment exists exactly once. Items it resumed from
    # the checkpoint keep their outcome ("created") and are also counted in `resumed`.
    report_a = reports["loc-A"]
    assert report_a["created"] - report_a["resumed"] < PER_LOCATION
    assert reports["loc-A"]["failed"] == 0
    assert len(keys) == 2 * PER_LOCATION
    assert max(keys.values()) == 1
    async with aioredis.Redis.from_url(redis_url) as redis:
        saved = await RedisCheckpointStore(redis, f"{job}:loc-A").load()
    assert len(saved) == PER_LOCATION
