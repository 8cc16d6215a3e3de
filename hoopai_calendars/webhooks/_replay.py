"""Replay protection: remember accepted webhookIds for a while (a small async protocol)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

__all__ = ["MemoryReplayStore", "ReplayStore"]


@runtime_checkable
class ReplayStore(Protocol):
    """Where accepted webhookIds are kept; share one (e.g. on Redis) across processes."""

    async def seen(self, webhook_id: str, ttl: float) -> bool:
        """Atomically mark `webhook_id` as seen for `ttl` seconds; True if it already was."""
        ...

    async def forget(self, webhook_id: str) -> None:
        """Unmark `webhook_id`, so that HighLevel's retry of an unprocessed event is accepted."""
        ...


class MemoryReplayStore:
    """An in-process, bounded LRU of webhookIds with expiry (one process only).

    At most `max_entries` ids are kept; the oldest are dropped first, so a flood of
    distinct ids costs bounded memory (an id evicted before its ttl could be replayed,
    but its timestamp check still refuses it once older than the tolerance).
    """

    def __init__(
        self, max_entries: int = 100_000, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max = max_entries
        self._clock = clock
        self._expiry: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._expiry)

    async def seen(self, webhook_id: str, ttl: float) -> bool:
        """Mark `webhook_id` as seen for `ttl` seconds; return True if it already was."""
        now = self._clock()
        expires = self._expiry.get(webhook_id)
        if expires is not None and expires > now:
            return True
        self._expiry[webhook_id] = now + ttl
        self._expiry.move_to_end(webhook_id)
        # Expired entries sit at the front once their ttl passed; trim a few per call.
        while self._expiry:
            oldest, when = next(iter(self._expiry.items()))
            if when > now and len(self._expiry) <= self._max:
                break
            del self._expiry[oldest]
        return False

    async def forget(self, webhook_id: str) -> None:
        """Unmark `webhook_id`."""
        self._expiry.pop(webhook_id, None)
