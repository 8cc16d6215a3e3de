"""Free-slot polling for many calendars at once: capped, split, coalesced, optionally cached."""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncGenerator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import anyio
from anyio.abc import ObjectSendStream

from .._config import RequestOptions
from .._errors import HoopAIError, ValidationError
from ..api import MAX_SLOT_WINDOW
from ..models import FreeSlots
from ._outlast import outlast
from ._slot_cache import SlotCache, SlotKey
from ._time import Instant, split_windows

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = ["SLOT_WINDOW", "SlotPollResult", "iter_free_slots", "poll_free_slots"]

logger = logging.getLogger("hoopai_calendars.workloads")

# The API caps a query at 31 days, and implementations count that cap in dates of the
# output zone: a 31-day window starting mid-day covers 32 dates and loses the last one.
# 30 days of elapsed time stay within 31 dates (short of a DST jump right at midnight).
SLOT_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class SlotPollResult:
    """The free slots of one calendar over the whole range, or the error that stopped it.

    `requests` counts the HTTP requests this calendar cost (answers served from the cache
    or shared with an identical query already in flight cost none).
    """

    calendar_id: str
    slots: FreeSlots | None
    error: HoopAIError | None = None
    requests: int = 0

    @property
    def ok(self) -> bool:
        """Whether the slots arrived (then `slots` is set and `error` is None)."""
        return self.error is None


@dataclass(eq=False)
class _Flight:
    """One free-slots request in flight that identical queries wait on instead of repeating."""

    done: anyio.Event = field(default_factory=anyio.Event)
    value: FreeSlots | None = None
    error: HoopAIError | None = None


# Per client, so queries coalesce across concurrent polls that share a client (and its loop).
_FLIGHTS: WeakKeyDictionary[AsyncClientCore, dict[SlotKey, _Flight]] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class _Poll:
    """Everything one poll shares between its calendars."""

    client: AsyncClientCore
    windows: Sequence[tuple[int, int]]
    timezone: str | None
    user_id: str | None
    user_ids: tuple[str, ...] | None
    limit: anyio.Semaphore
    cache: SlotCache | None
    options: RequestOptions | None

    def key(self, calendar_id: str, window: tuple[int, int]) -> SlotKey:
        return (calendar_id, *window, self.timezone, self.user_id, self.user_ids)

    async def window(self, calendar_id: str, window: tuple[int, int]) -> tuple[FreeSlots, int]:
        """Return one window's slots and the requests spent; raise the HoopAIError on failure."""
        key = self.key(calendar_id, window)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return hit, 0
        flights = _FLIGHTS.setdefault(self.client, {})
        while (flight := flights.get(key)) is not None:
            await flight.done.wait()
            if flight.error is not None:
                raise flight.error
            if flight.value is not None:
                return flight.value, 0
            # The owner was cancelled before an answer: ask again, perhaps as the new owner.
        flight = flights[key] = _Flight()
        try:
            async with self.limit:
                value = await outlast(self.client, lambda: self._fetch(calendar_id, window))
        except HoopAIError as exc:
            flight.error = exc
            raise
        else:
            flight.value = value
            if self.cache is not None:
                self.cache.put(key, value)
            return value, 1
        finally:
            if flights.get(key) is flight:
                del flights[key]
            flight.done.set()

    async def _fetch(self, calendar_id: str, window: tuple[int, int]) -> FreeSlots:
        return await self.client.calendars.free_slots(
            calendar_id,
            start_date=window[0],
            end_date=window[1],
            timezone=self.timezone,
            user_id=self.user_id,
            user_ids=self.user_ids,
            options=self.options,
        )

    async def calendar(self, calendar_id: str) -> SlotPollResult:
        """Fetch every window of one calendar; the first failure cancels its other windows."""
        parts: list[FreeSlots | None] = [None] * len(self.windows)
        spent = 0
        failure: HoopAIError | None = None

        async def one(index: int, window: tuple[int, int]) -> None:
            nonlocal spent, failure
            try:
                parts[index], cost = await self.window(calendar_id, window)
            except HoopAIError as exc:
                failure = failure or exc
                scope.cancel()
                return
            spent += cost

        async with anyio.create_task_group() as group:
            scope = group.cancel_scope
            for index, window in enumerate(self.windows):
                group.start_soon(one, index, window)
        if failure is not None:
            logger.debug("free slots of %s failed: %s", calendar_id, failure)
            return SlotPollResult(calendar_id, None, failure, spent)
        merged = FreeSlots.merge(part for part in parts if part is not None)
        return SlotPollResult(calendar_id, merged, None, spent)


def _prepare(
    client: AsyncClientCore,
    calendar_ids: Iterable[str],
    start: Instant,
    end: Instant,
    *,
    timezone: str | None,
    user_id: str | None,
    user_ids: Sequence[str] | None,
    concurrency: int,
    cache: SlotCache | None,
    window: timedelta,
    options: RequestOptions | None,
) -> tuple[_Poll, list[str]]:
    """Check the arguments once, before anything is sent."""
    if isinstance(calendar_ids, str):
        raise ValidationError("calendar_ids", "pass a list of calendar ids, not one string")
    windows = split_windows(start, end, window, concurrency, MAX_SLOT_WINDOW)
    poll = _Poll(
        client,
        windows,
        timezone,
        user_id,
        tuple(user_ids) if user_ids is not None else None,
        anyio.Semaphore(concurrency),
        cache,
        options,
    )
    # One result per calendar: a repeated id is asked for once.
    return poll, list(dict.fromkeys(calendar_ids))


async def _feed(poll: _Poll, calendar_id: str, send: ObjectSendStream[SlotPollResult]) -> None:
    async with send:
        await send.send(await poll.calendar(calendar_id))


async def iter_free_slots(
    client: AsyncClientCore,
    calendar_ids: Iterable[str],
    start: Instant,
    end: Instant,
    *,
    timezone: str | None = None,
    user_id: str | None = None,
    user_ids: Sequence[str] | None = None,
    concurrency: int = 8,
    cache: SlotCache | None = None,
    window: timedelta = SLOT_WINDOW,
    options: RequestOptions | None = None,
) -> AsyncGenerator[SlotPollResult, None]:
    """Yield each calendar's free slots over [start, end) as soon as they are complete.

    At most `concurrency` requests are in flight (all under the client's rate limiter);
    ranges longer than `window` are split and merged; a query identical to one in flight
    on the same client waits for that answer instead of repeating it. A calendar that
    fails yields a result with `error` set; the others carry on. `start`/`end` are epoch
    ms, aware datetimes or dates (midnight UTC). To stop early, iterate inside
    `contextlib.aclosing(...)` so the requests still in flight are cancelled at once.
    """
    poll, ids = _prepare(
        client,
        calendar_ids,
        start,
        end,
        timezone=timezone,
        user_id=user_id,
        user_ids=user_ids,
        concurrency=concurrency,
        cache=cache,
        window=window,
        options=options,
    )
    send, receive = anyio.create_memory_object_stream[SlotPollResult](max_buffer_size=math.inf)
    async with anyio.create_task_group() as group, receive:
        async with send:
            for calendar_id in ids:
                group.start_soon(_feed, poll, calendar_id, send.clone())
        try:
            async for result in receive:
                yield result
        except GeneratorExit:
            # Closed early: cancel what is in flight. Letting GeneratorExit through the
            # task group would turn it into an ExceptionGroup that aclose() cannot accept.
            group.cancel_scope.cancel()


async def poll_free_slots(
    client: AsyncClientCore,
    calendar_ids: Iterable[str],
    start: Instant,
    end: Instant,
    *,
    timezone: str | None = None,
    user_id: str | None = None,
    user_ids: Sequence[str] | None = None,
    concurrency: int = 8,
    cache: SlotCache | None = None,
    window: timedelta = SLOT_WINDOW,
    options: RequestOptions | None = None,
) -> list[SlotPollResult]:
    """Return every calendar's free slots over [start, end), in the order the ids came.

    The same engine as `iter_free_slots`, waiting for all of them; check each result's
    `error` (one calendar failing never cancels the others).
    """
    poll, ids = _prepare(
        client,
        calendar_ids,
        start,
        end,
        timezone=timezone,
        user_id=user_id,
        user_ids=user_ids,
        concurrency=concurrency,
        cache=cache,
        window=window,
        options=options,
    )
    results: dict[str, SlotPollResult] = {}

    async def one(calendar_id: str) -> None:
        results[calendar_id] = await poll.calendar(calendar_id)

    async with anyio.create_task_group() as group:
        for calendar_id in ids:
            group.start_soon(one, calendar_id)
    return [results[calendar_id] for calendar_id in ids]
