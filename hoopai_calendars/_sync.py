"""The core blocking facade (CalendarsClient minus the workloads): the async client in a portal."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import queue
import sys
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Generator, Sequence
from concurrent.futures import CancelledError as FutureCancelled
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import anyio
from anyio.from_thread import BlockingPortal, start_blocking_portal

from ._auth import TokenSource
from ._client import AsyncClientCore
from ._config import DEFAULT_SETTINGS, ClientSettings, RequestOptions, resolve_settings
from ._generated.sync_services import SyncServices
from ._ratelimit_status import RateLimitStatus
from ._raw import RawResponse
from ._settings_view import SettingsView, client_repr, spell_out_settings
from .api import Endpoint

if sys.version_info >= (3, 11):  # at run time too, so get_type_hints() can resolve them
    from typing import Self, Unpack
elif TYPE_CHECKING:
    from typing_extensions import Self, Unpack

T = TypeVar("T")


async def _running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


async def _cancel(scope: anyio.CancelScope) -> None:
    scope.cancel()


class BlockingClientCore(SettingsView, SyncServices):
    """Call the Calendars API from blocking code; use `with` or `close()`.

    Safe to share between threads: every call runs on one private event loop, so
    calls from many threads overlap. Inside a running event loop use
    AsyncCalendarsClient instead. The keyword settings are `ClientSettings`; the public
    `CalendarsClient` is this class plus the blocking workload methods.
    """

    # The async client class this facade drives; the public facade names the full one.
    _async_class: ClassVar[type[AsyncClientCore]] = AsyncClientCore

    def __init__(
        self, token: TokenSource | None = None, **settings: Unpack[ClientSettings]
    ) -> None:
        # Built now so bad settings fail here; it does no I/O until the first call.
        resolve_settings(settings, hooks=False)  # the test hooks are the async client's only
        self._async = self._async_class(token, **settings)
        self._config = self._async._config
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None
        self._portal: BlockingPortal | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._closed = False
        # A facade from `with_options` runs on its origin's loop (None: its own portal).
        self._loop_of: BlockingClientCore | None = None
        self._bind_services(self._call, self._call_raw)

    def __repr__(self) -> str:
        return client_repr(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def rate_limit_status(self, key: str | None = None) -> RateLimitStatus | None:
        """Return the burst and daily budgets as last seen (None with `rate_limit=False`)."""
        return self._async.rate_limit_status(key)

    @property
    def async_client(self) -> AsyncClientCore:
        """The async client this facade drives (use it only on the facade's own loop)."""
        return self._async

    def with_options(self, **settings: Unpack[ClientSettings]) -> Self:
        """Return a copy with these settings changed, sharing the loop, pool, limiter, token.

        Cheap (no thread, no pool): `client.with_options(max_retries=0).calendars.get(...)`.
        Closing the copy changes nothing; closing this client ends both.
        """
        resolve_settings(settings, hooks=False)
        derived = copy.copy(self)
        derived._async = self._async.with_options(**settings)
        derived._config = derived._async._config
        derived._loop_of = self._loop_of or self
        derived._portal_cm = derived._portal = derived._loop = None
        derived._lock = threading.Lock()
        derived._bind_services(derived._call, derived._call_raw)
        return derived

    def _get_loop(self) -> asyncio.AbstractEventLoop:
        origin = self._loop_of
        if origin is not None:
            if self._closed:
                raise RuntimeError("this CalendarsClient is closed; create a new one")
            loop = origin._get_loop()
            self._portal = origin._portal
            return loop
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError(
                "CalendarsClient blocks, and this thread is running an event loop: "
                "use AsyncCalendarsClient (await client.calendars.get(...)) instead"
            )
        with self._lock:
            if self._closed:
                raise RuntimeError("this CalendarsClient is closed; create a new one")
            if self._loop is None:
                self._portal_cm = start_blocking_portal(backend="asyncio")
                self._portal = self._portal_cm.__enter__()
                self._portal.call(self._async.__aenter__)
                self._loop = self._portal.call(_running_loop)
            return self._loop

    def run(self, func: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run an async callable on the facade's loop and wait; interrupting cancels it."""
        loop = self._get_loop()
        # Submitted straight to the portal's loop: the portal's own start_task_soon costs
        # about 130 us a call against 50 us for this, and cancels the same way.
        future = asyncio.run_coroutine_threadsafe(func(*args), loop)
        try:
            return future.result()
        except FutureCancelled:
            raise RuntimeError("the call was cancelled because the client closed") from None
        except BaseException:
            # KeyboardInterrupt or any exception in this thread: stop the in-flight request.
            future.cancel()
            raise

    def stream(self, make: Callable[[], AsyncIterator[T]]) -> Generator[T, None, None]:
        """Run `make()` whole as one task on the facade's portal; yield its items here.

        Items cross a queue as they come, so what the stream keeps in flight goes on
        between them (no helper thread). Closing the generator early cancels the task and
        waits for it to wind down; the stream's error is raised here.
        """
        self._get_loop()
        portal = self._portal
        assert portal is not None
        inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

        async def feed() -> None:
            with anyio.CancelScope() as scope:
                inbox.put(("scope", scope))
                iterator = make()
                try:
                    async for item in iterator:
                        inbox.put(("item", item))
                finally:
                    close = getattr(iterator, "aclose", None)
                    if close is not None:
                        await close()

        future = portal.start_task_soon(feed)
        # Fires once the task is over, cleanup included (or at once if it never started).
        future.add_done_callback(lambda _: inbox.put(("done", None)))
        scope: anyio.CancelScope | None = None
        over = False
        try:
            while True:
                kind, value = inbox.get()
                if kind == "scope":
                    scope = value
                elif kind == "item":
                    yield value
                else:
                    over = True
                    break
            try:
                future.result()
            except FutureCancelled:
                raise RuntimeError("the stream was cancelled because the client closed") from None
        finally:
            if not over:
                # Cancel the task (once its scope is known) and wait for it to wind down.
                with contextlib.suppress(RuntimeError):  # portal closed, or on its own thread
                    if scope is not None:
                        portal.call(_cancel, scope)
                    else:
                        future.cancel()
                    while (message := inbox.get())[0] != "done":
                        if message[0] == "scope":
                            portal.call(_cancel, message[1])

    def _call(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: object,
        body: object,
        options: RequestOptions | None,
    ) -> T:
        result: T = self.run(self._async._call, row, path_args, query, body, options)
        return result

    def _call_raw(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: object,
        body: object,
        options: RequestOptions | None,
    ) -> RawResponse[T]:
        result: RawResponse[T] = self.run(
            self._async._call_raw, row, path_args, query, body, options
        )
        return result

    def close(self) -> None:
        """Close the connection pool and stop the loop thread; closing twice is harmless."""
        if self._loop_of is not None:  # a copy owns neither
            self._closed = True
            return
        with self._lock:
            if self._closed:
                return
            self._closed = True
            portal, cm = self._portal, self._portal_cm
            self._portal = self._portal_cm = self._loop = None
        if portal is not None and cm is not None:
            try:
                portal.call(self._async.close)
            finally:
                cm.__exit__(None, None, None)


# help() and inspect.signature show each setting as a keyword, not `**settings`.
spell_out_settings(BlockingClientCore, ClientSettings, DEFAULT_SETTINGS)
