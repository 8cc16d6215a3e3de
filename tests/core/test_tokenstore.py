"""Token rotation shared through a store: one refresh per rotation, fencing, and a refresher
killed mid-refresh (real processes, a real redis-server, a loopback OAuth server)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import anyio
import pytest
import redis.asyncio as aioredis

from benchmarks.token_server import TokenServer
from hoopai_calendars._oauth import OAuthTokenProvider, TokenSet
from hoopai_calendars._tokenstore import InMemoryTokenStore, TokenStore
from hoopai_calendars._tokenstore_redis import RedisTokenStore
from hoopai_calendars._transport import Timeout

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def server() -> AsyncIterator[TokenServer]:
    async with TokenServer(expires_in=3600.0) as running:
        yield running


def _provider(
    server: TokenServer, store: TokenStore, key: str, first: str, rotated: list[TokenSet]
) -> OAuthTokenProvider:
    return OAuthTokenProvider(
        "client-1",
        "secret-1",
        first,
        token_url=server.token_url,
        on_refresh=rotated.append,
        store=store,
        store_key=key,
        lock_timeout=5.0,
        timeout=Timeout(total=2.0, connect=1.0),
    )


@pytest.mark.parametrize("kind", ["memory", "redis"])
async def test_providers_sharing_a_store_rotate_once_and_share_the_result(
    kind: str, server: TokenServer, redis_client: aioredis.Redis
) -> None:
    store: TokenStore = InMemoryTokenStore() if kind == "memory" else RedisTokenStore(redis_client)
    key = f"loc-{uuid.uuid4().hex[:8]}"
    rotated: list[TokenSet] = []
    first = server.seed(key)
    providers = [_provider(server, store, key, first, rotated) for _ in range(5)]
    tokens = await asyncio.gather(*(p.get_token() for p in providers))
    assert len(set(tokens)) == 1
    assert server.rotations(key) == 1
    assert len(rotated) == 1
    # The API rejects the token: one refresh again, whoever notices first.
    again = await asyncio.gather(*(p.refresh(tokens[0]) for p in providers))
    assert len(set(again)) == 1
    assert again[0] != tokens[0]
    assert server.rotations(key) == 2
    assert len(rotated) == 2
    assert server.stats.broken == 0
    stored = await store.load(key)
    assert stored is not None
    assert stored.tokens.refresh_token == server.current(key)


async def test_a_holder_whose_lock_expired_cannot_overwrite_a_newer_set(
    redis_client: aioredis.Redis,
) -> None:
    store = RedisTokenStore(redis_client)
    key = f"loc-{uuid.uuid4().hex[:8]}"
    assert await store.save(key, TokenSet("a0", "r0"), 0)
    stale = await store.lock(key, 0.05)
    assert stale is not None
    assert await store.lock(key, 5.0) is None  # held
    await anyio.sleep(0.2)  # the stale holder stalls past its lock
    fresh = await store.lock(key, 5.0)
    assert fresh is not None
    assert fresh > stale
    assert await store.save(key, TokenSet("a2", "r2"), fresh)
    assert not await store.save(key, TokenSet("a1", "r1"), stale)
    await store.unlock(key, stale)  # frees nothing: the lock is not the stale one's
    assert await store.lock(key, 5.0) is None
    stored = await store.load(key)
    assert stored is not None
    assert stored.tokens.refresh_token == "r2"


async def _until(condition: Callable[[], bool]) -> None:
    """Poll a condition that another process makes true (the caller bounds the wait)."""
    while True:
        if condition():
            return
        await anyio.sleep(0.02)


async def _worker(
    redis_url: str, server: TokenServer, key: str, first: str, seconds: float
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.distributed_worker",
        "tokens",
        "--token-url",
        server.worker_token_url("{pid}"),
        "--redis",
        redis_url,
        "--key",
        key,
        "--refresh-token",
        first,
        "--seconds",
        str(seconds),
        "--lock-timeout",
        "1.5",
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )


async def test_killing_the_refreshing_process_never_breaks_the_chain(
    redis_url: str, redis_client: aioredis.Redis
) -> None:
    key = f"loc-{uuid.uuid4().hex[:8]}"
    async with TokenServer(expires_in=0.4) as server:
        first = server.seed(key)
        workers = [await _worker(redis_url, server, key, first, 8.0) for _ in range(4)]
        try:
            with anyio.fail_after(60):
                for worker in workers:
                    assert worker.stdout is not None
                    assert (await worker.stdout.readline()).strip() == b"READY"
                await _until(lambda: server.rotations(key) >= 3)
                server.stall(1)  # the next refresher hangs while holding the lock...
                await _until(lambda: bool(server.stats.stalled))
                victim = int(server.stats.stalled[0])
                os.kill(victim, signal.SIGKILL)  # ...and dies there
                before = server.rotations(key)
                outputs = [await w.communicate() for w in workers]
        finally:
            for worker in workers:
                if worker.returncode is None:
                    worker.kill()
                    await worker.wait()
    survivors = [w for w in workers if w.pid != victim]
    assert [w.returncode for w in survivors] == [0, 0, 0]
    rotated = [line for out, _ in outputs for line in out.split(b"\n") if line.startswith(b"ROT")]
    # The others took over after the lock timeout and kept rotating.
    assert server.rotations(key) > before
    assert server.stats.broken == 0
    # Exactly one on_refresh per rotation, each new token seen by exactly one process.
    assert len(rotated) == server.rotations(key) == len(set(rotated))
    stored = await RedisTokenStore(redis_client).load(key)
    assert stored is not None
    assert stored.tokens.refresh_token == server.current(key)
