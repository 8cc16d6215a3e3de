"""Bridges from the facade's event loop to blocking iteration (used by `_blocking`).

Listings step their async iterator on the loop one item at a time, so a slow consumer
applies backpressure. A stream that keeps work in flight between items (free slots as
they complete) runs whole in one loop task instead, feeding a queue from a helper thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from contextlib import aclosing
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import anyio

from ..models import Event
from ._errors import FailedWindow
from ._events import EventExport

if TYPE_CHECKING:
    # Annotations only, so the client modules can import these workloads (to offer them
    # as methods) without an import cycle.
    from .._sync import CalendarsClient

__all__ = ["BlockingEventExport", "BlockingIterator", "pump"]

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

    def __init__(self, client: CalendarsClient, iterator: AsyncIterator[T]) -> None:
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

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def to_list(self) -> list[T]:
        """Collect what is left."""
        return list(self)


class BlockingEventExport(BlockingIterator[Event]):
    """The blocking twin of EventExport: same completeness signal, same error at the end."""

    def __init__(self, client: CalendarsClient, export: EventExport) -> None:
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


async def _cancel(scope: anyio.CancelScope) -> None:
    scope.cancel()


def pump(
    client: CalendarsClient, stream: Callable[[], AsyncGenerator[T, None]]
) -> Generator[T, None, None]:
    """Run `stream()` whole on the facade's loop and yield its items here, as they come.

    Closing the generator early cancels the stream (and what it has in flight).
    """
    inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    async def feed() -> None:
        with anyio.CancelScope() as scope:
            inbox.put(("scope", scope))
            async with aclosing(stream()) as results:
                async for result in results:
                    inbox.put(("item", result))

    def drive() -> None:
        try:
            client.run(feed)
        except BaseException as exc:  # handed to the consuming thread, which re-raises it
            inbox.put(("error", exc))
        else:
            inbox.put(("end", None))

    helper = threading.Thread(target=drive, name="hoopai-calendars-pump", daemon=True)
    helper.start()
    scope: anyio.CancelScope | None = None
    try:
        while True:
            kind, value = inbox.get()
            if kind == "scope":
                scope = value
            elif kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        if helper.is_alive() and scope is not None:
            client.run(_cancel, scope)
        helper.join()
