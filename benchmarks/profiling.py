"""Profile our async client (or the facade) against the plain server: where does its time go?

    python -m benchmarks.profiling [--target slots|events] [--concurrency 64]
                                   [--facade] [--threads 1] [--seconds 5] [--top 30]

Prints cProfile's top functions by own time, then our own functions (hoopai_calendars)
with their share of the profiled run's total, inclusive and exclusive.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
from concurrent.futures import ThreadPoolExecutor

from .clients_async import RAW_MSGSPEC, Ours, RawAiohttp
from .clients_sync import Facade
from .procs import server_process
from .runner import Sample, run_async, run_threads
from .targets import Target, events, free_slots


def _profile_async(
    url: str, target: Target, concurrency: int, seconds: float, raw: bool
) -> tuple[cProfile.Profile, Sample]:
    client = RawAiohttp(RAW_MSGSPEC) if raw else Ours(rate_limit=False)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.start(url))
        call = lambda: client.call(target)  # noqa: E731
        loop.run_until_complete(run_async(call, concurrency, 0.5, 2 * concurrency))
        profiler = cProfile.Profile()
        profiler.enable()
        sample = loop.run_until_complete(run_async(call, concurrency, seconds, 2 * concurrency))
        profiler.disable()
        loop.run_until_complete(client.close())
    finally:
        loop.close()
    return profiler, sample


def _profile_facade(
    url: str, target: Target, threads: int, seconds: float
) -> tuple[cProfile.Profile, Sample]:
    # cProfile sees one thread only; the facade's work happens on its event-loop thread, so
    # that thread is profiled through a task run on the portal, alongside the blocked callers.
    client = Facade(rate_limit=False)
    client.start(url)
    pool = ThreadPoolExecutor(max_workers=threads)
    try:
        run_threads(pool, lambda: client.call(target), threads, 0.5, 2 * threads)
        portal = client._client._get_portal()  # type: ignore[union-attr]
        profiler = cProfile.Profile()
        portal.call(profiler.enable)
        sample = run_threads(pool, lambda: client.call(target), threads, seconds, 2 * threads)
        portal.call(profiler.disable)
    finally:
        pool.shutdown()
        client.close()
    return profiler, sample


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", choices=("slots", "events"), default="slots")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--facade", action="store_true", help="profile the blocking facade's loop thread"
    )
    parser.add_argument("--raw", action="store_true", help="profile raw aiohttp + msgspec instead")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    target = free_slots() if args.target == "slots" else events(1000)
    with server_process("benchmarks.server") as url:
        if args.facade:
            profiler, sample = _profile_facade(url, target, args.threads, args.seconds)
        else:
            profiler, sample = _profile_async(url, target, args.concurrency, args.seconds, args.raw)
    print(f"{sample.calls} calls, {sample.rate:,.0f}/s under the profiler\n")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "hoopai_calendars" in path:
            short = path[path.index("hoopai_calendars") :]
            rows.append((ct, tt, nc, f"{short}:{line}:{func}"))
    print(f"our functions, share of {total:.2f} s profiled (inclusive / own):")
    for ct, tt, nc, where in sorted(rows, reverse=True)[: args.top]:
        print(f"  {100 * ct / total:5.1f}%  {100 * tt / total:5.1f}%  {nc:8d}  {where}")


if __name__ == "__main__":
    main()
