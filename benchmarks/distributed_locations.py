"""Many locations in one process: a client per location on one pool and one shared limiter.

Against the plain benchmark server (which sends a 100 per 10 s budget on every answer),
`locations` x `calendars` free-slot calls at concurrency 64, every location its own
budget (`rate_limit_key=`), compared with one client and `rate_limit=False` making as
many calls. Each location's five calls fit its budget, so nothing waits: the difference
is the limiter's own cost (and that of a client per location).
"""

from __future__ import annotations

import asyncio
import time

from .bodies import SLOTS_CALENDAR, TOKEN

__all__ = ["run_locations"]


async def _calls(clients: list[object], calendars: int, width: int) -> tuple[float, float, int]:
    from hoopai_calendars import AsyncCalendarsClient

    jobs = [
        (client, f"{SLOTS_CALENDAR}{n}")
        for client in clients
        for n in range(calendars)
        if isinstance(client, AsyncCalendarsClient)
    ]
    queue = iter(jobs)

    async def loop() -> None:
        for client, calendar in queue:
            await client.calendars.free_slots(calendar, start_date=0, end_date=1)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(width)))
    return time.process_time() - cpu, time.perf_counter() - wall, len(jobs)


async def run_locations(
    url: str, redis_url: str, locations: int = 1000, calendars: int = 5
) -> dict[str, dict[str, float]]:
    """Return calls/s and CPU per call for: one unlimited client, shared in-memory, shared Redis."""
    import redis.asyncio as aioredis

    from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient, RateLimiter
    from hoopai_calendars._ratelimit_redis import RedisLimiterBackend

    transport = AiohttpTransport()
    redis = aioredis.Redis.from_url(redis_url)
    results: dict[str, dict[str, float]] = {}
    try:
        single = AsyncCalendarsClient(TOKEN, base_url=url, transport=transport, rate_limit=False)
        await _calls([single], 1, 8)  # warm the pool
        runs: dict[str, list[object]] = {"one client, rate_limit=False": [single] * locations}
        for name, backend in (("in-memory", None), ("Redis", RedisLimiterBackend(redis))):
            limiter = RateLimiter(backend=backend)
            runs[f"{locations:,} clients, shared {name} limiter"] = [
                AsyncCalendarsClient(
                    f"{TOKEN}-{i}",
                    base_url=url,
                    transport=transport,
                    rate_limiter=limiter,
                    rate_limit_key=f"loc-{i}",
                )
                for i in range(locations)
            ]
        for name, clients in runs.items():
            cpu, wall, count = await _calls(clients, calendars, 64)
            results[name] = {"calls_s": count / wall, "cpu_us": cpu / count * 1e6}
    finally:
        await transport.aclose()
        await redis.aclose()
    return results
