"""An ASGI application that receives HighLevel webhooks (Starlette, FastAPI mounts, uvicorn)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ._receiver import DEFAULT_MAX_BODY, Callback, Receiver
from ._replay import ReplayStore
from ._verify import DEFAULT, DEFAULT_TOLERANCE, Keys, _Default

__all__ = ["ASGIApp", "asgi_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def asgi_app(
    callback: Callback,
    *,
    public_key: Keys | _Default = DEFAULT,
    tolerance: float = DEFAULT_TOLERANCE,
    allow_legacy_rsa: bool = False,
    legacy_public_key: Keys | _Default = DEFAULT,
    replay_store: ReplayStore | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    clock: Callable[[], float] | None = None,
) -> ASGIApp:
    """Return `async def app(scope, receive, send)` that takes POSTed webhooks on any path.

    Same checks and answers as `aiohttp_handler`: 200 (also for a duplicate webhookId),
    401 failed check, 400 malformed signed body, 413 too large, 405 not a POST, and
    **429 when the callback raised**, the only status HighLevel retries after.
    """
    receiver = Receiver(
        callback,
        public_key=public_key,
        tolerance=tolerance,
        allow_legacy_rsa=allow_legacy_rsa,
        legacy_public_key=legacy_public_key,
        replay_store=replay_store,
        max_body=max_body,
        clock=clock,
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise RuntimeError(f"webhook receiver does not serve {scope['type']!r} connections")
        if scope.get("method") != "POST":
            await _answer(send, 405, b'{"ok":false,"reason":"method_not_allowed"}')
            return
        body = await _read(receive, receiver.max_body)
        if body is None:
            status, answer = receiver.too_large()
        else:
            status, answer = await receiver.handle(body, scope.get("headers") or [])
        await _answer(send, status, answer)

    return app


async def _read(receive: Receive, max_body: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_body:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
