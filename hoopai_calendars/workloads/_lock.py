"""An exclusive lock on a sync checkpoint, so two runs never work from one checkpoint at once.

Two overlapping runs each read the checkpoint, list, and book what they think is
missing: together they book twice. The lock is an OS lock (`flock` on POSIX,
`msvcrt.locking` on Windows) on `<checkpoint>.lock`, taken without waiting: the OS
drops it when the holder exits or dies (even by SIGKILL), so no stale lock is left.
The lock file itself stays; it only says who holds the lock now.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from datetime import datetime, timezone
from os import PathLike

from .._errors import HoopAIError

__all__ = ["CheckpointLock", "CheckpointLockedError"]

_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


class CheckpointLockedError(HoopAIError):
    """Another sync (in this process or another) is using the checkpoint; nothing was done.

    `lock_path` is the lock file; `holder` says who holds it ("pid 123 on host ..."),
    when known. Wait for that run to finish, or give this one another checkpoint.
    """

    def __init__(self, lock_path: str, holder: str | None) -> None:
        super().__init__(lock_path, holder)
        self.lock_path = lock_path
        self.holder = holder

    def __str__(self) -> str:
        who = f" by {self.holder}" if self.holder else " by another run"
        return (
            f"checkpoint is locked{who} ({self.lock_path}): another sync is using it; "
            "wait for it to finish or use another --checkpoint"
        )


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        # flock belongs to the open file description: a second open in this same
        # process conflicts too, so two syncs in one process are refused as well.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class CheckpointLock:
    """Hold `<checkpoint>.lock` exclusively from `acquire()` (or `with`) until `release()`."""

    def __init__(self, checkpoint: str | PathLike[str]) -> None:
        self.path = os.fspath(checkpoint) + ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now or raise CheckpointLockedError; never waits."""
        if self._fd is not None:
            raise RuntimeError("this CheckpointLock is already held")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _try_lock(fd)
        except OSError as exc:
            holder = _holder(fd)
            os.close(fd)
            if exc.errno in _BUSY:
                raise CheckpointLockedError(self.path, holder) from None
            raise
        self._fd = fd
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        note = f"pid {os.getpid()} on {socket.gethostname()} since {stamp}\n".encode()
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, note)
        except OSError:
            pass  # who holds it is a courtesy; the lock is what matters

    def release(self) -> None:
        """Give the lock up (closing the file would too); releasing twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        except OSError:
            pass  # closing below releases it anyway
        finally:
            os.close(fd)

    def __enter__(self) -> CheckpointLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _holder(fd: int) -> str | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        return None  # Windows refuses reads of a locked region
    return text or None
