"""The state one emulator's handlers share: store, tokens, limits, faults, clock, log."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._auth import TokenRegistry
from ._faults import FaultInjector
from ._limits import RateLimiter
from ._oauth import OAuthStore
from ._store import Store

__all__ = ["RequestRecord", "State"]

LOG_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as the emulator saw it; status 0 means the connection was reset."""

    operation: str | None
    method: str
    path: str
    status: int
    fault: str | None = None


@dataclass
class State:
    """Everything the request pipeline and the handlers read or change."""

    store: Store
    tokens: TokenRegistry
    limiter: RateLimiter
    faults: FaultInjector
    clock: Callable[[], float]
    location_id: str
    log: deque[RequestRecord] = field(default_factory=lambda: deque(maxlen=LOG_SIZE))
    # Set on shutdown so that injected delays end at once instead of holding up cleanup.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    # Told of every appointment create/update/delete (the webhook sender listens here).
    on_appointment: Callable[[str, dict[str, Any]], None] | None = None

    def appointment_changed(self, kind: str, record: dict[str, Any]) -> None:
        """Report an `AppointmentCreate`, `AppointmentUpdate` or `AppointmentDelete`."""
        if self.on_appointment is not None:
            self.on_appointment(kind, record)

    oauth: OAuthStore = field(default_factory=OAuthStore)

    def __post_init__(self) -> None:
        self.oauth.clock = self.clock

    def now_ms(self) -> int:
        """Return the injected clock's now in epoch milliseconds."""
        return int(self.clock() * 1000)
