"""One worker process of the distributed benchmarks (and of the multi-process tests).

`tokens`: keep one OAuth token fresh through a RedisTokenStore; print `ROTATED <access>`
from `on_refresh` and `DONE <n>` (tokens read) at the end.
`poll`: poll free slots on one location; print one JSON line of counts at the end.
`sync`: work a bulk sync job's locations (LocationLeases, RedisCheckpointStore); print
`REPORT <location> <json>` per location it finished.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time

import redis.asyncio as aioredis

from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient, RateLimiter
from hoopai_calendars._oauth import OAuthTokenProvider, TokenSet
from hoopai_calendars._ratelimit_redis import RedisLimiterBackend
from hoopai_calendars._tokenstore_redis import RedisTokenStore
from hoopai_calendars._transport import Request, Response, Timeout


async def _tokens(args: argparse.Namespace) -> None:
    redis = aioredis.Redis.from_url(args.redis)
    reads = 0

    def rotated(tokens: TokenSet) -> None:
        print(f"ROTATED {tokens.access_token}", flush=True)

    provider = OAuthTokenProvider(
        "bench-client",
        "bench-secret",
        args.refresh_token,
        token_url=args.token_url.replace("{pid}", str(os.getpid())),
        on_refresh=rotated,
        store=RedisTokenStore(redis),
        store_key=args.key,
        lock_timeout=args.lock_timeout,
        refresh_ahead=0.0,
        timeout=Timeout(total=args.lock_timeout / 2, connect=args.lock_timeout / 4),
    )
    until = time.monotonic() + args.seconds
    try:
        print("READY", flush=True)
        while time.monotonic() < until:
            await provider.get_token()
            reads += 1
            await asyncio.sleep(0.01)
    finally:
        await redis.aclose()
    print(f"DONE {reads}", flush=True)


class _Counting:
    """A transport that counts the statuses the server answered (429s included)."""

    def __init__(self, inner: AiohttpTransport) -> None:
        self.inner = inner
        self.statuses: dict[int, int] = {}

    async def send(self, request: Request) -> Response:
        response = await self.inner.send(request)
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _poll(args: argparse.Namespace) -> None:
    redis = aioredis.Redis.from_url(args.redis) if args.mode == "redis" else None
    backend = RedisLimiterBackend(redis) if redis is not None else None
    transport = _Counting(AiohttpTransport())
    client = AsyncCalendarsClient(
        args.token,
        base_url=args.url,
        transport=transport,
        rate_limiter=RateLimiter(backend=backend, reserve=args.reserve),
        rate_limit_key=args.key,
        max_retries=0,
        deadline=None,
    )
    ok = failed = 0
    now_ms = int(time.time() * 1000)
    await asyncio.sleep(max(0.0, args.start_at - time.time()))
    until = time.monotonic() + args.seconds

    async def loop() -> None:
        nonlocal ok, failed
        while time.monotonic() < until:
            try:
                await client.calendars.free_slots(
                    args.calendar, start_date=now_ms, end_date=now_ms + 7 * 86_400_000
                )
                ok += 1
            except Exception:
                failed += 1

    cpu, first = time.process_time(), time.time()
    try:
        await asyncio.gather(*(loop() for _ in range(args.concurrency)))
    finally:
        cpu, last = time.process_time() - cpu, time.time()
        await client.close()
        await transport.aclose()
        if redis is not None:
            await redis.aclose()
    result = {"ok": ok, "failed": failed, "statuses": transport.statuses, "cpu": cpu}
    result |= {"first": first, "last": last}
    print(json.dumps(result), flush=True)


async def _sync(args: argparse.Namespace) -> None:
    from hoopai_calendars.workloads import read_desired
    from hoopai_calendars.workloads._checkpoint_store import (
        LocationLeases,
        RedisCheckpointStore,
        split_by_location,
    )

    redis = aioredis.Redis.from_url(args.redis)
    tokens: dict[str, str] = json.loads(args.tokens)
    groups = split_by_location(read_desired(args.desired))
    transport = AiohttpTransport()  # one pool for every location's client
    limiter = RateLimiter(backend=RedisLimiterBackend(redis))

    async def work(location: str) -> None:
        client = AsyncCalendarsClient(
            tokens[location],
            base_url=args.url,
            transport=transport,
            rate_limiter=limiter,
            rate_limit_key=location,
        )
        async with client:
            checkpoint = RedisCheckpointStore(redis, f"{args.job}:{location}", batch_size=5)
            report = await client.sync_appointments(groups[location], checkpoint=checkpoint)
        print(f"REPORT {location} {json.dumps(report.counts())}", flush=True)

    try:
        print("READY", flush=True)
        await LocationLeases(redis, args.job, ttl=args.ttl, poll=0.1).run(groups, work)
    finally:
        await transport.aclose()
        await redis.aclose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    tokens = sub.add_parser("tokens")
    tokens.add_argument("--token-url", required=True, help="may hold {pid}")
    tokens.add_argument("--redis", required=True)
    tokens.add_argument("--key", required=True)
    tokens.add_argument("--refresh-token", required=True)
    tokens.add_argument("--seconds", type=float, default=5.0)
    tokens.add_argument("--lock-timeout", type=float, default=2.0)
    poll = sub.add_parser("poll")
    poll.add_argument("--url", required=True)
    poll.add_argument("--redis", default="")
    poll.add_argument("--mode", choices=("redis", "memory"), required=True)
    poll.add_argument("--token", required=True)
    poll.add_argument("--key", required=True)
    poll.add_argument("--calendar", required=True)
    poll.add_argument("--seconds", type=float, default=10.0)
    poll.add_argument("--concurrency", type=int, default=4)
    poll.add_argument("--reserve", type=float, default=0.1, help="RateLimiter(reserve=)")
    poll.add_argument("--start-at", type=float, default=0.0, help="epoch seconds")
    sync = sub.add_parser("sync")
    sync.add_argument("--url", required=True)
    sync.add_argument("--redis", required=True)
    sync.add_argument("--job", required=True)
    sync.add_argument("--desired", required=True, help="a desired-state JSONL file")
    sync.add_argument("--tokens", required=True, help="JSON: location id -> token")
    sync.add_argument("--ttl", type=float, default=2.0, help="lease seconds")
    args = parser.parse_args(argv)
    runs = {"tokens": _tokens, "poll": _poll, "sync": _sync}
    asyncio.run(runs[args.command](args))


if __name__ == "__main__":
    sys.exit(main())
