"""A short-lived cache of free-slot answers, keyed by the exact query of one window."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from .._errors import ValidationError
from ..models import FreeSlots

__all__ = ["SlotCache", "SlotKey"]

# (calendar id, window start ms, window end ms, timezone, user id, user ids)
SlotKey = tuple[str, int, int, str | None, str | None, tuple[str, ...] | None]


class SlotCache:
    """Remember free-slot answers for `ttl` seconds (at most `max_entries`, oldest out first).

    Share one instance between polls to spare the rate limit; keep `ttl` short, because a
    booking made elsewhere is invisible until the entry expires (call `invalidate`).
    """

    def __init__(
        self,
        ttl: float = 15.0,
        *,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not ttl > 0:
            raise ValidationError("ttl", "must be positive")
        if max_entries < 1:
            raise ValidationError("max_entries", "must be at least 1")
        self._ttl, self._max, self._clock = ttl, max_entries, clock
        self._entries: OrderedDict[SlotKey, tuple[float, FreeSlots]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: SlotKey) -> FreeSlots | None:
        """Return the fresh answer for `key`, or None."""
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self._clock():
            if entry is not None:
                del self._entries[key]
            self.misses += 1
            return None
        self.hits += 1
        return entry[1]

    def put(self, key: SlotKey, value: FreeSlots) -> None:
        """Store an answer until `ttl` seconds from now."""
        self._entries[key] = (self._clock() + self._ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def invalidate(self, calendar_id: str | None = None) -> None:
        """Forget every entry, or only those of one calendar (after booking on it)."""
        if calendar_id is None:
            self._entries.clear()
            return
        for key in [k for k in self._entries if k[0] == calendar_id]:
            del self._entries[key]
