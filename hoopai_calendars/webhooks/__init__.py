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

# Modules whose whole __all__ is public here are star-imported; the others name their part.
from . import _asgi, _errors, _events, _keys, _replay
from ._asgi import *  # noqa: F403
from ._errors import *  # noqa: F403
from ._events import *  # noqa: F403
from ._keys import *  # noqa: F403
from ._receiver import DEFAULT_MAX_BODY, Callback
from ._replay import *  # noqa: F403
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
    "LEGACY_SIGNATURE_HEADER",
    "SIGNATURE_HEADER",
    "Callback",
    "Headers",
    "aiohttp_handler",
    "verify",
    "verify_signature",
]
__all__ += _asgi.__all__
__all__ += _errors.__all__
__all__ += _events.__all__
__all__ += _keys.__all__
__all__ += _replay.__all__


def __getattr__(name: str) -> object:
    # aiohttp.web is heavy to import: load the aiohttp adapter only when asked for.
    if name == "aiohttp_handler":
        from ._aiohttp import aiohttp_handler

        return aiohttp_handler
    raise AttributeError(f"module 'hoopai_calendars.webhooks' has no attribute {name!r}")
