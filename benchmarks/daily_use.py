"""`python -m benchmarks.daily_use`: the costs of the everyday conveniences (issue 14).

- cold import: `import hoopai_calendars` in fresh interpreters (median of 5, and of the
  dependencies it cannot avoid: asyncio, anyio, msgspec, ssl, logging);
- hooks and logging when unused: CPU per call through the real call path with an in-memory
  transport (benchmarks/call_overhead.py), with no hook, with a no-op hook on every event,
  with DEBUG logging on and with tracing on; `--before DIR` also measures the plain call of
  another tree's package (e.g. `git archive REV hoopai_calendars | tar -x -C DIR`);
- tolerant decoding: the 1,000-event body decoded by the strict and the lax decoder in the
  same run (the client uses the lax one).

Runs in well under two minutes; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from hoopai_calendars import ENDPOINTS
from hoopai_calendars._sansio import decode_success

from .bodies import events_body

_IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
_FLOOR = "asyncio, anyio, anyio.from_thread, msgspec, ssl, logging"


def cold_import(module: str = "hoopai_calendars", runs: int = 5, tree: Path | None = None) -> float:
    """Return the median seconds of `import module` over `runs` fresh interpreters."""
    times = []
    root = tree or Path(__file__).resolve().parent.parent
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _IMPORT.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        times.append(float(done.stdout))
    return statistics.median(times)


def _best_per_call(func: Callable[[], Any], seconds: float) -> float:
    """Return the best of 5 timed batches of `func`, in seconds per call."""
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds / 10:
        func()
        calls += 1
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(calls):
            func()
        best = min(best, (time.perf_counter() - t) / calls)
    return best


def decode_lax_vs_strict(rounds: int = 5, seconds: float = 2.0) -> tuple[float, float]:
    """Seconds per decode of the 1,000-event listing: strict decoder, then the client's (lax)."""
    row = next(r for r in ENDPOINTS if r.name == "events.list")
    body = events_body(1000)
    fields = [(k, row.returns | None, None) for k in row.envelope]
    envelope = msgspec.defstruct("Strict", fields, gc=False)
    strict = msgspec.json.Decoder(envelope)  # what the client used before: strict=True
    strict_times, lax_times = [], []
    for _ in range(rounds):  # interleaved, so drift on a shared machine hits both alike
        strict_times.append(_best_per_call(lambda: strict.decode(body).events, seconds / rounds))
        lax_times.append(_best_per_call(lambda: decode_success(row, body), seconds / rounds))
    return statistics.median(strict_times), statistics.median(lax_times)


_OVERHEAD = Path(__file__).with_name("call_overhead.py")
_ROOT = _OVERHEAD.parent.parent


def call_cpu(variant: str, tree: Path = _ROOT, calls: int = 5000, url: str | None = None) -> float:
    """Seconds of CPU per call for `variant`, with the package of `tree`, in a fresh process."""
    done = subprocess.run(
        [sys.executable, str(_OVERHEAD), variant, str(calls), *([url] if url else [])],
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )
    return float(done.stdout)


def overheads(before: Path | None, rounds: int = 5) -> dict[str, float]:
    """Median CPU per call per variant, the variants interleaved round by round."""
    runs: dict[str, list[float]] = {}
    variants = [("plain", _ROOT), ("hooks", _ROOT), ("debug", _ROOT), ("tracing", _ROOT)]
    if before is not None:
        variants.insert(0, ("before", before))
    for _ in range(rounds):
        for name, tree in variants:
            runs.setdefault(name, []).append(call_cpu("plain" if name == "before" else name, tree))
    return {name: statistics.median(values) for name, values in runs.items()}


def loopback(before: Path, rounds: int = 5) -> tuple[float, float]:
    """Median CPU per real free-slots call over loopback: `before`'s package, then ours."""
    from .procs import server_process

    runs: tuple[list[float], list[float]] = ([], [])
    with server_process("benchmarks.server") as url:
        for _ in range(rounds):
            runs[0].append(call_cpu("plain", before, 300, url))
            runs[1].append(call_cpu("plain", _ROOT, 300, url))
    return statistics.median(runs[0]), statistics.median(runs[1])


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.daily_use")
    parser.add_argument("--before", type=Path, help="a tree holding the package to compare with")
    args = parser.parse_args()
    cpu = overheads(args.before)
    plain = cpu["plain"]
    strict, lax = decode_lax_vs_strict()
    rows = []
    if args.before is not None:
        old, new = loopback(args.before)
        rows += [
            ("cold import, before (median of 5)", f"{cold_import(tree=args.before) * 1000:.0f} ms"),
            ("CPU per loopback free-slots call, before", f"{old * 1e6:.0f} us"),
            ("CPU per loopback free-slots call, now", f"{new * 1e6:.0f} us ({new / old:.3f}x)"),
        ]
    rows += [
        *(
            (f"CPU per call, {name}", f"{value * 1e6:.2f} us ({value / plain:.3f}x plain)")
            for name, value in cpu.items()
        ),
        ("decode 1,000 events, strict (before)", f"{strict * 1e3:.2f} ms"),
        ("decode 1,000 events, lax (now)", f"{lax * 1e3:.2f} ms ({lax / strict:.3f}x)"),
        ("cold import, hoopai_calendars (median of 5)", f"{cold_import() * 1000:.0f} ms"),
        (f"cold import, its floor ({_FLOOR})", f"{cold_import(_FLOOR) * 1000:.0f} ms"),
    ]
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
