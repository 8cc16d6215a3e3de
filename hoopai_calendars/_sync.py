"""CalendarsClient: the blocking facade, an AsyncCalendarsClient running in a BlockingPortal."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import CancelledError as FutureCancelled
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from ._client import AsyncCalendarsClient, TokenSource
from ._config import DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, RequestOptions
from ._generated.sync_services import SyncServices
from ._op import Endpoint
from ._ratelimit import RateLimiter
from ._transport import Timeout, Transport
from .workloads import _blocking as _workloads

T = TypeVar("T")


async def _running_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


class CalendarsClient(SyncServices):
    """Call the Calendars API from blocking code; use `with` or `close()`.

    Safe to share between threads: every call runs on one private event loop, so
    calls from many threads overlap. Inside a running event loop use
    AsyncCalendarsClient instead.
    """

    def __init__(
        self,
        token: TokenSource,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_version: str = DEFAULT_API_VERSION,
        timeout: Timeout | float = DEFAULT_TIMEOUT,
        deadline: float | None = 60.0,
        max_retries: int = 2,
        transport: Transport | None = None,
        rate_limiter: RateLimiter | None = None,
        rate_limit: bool = True,
        rate_limit_key: str | None = None,
        reconcile: bool = False,
    ) -> None:
        # Built now so bad settings fail here; it does no I/O until the first call.
        self._async = AsyncCalendarsClient(
            token,
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            transport=transport,
            rate_limiter=rate_limiter,
            rate_limit=rate_limit,
            rate_limit_key=rate_limit_key,
            reconcile=reconcile,
        )
        self._portal_cm: AbstractContextManager[BlockingPortal] | None = None
        self._portal: BlockingPortal | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._bind_services(self._call)

    def __repr__(self) -> str:
        return f"CalendarsClient(base_url={self._async._base_url!r})"

    def __enter__(self) -> CalendarsClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # The workloads, blocking: the same functions as hoopai_calendars.workloads, as methods.
    poll_free_slots = _workloads.poll_free_slots
    iter_free_slots = _workloads.iter_free_slots
    iter_events = _workloads.iter_events
    iter_blocked_slots = _workloads.iter_blocked_slots
    iter_location_events = _workloads.iter_location_events
    iter_notes = _workloads.iter_notes
    iter_resources = _workloads.iter_resources
    iter_notifications = _workloads.iter_notifications
    iter_schedules = _workloads.iter_schedules
    sync_appointments = _workloads.sync_appointments

    @property
    def async_client(self) -> AsyncCalendarsClient:
        """The async client this facade drives (use it only on the facade's own loop)."""
        return self._async

    def _get_loop(self) -> asyncio.AbstractEventLoop:
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

    def _call(
        self,
        row: Endpoint,
        path_args: Sequence[object],
        query: Mapping[str, Any] | None,
        body: object,
        options: RequestOptions | None,
    ) -> Any:
        return self.run(self._async._call, row, path_args, query, body, options)

    def close(self) -> None:
        """Close the connection pool and stop the loop thread; closing twice is harmless."""
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
