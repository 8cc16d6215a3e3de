"""Many locations in one process: one connection pool and one limiter, a budget per location."""

from __future__ import annotations

import pytest

from hoopai_calendars import AiohttpTransport, AsyncCalendarsClient, RateLimiter
from hoopai_calendars._ratelimit import InMemoryBackend
from hoopai_calendars._transport import Request, Response
from hoopai_calendars.emulator import Emulator

pytestmark = pytest.mark.anyio


class PoolWatch:
    """The real aiohttp transport, noting every pool it opens and whether it was closed."""

    def __init__(self) -> None:
        self.inner = AiohttpTransport()
        self.sessions: set[int] = set()
        self.closed = False

    async def send(self, request: Request) -> Response:
        response = await self.inner.send(request)
        self.sessions.add(id(self.inner._session))
        return response

    async def aclose(self) -> None:
        self.closed = True
        await self.inner.aclose()


async def test_a_client_per_location_shares_one_pool_and_keeps_budgets_apart() -> None:
    backend = InMemoryBackend()
    limiter = RateLimiter(backend=backend)
    pool = PoolWatch()
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
            assert len(pool.sessions) == 1
            # Each location spent its own budget, not a shared one.
            for loc in locations:
                state = backend.snapshot(loc)
                assert state is not None
                assert state.tokens == pytest.approx(state.capacity - 1, abs=0.5)
            # Closing one client leaves the shared pool open for the others.
            await clients[0].close()
            assert not pool.closed
            assert await clients[1].calendars.list(location_id=locations[1]) == []
            assert len(pool.sessions) == 1
        finally:
            for client in clients:
                await client.close()
            assert not pool.closed  # the pool is its owner's to close
            await pool.aclose()
