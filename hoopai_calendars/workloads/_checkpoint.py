"""The sync checkpoint: an append-only JSONL of finished keys and outcomes, fsync'd per batch.

A crash can lose at most the batch not yet synced to disk; those items are redone on
resume, which is safe because a resumed sync lists what exists before it writes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from os import PathLike
from typing import IO, Literal

import anyio
import msgspec

from ._desired import NaturalKey

__all__ = ["FINAL_OUTCOMES", "Checkpoint", "CheckpointEntry", "Outcome", "load_checkpoint"]

logger = logging.getLogger("hoopai_calendars.workloads")

Outcome = Literal["created", "updated", "cancelled", "unchanged", "failed", "outcome_unknown"]
# Outcomes a resumed run trusts and skips; the others are looked at again.
FINAL_OUTCOMES: frozenset[str] = frozenset({"created", "updated", "cancelled", "unchanged"})
FORMAT_VERSION = 1


class CheckpointEntry(msgspec.Struct, frozen=True):
    """One line: the item's key, the fingerprint of what was desired, the outcome, the id."""

    key: tuple[str, str, int]
    fp: str
    outcome: str
    id: str | None = None
    v: int = FORMAT_VERSION


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(CheckpointEntry).decode


def load_checkpoint(path: str | PathLike[str]) -> dict[NaturalKey, CheckpointEntry]:
    """Read a checkpoint (a missing file is an empty one); the last line per key wins.

    Lines that do not parse (a write torn by a crash) are skipped: their items are redone.
    """
    entries: dict[NaturalKey, CheckpointEntry] = {}
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; missing file handled here
    except FileNotFoundError:
        return entries
    torn = 0
    with handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                entry = _decode(line)
            except msgspec.MsgspecError:
                torn += 1
                continue
            if entry.v == FORMAT_VERSION:
                entries[entry.key] = entry
    if torn:
        logger.warning("checkpoint %s: skipped %d unreadable line(s)", os.fspath(path), torn)
    return entries


class Checkpoint:
    """Append entries to a checkpoint file, syncing to disk every `batch_size` or `interval` s."""

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        batch_size: int = 100,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = os.fspath(path)
        self._batch_size, self._interval, self._clock = max(1, batch_size), interval, clock
        self._pending: list[bytes] = []
        self._last_flush = clock()
        self._handle: IO[bytes] | None = None
        self._lock = anyio.Lock()
        self.flushes = 0

    async def record(self, entry: CheckpointEntry) -> None:
        """Queue one entry; write and fsync the batch when it is full or old enough."""
        self._pending.append(_encode(entry) + b"\n")
        due = self._clock() - self._last_flush >= self._interval
        if len(self._pending) >= self._batch_size or due:
            await self.flush()

    async def flush(self) -> None:
        """Write every queued entry and fsync (in a worker thread; the loop keeps running)."""
        async with self._lock:
            lines, self._pending = self._pending, []
            self._last_flush = self._clock()
            if lines:
                await anyio.to_thread.run_sync(self._write, b"".join(lines))
                self.flushes += 1

    async def aclose(self) -> None:
        """Flush what is queued (even while being cancelled) and close the file."""
        with anyio.CancelScope(shield=True):
            await self.flush()
            handle, self._handle = self._handle, None
            if handle is not None:
                await anyio.to_thread.run_sync(handle.close)

    def _write(self, data: bytes) -> None:
        if self._handle is None:
            self._handle = self._open()
        self._handle.write(data)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def _open(self) -> IO[bytes]:
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open for the run; aclose closes
        handle.seek(0, os.SEEK_END)
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                # A crash tore the last line: end it so the next entry stays readable.
                handle.write(b"\n")
        return handle
