"""Beyond one process: a shared budget, the Redis limiter's cost, and shared token rotation.

`python -m benchmarks.distributed [--quick]` prints a Markdown section (also run by
`python -m benchmarks`). It starts its own `redis-server` (127.0.0.1, a free port, no
persistence), a rate-limited emulator and worker processes (`distributed_worker`).

* budget: 8 processes poll free slots on one location; Redis limiter vs one in-memory
  limiter per process; server 429s and the share of the server's budget used. The
  quick mode scales the emulator's interval down (100 per 2 s instead of 100 per 10 s).
* overhead: one process at concurrency 64 against a canned in-process transport whose
  headers never bind: CPU and latency per call, no limiter vs in-memory vs Redis.
* tokens: 16 processes share one expiring OAuth token through Redis; some refreshers
  are killed (SIGKILL) mid-refresh; refreshes per rotation and broken chains.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .bodies import LOCATION_ID, SLOTS_CALENDAR, TOKEN
from .distributed_locations import run_locations
from .distributed_report import render
from .procs import server_process
from .token_server import TokenServer

__all__ = ["Settings", "main", "render", "run"]

ROOT = Path(__file__).resolve().parents[1]
_NO_DISK = ("--appendonly", "no", "--dir")


@dataclass(frozen=True)
class Settings:
    procs: int = 8
    limit: int = 100
    interval_ms: int = 10_000
    seconds: float = 60.0
    overhead_calls: int = 20_000
    token_procs: int = 16
    rotations: int = 100
    kills: int = 5
    locations: int = 1000


FULL = Settings()
QUICK = Settings(interval_ms=2_000, seconds=8.0, overhead_calls=4_000, rotations=30, kills=2)
# (mode, RateLimiter reserve): one in-memory limiter per process, then the shared one.
BUDGET_RUNS = (("memory", 0.1), ("redis", 0.1), ("redis", 0.03))
PARTS = ("budget", "overhead", "tokens", "locations")


@dataclass
class Results:
    settings: Settings
    budget: dict[str, dict[str, float]] = field(default_factory=dict)
    overhead: dict[str, dict[str, float]] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)
    locations: dict[str, dict[str, float]] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def redis_server() -> Iterator[tuple[str, int]]:
    """Start a private redis-server; yield (url, pid); stop it by its pid."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", *_NO_DISK, workdir],
            stdout=subprocess.DEVNULL,
        )
        try:
            for _ in range(500):
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn,
                ):
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
                time.sleep(0.02)
            yield f"redis://127.0.0.1:{port}/0", process.pid
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextlib.contextmanager
def limited_emulator(limit: int, interval_ms: int) -> Iterator[str]:
    process = subprocess.Popen(
        [*_worker_module("distributed_server"), "--port", "0", *_limits(limit, interval_ms)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        words = process.stdout.readline().split()
        if len(words) != 2 or words[0] != "PORT":
            raise RuntimeError("the rate-limited emulator did not start")
        yield f"http://127.0.0.1:{words[1]}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _flush(redis_url: str) -> None:
    import redis

    with redis.Redis.from_url(redis_url) as client:
        client.flushdb()


def _limits(limit: int, interval_ms: int) -> list[str]:
    return ["--limit", str(limit), "--interval-ms", str(interval_ms)]


def _worker_module(name: str) -> list[str]:
    return [sys.executable, "-m", f"benchmarks.{name}"]


def _worker(*args: str) -> list[str]:
    return [*_worker_module("distributed_worker"), *args]


async def _until(condition: Callable[[], bool]) -> None:
    """Poll what other processes make true."""
    while True:
        if condition():
            return
        await asyncio.sleep(0.005)


def run_budget(
    url: str, redis_url: str, mode: str, s: Settings, reserve: float = 0.1
) -> dict[str, float]:
    """Run `s.procs` pollers for `s.seconds`, all starting together; sum what they saw."""
    start_at = time.time() + 2.0 + 0.4 * s.procs  # imports on a small machine take a while
    command = ["poll", "--url", url, "--redis", redis_url, "--mode", mode, "--token", TOKEN]
    command += ["--key", LOCATION_ID, "--calendar", SLOTS_CALENDAR, "--seconds", str(s.seconds)]
    command += ["--start-at", str(start_at), "--reserve", str(reserve)]
    procs = [
        subprocess.Popen(_worker(*command), stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(s.procs)
    ]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    ok = sum(o["ok"] for o in outs)
    rejected = sum(int(o["statuses"].get("429", 0)) for o in outs)
    # What the server allows over the span at its sustained rate (limit per interval).
    span = max(o["last"] for o in outs) - min(o["first"] for o in outs)
    allowed = s.limit * span * 1000 / s.interval_ms
    return {
        "ok": ok,
        "429": rejected,
        "failed": sum(o["failed"] for o in outs),
        "allowed": allowed,
        "span": span,
        "used": ok / allowed,
    }


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _overhead(redis_url: str, redis_pid: int, calls: int) -> dict[str, dict[str, float]]:
    import redis.asyncio as aioredis

    from hoopai_calendars import AsyncCalendarsClient, RateLimiter
    from hoopai_calendars._ratelimit_redis import RedisLimiterBackend
    from hoopai_calendars._transport import Request, Response

    from .bodies import slots_body

    headers = {
        "Content-Type": "application/json",
        "X-RateLimit-Max": "1000000",
        "X-RateLimit-Remaining": "999999",
        "X-RateLimit-Interval-Milliseconds": "10000",
        "X-RateLimit-Daily-Remaining": "100000000",
    }
    body = slots_body()

    class Canned:
        async def send(self, request: Request) -> Response:
            await asyncio.sleep(0)
            return Response(200, headers, body)

        async def aclose(self) -> None:
            return None

    redis = aioredis.Redis.from_url(redis_url)
    results: dict[str, dict[str, float]] = {}
    try:
        for mode in ("none", "memory", "redis"):
            backend = RedisLimiterBackend(redis) if mode == "redis" else None
            limiter = RateLimiter(backend=backend, capacity=1_000_000, max_in_flight=64)
            client = AsyncCalendarsClient(
                TOKEN,
                base_url="http://127.0.0.1:9",
                transport=Canned(),
                rate_limiter=limiter,
                rate_limit=mode != "none",
            )
            left = calls

            async def loop(client: AsyncCalendarsClient = client) -> None:
                nonlocal left
                while left > 0:
                    left -= 1
                    await client.calendars.free_slots(SLOTS_CALENDAR, start_date=0, end_date=1)

            cpu, redis_cpu, wall = time.process_time(), _cpu_of(redis_pid), time.perf_counter()
            await asyncio.gather(*(loop() for _ in range(64)))
            wall = time.perf_counter() - wall
            results[mode] = {
                "cpu_us": (time.process_time() - cpu) / calls * 1e6,
                "redis_cpu_us": (_cpu_of(redis_pid) - redis_cpu) / calls * 1e6,
                "latency_ms": wall * 64 / calls * 1000,
                "calls_s": calls / wall,
            }
            await client.close()
    finally:
        await redis.aclose()
    return results


async def _tokens(redis_url: str, s: Settings) -> dict[str, float]:
    key, lock_timeout = "bench-location", 1.0
    async with TokenServer(expires_in=0.25) as server:
        first = server.seed(key)
        rotated: list[str] = []
        workers: dict[int, asyncio.subprocess.Process] = {}
        readers: list[asyncio.Task[None]] = []

        async def read(process: asyncio.subprocess.Process) -> None:
            assert process.stdout is not None
            async for line in process.stdout:
                if line.startswith(b"ROTATED"):
                    rotated.append(line.decode().split()[1])

        async def spawn() -> None:
            process = await asyncio.create_subprocess_exec(
                *_worker("tokens", "--token-url", server.worker_token_url("{pid}")),
                *("--redis", redis_url, "--key", key, "--refresh-token", first),
                *("--seconds", "3600", "--lock-timeout", str(lock_timeout)),
                stdout=asyncio.subprocess.PIPE,
                cwd=ROOT,
            )
            assert process.stdout is not None
            await process.stdout.readline()  # READY
            workers[process.pid] = process
            readers.append(asyncio.create_task(read(process)))

        await asyncio.gather(*(spawn() for _ in range(s.token_procs)))
        began = time.perf_counter()
        recoveries: list[float] = []
        every = s.rotations // (s.kills + 1)
        for kill in range(1, s.kills + 1):
            await _until(lambda kill=kill: server.rotations(key) >= kill * every)
            stalled = len(server.stats.stalled)
            server.stall(1)
            await _until(lambda stalled=stalled: len(server.stats.stalled) > stalled)
            victim = int(server.stats.stalled[-1])
            os.kill(victim, signal.SIGKILL)
            killed_at, before = time.perf_counter(), server.rotations(key)
            await workers.pop(victim).wait()
            await spawn()  # keep the count of processes up
            await _until(lambda before=before: server.rotations(key) > before)
            recoveries.append(time.perf_counter() - killed_at)
        await _until(lambda: server.rotations(key) >= s.rotations)
        elapsed = time.perf_counter() - began
        # Stop rotating (further refreshes hang, spending nothing), then let the last
        # rotation's on_refresh line reach us before the workers go.
        server.stall(10**9)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_until(lambda: len(rotated) >= server.rotations(key)), 5)
        for process in workers.values():
            process.terminate()
        for process in workers.values():
            await process.wait()
        await asyncio.gather(*readers)
        return {
            "rotations": server.rotations(key),
            "on_refresh": len(rotated),
            "distinct": len(set(rotated)),
            # POSTs that were answered (a stalled one spends nothing and gets no answer).
            "posts": server.stats.posts - len(server.stats.stalled),
            "stalled": s.kills,
            "broken": server.stats.broken,
            "recovery_max_s": max(recoveries, default=0.0),
            "lock_timeout_s": lock_timeout,
            "seconds": elapsed,
        }


def run(
    settings: Settings,
    parts: tuple[str, ...] = PARTS,
    budget_runs: tuple[tuple[str, float], ...] = BUDGET_RUNS,
) -> Results:
    """Run the chosen parts against one private redis-server."""
    results = Results(settings)
    with redis_server() as (redis_url, redis_pid):
        for mode, reserve in budget_runs if "budget" in parts else ():
            _flush(redis_url)  # each run starts like a fresh deployment
            with limited_emulator(settings.limit, settings.interval_ms) as url:
                budget = run_budget(url, redis_url, mode, settings, reserve)
                results.budget[f"{mode} {reserve:g}"] = budget
        if "overhead" in parts:
            calls = settings.overhead_calls
            results.overhead = asyncio.run(_overhead(redis_url, redis_pid, calls))
        if "tokens" in parts:
            results.tokens = asyncio.run(_tokens(redis_url, settings))
        if "locations" in parts:
            with server_process("benchmarks.server") as url:
                results.locations = asyncio.run(run_locations(url, redis_url, settings.locations))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.distributed", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="scaled-down runs (about a minute)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part")
    parser.add_argument(
        "--budget-run", action="append", metavar="MODE:RESERVE", help="e.g. redis:0.03"
    )
    args = parser.parse_args(argv)
    runs = BUDGET_RUNS
    if args.budget_run:
        runs = tuple((m, float(r)) for m, r in (x.split(":") for x in args.budget_run))
    started = time.perf_counter()
    print(render(run(QUICK if args.quick else FULL, tuple(args.only or PARTS), runs)))
    print(f"took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
