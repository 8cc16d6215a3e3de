"""Many locations in one process: one connection pool and one limiter, a budget per location."""

from __future__ import annotations

import pytest

from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient, RateLimiter
from hoopai_calendars._ratelimit import InMemoryBackend
from hoopai_calendars.emulator import Emulator
from tests.support.fakes import RecordingTransport

pytestmark = pytest.mark.anyio


async def test_a_client_per_location_shares_one_pool_and_keeps_budgets_apart() -> None:
    backend = InMemoryBackend()
    limiter = RateLimiter(backend=backend)
    inner = AiohttpTransport()
    pool = RecordingTransport(inner=inner)
    sessions: set[int] = set()
    async with Emulator() as emu:
        locations = [f"loc-{i}" for i in range(20)]
        clients = [
            AsyncCalendarsClient(
                emu.mint_token(location_id=loc),
                base_url=emu.url,
                transport=pool,
                rate_limiter=limiter,
                rate_limit_key=loc,
            )
            for loc in locations
        ]
        try:
            for loc, client in zip(locations, clients, strict=True):
                assert await client.calendars.list(location_id=loc) == []
                sessions.add(id(inner._session))
            assert len(sessions) == 1
            # Each location spent its own budget, not a shared one.
            for loc in locations:
                state = backend.snapshot(loc)
                assert state is not None
                assert state.tokens == pytest.approx(state.capacity - 1, abs=0.5)
            # Closing one client leaves the shared pool open for the others.
            await clients[0].close()
            assert not pool.closed
            assert await clients[1].calendars.list(location_id=locations[1]) == []
            sessions.add(id(inner._session))
            assert len(sessions) == 1
        finally:
            for client in clients:
                await client.close()
            assert not pool.closed  # the pool is its owner's to close
            await pool.aclose()
