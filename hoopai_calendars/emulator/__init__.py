"""A local, stateful HoopAI Calendars API server for demos and tests (no network needed).

    async with Emulator() as emu:
        emu.seed_demo()
        client = AsyncCalendarsClient(emu.token, base_url=emu.url)

All 42 operations are served from an in-memory store with the live API's wire quirks:
envelopes, traceIds, NestJS error shapes, the 401 family, scope and location checks,
rate-limit headers and 429s, and a real free-slot engine. `emu.faults` injects failures;
`emu.oauth` serves OAuth (`/oauth/token`, the location-token exchange) for offline flows.
"""

from __future__ import annotations

from ._auth import ALL_SCOPES
from ._faults import FAULT_KINDS, FaultInjector, FaultKind, FaultRule
from ._oauth import OAuthStore
from ._seed import DemoData
from ._server import Emulator, create_app, serve
from ._state import RequestRecord, State
from ._store import Store

__all__ = [
    "ALL_SCOPES",
    "FAULT_KINDS",
    "DemoData",
    "Emulator",
    "FaultInjector",
    "FaultKind",
    "FaultRule",
    "OAuthStore",
    "RequestRecord",
    "State",
    "Store",
    "create_app",
    "serve",
]
