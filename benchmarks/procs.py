"""Start a benchmark server in its own process and stop it again (a context manager)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator

__all__ = ["server_process"]

_START_TIMEOUT_S = 30.0


@contextlib.contextmanager
def server_process(module: str) -> Iterator[str]:
    """Run `python -m <module> --port 0`; yield its base URL once it says `PORT <n>`."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line: list[str] = []
        # readline() has no timeout; a reader thread bounds the wait for a server that hangs.
        reader = threading.Thread(
            target=lambda: line.append(process.stdout.readline() if process.stdout else "")
        )
        reader.start()
        reader.join(_START_TIMEOUT_S)
        words = line[0].split() if line else []
        if len(words) != 2 or words[0] != "PORT":
            raise RuntimeError(f"{module} did not start (said {line[0] if line else 'nothing'!r})")
        yield f"http://127.0.0.1:{int(words[1])}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
