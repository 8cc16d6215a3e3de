"""What already exists for a set of desired appointments: one windowed listing per calendar.

A window that fails is never read as "nothing there": every desired start inside it is
reported as blocked, so no create (and no cancel) is decided on that evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import anyio

from .._config import RequestOptions
from .._errors import HoopAIError
from ..models import Event
from ._desired import NaturalKey
from ._errors import IncompleteListingError
from ._events import iter_events

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = ["Existing", "Span", "list_existing"]


@dataclass(frozen=True, slots=True)
class Span:
    """A calendar's stretch to list: location, calendar, and the desired starts in it."""

    location_id: str
    calendar_id: str
    starts: tuple[int, ...]


@dataclass
class Existing:
    """The listed events, and the starts whose window could not be listed (with the error)."""

    events: list[Event] = field(default_factory=list)
    blocked: dict[tuple[str, int], HoopAIError] = field(default_factory=dict)
    complete: bool = True

    def blocked_error(self, key: NaturalKey) -> HoopAIError | None:
        """The listing failure covering a desired key's start, if any."""
        return self.blocked.get((key[0], key[2]))


def spans(items: Sequence[tuple[str, NaturalKey]]) -> list[Span]:
    """Group (location id, natural key) pairs into one span per location and calendar."""
    grouped: dict[tuple[str, str], set[int]] = defaultdict(set)
    for location_id, key in items:
        grouped[(location_id, key[0])].add(key[2])
    return [Span(loc, cal, tuple(sorted(starts))) for (loc, cal), starts in grouped.items()]


async def list_existing(
    client: AsyncClientCore,
    wanted: Sequence[Span],
    *,
    window: timedelta,
    concurrency: int,
    options: RequestOptions | None,
    on_span: Callable[[int, int], None] | None = None,
) -> Existing:
    """List every span's calendar from its first to its last desired start (inclusive)."""
    found = Existing()
    limit = anyio.Semaphore(concurrency)
    done = 0

    async def one(span: Span) -> None:
        nonlocal done
        export = iter_events(
            client,
            location_id=span.location_id,
            calendar_id=span.calendar_id,
            start=span.starts[0],
            # An appointment starting at s overlaps [s, s + 1 ms): the last start is covered.
            end=span.starts[-1] + 1,
            window=window,
            # Calendars run side by side under `limit`; one window at a time within each
            # keeps the requests in flight at `concurrency`.
            concurrency=1,
            allow_partial=True,
            options=options,
        )
        async with limit:
            found.events.extend([event async for event in export])
        for failed in export.failed_windows:
            found.complete = False
            error = IncompleteListingError([failed], export.yielded)
            for start in span.starts:
                if failed.start_ms <= start < failed.end_ms:
                    found.blocked[(span.calendar_id, start)] = error
        done += 1
        if on_span is not None:
            on_span(done, len(wanted))

    async with anyio.create_task_group() as group:
        for span in wanted:
            group.start_soon(one, span)
    return found
