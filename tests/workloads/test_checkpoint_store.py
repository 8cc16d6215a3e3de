"""The Redis checkpoint and location leases on their own (the multi-process resume is in
test_sync_workers.py), and the Redis fixture's rule: under CI=true a missing server fails."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest
import redis.asyncio as aioredis

from hoopai_calendars.workloads import (
    CheckpointEntry,
    LeaseLost,
    LocationLeases,
    RedisCheckpointStore,
)

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


async def test_entries_reach_redis_in_batches_and_the_last_per_key_wins(
    redis_client: aioredis.Redis,
) -> None:
    store = RedisCheckpointStore(redis_client, uuid.uuid4().hex, batch_size=3, interval=3600)
    key = ("cal", "contact", 1_700_000_000_000)
    await store.record(CheckpointEntry(key, "fp", "outcome_unknown"))
    await store.record(CheckpointEntry(("cal", "other", 1), "fp", "failed"))
    await store.record(CheckpointEntry(key, "fp", "created", "evt-1"))  # replaces the first
    assert await store.load() == {}  # still queued: two distinct keys, the batch holds three
    await store.record(CheckpointEntry(("cal", "third", 2), "fp", "unchanged"))
    loaded = await store.load()
    assert len(loaded) == 3
    assert loaded[key].outcome == "created"
    assert loaded[key].id == "evt-1"
    await store.record(CheckpointEntry(("cal", "fourth", 3), "fp", "cancelled"))
    await store.aclose()  # flushes what is queued
    assert len(await store.load()) == 4


async def test_a_worker_whose_lease_is_taken_stops_working(redis_client: aioredis.Redis) -> None:
    leases = LocationLeases(redis_client, uuid.uuid4().hex, ttl=0.3, poll=0.05)
    finished = []

    async def work(location: str) -> None:
        # Another worker took over (an operator, or our lease expired during a stall).
        await redis_client.set(leases._lease(location), "someone-else")
        await anyio.sleep(5)
        finished.append(location)

    with anyio.fail_after(5), pytest.raises(LeaseLost):
        await leases.run(["loc-1"], work)
    assert finished == []


async def test_every_location_is_worked_once(redis_client: aioredis.Redis) -> None:
    job = uuid.uuid4().hex
    done: list[str] = []

    async def work(location: str) -> None:
        await anyio.sleep(0.01)
        done.append(location)

    a, b = (
        LocationLeases(redis_client, job, poll=0.01),
        LocationLeases(redis_client, job, poll=0.01),
    )
    locations = [f"loc-{i}" for i in range(6)]
    async with anyio.create_task_group() as group:
        group.start_soon(a.run, locations, work)
        group.start_soon(b.run, locations, work)
    assert sorted(done) == sorted(locations)


def test_without_redis_server_ci_fails_and_a_laptop_skips(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text("def test_needs_redis(redis_url):\n    pass\n")
    (tmp_path / "conftest.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tests' / 'support')!r})\n"
        "from redis_server import redis_url  # noqa: F401\n"
    )
    env = {**os.environ, "PATH": str(tmp_path)}  # no redis-server on this PATH
    outcomes = {}
    for ci in ("true", ""):
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(probe)],
            env={**env, "CI": ci},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        outcomes[ci] = (run.returncode, run.stdout)
    assert outcomes["true"][0] != 0
    assert "apt-get install redis-server" in outcomes["true"][1]
    assert outcomes[""][0] == 0
    assert "skipped" in outcomes[""][1]
    assert "apt-get install redis-server" in outcomes[""][1]
