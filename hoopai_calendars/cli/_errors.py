"""The CLI's one error-to-exit map: 2 bad usage, 1 API or runtime failure, 130 interrupted.

Every message is one line on stderr, names the flag the user typed (never the library's
parameter name) and never carries a traceback.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
from collections.abc import Iterator, Mapping

from .._errors import HoopAIError, ValidationError

__all__ = [
    "FAILED",
    "INTERRUPTED",
    "OK",
    "USAGE",
    "CommandFailed",
    "Interrupted",
    "UsageError",
    "exit_code",
    "leaves",
    "say",
]

PROG = "hoopai-calendars"
OK, FAILED, USAGE = 0, 1, 2
INTERRUPTED = 128 + signal.SIGINT  # 130, the shell's "stopped by Ctrl-C"

# The library's parameter names, as the flags a user types.
_FLAGS: Mapping[str, str] = {
    "start": "--from",
    "end": "--to",
    "start_date": "--from",
    "end_date": "--to",
    "start_time": "--from",
    "end_time": "--to",
    "window": "--window-days",
    "concurrency": "--concurrency",
    "base_url": "--base-url",
    "calendar_id": "--calendar",
    "calendar_ids": "--calendar",
    "location_id": "--location",
    "user_id": "--user",
    "group_id": "--group",
    "timezone": "--tz",
    "checkpoint": "--checkpoint",
}


class UsageError(Exception):
    """The command line or the environment cannot work (exit 2); `flag` is what was typed."""

    def __init__(self, flag: str, message: str) -> None:
        super().__init__(f"{flag}: {message}" if flag else message)
        self.flag = flag


class CommandFailed(Exception):
    """The work ran and failed in a way already explained (exit 1)."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: stop cleanly, exit 128 + the signal number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def code(self) -> int:
        return 128 + self.signum


def say(message: str, *, command: str | None = None) -> None:
    """Print one line on stderr, prefixed with the program (and command) name."""
    where = f"{PROG} {command}" if command else PROG
    text = " ".join(message.split("\n"))
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr gone: nothing to tell
        print(f"{where}: {text}", file=sys.stderr, flush=True)


def leaves(error: BaseException) -> Iterator[BaseException]:
    """Yield the non-group exceptions inside (possibly nested) exception groups."""
    inner = getattr(error, "exceptions", None)
    if isinstance(inner, tuple) and all(isinstance(e, BaseException) for e in inner):
        for child in inner:
            yield from leaves(child)
    else:
        yield error


def _flag(param: str, flags: Mapping[str, str]) -> str:
    return flags.get(param) or _FLAGS.get(param) or param


def _describe(error: BaseException, flags: Mapping[str, str]) -> tuple[int, str]:
    if isinstance(error, UsageError):
        return USAGE, f"error: {error}"
    if isinstance(error, ValidationError):
        # Bad input the library caught before sending: name it as the user typed it.
        message = error.message
        for name in {**_FLAGS, **flags}:
            if "_" in name:
                message = re.sub(rf"\b{name}\b", _flag(name, flags), message)
        return USAGE, f"error: {_flag(error.param, flags)}: {message}"
    if isinstance(error, CommandFailed):
        return FAILED, f"error: {error}"
    if isinstance(error, HoopAIError):
        return FAILED, f"error: {error}"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return FAILED, f"error:{where}: {error.strerror or error}"
    # A bug of ours: still one line, still no traceback.
    return FAILED, f"internal error: {type(error).__name__}: {error}"


def exit_code(
    error: BaseException, *, command: str | None = None, flags: Mapping[str, str] | None = None
) -> int:
    """Print what went wrong (one line per distinct failure) and return the exit status."""
    if isinstance(error, Interrupted):
        return error.code
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    found = [e for e in leaves(error) if not isinstance(e, BrokenPipeError)]
    if not found:
        return OK  # the reader of our output went away: nothing to report
    interrupted = [e for e in found if isinstance(e, (Interrupted, KeyboardInterrupt))]
    if interrupted:
        first = interrupted[0]
        return first.code if isinstance(first, Interrupted) else INTERRUPTED
    codes: list[int] = []
    told: set[str] = set()
    for leaf in found:
        code, message = _describe(leaf, flags or {})
        codes.append(code)
        if message not in told and len(told) < 3:
            told.add(message)
            say(message, command=command)
    return USAGE if all(code == USAGE for code in codes) else FAILED
