"""Verify HighLevel webhooks and decode their appointment events (extra "webhooks").

    from hoopai_calendars.webhooks import verify, parse_event
    await verify(raw_body, request.headers)        # raises WebhookVerificationError
    event = parse_event(raw_body)                  # AppointmentCreated | ... | UnknownEvent

Signatures are Ed25519 over the exact bytes received (`x-ghl-signature`), checked with
HighLevel's published key unless you pass `public_key`. `aiohttp_handler` and `asgi_app`
wrap it all for a server. HighLevel retries a delivery only after a 429 and may send one
twice, so pair webhooks with a periodic re-list (`workloads.iter_events`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._asgi import ASGIApp, asgi_app
from ._errors import REASONS, Reason, WebhookVerificationError
from ._events import (
    AppointmentCreated,
    AppointmentDeleted,
    AppointmentUpdated,
    UnknownEvent,
    WebhookAppointment,
    WebhookEvent,
    parse_event,
)
from ._keys import (
    HIGHLEVEL_ED25519_PUBLIC_KEY,
    HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY,
    KeyLike,
    PublicKey,
    load_public_key,
    load_public_keys,
)
from ._receiver import DEFAULT_MAX_BODY, Callback
from ._replay import MemoryReplayStore, ReplayStore
from ._verify import (
    DEFAULT,
    DEFAULT_TOLERANCE,
    LEGACY_SIGNATURE_HEADER,
    SIGNATURE_HEADER,
    Headers,
    verify,
    verify_signature,
)

if TYPE_CHECKING:
    from ._aiohttp import aiohttp_handler

__all__ = [
    "DEFAULT",
    "DEFAULT_MAX_BODY",
    "DEFAULT_TOLERANCE",
    "HIGHLEVEL_ED25519_PUBLIC_KEY",
    "HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY",
    "LEGACY_SIGNATURE_HEADER",
    "REASONS",
    "SIGNATURE_HEADER",
    "ASGIApp",
    "AppointmentCreated",
    "AppointmentDeleted",
    "AppointmentUpdated",
    "Callback",
    "Headers",
    "KeyLike",
    "MemoryReplayStore",
    "PublicKey",
    "Reason",
    "ReplayStore",
    "UnknownEvent",
    "WebhookAppointment",
    "WebhookEvent",
    "WebhookVerificationError",
    "aiohttp_handler",
    "asgi_app",
    "load_public_key",
    "load_public_keys",
    "parse_event",
    "verify",
    "verify_signature",
]


def __getattr__(name: str) -> object:
    # aiohttp.web is heavy to import: load the aiohttp adapter only when asked for.
    if name == "aiohttp_handler":
        from ._aiohttp import aiohttp_handler

        return aiohttp_handler
    raise AttributeError(f"module 'hoopai_calendars.webhooks' has no attribute {name!r}")
