"""Progress on stderr for long work: counts, rate, ETA, and rate-limit waits as they happen.

Drawn with `rich` (the `cli` extra) when stderr is a terminal; a plain one-line fallback
is used when rich is not installed; nothing at all when stderr is not a terminal. Pass
`Display.sleep` to the client so every wait it makes (rate limiter, retry backoff) shows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, Protocol, TextIO

import anyio

from ..workloads import Progress

__all__ = ["Display", "open_display"]


class _Backend(Protocol):
    def show(self, phase: str, done: int, total: int | None, info: str, wait: str) -> None: ...
    def refresh(self) -> None: ...
    def close(self) -> None: ...


class Display:
    """One progress display for a command: phases with done/total, counts and waits."""

    def __init__(self, backend: _Backend | None, clock: Callable[[], float] = time.monotonic):
        self._backend = backend
        self._clock = clock
        self._waiting_until = 0.0
        self._phase, self._done, self._info = "", 0, ""
        self._total: int | None = None
        self.waits = 0
        self.waited = 0.0

    @property
    def enabled(self) -> bool:
        return self._backend is not None

    def wait_left(self) -> float:
        """Seconds left in the current rate-limit or backoff wait (0 when none)."""
        return max(0.0, self._waiting_until - self._clock())

    def _redraw(self) -> None:
        if self._backend is not None and self._phase:
            left = self.wait_left()
            wait = f"rate limit: wait {left:.1f} s" if left > 0.05 else ""
            self._backend.show(self._phase, self._done, self._total, self._info, wait)

    def update(
        self, phase: str, done: int, total: int | None = None, counts: dict[str, int] | None = None
    ) -> None:
        """Show `done` of `total` units of `phase`, with running counts."""
        self._phase, self._done, self._total = phase, done, total
        shown = {k: v for k, v in (counts or {}).items() if v and k not in ("total", "done")}
        self._info = " ".join(f"{k}={v}" for k, v in shown.items())
        self._redraw()

    def __call__(self, progress: Progress) -> None:
        """Take a workload's progress report (the workloads' `progress=` callback)."""
        self.update(progress.phase, progress.done, progress.total, dict(progress.counts))

    async def sleep(self, seconds: float) -> None:
        """Wait like anyio.sleep, showing the wait while it lasts (the client's `sleep=`)."""
        if seconds > 0.05:
            self.waits += 1
            self.waited += seconds
            self._waiting_until = max(self._waiting_until, self._clock() + seconds)
            self._redraw()
            if self._backend is not None:
                self._backend.refresh()  # show the wait now, not at the next tick
        await anyio.sleep(seconds)

    def close(self) -> None:
        """Leave the last state on screen and end the line."""
        if self._backend is not None:
            self._redraw()
            self._backend.close()
            self._backend = None

    def __enter__(self) -> Display:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _Rich:
    """rich.progress with a task per phase; it redraws on its own, so waits count down."""

    def __init__(self, stream: TextIO, display: Callable[[], Display]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            # Averaged over the whole phase, so rate-limit pauses count (rich's own speed
            # column only samples the bursts between them).
            def render(self, task: Any) -> Text:
                elapsed = task.elapsed or 0.0
                if not task.completed or elapsed <= 0:
                    return Text("")
                rate = task.completed / elapsed
                text = f"{rate:.1f}/s"
                if task.total and task.completed < task.total:
                    text += f" ETA {_clock((task.total - task.completed) / rate)}"
                return Text(text, style="progress.data.speed")

        class Wait(ProgressColumn):
            max_refresh = 0.1

            def render(self, task: Any) -> Text:
                # Computed at each redraw (rich's thread), so a wait counts down live.
                left = display().wait_left()
                text = f"rate limit: wait {left:.1f} s" if left > 0.05 else ""
                return Text(text, style="yellow")

        self._progress = Progress(
            TextColumn("{task.description:>10}"),
            BarColumn(bar_width=12),
            MofNCompleteColumn(),
            Rate(),
            TextColumn("{task.fields[info]}"),
            Wait(),
            console=Console(file=stream, force_terminal=True),  # checked by open_display
            refresh_per_second=8,
            transient=True,  # the command's own summary line follows
            # Records printed on the same terminal go above the bar; piped stdout is
            # never touched (it must stay pure JSON Lines).
            redirect_stdout=_isatty(sys.stdout),
        )
        self._tasks: dict[str, Any] = {}
        self._progress.start()

    def show(self, phase: str, done: int, total: int | None, info: str, wait: str) -> None:
        task = self._tasks.get(phase)
        if task is None:
            task = self._tasks[phase] = self._progress.add_task(phase, total=total, info="")
        self._progress.update(task, completed=done, total=total, info=info)

    def refresh(self) -> None:
        self._progress.refresh()

    def close(self) -> None:
        self._progress.stop()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _Plain:
    """One line redrawn with carriage returns, for terminals without rich installed."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream, self._clock = stream, clock
        self._began: dict[str, float] = {}
        self._last = -1.0
        self._drawn = False

    def show(self, phase: str, done: int, total: int | None, info: str, wait: str) -> None:
        now = self._clock()
        began = self._began.setdefault(phase, now)
        if now - self._last < 0.1 and not wait and done != total:
            return
        self._last = now
        rate = done / (now - began) if now > began else 0.0
        eta = f" ETA {_clock((total - done) / rate)}" if total and rate and done < total else ""
        of = f"/{total}" if total else ""
        line = f"\r{phase:>10} {done}{of} {rate:.1f}/s{eta} {info} {wait}"
        self._stream.write(line.ljust(79)[:120])
        self._stream.flush()
        self._drawn = True

    def refresh(self) -> None:
        pass  # every show() draws

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def open_display(stream: TextIO | None = None, *, enabled: bool | None = None) -> Display:
    """Return a display on stderr: rich if installed, plain otherwise, off if not a TTY."""
    out = stream if stream is not None else sys.stderr
    if enabled is None:
        enabled = _isatty(out)
    if not enabled:
        return Display(None)
    try:
        import rich  # noqa: F401 - only to learn whether the extra is installed
    except ImportError:
        return Display(_Plain(out))
    display = Display(None)
    display._backend = _Rich(out, lambda: display)
    return display
