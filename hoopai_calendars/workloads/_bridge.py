"""Blocking iteration over listings, stepped on the facade's loop (used by `_blocking`).

Listings step their async iterator on the loop one item at a time, so a slow consumer
applies backpressure. A stream that keeps work in flight between items (free slots as
they complete) runs whole as one portal task instead: `BlockingClientCore.stream`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar

from .._sync import BlockingClientCore
from ..models import Event
from ._errors import FailedWindow
from ._events import EventExport

__all__ = ["BlockingEventExport", "BlockingIterator"]

T = TypeVar("T")


class _End:
    """Marks the end of an iteration on its way back from the loop thread."""


_END = _End()


async def _step(iterator: AsyncIterator[T]) -> T | _End:
    # A sentinel, not StopAsyncIteration, crosses the thread: a coroutine cannot raise
    # StopIteration-like exceptions through a future cleanly.
    try:
        return await iterator.__anext__()
    except StopAsyncIteration:
        return _END


async def _aclose(iterator: AsyncIterator[Any]) -> None:
    close = getattr(iterator, "aclose", None)
    if close is not None:
        await close()


class BlockingIterator(Iterator[T], Generic[T]):
    """Step an async iterator on the facade's loop; `close()` (or `with`) stops it early."""

    def __init__(self, client: BlockingClientCore, iterator: AsyncIterator[T]) -> None:
        self._client = client
        self._iterator = iterator
        self._done = False

    def __iter__(self) -> BlockingIterator[T]:
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        try:
            item: T | _End = self._client.run(_step, self._iterator)
        except BaseException:
            self._done = True
            raise
        if isinstance(item, _End):
            self._done = True
            raise StopIteration
        return item

    def close(self) -> None:
        """Release the listing; calling it twice, or after the end, is harmless."""
        if not self._done:
            self._done = True
            self._client.run(_aclose, self._iterator)

    def __enter__(self) -> BlockingIterator[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def to_list(self) -> list[T]:
        """Collect what is left."""
        return list(self)


class BlockingEventExport(BlockingIterator[Event]):
    """The blocking twin of EventExport: same completeness signal, same error at the end."""

    def __init__(self, client: BlockingClientCore, export: EventExport) -> None:
        super().__init__(client, export)
        self._export = export

    @property
    def complete(self) -> bool:
        """True once iteration ended with every window listed."""
        return self._export.complete

    @property
    def finished(self) -> bool:
        """Whether iteration reached its end."""
        return self._export.finished

    @property
    def failed_windows(self) -> tuple[FailedWindow, ...]:
        """The windows whose listing failed."""
        return self._export.failed_windows

    @property
    def yielded(self) -> int:
        """How many events have been yielded."""
        return self._export.yielded
