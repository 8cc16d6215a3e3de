"""Windowed listings of events and blocked slots: any range, de-duplicated, in start order."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import anyio

from .._config import RequestOptions
from .._errors import HoopAIError, ValidationError
from ..models import Event
from ._errors import FailedWindow, IncompleteListingError
from ._outlast import outlast
from ._progress import Progress, ProgressCallback
from ._time import Instant, parse_instant, split_windows

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = [
    "EVENT_WINDOW",
    "EventExport",
    "iter_blocked_slots",
    "iter_events",
    "iter_location_events",
]

logger = logging.getLogger("hoopai_calendars.workloads")

# The listing is not paginated and has no documented size cap: a week keeps answers small.
EVENT_WINDOW = timedelta(days=7)

Kind = Literal["events", "blocked_slots"]
# A source is one filter (a calendar, a user or a group): its label and how to list a window.
Fetch = Callable[[int, int], Awaitable[list[Event]]]
Source = tuple[str, Fetch]
Resolve = Callable[[], Awaitable[Sequence[Source]]]


class EventExport:
    """An async iterator over a windowed listing, with an explicit completeness signal.

    Events come once each (by id) in start order. A window that fails is never skipped
    in silence: after the last event, `IncompleteListingError` is raised, unless the
    listing was opened with `allow_partial=True`; either way `complete` and
    `failed_windows` tell the story once iteration has ended.
    """

    def __init__(
        self,
        client: AsyncClientCore,
        resolve: Resolve,
        windows: Sequence[tuple[int, int]],
        *,
        concurrency: int,
        allow_partial: bool,
        progress: ProgressCallback | None,
        phase: str,
    ) -> None:
        self._client = client
        self._resolve = resolve
        self.windows: tuple[tuple[int, int], ...] = tuple(windows)
        self._concurrency = concurrency
        self._allow_partial = allow_partial
        self._progress = progress
        self._phase = phase
        self._failed: list[FailedWindow] = []
        self._finished = False
        self._yielded = 0
        self._iterator: AsyncGenerator[Event, None] | None = None

    def __repr__(self) -> str:
        return f"<EventExport windows={len(self.windows)} yielded={self._yielded}>"

    @property
    def finished(self) -> bool:
        """Whether every window has been asked for (iteration reached its end)."""
        return self._finished

    @property
    def complete(self) -> bool:
        """True once iteration ended with every window listed; False before or on failure."""
        return self._finished and not self._failed

    @property
    def failed_windows(self) -> tuple[FailedWindow, ...]:
        """The windows whose listing failed (so far), in time order."""
        return tuple(sorted(self._failed, key=lambda f: (f.start_ms, f.source or "")))

    @property
    def yielded(self) -> int:
        """How many events have been yielded."""
        return self._yielded

    def __aiter__(self) -> EventExport:
        return self

    async def __anext__(self) -> Event:
        if self._iterator is None:
            self._iterator = self._run()
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        """Stop early and release the listing (nothing is left running)."""
        if self._iterator is not None:
            await self._iterator.aclose()

    async def to_list(self) -> list[Event]:
        """Collect every event (raising IncompleteListingError as iteration would)."""
        return [event async for event in self]

    async def _batch(
        self, sources: Sequence[Source], batch: Sequence[tuple[int, int]]
    ) -> list[list[Event]]:
        """List every source over a batch of windows, at most `concurrency` at a time."""
        found: list[list[Event]] = [[] for _ in batch]
        limit = anyio.Semaphore(self._concurrency)

        async def one(index: int, label: str, fetch: Fetch) -> None:
            lo, hi = batch[index]
            try:
                async with limit:
                    found[index].extend(await outlast(self._client, lambda: fetch(lo, hi)))
            except HoopAIError as exc:
                logger.warning("listing %s over [%d, %d) failed: %s", label, lo, hi, exc)
                self._failed.append(FailedWindow(lo, hi, exc, label))

        async with anyio.create_task_group() as group:
            for index in range(len(batch)):
                for label, fetch in sources:
                    group.start_soon(one, index, label, fetch)
        return found

    async def _run(self) -> AsyncGenerator[Event, None]:
        # Windows are fetched a batch at a time and yielded outside the task group, so a
        # consumer may stop (or step from another task) without tripping a cancel scope.
        sources = await self._resolve()
        seen: set[str] = set()
        total = len(self.windows)
        step = max(1, self._concurrency // max(1, len(sources)))
        for first in range(0, total, step):
            batch = self.windows[first : first + step]
            found = await self._batch(sources, batch) if sources else [[] for _ in batch]
            for window, events in zip(batch, found, strict=True):
                for event in _ordered(events, window[0]):
                    if event.id is not None:
                        if event.id in seen:
                            continue
                        seen.add(event.id)
                    self._yielded += 1
                    yield event
            if self._progress is not None:
                done = min(total, first + step)
                counts = {"events": self._yielded, "failed_windows": len(self._failed)}
                self._progress(Progress(self._phase, done, total, counts))
        self._finished = True
        if self._failed and not self._allow_partial:
            raise IncompleteListingError(self.failed_windows, self._yielded)


def _ordered(events: Sequence[Event], fallback: int) -> list[Event]:
    """Sort a window's events by start instant (not by string: offsets differ)."""

    def key(event: Event) -> tuple[int, str]:
        start = parse_instant(event.start_time)
        return (fallback if start is None else start, event.id or "")

    return sorted(events, key=key)


def _source(
    client: AsyncClientCore,
    kind: Kind,
    location_id: str,
    options: RequestOptions | None,
    calendar_id: str | None,
    user_id: str | None = None,
    group_id: str | None = None,
) -> Source:
    if calendar_id is None and user_id is None and group_id is None:
        raise ValidationError("calendar_id", "set one of calendar_id, user_id or group_id")
    service = client.events if kind == "events" else client.blocked_slots

    async def fetch(lo: int, hi: int) -> list[Event]:
        return await service.list(
            location_id=location_id,
            start_time=lo,
            end_time=hi,
            calendar_id=calendar_id,
            user_id=user_id,
            group_id=group_id,
            options=options,
        )

    named = {"calendar_id": calendar_id, "user_id": user_id, "group_id": group_id}
    label = ",".join(f"{name}={value}" for name, value in named.items() if value is not None)
    return (label, fetch)


def _export(
    client: AsyncClientCore,
    sources: Resolve | Sequence[Source],
    kind: Kind,
    start: Instant,
    end: Instant,
    window: timedelta,
    concurrency: int,
    allow_partial: bool,
    progress: ProgressCallback | None,
) -> EventExport:
    """Open the listing of `sources` (or of what they resolve to) over [start, end)."""
    windows = split_windows(start, end, window, concurrency)
    if not callable(sources):
        fixed = sources

        async def sources() -> Sequence[Source]:
            return fixed

    return EventExport(
        client,
        sources,
        windows,
        concurrency=concurrency,
        allow_partial=allow_partial,
        progress=progress,
        phase=kind,
    )


def iter_events(
    client: AsyncClientCore,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_id: str | None = None,
    user_id: str | None = None,
    group_id: str | None = None,
    window: timedelta = EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> EventExport:
    """List the events overlapping [start, end) of a calendar, user or group, window by window.

    `async for event in iter_events(...)`: each event once, in start order. A failed
    window raises IncompleteListingError after the rest were yielded, unless
    `allow_partial=True` (then read `.complete` and `.failed_windows`).
    """
    source = _source(client, "events", location_id, options, calendar_id, user_id, group_id)
    return _export(
        client, [source], "events", start, end, window, concurrency, allow_partial, progress
    )


def iter_blocked_slots(
    client: AsyncClientCore,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_id: str | None = None,
    user_id: str | None = None,
    group_id: str | None = None,
    window: timedelta = EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> EventExport:
    """List the blocked slots overlapping [start, end), window by window (see `iter_events`)."""
    source = _source(client, "blocked_slots", location_id, options, calendar_id, user_id, group_id)
    return _export(
        client, [source], "blocked_slots", start, end, window, concurrency, allow_partial, progress
    )


def iter_location_events(
    client: AsyncClientCore,
    *,
    location_id: str,
    start: Instant,
    end: Instant,
    calendar_ids: Sequence[str] | None = None,
    blocked_slots: bool = False,
    window: timedelta = EVENT_WINDOW,
    concurrency: int = 4,
    allow_partial: bool = False,
    progress: ProgressCallback | None = None,
    options: RequestOptions | None = None,
) -> EventExport:
    """List the events (or blocked slots) of many calendars, merged into one start order.

    `calendar_ids=None` lists the location's calendars first (if that fails, nothing
    is yielded and its error is raised). A failed (window, calendar) pair is reported
    like any failed window, with `source` naming the calendar.
    """
    if isinstance(calendar_ids, str):
        raise ValidationError("calendar_ids", "pass a list of calendar ids, not one string")
    kind: Kind = "blocked_slots" if blocked_slots else "events"

    async def resolve() -> Sequence[Source]:
        ids = calendar_ids
        if ids is None:
            found = await outlast(
                client, lambda: client.calendars.list(location_id=location_id, options=options)
            )
            ids = [calendar.id for calendar in found if calendar.id]
        unique = list(dict.fromkeys(ids))
        return [_source(client, kind, location_id, options, calendar_id) for calendar_id in unique]

    return _export(client, resolve, kind, start, end, window, concurrency, allow_partial, progress)
