"""CPU per SDK call through the real call path, against an in-memory transport.

`python -m benchmarks.call_overhead VARIANT CALLS [URL]` prints the best seconds of CPU per
call over 5 batches. With URL (a running `benchmarks.server`), each call is a real 31-day
free-slots request over loopback through the default aiohttp transport. Variants: `plain`
(no hook, logging off), `hooks` (a no-op hook on every event), `debug` (DEBUG lines to a
handler that drops them), `tracing` (spans to the API's no-op tracer; needs
opentelemetry-api). Run in its own interpreter so the package it measures can be another
tree's (PYTHONPATH): that is how a previous commit is compared.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import Any

from hoopai_calendars import AsyncCalendarsClient, Request, Response

# Run as a script: the window and ids are those of benchmarks.server's free-slots body.
SLOTS_CALENDAR = "BqTwX8QFwXzpegMve9EQ"
SLOTS_WINDOW = (1740960000000, 1743638399999)

BODY = b'{"calendar":{"id":"cal1","name":"Consults","locationId":"loc1"},"traceId":"t-1"}'
HEADERS = {"content-type": "application/json", "x-ratelimit-remaining": "90"}


class MemoryTransport:
    """Answer every request at once with the same small 200 body."""

    async def send(self, request: Request) -> Response:
        return Response(200, HEADERS, BODY)

    async def aclose(self) -> None:
        return None


def _settings(variant: str) -> dict[str, Any]:
    if variant == "hooks":

        def noop(event: object) -> None:
            return None

        return {
            "on_request": noop,
            "on_response": noop,
            "on_retry": noop,
            "on_rate_limit_wait": noop,
        }
    if variant == "debug":
        logger = logging.getLogger("hoopai_calendars")
        logger.setLevel(logging.DEBUG)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    if variant == "tracing":
        return {"tracing": True}  # the global provider: the API's no-op one
    return {}


async def _measure(variant: str, calls: int, url: str | None) -> float:
    # No limiter: it would pace the loop at the API's 10 requests a second.
    settings: dict[str, Any] = {"rate_limit": False, **_settings(variant)}
    if url is None:
        client = AsyncCalendarsClient("bench-token", transport=MemoryTransport(), **settings)
    else:
        client = AsyncCalendarsClient("bench-token", base_url=url, **settings)

    async def one() -> object:
        if url is None:
            return await client.calendars.get("cal1")
        start, end = SLOTS_WINDOW
        return await client.calendars.free_slots(SLOTS_CALENDAR, start_date=start, end_date=end)

    best = float("inf")
    async with client:
        for _ in range(calls // 10):  # warm the decoder caches and the pool
            await one()
        for _ in range(5):
            started = time.process_time()
            for _ in range(calls):
                await one()
            best = min(best, (time.process_time() - started) / calls)
    return best


def main(argv: list[str]) -> int:
    variant, calls = argv[0], int(argv[1])
    url = argv[2] if len(argv) > 2 else None
    print(asyncio.run(_measure(variant, calls, url)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
