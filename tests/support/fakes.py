"""The one fake clock and the one recording transport every test uses (fixtures in conftest)."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar
from urllib.parse import parse_qs

import anyio.lowlevel
from msgspec.structs import replace

from hoopai_calendars import Request, Response, Transport

T = TypeVar("T")
START = 1_000.0
Answer = Response | BaseException


class FakeClock:
    """Time in seconds that moves only when someone sleeps or the test says so.

    Called, it gives `now` (pass it as a monotonic or a wall clock); `sleep` records every
    sleep. By default a sleep advances `now` at once. With `scheduled=True` sleepers wait
    until `run` or `advance` wakes them, in due order, once every task is blocked, so
    concurrent sleepers see each other's time.
    """

    def __init__(self, now: float = START, *, scheduled: bool = False) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self.scheduled = scheduled
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if not self.scheduled:
            self.now += max(seconds, 0.0)
            await anyio.lowlevel.checkpoint()
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._seq), future))
        await future

    async def settle(self) -> None:
        """Yield until no other task is runnable (every one waits on a sleep or a lock)."""
        # CPython's loop keeps runnable callbacks in `_ready`; without it, just yield a lot.
        ready = getattr(asyncio.get_running_loop(), "_ready", None)
        idle = 0
        for _ in range(10_000):
            await asyncio.sleep(0)
            idle = idle + 1 if ready is not None and not ready else 0
            if idle == 3:
                return

    async def _wake_next(self) -> bool:
        while self._sleepers:
            due, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                self.now = max(self.now, due)
                future.set_result(None)
                return True
        return False

    async def run(self, *aws: Awaitable[T]) -> list[T]:
        """Run `aws` to completion on scheduled time; a deadlock fails the test."""
        tasks = [asyncio.ensure_future(a) for a in aws]
        while True:
            await self.settle()
            if all(t.done() for t in tasks):
                return [t.result() for t in tasks]
            if not await self._wake_next():
                raise AssertionError("deadlock: tasks are blocked and nobody is sleeping")

    async def advance(self, until: float) -> None:
        """Wake every sleeper due by `until`, then stand at `until`."""
        while True:
            await self.settle()
            if not self._sleepers or self._sleepers[0][0] > until:
                break
            await self._wake_next()
        self.now = max(self.now, until)
        await self.settle()


async def no_sleep(seconds: float) -> None:
    """Sleep for no time at all (a checkpoint), for tests that do not look at the clock."""
    await anyio.lowlevel.checkpoint()


class RecordingTransport:
    """Record every request, then answer it from a script or pass it on to a real transport.

    `answers` are used in order and the last one repeats; an exception is raised. Without
    answers each request goes to `inner`: the first `refuse` to `dead_url` (a port nobody
    listens on), and those `fail` picks get a 503 of our own. Set `gate` to hold every send
    until it is set. Besides `requests` it records the headers each sent on the wire, the
    (thread, loop) it ran on, the statuses, the most requests in flight at once and `closed`.
    """

    def __init__(
        self,
        *answers: Answer,
        inner: Transport | None = None,
        refuse: int = 0,
        dead_url: str = "",
        fail: Callable[[Request], bool] | None = None,
    ) -> None:
        self.answers = list(answers)
        self.inner, self.refuse, self.dead_url, self.fail = inner, refuse, dead_url, fail
        self.gate: asyncio.Event | None = None
        self.requests: list[Request] = []
        self.wire: list[Mapping[str, str]] = []
        self.seen: list[tuple[int, asyncio.AbstractEventLoop]] = []
        self.statuses: Counter[int] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.closed = False

    @property
    def urls(self) -> list[str]:
        return [request.url for request in self.requests]

    def forms(self) -> list[dict[str, list[str]]]:
        """The form bodies sent, decoded (token requests)."""
        return [parse_qs((r.body or b"").decode()) for r in self.requests]

    async def send(self, request: Request) -> Response:
        self.requests.append(request)
        self.wire.append(request.wire_headers())
        self.seen.append((threading.get_ident(), asyncio.get_running_loop()))
        if self.gate is not None:
            await self.gate.wait()
        response = await self._answer(request)
        self.statuses[response.status] += 1
        return response

    async def _answer(self, request: Request) -> Response:
        if self.answers:
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            if isinstance(answer, BaseException):
                raise answer
            return answer
        if self.fail is not None and self.fail(request):
            body = b'{"statusCode":503,"message":"Service Unavailable"}'
            return Response(503, {"content-type": "application/json"}, body)
        if self.inner is None:
            raise AssertionError(f"no answer scripted for {request.method} {request.url}")
        if self.refuse > 0:
            self.refuse -= 1
            base = request.url.split("/calendars", 1)[0]
            request = replace(request, url=request.url.replace(base, self.dead_url, 1))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self.inner.send(request)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        self.closed = True
        if self.inner is not None:
            await self.inner.aclose()
