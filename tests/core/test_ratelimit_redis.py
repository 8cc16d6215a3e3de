"""The Redis limiter backend against a real redis-server: shared buckets, holds, the daily
block, no write per plain answer, and the local fallback when Redis fails."""

from __future__ import annotations

import asyncio
import logging
import math
import socket
import time
import uuid
from collections.abc import AsyncIterator

import anyio
import pytest
import redis.asyncio as aioredis

from hoopai_calendars._ratelimit import Budget, RateLimiter, Update
from hoopai_calendars._ratelimit_redis import RedisLimiterBackend

pytestmark = pytest.mark.anyio

SLOW = Budget(capacity=5.0, rate=0.001, interval=10.0)


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[list[aioredis.Redis]]:
    """Two independent connections: two processes, as far as Redis can tell."""
    made = [aioredis.Redis.from_url(redis_url), aioredis.Redis.from_url(redis_url)]
    try:
        yield made
    finally:
        for client in made:
            await client.aclose()


def _key() -> str:
    return f"loc-{uuid.uuid4().hex[:8]}"


async def test_two_processes_spend_one_budget(clients: list[aioredis.Redis]) -> None:
    a, b = (RedisLimiterBackend(c) for c in clients)
    key, now = _key(), time.monotonic()
    waits = [await (a if i % 2 else b).take(key, now, SLOW) for i in range(6)]
    assert waits[:5] == [0.0] * 5
    # The sixth token is a debt at 0.001/s: about 1000 s away, whoever asks.
    assert waits[5] > 900


async def _script_calls(client: aioredis.Redis) -> int:
    stats = await client.info("commandstats")
    return sum(
        int(v["calls"]) for k, v in stats.items() if k in ("cmdstat_evalsha", "cmdstat_eval")
    )


async def test_concurrent_takes_share_one_round_trip(clients: list[aioredis.Redis]) -> None:
    backend = RedisLimiterBackend(clients[0])
    key, now = _key(), time.monotonic()
    await backend.take(key, now, SLOW)  # loads the script
    before = await _script_calls(clients[1])
    waits = await asyncio.gather(*(backend.take(key, now, SLOW) for _ in range(5)))
    assert await _script_calls(clients[1]) - before == 1
    # Still one reservation each: four tokens were left, the fifth take is a debt.
    assert sorted(waits)[:4] == [0.0] * 4
    assert max(waits) > 900


async def test_processes_together_send_at_most_a_window_full(
    clients: list[aioredis.Redis],
) -> None:
    # The bucket alone would refill at once (1000/s); the window count holds the sixth
    # grant until the window has closed, however many processes ask.
    a, b = (RedisLimiterBackend(c) for c in clients)
    fast = Budget(capacity=5.0, rate=1000.0, interval=10.0)
    key, now = _key(), time.monotonic()
    waits = [await (a if i % 2 else b).take(key, now, fast) for i in range(6)]
    assert waits[:5] == [0.0] * 5
    assert 9.9 < waits[5] <= 10.5


async def test_a_hold_learned_by_one_process_holds_the_other(
    clients: list[aioredis.Redis],
) -> None:
    a, b = (RedisLimiterBackend(c) for c in clients)
    key, now = _key(), time.monotonic()
    await a.update(key, Update(now, SLOW, hold_until=now + 30.0))
    assert await b.take(key, now, SLOW) > 25


async def test_the_daily_block_is_shared_and_lifted(clients: list[aioredis.Redis]) -> None:
    a, b = (RedisLimiterBackend(c) for c in clients)
    key, now = _key(), time.monotonic()
    await a.update(key, Update(now, SLOW, daily_until=now + 60.0))
    assert await b.take(key, now, SLOW) == math.inf
    await a.update(key, Update(now, SLOW, daily_until=now))
    assert await b.take(key, now, SLOW) == 0.0


async def test_plain_answers_cost_no_redis_write(clients: list[aioredis.Redis]) -> None:
    backend = RedisLimiterBackend(clients[0])
    limiter = RateLimiter(backend=backend)
    key = _key()
    for remaining in range(60, 30, -1):
        await limiter.acquire(key)
        limiter.release(key)
        headers = {
            "X-RateLimit-Max": "100",
            "X-RateLimit-Remaining": str(remaining + 40),
            "X-RateLimit-Interval-Milliseconds": "10000",
            "X-RateLimit-Daily-Remaining": str(190_000 + remaining),
        }
        limiter.observe(key, 200, headers)
    # The first answer teaches the budget; the other 29 (daily count included) are not sent.
    assert backend.writes == 1


async def test_unreachable_redis_falls_back_to_a_share_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = aioredis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.2)
    try:
        backend = RedisLimiterBackend(dead, expected_processes=4, probe_min=0.0)
        key, now = _key(), time.monotonic()
        budget = Budget(capacity=80.0, rate=0.001, interval=10.0)
        with caplog.at_level(logging.WARNING, logger="hoopai_calendars"):
            waits = [await backend.take(key, now, budget) for _ in range(21)]
        assert backend.degraded
        # A quarter of the 80-token burst is this process's own: the 21st waits.
        assert waits[:20] == [0.0] * 20
        assert waits[20] > 900
        warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(warnings) == 1
    finally:
        await dead.aclose()


async def test_a_paused_redis_neither_blocks_the_deadline_nor_keeps_the_fallback(
    clients: list[aioredis.Redis], caplog: pytest.LogCaptureFixture
) -> None:
    a, admin = clients
    # A generous op timeout: only the call's own deadline can keep acquire() short.
    backend = RedisLimiterBackend(a, op_timeout=60.0, probe_min=0.05)
    limiter = RateLimiter(backend=backend)
    key = _key()
    await admin.execute_command("CLIENT", "PAUSE", "1500", "ALL")
    with caplog.at_level(logging.WARNING, logger="hoopai_calendars"), anyio.fail_after(10):
        await limiter.acquire(key, within=0.2)
        limiter.release(key)
        assert backend.degraded
        while backend.degraded:  # probes (with backoff) until Redis answers again
            await anyio.sleep(0.1)
            await limiter.acquire(key, within=0.2)
            limiter.release(key)
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in m for m in messages) == 1
    assert any("back after" in m for m in messages)
