"""One contract, both transports, against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web

from hoopai_calendars._aiohttp import AiohttpTransport
from hoopai_calendars._errors import (
    ConnectError,
    ReadError,
    ReadTimeout,
    TransportError,
    UnsendableRequestError,
)
from hoopai_calendars._httpx import HttpxTransport
from hoopai_calendars._transport import Request, Response, Timeout, Transport
from hoopai_calendars.emulator._faults import CutOffResponse

pytestmark = pytest.mark.anyio

BIG = b"x" * (3 * 1024 * 1024)


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    return web.json_response(
        {
            "method": request.method,
            "path": request.raw_path,
            "query": [[k, v] for k, v in request.query.items()],
            "auth": request.headers.get("Authorization"),
            "length": len(body),
        }
    )


async def _status(request: web.Request) -> web.Response:
    status = int(request.match_info["code"])
    return web.Response(status=status, body=b'{"message":"nope"}', content_type="application/json")


async def _big(request: web.Request) -> web.Response:
    return web.Response(body=BIG)


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.Response(text="late")


async def _cut_off(request: web.Request) -> web.StreamResponse:
    # The headers promise the whole body; half of it arrives, then the connection closes.
    return CutOffResponse(request, 200, b'{"calendar":{"id":"c1","name":"Cut short"}}', {})


async def _redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("http://127.0.0.2:1/elsewhere")


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.router.add_route("*", "/echo/{tail:.*}", _echo)
    app.router.add_get("/status/{code}", _status)
    app.router.add_get("/big", _big)
    app.router.add_get("/slow", _slow)
    app.router.add_get("/redirect", _redirect)
    app.router.add_get("/cut-off", _cut_off)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture(params=["aiohttp", "httpx"])
async def transport(request: pytest.FixtureRequest) -> AsyncIterator[Transport]:
    factories: dict[str, Callable[[], Transport]] = {
        "aiohttp": AiohttpTransport,
        "httpx": HttpxTransport,
    }
    t = factories[request.param]()
    yield t
    await t.aclose()


def _req(method: str, url: str, body: bytes | None = None, total: float = 5.0) -> Request:
    return Request(method, url, {"Authorization": "Bearer t0k"}, body, Timeout(total, 1.0))


async def test_sends_method_encoded_path_repeated_query_and_headers(
    server: str, transport: Transport
) -> None:
    url = f"{server}/echo/a%2Fb%20c?userIds=u1&userIds=u2&x=%26"
    resp = await transport.send(_req("PUT", url, b'{"a":1}'))
    assert resp.status == 200
    echoed = json.loads(resp.body)
    assert echoed["method"] == "PUT"
    assert echoed["path"].startswith("/echo/a%2Fb%20c")
    assert echoed["query"] == [["userIds", "u1"], ["userIds", "u2"], ["x", "&"]]
    assert echoed["auth"] == "Bearer t0k"
    assert echoed["length"] == 7


@pytest.mark.parametrize("code", [400, 401, 404, 422, 429, 500, 503])
async def test_error_statuses_come_back_as_responses(
    server: str, transport: Transport, code: int
) -> None:
    resp = await transport.send(_req("GET", f"{server}/status/{code}"))
    assert resp.status == code
    assert resp.body == b'{"message":"nope"}'
    assert resp.headers.get("Content-Type", "").startswith("application/json")


async def test_large_bodies_both_ways(server: str, transport: Transport) -> None:
    up = await transport.send(_req("POST", f"{server}/echo/up", BIG))
    assert b'"length":3145728' in up.body.replace(b" ", b"")
    down = await transport.send(_req("GET", f"{server}/big"))
    assert down.body == BIG


async def test_read_timeout_is_typed_and_marked_sent(server: str, transport: Transport) -> None:
    with pytest.raises(ReadTimeout) as info:
        await transport.send(_req("GET", f"{server}/slow", total=0.3))
    assert info.value.sent is True


async def test_refused_connection_is_connect_error_not_sent(transport: Transport) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(ConnectError) as info:
            await transport.send(_req("GET", f"http://127.0.0.1:{port}/"))
    assert info.value.sent is False


async def test_redirects_are_not_followed(server: str, transport: Transport) -> None:
    resp = await transport.send(_req("GET", f"{server}/redirect"))
    assert resp.status == 302
    assert resp.headers["Location"] == "http://127.0.0.2:1/elsewhere"


async def test_a_body_cut_off_mid_way_is_a_read_error_marked_sent(
    server: str, transport: Transport
) -> None:
    with pytest.raises(ReadError) as info:
        await transport.send(_req("GET", f"{server}/cut-off"))
    assert info.value.sent is True


# Requests the HTTP library itself cannot send. Each must end in a Response (a server may
# refuse it) or the TransportError family, never a library exception.
UNSENDABLE: dict[str, tuple[str, dict[str, str]]] = {
    "URL over 64 KiB": ("/echo/x?q=" + "a" * 70_000, {}),
    "newline in a header": ("/echo/x", {"X-Note": "a\r\nInjected: yes"}),
    "non-HTTP scheme": ("ftp://127.0.0.1/x", {}),
    "port out of range": ("http://127.0.0.1:99999/x", {}),
}


@pytest.mark.parametrize("case", list(UNSENDABLE))
async def test_library_errors_map_onto_the_transport_error_family(
    server: str, transport: Transport, case: str
) -> None:
    target, headers = UNSENDABLE[case]
    url = target if "://" in target else server + target
    request = Request("GET", url, {"Authorization": "Bearer t0k", **headers}, None, Timeout(5, 1))
    outcome: Response | TransportError
    try:
        outcome = await transport.send(request)
    except TransportError as exc:
        outcome = exc
    if isinstance(outcome, Response):
        assert outcome.status >= 400  # the server refused it; nothing escaped
    else:
        assert "t0k" not in str(outcome)
        if isinstance(outcome, UnsendableRequestError):
            assert outcome.sent is False
            assert outcome.retryable is False
