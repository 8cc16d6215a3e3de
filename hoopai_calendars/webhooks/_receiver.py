"""What every framework adapter does with one delivery: verify, parse, call back, answer."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from ._errors import WebhookVerificationError
from ._events import WebhookEvent, parse_event
from ._replay import MemoryReplayStore, ReplayStore
from ._verify import DEFAULT, DEFAULT_TOLERANCE, Headers, Keys, _Default, verify

__all__ = ["DEFAULT_MAX_BODY", "Callback", "Receiver"]

logger = logging.getLogger("hoopai_calendars.webhooks")

Callback = Callable[[WebhookEvent], Awaitable[None]]
# Appointment events are about 1 KB; HighLevel's largest payloads stay far below this.
DEFAULT_MAX_BODY = 1 << 20


@dataclass
class Receiver:
    """The shared core of the aiohttp and ASGI receivers (see their factories' docs)."""

    callback: Callback
    public_key: Keys | _Default = DEFAULT
    tolerance: float = DEFAULT_TOLERANCE
    allow_legacy_rsa: bool = False
    legacy_public_key: Keys | _Default = DEFAULT
    replay_store: ReplayStore | None = None
    max_body: int = DEFAULT_MAX_BODY
    clock: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        # Each receiver gets its own store unless given one: ids of one app's deliveries.
        if self.replay_store is None:
            self.replay_store = MemoryReplayStore()

    async def handle(self, raw_body: bytes, headers: Headers) -> tuple[int, bytes]:
        """Return the HTTP status and body to answer one delivery with."""
        try:
            await verify(
                raw_body,
                headers,
                public_key=self.public_key,
                now=None if self.clock is None else self.clock(),
                tolerance=self.tolerance,
                allow_legacy_rsa=self.allow_legacy_rsa,
                legacy_public_key=self.legacy_public_key,
                replay_store=self.replay_store,
            )
            event = parse_event(raw_body)
        except WebhookVerificationError as exc:
            if exc.reason == "replay":
                # Already accepted once: a 200 stops the sender from retrying a duplicate.
                logger.info("webhook duplicate ignored")
                return 200, b'{"ok":true,"duplicate":true}'
            logger.warning("webhook refused: %s", exc.reason)
            status = 400 if exc.reason == "bad_payload" else 401
            return status, b'{"ok":false,"reason":"' + exc.reason.encode() + b'"}'
        try:
            await self.callback(event)
        except Exception:
            logger.exception("webhook callback failed; answering 429 so that it is retried")
            store, webhook_id = self.replay_store, _webhook_id(event)
            if store is not None and webhook_id:
                await store.forget(webhook_id)
            return 429, b'{"ok":false,"reason":"callback_failed"}'
        return 200, b'{"ok":true}'

    def too_large(self) -> tuple[int, bytes]:
        """Return the answer to a body over `max_body`."""
        logger.warning("webhook refused: body_too_large")
        return 413, b'{"ok":false,"reason":"body_too_large"}'


def _webhook_id(event: WebhookEvent) -> str | None:
    value = event.webhook_id if hasattr(event, "webhook_id") else event.payload.get("webhookId")
    return value if isinstance(value, str) else None
