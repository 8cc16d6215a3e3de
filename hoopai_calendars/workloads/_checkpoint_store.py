"""Bulk sync across worker processes: a checkpoint in Redis, and one live worker per location.

`sync_appointments(checkpoint=...)` takes a path (the JSONL file) or a CheckpointStore
such as RedisCheckpointStore, which every worker of a job reads and appends to.
`LocationLeases` splits a job's locations among workers: a location is worked by the
worker holding its lease, which it renews while it works; a worker that dies stops
renewing, and another claims the location after `ttl` and resumes from the checkpoint.
That resume never books twice: a sync lists what exists before it creates, and a
create whose outcome was unknown is looked up first.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import anyio
import msgspec

from ._checkpoint import FORMAT_VERSION, CheckpointEntry
from ._desired import DesiredAppointment, NaturalKey

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = [
    "CheckpointStore",
    "LeaseLost",
    "LocationLeases",
    "RedisCheckpointStore",
    "split_by_location",
]

logger = logging.getLogger("hoopai_calendars.workloads")

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(CheckpointEntry).decode


@runtime_checkable
class CheckpointStore(Protocol):
    """Where a sync's finished items are kept; a later or parallel run skips them."""

    async def load(self) -> dict[NaturalKey, CheckpointEntry]:
        """Return the last entry per key."""
        ...

    async def record(self, entry: CheckpointEntry) -> None:
        """Queue one entry (written in batches)."""
        ...

    async def flush(self) -> None:
        """Write every queued entry."""
        ...

    async def aclose(self) -> None:
        """Flush, even while being cancelled; the store's connection stays the caller's."""
        ...


class RedisCheckpointStore:
    """A sync checkpoint in one Redis hash (`<key_prefix><name>`), one field per item.

    Entries are written every `batch_size` items or `interval` s; a worker that dies
    loses at most that batch, whose items are looked at again on resume.
    """

    def __init__(
        self,
        redis: Redis,
        name: str,
        *,
        key_prefix: str = "hoopai:checkpoint:",
        batch_size: int = 100,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._redis = redis
        self.key = f"{key_prefix}{name}"
        self._batch_size, self._interval, self._clock = max(1, batch_size), interval, clock
        self._pending: dict[bytes, bytes] = {}
        self._last_flush = clock()
        self._lock = anyio.Lock()
        self.flushes = 0

    def __repr__(self) -> str:
        return f"RedisCheckpointStore(key={self.key!r})"

    async def load(self) -> dict[NaturalKey, CheckpointEntry]:
        entries: dict[NaturalKey, CheckpointEntry] = {}
        for raw in (await self._redis.hgetall(self.key)).values():
            try:
                entry = _decode(raw)
            except msgspec.MsgspecError:
                continue
            if entry.v == FORMAT_VERSION:
                entries[entry.key] = entry
        return entries

    async def record(self, entry: CheckpointEntry) -> None:
        self._pending[_encode(entry.key)] = _encode(entry)
        due = self._clock() - self._last_flush >= self._interval
        if len(self._pending) >= self._batch_size or due:
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            batch, self._pending = self._pending, {}
            self._last_flush = self._clock()
            if batch:
                await self._redis.hset(self.key, mapping=batch)  # type: ignore[arg-type]
                self.flushes += 1

    async def aclose(self) -> None:
        with anyio.CancelScope(shield=True):
            await self.flush()


def split_by_location(
    desired: Iterable[DesiredAppointment],
) -> dict[str, list[DesiredAppointment]]:
    """Group desired appointments by location, keeping their order."""
    groups: dict[str, list[DesiredAppointment]] = {}
    for item in desired:
        groups.setdefault(item.appointment.location_id, []).append(item)
    return groups


class LeaseLost(RuntimeError):
    """Another worker took over a location this worker was still working on."""


# KEYS: lease; ARGV: owner, ttl ms. Renew only our own lease.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class LocationLeases:
    """Share a job's locations among workers: each is worked by one live worker at a time.

    `run(locations, work)` claims free locations one at a time and awaits
    `work(location)` while renewing the lease every `ttl / 3` s; it returns, with the
    locations this worker did, once every location of the job is done (by anyone).
    If a renewal finds the lease gone, `work` is cancelled and LeaseLost raised.
    """

    def __init__(
        self,
        redis: Redis,
        job: str,
        *,
        ttl: float = 30.0,
        poll: float = 0.5,
        key_prefix: str = "hoopai:sync:",
    ) -> None:
        self._redis = redis
        self._base = f"{key_prefix}{job}"
        self._ttl_ms = max(1, round(ttl * 1000))
        self._poll = poll
        self._owner = uuid.uuid4().hex
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    def __repr__(self) -> str:
        return f"LocationLeases(job={self._base!r})"

    def _lease(self, location: str) -> str:
        return f"{self._base}:lease:{location}"

    async def run(
        self, locations: Iterable[str], work: Callable[[str], Awaitable[None]]
    ) -> list[str]:
        pending, mine = list(dict.fromkeys(locations)), []
        done_key = f"{self._base}:done"
        while pending:
            for location in list(pending):
                if await self._redis.sismember(done_key, location):
                    pending.remove(location)
                    continue
                lease = self._lease(location)
                if not await self._redis.set(lease, self._owner, nx=True, px=self._ttl_ms):
                    continue  # someone else's (or a dead worker's, until it expires)
                try:
                    await self._hold(location, work)
                    await self._redis.sadd(done_key, location)
                finally:
                    with anyio.CancelScope(shield=True):
                        await self._release(keys=[lease], args=[self._owner])
                pending.remove(location)
                mine.append(location)
            if pending:
                await anyio.sleep(self._poll)
        return mine

    async def _hold(self, location: str, work: Callable[[str], Awaitable[None]]) -> None:
        lost = False

        async def renew(scope: anyio.CancelScope) -> None:
            nonlocal lost
            while True:
                await anyio.sleep(self._ttl_ms / 3000)
                kept = await self._renew(
                    keys=[self._lease(location)], args=[self._owner, self._ttl_ms]
                )
                if not int(kept):
                    lost = True
                    scope.cancel()
                    return

        async with anyio.create_task_group() as group:
            group.start_soon(renew, group.cancel_scope)
            await work(location)
            group.cancel_scope.cancel()
        if lost:
            raise LeaseLost(f"the lease on location {location!r} expired while working on it")
