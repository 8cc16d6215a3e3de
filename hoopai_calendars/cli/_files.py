"""Safe files: paths checked before any request, output published only when whole.

`check_writable` runs before anything is sent or booked. `LineFile` writes to
`PATH.partial`, flushing every line (an interrupted run keeps what it did), and renames
it over PATH only once complete, fsyncing the file and its directory around the rename,
so PATH is always either the previous good output or the new whole one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from ._errors import UsageError

__all__ = ["LineFile", "check_readable", "check_writable", "publish", "write_whole"]


def check_writable(path: str, flag: str) -> None:
    """Refuse an output path that cannot be written (or renamed into place) later."""
    if path == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise UsageError(flag, f"{path} is a directory: name a file in it")
    parent = target.absolute().parent
    if not parent.exists():
        raise UsageError(flag, f"directory {parent} does not exist")
    if not parent.is_dir():
        raise UsageError(flag, f"{parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(flag, f"cannot write in {parent} (permission denied)")
    if target.exists() and not target.is_file():
        raise UsageError(flag, f"{path} exists and is not a regular file")
    if Path(f"{path}.partial").is_dir():
        raise UsageError(flag, f"{path}.partial is a directory; remove it first")


def check_readable(path: str, flag: str) -> None:
    """Refuse an input path that cannot be read (`-` is stdin)."""
    if path == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise UsageError(flag, f"{path} is a directory, not a file")
    if not target.exists():
        raise UsageError(flag, f"{path} does not exist")
    if not os.access(target, os.R_OK):
        raise UsageError(flag, f"cannot read {path} (permission denied)")


def _fsync_directory(path: str) -> None:
    if sys.platform == "win32":
        return  # directories cannot be opened for fsync there; NTFS journals the rename
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(partial_path: str, final_path: str) -> None:
    """Rename a written, fsync'd file into place durably: sync the directory around it."""
    _fsync_directory(partial_path)  # the partial file's own entry first
    os.replace(partial_path, final_path)
    _fsync_directory(final_path)  # then the rename itself


def write_whole(path: str, data: bytes) -> None:
    """Replace `path` with `data` atomically (a crash leaves the old file or the new one)."""
    partial = f"{path}.partial"
    try:
        with open(partial, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        publish(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


class LineFile:
    """Lines for PATH, written to PATH.partial (opened at the first line) and published whole."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.partial = f"{path}.partial"
        self.lines = 0
        self._out: IO[bytes] | None = None

    def write(self, line: bytes) -> None:
        """Append one line; it reaches the OS at once, so a killed run keeps it."""
        if self._out is None:
            self._out = open(self.partial, "wb")  # noqa: SIM115 - closed by commit/abandon
        self._out.write(line)
        self._out.flush()
        self.lines += 1

    def commit(self) -> None:
        """Publish the whole output under PATH (an empty one too)."""
        if self._out is None:
            self._out = open(self.partial, "wb")  # noqa: SIM115 - closed just below
        out, self._out = self._out, None
        with out:
            out.flush()
            # On disk before it can be renamed into place: a crash (or power loss) must
            # never leave a complete-looking name over incomplete data.
            os.fsync(out.fileno())
        publish(self.partial, self.path)

    def abandon(self) -> str | None:
        """Stop without publishing; keep PATH.partial only if it holds lines (return it)."""
        out, self._out = self._out, None
        if out is not None:
            out.close()
        if self.lines == 0:
            Path(self.partial).unlink(missing_ok=True)
            return None
        return self.partial
