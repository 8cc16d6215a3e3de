"""An aiohttp.web request handler that receives HighLevel webhooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ._receiver import DEFAULT_MAX_BODY, Callback, Receiver
from ._replay import ReplayStore
from ._verify import DEFAULT, DEFAULT_TOLERANCE, Keys, _Default

__all__ = ["aiohttp_handler", "read_bounded"]


async def read_bounded(request: web.BaseRequest, max_body: int) -> bytes | None:
    """Return the request body, or None once it grows past `max_body` bytes."""
    if request.content_length is not None and request.content_length > max_body:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.readany()
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_body:
            return None
        chunks.append(chunk)


def aiohttp_handler(
    callback: Callback,
    *,
    public_key: Keys | _Default = DEFAULT,
    tolerance: float = DEFAULT_TOLERANCE,
    allow_legacy_rsa: bool = False,
    legacy_public_key: Keys | _Default = DEFAULT,
    replay_store: ReplayStore | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    clock: Callable[[], float] | None = None,
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Return an aiohttp.web handler: `app.router.add_post("/webhooks", handler)`.

    Each delivery is verified (see `verify`; the arguments mean the same), parsed, and
    handed to `await callback(event)`. Answers: 200 when the callback returned (or for a
    duplicate webhookId, which is not passed on again), 401 when a check failed, 400 for
    a signed but malformed body, 413 past `max_body` bytes, and **429 when the callback
    raised**: HighLevel retries a delivery only after a 429 (six times, ten minutes
    apart) and drops it on any other failure, so a 429 is how an event is not lost.
    `replay_store` defaults to one in-memory store per handler; `clock` gives "now".
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

    async def handle(request: web.Request) -> web.Response:
        body = await read_bounded(request, receiver.max_body)
        status, answer = (
            receiver.too_large() if body is None else await receiver.handle(body, request.headers)
        )
        return web.Response(status=status, body=answer, content_type="application/json")

    return handle
