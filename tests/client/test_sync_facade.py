"""CalendarsClient: parity with the async client, lifecycle, threads, running loops, interrupts."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import gc
import inspect
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_type_hints

import anyio.to_thread
import pytest
from aiohttp import web
from anyio.from_thread import start_blocking_portal

import hoopai_calendars._sync
from hoopai_calendars import (
    ENDPOINTS,
    AsyncCalendarsClient,
    CalendarsClient,
    Endpoint,
    NotFoundError,
    Response,
    ValidationError,
)
from hoopai_calendars._generated.async_services import AsyncServices
from hoopai_calendars._generated.sync_services import SyncServices
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import Calendar
from tests.support.fakes import RecordingTransport

# Generous bounds: they only stop a broken test from hanging, never time the code under test.
WAIT_S = 20.0
# How long the server holds a request that the test means to interrupt.
HANG_S = 30.0
THREADS = 16
SLOW_S = 0.2


# -- a tiny local server ------------------------------------------------------------------


class SlowServer:
    """An aiohttp server on 127.0.0.1 answering `calendars.get` after a delay.

    The calendar id picks the behaviour: "hang" waits HANG_S (to be interrupted),
    "gate-*" waits until `gate_size` gate requests are in flight at once, anything
    else waits `delay` seconds. Threading events named "arrived:<id>" and
    "cancelled:<id>" tell the test what the handler saw.
    """

    def __init__(self) -> None:
        self.delay = 0.0
        self.gate_size = THREADS
        self.url = ""
        self.in_flight = 0
        self.max_in_flight = 0
        self._gate_arrivals = 0
        self._gate: asyncio.Event | None = None
        self._gate_failed = False
        self._lock = threading.Lock()
        self._events: dict[str, threading.Event] = {}

    def event(self, name: str) -> threading.Event:
        """Return the threading event called `name`, creating it on first use."""
        with self._lock:
            return self._events.setdefault(name, threading.Event())

    async def start(self) -> web.AppRunner:
        """Serve on a free port of 127.0.0.1 and return the runner to clean up."""
        app = web.Application()
        app.router.add_get("/calendars/{calendar_id}", self._handle)
        # handler_cancellation: a handler is cancelled when its client disconnects,
        # which is how the test sees a request cancelled by the client.
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        return runner

    async def _handle(self, request: web.Request) -> web.Response:
        calendar_id = request.match_info["calendar_id"]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.event(f"arrived:{calendar_id}").set()
        name = "done"
        try:
            if calendar_id == "hang":
                await asyncio.sleep(HANG_S)
            elif calendar_id.startswith("gate"):
                name = await self._pass_gate()
            else:
                await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.event(f"cancelled:{calendar_id}").set()
            raise
        finally:
            self.in_flight -= 1
        return web.json_response({"calendar": {"id": calendar_id, "name": name}})

    async def _pass_gate(self) -> str:
        if self._gate is None:
            self._gate = asyncio.Event()
        self._gate_arrivals += 1
        if self._gate_arrivals >= self.gate_size:
            self._gate.set()
        try:
            await asyncio.wait_for(self._gate.wait(), WAIT_S)
        except asyncio.TimeoutError:
            # Serialised calls would never fill the gate: fail them all fast from here on.
            self._gate_failed = True
            self._gate.set()
        return "gate timed out" if self._gate_failed else "gate opened"


@pytest.fixture
def server() -> Iterator[SlowServer]:
    srv = SlowServer()
    with start_blocking_portal(backend="asyncio") as portal:
        runner = portal.call(srv.start)
        try:
            yield srv
        finally:
            portal.call(runner.cleanup)


def _open_fds() -> int | None:
    fd_dir = Path("/proc/self/fd")
    return len(os.listdir(fd_dir)) if sys.platform == "linux" and fd_dir.is_dir() else None


@dataclass
class Resources:
    """Thread and file-descriptor counts taken before a test's client existed."""

    threads: int
    fds: int | None

    def assert_released(self) -> None:
        """Wait (boundedly) for the counts to fall back to the baseline, then compare."""
        # Server-side sockets close when the server's loop notices the client left: poll.
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            fds = _open_fds()
            if threading.active_count() <= self.threads and (
                fds is None or self.fds is None or fds <= self.fds
            ):
                break
            time.sleep(0.02)
        assert threading.active_count() == self.threads, threading.enumerate()
        if self.fds is not None:
            assert _open_fds() == self.fds


@pytest.fixture
def resources(server: SlowServer) -> Resources:
    return Resources(threading.active_count(), _open_fds())


@pytest.fixture
def client(server: SlowServer) -> Iterator[CalendarsClient]:
    with CalendarsClient("test-token", base_url=server.url) as facade:
        yield facade


def _in_thread(fn: Callable[[], Any]) -> Any:
    """Run `fn` in a fresh thread and return (or raise) its outcome; fail if it hangs."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(("ok", fn()))
        except BaseException as exc:
            outcome.append(("error", exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(WAIT_S)
    assert not thread.is_alive(), "the call hung (deadlock?)"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


# -- same services, methods, signatures and types as the async client ---------------------


def test_sync_client_has_the_async_clients_services_and_methods() -> None:
    sync_services = get_type_hints(SyncServices)
    async_services = get_type_hints(AsyncServices)
    assert set(sync_services) == set(async_services) == {row.service for row in ENDPOINTS}
    for service, sync_cls in sync_services.items():
        sync_methods = {n for n, v in vars(sync_cls).items() if inspect.isfunction(v)}
        async_cls = async_services[service]
        async_methods = {n for n, v in vars(async_cls).items() if inspect.isfunction(v)}
        expected = {row.method_name for row in ENDPOINTS if row.service == service}
        assert sync_methods == async_methods == expected, service


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda row: row.name)
def test_sync_method_signature_equals_async(row: Endpoint) -> None:
    sync_method = getattr(get_type_hints(SyncServices)[row.service], row.method_name)
    async_method = getattr(get_type_hints(AsyncServices)[row.service], row.method_name)
    assert inspect.iscoroutinefunction(async_method)
    assert not inspect.iscoroutinefunction(sync_method)
    # Parameters, kinds, defaults and annotations (as written), and the return annotation.
    assert inspect.signature(sync_method) == inspect.signature(async_method)
    # The same annotations once resolved: both modules import the same names.
    assert get_type_hints(sync_method) == get_type_hints(async_method)
    assert sync_method.__doc__ == async_method.__doc__


def test_client_services_are_the_generated_classes(server: SlowServer) -> None:
    sync = CalendarsClient("t", base_url=server.url)
    asyn = AsyncCalendarsClient("t", base_url=server.url)
    try:
        for service, cls in get_type_hints(SyncServices).items():
            assert type(getattr(sync, service)) is cls
            for row in (r for r in ENDPOINTS if r.service == service):
                bound_sync = getattr(getattr(sync, service), row.method_name)
                bound_async = getattr(getattr(asyn, service), row.method_name)
                assert inspect.signature(bound_sync) == inspect.signature(bound_async)
    finally:
        sync.close()


def test_both_clients_take_the_one_settings_definition() -> None:
    # The facade passes its settings through: the async client validates them, once.
    with pytest.raises(ValidationError, match="base_url"):
        CalendarsClient("t", base_url="http://example.com")
    with pytest.raises(ValidationError, match="max_retries"):
        CalendarsClient("t", max_retries=-1)
    for client_class in (CalendarsClient, AsyncCalendarsClient):
        with pytest.raises(TypeError, match="bas_url"):
            client_class("t", bas_url="https://example.com")  # type: ignore[call-arg]
    # Only the async client has the test hooks (`sleep` must be awaitable there).
    for hook in ("clock", "sleep", "random_fraction"):
        with pytest.raises(TypeError, match=hook):
            CalendarsClient("t", **{hook: time.monotonic})  # type: ignore[arg-type]
    facade = CalendarsClient("t", base_url="http://127.0.0.1:1/", deadline=None)
    shown = "base_url='http://127.0.0.1:1', api_version='2021-07-28'"
    assert repr(facade) == f"CalendarsClient({shown})"
    assert repr(facade.async_client) == f"AsyncCalendarsClient({shown})"
    assert isinstance(facade.async_client, AsyncCalendarsClient)
    facade.close()


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    emu = Emulator(seed="demo:3")
    with emu.running_in_thread():
        yield emu


def test_sync_returns_what_async_returns(emulator: Emulator) -> None:
    assert emulator.demo is not None
    location, calendar_id = emulator.location_id, emulator.demo.calendar_ids[0]
    start = datetime.now(timezone.utc) + timedelta(days=1)
    end = start + timedelta(days=7)

    async def with_async() -> tuple[Any, ...]:
        async with AsyncCalendarsClient(emulator.token, base_url=emulator.url) as c:
            return (
                await c.calendars.list(location_id=location),
                await c.calendars.get(calendar_id),
                await c.groups.list(location_id=location),
                await c.calendars.free_slots(calendar_id, start_date=start, end_date=end),
            )

    with CalendarsClient(emulator.token, base_url=emulator.url) as c:
        from_sync = (
            c.calendars.list(location_id=location),
            c.calendars.get(calendar_id),
            c.groups.list(location_id=location),
            c.calendars.free_slots(calendar_id, start_date=start, end_date=end),
        )
    from_async = asyncio.run(with_async())

    assert [type(v) for v in from_sync] == [type(v) for v in from_async]
    assert [type(v) for v in from_sync[0]] == [Calendar] * 3
    assert from_sync[:3] == from_async[:3]
    assert from_sync[3].days == from_async[3].days
    assert len(from_sync[3]) > 0


def test_sync_raises_what_async_raises(emulator: Emulator) -> None:
    forty_days_ms = 40 * 86_400_000

    async def with_async() -> tuple[BaseException, BaseException]:
        async with AsyncCalendarsClient(emulator.token, base_url=emulator.url) as c:
            with pytest.raises(NotFoundError) as missing:
                await c.calendars.get("no-such-calendar")
            with pytest.raises(ValidationError) as invalid:
                await c.calendars.free_slots("any", start_date=0, end_date=forty_days_ms)
            return missing.value, invalid.value

    with CalendarsClient(emulator.token, base_url=emulator.url) as c:
        with pytest.raises(NotFoundError) as missing:
            c.calendars.get("no-such-calendar")
        sent_before = len(emulator.requests)
        with pytest.raises(ValidationError) as invalid:
            c.calendars.free_slots("any", start_date=0, end_date=forty_days_ms)
        # Validation happens before sending, exactly as in the async client.
        assert len(emulator.requests) == sent_before
    async_missing, async_invalid = asyncio.run(with_async())

    assert (missing.value.status, missing.value.operation) == (404, "calendars.get")
    assert str(missing.value).split(" (traceId")[0] == str(async_missing).split(" (traceId")[0]
    assert str(invalid.value) == str(async_invalid)
    assert invalid.value.param == "end_date"


def test_sync_calls_get_the_async_clients_retries(emulator: Emulator) -> None:
    assert emulator.demo is not None
    calendar_id = emulator.demo.calendar_ids[0]
    emulator.faults.status_5xx("calendars.get", count=1)
    sent_before = len(emulator.requests)
    with CalendarsClient(emulator.token, base_url=emulator.url, max_retries=1) as c:
        calendar = c.calendars.get(calendar_id)
    assert calendar.id == calendar_id
    assert [r.status for r in emulator.requests[sent_before:]] == [503, 200]


def test_sync_module_holds_no_request_logic() -> None:
    # Encoding, decoding, validation and retries live once, behind the async client.
    source = inspect.getsource(hoopai_calendars._sync)
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    forbidden = {"._sansio", "._retry", ".models", ".api._table", "msgspec", "aiohttp", "httpx"}
    assert not imported & forbidden


# -- one portal per client, built lazily; close(), `with`, double close, after close ------


def test_close_without_a_call_starts_no_thread(server: SlowServer, resources: Resources) -> None:
    facade = CalendarsClient("t", base_url=server.url)
    assert threading.active_count() == resources.threads
    facade.close()
    facade.close()
    resources.assert_released()


def test_with_block_closes_the_client(server: SlowServer, resources: Resources) -> None:
    with CalendarsClient("t", base_url=server.url) as facade:
        assert facade.calendars.get("c1").id == "c1"
        assert threading.active_count() == resources.threads + 1
    resources.assert_released()
    with pytest.raises(RuntimeError, match="closed"):
        facade.calendars.get("c1")


def test_close_twice_is_harmless(server: SlowServer, resources: Resources) -> None:
    facade = CalendarsClient("t", base_url=server.url)
    facade.calendars.get("c1")
    facade.close()
    facade.close()
    with facade:
        pass
    resources.assert_released()


def test_concurrent_closes_are_harmless(server: SlowServer, resources: Resources) -> None:
    facade = CalendarsClient("t", base_url=server.url)
    facade.calendars.get("c1")
    closers = [threading.Thread(target=facade.close) for _ in range(4)]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(WAIT_S)
    assert not any(closer.is_alive() for closer in closers)
    resources.assert_released()


def test_call_after_close_raises_a_clear_error_and_starts_nothing(
    server: SlowServer, resources: Resources
) -> None:
    facade = CalendarsClient("t", base_url=server.url)
    facade.calendars.get("c1")
    facade.close()
    resources.assert_released()
    with pytest.raises(RuntimeError, match=r"\bCalendarsClient is closed"):
        facade.calendars.list(location_id="loc")
    # A closed client must not quietly start a new loop thread.
    assert threading.active_count() == resources.threads

    never_used = CalendarsClient("t", base_url=server.url)
    never_used.close()
    with pytest.raises(RuntimeError, match=r"\bCalendarsClient is closed"):
        never_used.calendars.get("c1")
    assert threading.active_count() == resources.threads


def test_close_during_an_in_flight_call_neither_hangs_nor_leaks(
    server: SlowServer, resources: Resources
) -> None:
    facade = CalendarsClient("t", base_url=server.url, max_retries=0)
    facade.calendars.get("c1")

    outcome: list[BaseException | None] = []

    def record() -> None:
        try:
            facade.calendars.get("hang")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=record)
    caller.start()
    assert server.event("arrived:hang").wait(WAIT_S)
    started = time.monotonic()
    facade.close()
    caller.join(WAIT_S)
    assert time.monotonic() - started < HANG_S / 2, "close() waited for the server"
    assert not caller.is_alive()
    # The call did not pretend to succeed, and the server saw the request dropped.
    assert isinstance(outcome[0], Exception)
    assert server.event("cancelled:hang").wait(WAIT_S)
    resources.assert_released()


@pytest.mark.anyio
async def test_client_made_inside_async_code_works_from_worker_threads(
    server: SlowServer,
) -> None:
    # Nothing is bound to the constructing thread's loop: the client lives on its own.
    facade = CalendarsClient("t", base_url=server.url)
    calendar = await anyio.to_thread.run_sync(facade.calendars.get, "c1")
    assert calendar.id == "c1"
    await anyio.to_thread.run_sync(facade.close)


def test_every_call_runs_on_the_one_loop_of_the_client() -> None:
    baseline = threading.active_count()
    transport = RecordingTransport(
        Response(200, {"content-type": "application/json"}, b'{"calendar": {"id": "c"}}')
    )
    with CalendarsClient("t", transport=transport) as facade:
        callers = [threading.get_ident()]
        facade.calendars.get("c")

        def call_from_worker() -> None:
            callers.append(threading.get_ident())
            facade.calendars.get("c")

        for _ in range(4):
            _in_thread(call_from_worker)
        facade.calendars.get("c")
        # The loop thread is the only thread the client added.
        assert threading.active_count() == baseline + 1
    assert threading.active_count() == baseline
    assert len(transport.seen) == 6
    assert len({thread for thread, _ in transport.seen}) == 1
    assert len({id(loop) for _, loop in transport.seen}) == 1
    assert transport.seen[0][0] not in callers


# -- thread safety: one client, sixteen threads, overlapping calls ------------------------


def _call_from_threads(
    facade: CalendarsClient, ids: list[str]
) -> tuple[float, list[Calendar | BaseException]]:
    """Call calendars.get for each id, each from its own thread started together."""
    results: list[Calendar | BaseException] = [RuntimeError("no result")] * len(ids)
    barrier = threading.Barrier(len(ids) + 1)

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = facade.calendars.get(ids[index])
        except BaseException as exc:
            results[index] = exc

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(len(ids))]
    for thread in workers:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in workers:
        thread.join(WAIT_S)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in workers)
    return elapsed, results


def test_sixteen_threads_share_one_client_and_overlap(
    server: SlowServer, resources: Resources, client: CalendarsClient
) -> None:
    server.delay = SLOW_S
    client.calendars.get("warm-up")  # starts the loop thread and a connection
    ids = [f"cal-{i}" for i in range(THREADS)]

    elapsed, results = _call_from_threads(client, ids)

    assert [r.id if isinstance(r, Calendar) else r for r in results] == ids
    # Run one after another they would take 16 x 200 ms; overlapped, about 200 ms.
    assert elapsed < 8 * SLOW_S, f"16 calls took {elapsed:.2f} s: they did not overlap"
    assert server.max_in_flight > 1
    assert threading.active_count() == resources.threads + 1
    client.close()
    resources.assert_released()


def test_sixteen_first_calls_are_all_in_flight_at_once(
    server: SlowServer, resources: Resources
) -> None:
    # The gate answers only once all sixteen requests are in flight together, so this
    # passes only if the calls truly overlap; no call was made yet, so sixteen threads
    # race to start the client's loop too. The rate limiter is off: by default it lets
    # 10 requests per location be in flight, and this test is about the facade.
    facade = CalendarsClient("t", base_url=server.url, rate_limit=False)
    ids = [f"gate-{i}" for i in range(THREADS)]

    try:
        _, results = _call_from_threads(facade, ids)
        assert threading.active_count() == resources.threads + 1
    finally:
        facade.close()

    assert [r.name if isinstance(r, Calendar) else r for r in results] == ["gate opened"] * 16
    assert server.max_in_flight == THREADS
    resources.assert_released()


# -- calling from a thread that runs an event loop ---------------------------------------


@pytest.mark.anyio
async def test_call_inside_a_running_loop_raises_and_points_to_async_client(
    server: SlowServer,
) -> None:
    baseline = threading.active_count()
    facade = CalendarsClient("t", base_url=server.url)
    with pytest.raises(RuntimeError, match="AsyncCalendarsClient"):
        facade.calendars.get("c1")
    assert threading.active_count() == baseline
    facade.close()


def test_call_from_another_threads_loop_never_deadlocks(client: CalendarsClient) -> None:
    client.calendars.get("c1")  # the client's own loop is running already

    async def call_inside_loop() -> Calendar:
        return client.calendars.get("c2")

    with pytest.raises(RuntimeError, match="AsyncCalendarsClient"):
        _in_thread(lambda: asyncio.run(call_inside_loop()))
    assert client.calendars.get("c3").id == "c3"


def test_call_from_the_clients_own_loop_never_deadlocks(server: SlowServer) -> None:
    # A token callable runs on the client's loop; a blocking call from there would
    # wait for the loop it is blocking.
    facade: CalendarsClient

    async def token_that_calls_back() -> str:
        facade.calendars.get("inner")
        return "t"

    facade = CalendarsClient(token_that_calls_back, base_url=server.url)
    try:
        with pytest.raises(RuntimeError, match="AsyncCalendarsClient"):
            _in_thread(lambda: facade.calendars.get("outer"))
    finally:
        facade.close()


# -- interrupts in the calling thread cancel the in-flight request ------------------------


class CallerGaveUp(Exception):
    """Raised by a signal handler in the calling thread, as a timeout decorator would."""


def _raise_caller_gave_up(signum: int, frame: object) -> None:
    raise CallerGaveUp


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
@pytest.mark.parametrize(
    ("signum", "handler", "expected"),
    [
        pytest.param(
            signal.SIGINT, signal.default_int_handler, KeyboardInterrupt, id="KeyboardInterrupt"
        ),
        pytest.param(
            getattr(signal, "SIGUSR1", signal.SIGINT),
            _raise_caller_gave_up,
            CallerGaveUp,
            id="exception",
        ),
    ],
)
def test_interrupt_in_calling_thread_cancels_the_request(
    server: SlowServer,
    resources: Resources,
    signum: int,
    handler: Callable[[int, Any], None],
    expected: type[BaseException],
) -> None:
    # Python runs signal handlers in the main thread, which is where Ctrl-C lands; the
    # signal is sent only once the server holds the request, so the caller is blocked
    # waiting for it.
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    facade = CalendarsClient("t", base_url=server.url)
    arrived = server.event("arrived:hang")

    def interrupt_when_request_arrives() -> None:
        if arrived.wait(WAIT_S):
            signal.pthread_kill(threading.main_thread().ident or 0, signum)

    previous = signal.signal(signum, handler)
    interrupter = threading.Thread(target=interrupt_when_request_arrives)
    try:
        interrupter.start()
        started = time.monotonic()
        with pytest.raises(expected):
            facade.calendars.get("hang")
        assert time.monotonic() - started < HANG_S / 2
        interrupter.join(WAIT_S)
        # The server saw the client drop the request, well before it would have answered.
        assert server.event("cancelled:hang").wait(WAIT_S)
        # The client stays usable.
        assert facade.calendars.get("after").id == "after"
    finally:
        interrupter.join(WAIT_S)
        signal.signal(signum, previous)
        facade.close()
    resources.assert_released()


# -- nothing leaks ------------------------------------------------------------------------


def test_a_full_lifecycle_leaks_no_thread_socket_or_warning(
    server: SlowServer, resources: Resources
) -> None:
    def use_and_close() -> None:
        facade = CalendarsClient("t", base_url=server.url)
        facade.calendars.get("c1")
        _call_from_threads(facade, [f"c-{i}" for i in range(4)])
        with contextlib.suppress(RuntimeError):
            _in_thread(lambda: asyncio.run(_call_in_loop(facade)))
        facade.close()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        use_and_close()
        # Unclosed sessions, connectors and sockets warn when collected.
        gc.collect()
    assert [str(w.message) for w in caught] == []
    resources.assert_released()


async def _call_in_loop(facade: CalendarsClient) -> None:
    facade.calendars.get("in-loop")
