"""Run a command's async work so that SIGINT and SIGTERM become a clean cancellation.

While the work runs, both signals cancel it (its `finally` blocks and `except` clauses
for cancellation run: files are closed, partial output is set aside, the lock released),
then `Interrupted(signum)` is raised for the exit map. Outside the event loop, SIGTERM
raises `Interrupted` like Ctrl-C raises KeyboardInterrupt.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio
from anyio.abc import TaskStatus

from ._errors import Interrupted, leaves

__all__ = ["run", "sigterm_interrupts"]

T = TypeVar("T")
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _can_watch() -> bool:
    return sys.platform != "win32" and threading.current_thread() is threading.main_thread()


def _raise_interrupted(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Make SIGTERM raise Interrupted (as SIGINT raises KeyboardInterrupt) within the block."""
    if not _can_watch():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work()` on a fresh asyncio loop; a signal cancels it and raises Interrupted."""
    caught: list[int] = []

    async def watch(scope: anyio.CancelScope, *, task_status: TaskStatus[None]) -> None:
        with anyio.open_signal_receiver(*_SIGNALS) as signals:
            task_status.started()
            async for signum in signals:
                caught.append(signum)
                scope.cancel()
                return

    async def main() -> T:
        result: list[T] = []
        async with anyio.create_task_group() as group:
            if _can_watch():
                await group.start(watch, group.cancel_scope)
            result.append(await work())
            group.cancel_scope.cancel()  # stop watching
        if caught or not result:
            raise Interrupted(caught[0] if caught else signal.SIGINT)
        return result[0]

    # The loop's signal handlers reset SIGTERM to its default when they are removed: put
    # back what was there (sigterm_interrupts' handler) for the work after the loop.
    previous = signal.getsignal(signal.SIGTERM) if _can_watch() else None
    try:
        return anyio.run(main, backend="asyncio")
    except BaseException as exc:
        found = list(leaves(exc))
        if len(found) == 1 and found[0] is not exc:
            # One failure inside the task group's ExceptionGroup: raise it as itself.
            raise found[0] from None
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
