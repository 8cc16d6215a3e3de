"""Timing loops: N concurrent asyncio tasks, or N threads, calling one client for a while.

Each loop runs until its time is up (and at least `min_calls` calls were made), lets the
calls in flight finish, and reports calls, wall time and this process's CPU time
(`time.process_time`, all threads: the facade's event-loop thread included). The servers
run in other processes, so their CPU is not counted.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from statistics import median

__all__ = ["Sample", "run_async", "run_threads"]


@dataclass(frozen=True)
class Sample:
    """One timed run of one client."""

    calls: int
    wall: float
    cpu: float
    latencies: tuple[float, ...] = field(default=(), repr=False)

    @property
    def rate(self) -> float:
        """Calls per second."""
        return self.calls / self.wall

    @property
    def cpu_per_1k(self) -> float:
        """Client CPU seconds per 1,000 calls."""
        return self.cpu / self.calls * 1000

    @property
    def latency_ms(self) -> float:
        """Median per-call latency in ms (recorded at concurrency 1 only)."""
        return median(self.latencies) * 1000 if self.latencies else float("nan")


async def run_async(
    call: Callable[[], Awaitable[object]], concurrency: int, duration: float, min_calls: int = 1
) -> Sample:
    """Run `concurrency` tasks calling `call` back to back for `duration` seconds."""
    gc.collect()
    calls = started = 0
    latencies: list[float] = []
    timed = concurrency == 1
    deadline = 0.0

    async def worker() -> None:
        nonlocal calls, started
        clock = time.perf_counter
        # Counting calls started (not finished) keeps a slow client at high concurrency from
        # running a second full wave just to reach `min_calls`.
        while clock() < deadline or started < min_calls:
            started += 1
            began = clock()
            await call()
            if timed:
                latencies.append(clock() - began)
            calls += 1

    cpu0, wall0 = time.process_time(), time.perf_counter()
    deadline = wall0 + duration
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Sample(calls, wall, cpu, tuple(latencies))


def run_threads(
    pool: ThreadPoolExecutor,
    call: Callable[[], object],
    threads: int,
    duration: float,
    min_calls: int = 1,
) -> Sample:
    """Run `threads` pool threads calling `call` back to back for `duration` seconds.

    The pool is kept for the whole run so per-thread state (a requests.Session) survives
    from one measurement to the next, as it would in a long-lived program.
    """
    gc.collect()
    start = threading.Barrier(threads + 1)
    counts = [0] * threads
    latencies: list[float] = []
    timed = threads == 1
    deadline = [0.0]

    def worker(index: int) -> None:
        clock = time.perf_counter
        start.wait()
        while clock() < deadline[0] or counts[index] * threads < min_calls:
            began = clock()
            call()
            if timed:
                latencies.append(clock() - began)
            counts[index] += 1

    futures = [pool.submit(worker, i) for i in range(threads)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    deadline[0] = wall0 + duration
    start.wait()
    for future in futures:
        future.result()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Sample(sum(counts), wall, cpu, tuple(latencies))
