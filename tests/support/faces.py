"""Run one SDK call through either face, async or sync, with respx standing in for the server.

Import the fixtures into a test module (`from faces import face_fixture, router_fixture`);
tests then take `face` and `router` and stay plain sync functions, so the sync face can block.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

import anyio
import httpx
import pytest
import respx

from hoopai_calendars import AsyncCalendarsClient, CalendarsClient
from hoopai_calendars._httpx import HttpxTransport

BASE_URL = "https://services.leadconnectorhq.com"
TOKEN = "tok-123"
FaceKind = Literal["async", "sync"]
FACES: tuple[FaceKind, ...] = ("async", "sync")


def resolve(client: object, dotted: str) -> Callable[..., Any]:
    """Return the bound generated method named like "calendars.free_slots"."""
    service, method = dotted.split(".")
    bound: Callable[..., Any] = getattr(getattr(client, service), method)
    return bound


class Face:
    """Make each call on a fresh client of one kind, against `router`, and return its result."""

    def __init__(self, kind: FaceKind, router: respx.MockRouter) -> None:
        self.kind = kind
        self.router = router

    def __repr__(self) -> str:
        return f"Face({self.kind!r})"

    def _transport(self) -> HttpxTransport:
        return HttpxTransport(transport=httpx.MockTransport(self.router.async_handler))

    def call(self, dotted: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call `dotted` with these arguments on a fresh client; return or raise what it does."""
        if self.kind == "async":
            return anyio.run(functools.partial(self._call_async, dotted, args, kwargs))
        transport = self._transport()
        with self._sync_client(transport) as client:
            try:
                return resolve(client, dotted)(*args, **kwargs)
            finally:
                # The client does not own a transport it was given; close it on the client's loop.
                client.run(transport.aclose)

    async def _call_async(
        self, dotted: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> Any:
        transport = self._transport()
        try:
            async with self._async_client(transport) as client:
                return await resolve(client, dotted)(*args, **kwargs)
        finally:
            await transport.aclose()

    def client_repr(self) -> str:
        """Return repr() of a client of this kind, built as `call` builds it."""
        if self.kind == "async":
            return anyio.run(self._async_repr)
        transport = self._transport()
        with self._sync_client(transport) as client:
            client.run(transport.aclose)
            return repr(client)

    async def _async_repr(self) -> str:
        transport = self._transport()
        try:
            async with self._async_client(transport) as client:
                return repr(client)
        finally:
            await transport.aclose()

    @staticmethod
    def _async_client(transport: HttpxTransport) -> AsyncCalendarsClient:
        return AsyncCalendarsClient(TOKEN, rate_limit=False, max_retries=0, transport=transport)

    @staticmethod
    def _sync_client(transport: HttpxTransport) -> CalendarsClient:
        return CalendarsClient(TOKEN, rate_limit=False, max_retries=0, transport=transport)


def serve(
    router: respx.MockRouter,
    status: int = 200,
    *,
    json_body: object = None,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> respx.Route:
    """Answer every request with this status and body (JSON unless raw `content` is given)."""
    if content is None:
        content = b"" if json_body is None else json.dumps(json_body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    response = httpx.Response(status, content=content, headers=headers)
    return router.route().mock(return_value=response)


def only_request(router: respx.MockRouter) -> httpx.Request:
    """Return the one request the router saw, failing if it saw none or several."""
    assert router.calls.call_count == 1, f"expected one request, saw {router.calls.call_count}"
    request: httpx.Request = router.calls.last.request
    return request


def raw_path(request: httpx.Request) -> str:
    """Return the path exactly as sent on the wire, percent-encoding intact, without the query."""
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii")


@pytest.fixture(name="router")
def router_fixture() -> Iterator[respx.MockRouter]:
    """Yield a fresh respx router standing in for the API server."""
    router = respx.MockRouter(base_url=BASE_URL, assert_all_called=False)
    yield router
    router.reset()


@pytest.fixture(name="face", params=FACES)
def face_fixture(request: pytest.FixtureRequest, router: respx.MockRouter) -> Face:
    """Give a Face of each kind, talking to this test's router."""
    kind: FaceKind = request.param
    return Face(kind, router)
