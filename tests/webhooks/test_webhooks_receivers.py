"""The aiohttp and ASGI receivers' answers: 200, 401, 400, 413, 405, 429, duplicates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from hoopai_calendars.webhooks import (
    AppointmentCreated,
    WebhookEvent,
    WebhookVerificationError,
    aiohttp_handler,
    asgi_app,
    parse_event,
)
from tests.support.webhook_support import NOW, body_of, payload, sign

pytestmark = pytest.mark.anyio
KEY = Ed25519PrivateKey.generate()


class Sink:
    def __init__(self, fail: int = 0) -> None:
        self.events: list[WebhookEvent] = []
        self.fail = fail

    async def __call__(self, event: WebhookEvent) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("downstream is down")
        self.events.append(event)


async def asgi_call(
    app: Any, body: bytes, headers: dict[str, str], method: str = "POST"
) -> tuple[int, bytes]:
    chunks = [body[: len(body) // 2], body[len(body) // 2 :]]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": n == 0}
        for n, chunk in enumerate(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    pairs = [(k.encode(), v.encode()) for k, v in headers.items()]
    await app({"type": "http", "method": method, "path": "/", "headers": pairs}, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture
async def aiohttp_post() -> AsyncIterator[Any]:
    runners: list[web.AppRunner] = []
    session = aiohttp.ClientSession()

    async def post(handler: Any, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if not runners:
            app = web.Application()
            app.router.add_post("/hooks", handler)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            runners.append(runner)
        host, port = runners[0].addresses[0][:2]
        async with session.post(f"http://{host}:{port}/hooks", data=body, headers=headers) as r:
            return r.status, await r.read()

    yield post
    await session.close()
    for runner in runners:
        await runner.cleanup()


@pytest.fixture(params=["aiohttp", "asgi"])
def deliver(request: pytest.FixtureRequest, aiohttp_post: Any) -> Any:
    """Return (make receiver, send one delivery to it) for either framework."""
    if request.param == "aiohttp":
        return aiohttp_handler, aiohttp_post

    async def via_asgi(app: Any, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        return await asgi_call(app, body, headers)

    return asgi_app, via_asgi


async def test_answers_for_good_forged_malformed_and_duplicate_deliveries(deliver: Any) -> None:
    make, send = deliver
    sink = Sink()
    receiver = make(sink, public_key=KEY.public_key(), clock=lambda: NOW)
    body = body_of(payload(webhook_id="wh-a"))
    assert (await send(receiver, body, sign(KEY, body)))[0] == 200
    status, answer = await send(receiver, body, sign(KEY, body))
    assert (status, b"duplicate" in answer) == (200, True)  # not passed on twice
    forged = body_of(payload(webhook_id="wh-b"))
    status, answer = await send(receiver, forged, sign(Ed25519PrivateKey.generate(), forged))
    assert (status, b"bad_signature" in answer) == (401, True)
    assert (await send(receiver, forged, {}))[0] == 401
    signed_junk = body_of(
        {"type": "AppointmentCreate", "appointment": 5, "timestamp": NOW, "webhookId": "wh-c"}
    )
    assert (await send(receiver, signed_junk, sign(KEY, signed_junk)))[0] == 400
    assert [type(e) for e in sink.events] == [AppointmentCreated]


async def test_a_failing_callback_answers_429_and_the_retry_is_accepted(deliver: Any) -> None:
    make, send = deliver
    sink = Sink(fail=1)
    receiver = make(sink, public_key=KEY.public_key(), clock=lambda: NOW)
    body = body_of(payload(webhook_id="wh-retry"))
    assert (await send(receiver, body, sign(KEY, body)))[0] == 429
    assert (await send(receiver, body, sign(KEY, body)))[0] == 200  # same webhookId
    assert len(sink.events) == 1


async def test_bodies_over_the_bound_are_refused_unread(deliver: Any) -> None:
    make, send = deliver
    sink = Sink()
    receiver = make(sink, public_key=KEY.public_key(), clock=lambda: NOW, max_body=200)
    body = body_of(payload())
    assert len(body) > 200
    status, answer = await send(receiver, body, sign(KEY, body))
    assert (status, b"body_too_large" in answer) == (413, True)
    assert sink.events == []


async def test_the_asgi_app_refuses_other_methods_and_speaks_lifespan() -> None:
    app = asgi_app(Sink(), public_key=KEY.public_key())
    assert (await asgi_call(app, b"", {}, method="GET"))[0] == 405
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_parse_event_of_random_bytes_only_raises_verification_errors(body: bytes) -> None:
    try:
        event = parse_event(body)
    except WebhookVerificationError as exc:
        assert exc.reason == "bad_payload"  # noqa: PT017 - a result is fine too
        return
    assert event is not None
