"""Many locations in one process: a client per location on one pool and one shared limiter.

Against the plain benchmark server (which sends a 100 per 10 s budget on every answer),
`locations` x `calendars` free-slot calls at concurrency 64, every location its own
budget (`rate_limit_key=`), compared with one client and `rate_limit=False` making as
many calls, in 5 rounds (medians). Each location's five calls fit its budget, so nothing
waits: the difference is the limiter's own cost (and that of a client per location).
"""

from __future__ import annotations

import asyncio
import statistics
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
    url: str, redis_url: str, locations: int = 1000, calendars: int = 5, rounds: int = 5
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
        runs[f"{locations:,} clients, rate_limit=False"] = [
            AsyncCalendarsClient(
                f"{TOKEN}-{i}", base_url=url, transport=transport, rate_limit=False
            )
            for i in range(locations)
        ]
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
        names = list(runs)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for round_ in range(rounds):
            # The order rotates each round; every ratio divides two runs of one round.
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                cpu, wall, count = await _calls(runs[name], calendars, 64)
                samples[name].append((count / wall, cpu / count * 1e6))
        base = samples[names[0]]
        for name in names:
            got = samples[name]
            results[name] = {
                "calls_s": statistics.median(x[0] for x in got),
                "cpu_us": statistics.median(x[1] for x in got),
                "ratio": statistics.median(x[1] / b[1] for x, b in zip(got, base, strict=True)),
            }
    finally:
        await transport.aclose()
        await redis.aclose()
    return results
