"""Agency -> location tokens against a loopback token server: exchanged once, cached,
renewed ahead of expiry, shared through a store, and the agency token never leaks."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from benchmarks.token_server import AGENCY_TOKEN, TokenServer
from hoopai_calendars._errors import AuthenticationError
from hoopai_calendars._location_token import AgencyTokens, LocationTokenProvider
from hoopai_calendars._tokenstore_redis import RedisTokenStore
from hoopai_calendars._transport import Timeout
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.anyio


@pytest.fixture
async def server() -> AsyncIterator[TokenServer]:
    async with TokenServer(location_expires_in=3600.0) as running:
        yield running


def _url(server: TokenServer) -> str:
    return f"{server.url}/oauth/locationToken"


async def test_a_location_token_is_exchanged_once_and_renewed_ahead_of_expiry(
    server: TokenServer,
) -> None:
    clock = FakeClock(1_000_000.0)
    provider = LocationTokenProvider(
        AGENCY_TOKEN, "comp-1", "loc-1", token_url=_url(server), refresh_ahead=300, clock=clock
    )
    first = await asyncio.gather(*(provider.get_token() for _ in range(5)))
    assert set(first) == {"lt-loc-1-1"}
    assert provider.token_set.location_id == "loc-1"
    clock.now += 3600 - 301  # still more than refresh_ahead left: the cached one
    assert await provider.get_token() == "lt-loc-1-1"
    clock.now += 2  # inside refresh_ahead: exchanged again before it expires
    assert await provider.get_token() == "lt-loc-1-2"
    assert server.stats.location_tokens == {"loc-1": 2}


async def test_a_rejected_location_token_is_exchanged_again(server: TokenServer) -> None:
    provider = LocationTokenProvider(AGENCY_TOKEN, "comp-1", "loc-2", token_url=_url(server))
    stale = await provider.get_token()
    assert await provider.refresh(stale) == "lt-loc-2-2"


async def test_processes_sharing_a_store_exchange_once(server: TokenServer, redis_url: str) -> None:
    location = f"loc-{uuid.uuid4().hex[:6]}"
    clients = [aioredis.Redis.from_url(redis_url) for _ in range(3)]
    try:
        providers = [
            LocationTokenProvider(
                AGENCY_TOKEN,
                "comp-1",
                location,
                store=RedisTokenStore(client),
                token_url=_url(server),
                timeout=Timeout(total=5.0, connect=1.0),
                lock_timeout=10.0,
            )
            for client in clients
        ]
        tokens = await asyncio.gather(*(p.get_token() for p in providers))
    finally:
        for client in clients:
            await client.aclose()
    assert set(tokens) == {f"lt-{location}-1"}
    assert server.stats.location_tokens == {location: 1}


async def test_agency_tokens_cache_one_provider_per_location(server: TokenServer) -> None:
    agency = AgencyTokens(AGENCY_TOKEN, "comp-1", token_url=_url(server))
    assert agency.location("loc-a") is agency.location("loc-a")
    a, b = agency.location("loc-a"), agency.location("loc-b")
    # Each location is its own rate-limit budget.
    assert a.fingerprint != b.fingerprint
    assert await a.get_token() == "lt-loc-a-1"
    assert await b.get_token() == "lt-loc-b-1"


async def test_a_refused_agency_token_fails_clearly_without_leaking(server: TokenServer) -> None:
    secret = "agency-secret-that-must-not-leak"
    provider = LocationTokenProvider(secret, "comp-1", "loc-1", token_url=_url(server))
    with pytest.raises(AuthenticationError) as caught:
        await provider.get_token()
    assert caught.value.status == 401
    assert secret not in str(caught.value)
    assert caught.value.operation == "oauth.location_token"
