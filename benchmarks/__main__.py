"""`python -m benchmarks [--quick]`: measure, then write the Markdown report.

The full run writes benchmarks/README.md (below its marker); --quick writes
benchmarks/results/quick.md unless --output says otherwise, so a smoke run never
replaces the published figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .clients_async import async_clients
from .clients_sync import sync_clients
from .decode import DecodeResult, run_decode
from .http_suite import SuiteResult, run_suite
from .memory import MemoryResult, run_memory
from .plan import FULL, QUICK, Settings, emulator_scenarios, plain_scenarios
from .procs import server_process
from .report import render, write_report
from .targets_check import judge

HERE = Path(__file__).resolve().parent
_PACKAGES = (
    "hoopai-calendars",
    "aiohttp",
    "msgspec",
    "httpx",
    "requests",
    "pydantic",
    "gohighlevel-api-client",
)


def _environment(settings: Settings, elapsed: float) -> dict[str, str]:
    versions = []
    for name in _PACKAGES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {
        "Run": (
            f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {settings.name} mode: "
            f"{settings.rounds} rounds, {settings.duration:g} s per client per scenario "
            f"and round; took {elapsed / 60:.1f} min"
        ),
        "Machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, loopback only",
        "Packages": ", ".join(versions),
    }


@contextlib.contextmanager
def _phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"-- {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def _save_raw(path: Path, **parts: object) -> None:
    # The samples behind every figure, for anyone re-analysing a run (not committed).
    def plain(value: object) -> object:
        if isinstance(value, SuiteResult):
            return {
                f"{s} | {c}": [asdict(x) for x in runs] for (s, c), runs in value.samples.items()
            }
        if isinstance(value, (DecodeResult, MemoryResult)):
            data = asdict(value)
            if isinstance(value, DecodeResult):
                data["seconds"] = {f"{b} | {d}": v for (b, d), v in value.seconds.items()}
            return data
        return value

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({k: plain(v) for k, v in parts.items()}, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="short runs (about a minute)")
    parser.add_argument("--rounds", type=int, help="rounds per figure (at least 3)")
    parser.add_argument("--duration", type=float, help="seconds per client per scenario and round")
    parser.add_argument("--output", type=Path, help="where to write the report")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("plain", "emulator", "decode", "memory", "webhooks", "distributed"),
        help="leave a part out (repeatable)",
    )
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    if args.rounds is not None:
        if args.rounds < 3:
            parser.error("--rounds must be at least 3: every figure is a median of rounds")
        settings = replace(settings, rounds=args.rounds)
    if args.duration is not None:
        settings = replace(settings, duration=args.duration)
    output = args.output or (HERE / "results" / "quick.md" if args.quick else HERE / "README.md")

    started = time.perf_counter()
    plain = emulator = None
    decode = memory = None
    if "plain" not in args.skip:
        with _phase("plain server"), server_process("benchmarks.server") as url:
            plain = run_suite(
                url,
                plain_scenarios(),
                async_clients(emulator=False),
                sync_clients(emulator=False),
                rounds=settings.rounds,
                duration=settings.duration,
                name="plain",
            )
    if "emulator" not in args.skip:
        with _phase("emulator"), server_process("benchmarks.emulator_server") as url:
            emulator = run_suite(
                url,
                emulator_scenarios(),
                async_clients(emulator=True),
                sync_clients(emulator=True),
                rounds=settings.rounds,
                duration=settings.duration,
                name="emulator",
            )
    if "decode" not in args.skip:
        with _phase("decode"):
            decode = run_decode(rounds=settings.rounds, seconds=settings.decode_seconds)
    if "memory" not in args.skip:
        with _phase("memory"):
            memory = run_memory(rounds=3, events=settings.memory_events)
    webhooks = None
    if "webhooks" not in args.skip:
        from .webhooks import run_webhooks, webhook_verdicts

        with _phase("webhooks"):
            webhooks = run_webhooks(rounds=settings.rounds)
    distributed = None
    if "distributed" not in args.skip:
        from . import distributed as _distributed

        with _phase("distributed"):
            settings_d = _distributed.QUICK if args.quick else _distributed.FULL
            distributed = _distributed.render(_distributed.run(settings_d))
    elapsed = time.perf_counter() - started

    verdicts = judge(plain, decode, memory)
    if webhooks is not None:
        verdicts += webhook_verdicts(webhooks)
    generated = render(
        env=_environment(settings, elapsed),
        verdicts=verdicts,
        plain=plain,
        emulator=emulator,
        decode=decode,
        memory=memory,
    )
    if distributed is not None:
        generated = f"{generated.rstrip()}\n\n{distributed}"
    write_report(output, generated)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    _save_raw(
        HERE / "results" / f"{settings.name}-{stamp}.json",
        plain=plain,
        emulator=emulator,
        decode=decode,
        memory=memory,
    )
    print(generated)
    print(f"wrote {output} in {elapsed / 60:.1f} min", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
