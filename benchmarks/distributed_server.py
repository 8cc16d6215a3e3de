"""The bench emulator with a binding rate limit, for the multi-process budget benchmark.

Run as `python -m benchmarks.distributed_server --port 0 --limit 100 --interval-ms 10000`;
prints `PORT <n>` once it listens. The daily quota stays out of the way.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .emulator_server import build_emulator


async def serve(host: str, port: int, limit: int, interval_ms: int) -> None:
    """Listen with `limit` requests per `interval_ms` per location; serve until cancelled."""
    async with build_emulator(host, port) as emulator:
        emulator.set_rate_limit(limit, interval_ms)
        print(f"PORT {emulator.url.rsplit(':', 1)[1]}", flush=True)
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--interval-ms", type=int, default=10_000)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.limit, args.interval_ms))


if __name__ == "__main__":
    main()
