"""Derived clients (`with_options`), per-call keywords, and raw responses, as a user calls them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from hoopai_calendars import (
    AsyncCalendarsClient,
    CalendarsClient,
    HttpxTransport,
    RateLimiter,
    RawResponse,
    RequestOptions,
    ServerError,
    Timeout,
)
from hoopai_calendars.models import Calendar

pytestmark = pytest.mark.anyio

BASE = "https://services.leadconnectorhq.com"
CALENDAR = {"calendar": {"id": "cal1", "name": "Consults"}, "traceId": "trace-7"}
RATE = {"X-RateLimit-Max": "100", "X-RateLimit-Remaining": "42"}


def _client(router: respx.MockRouter, **settings: Any) -> AsyncCalendarsClient:
    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    return AsyncCalendarsClient("tok", transport=transport, **settings)


async def test_with_options_changes_settings_and_shares_pool_limiter_and_token() -> None:
    with respx.mock(base_url=BASE) as router:
        route = router.get("/calendars/cal1").respond(json=CALENDAR)
        async with _client(router, rate_limit_key="loc1") as client:
            quick = client.with_options(timeout=5, max_retries=0)
            assert (quick.timeout, quick.max_retries) == (Timeout(5.0, 5.0), 0)
            assert (client.timeout, client.max_retries) == (Timeout(), 2)
            assert quick._transport is client._transport  # one pool
            assert quick._limiter is client._limiter  # one budget
            assert quick._tokens is client._tokens  # one token provider
            assert isinstance(quick, AsyncCalendarsClient)
            await quick.calendars.get("cal1")
            await quick.close()  # closing the copy leaves the pool open
            await client.calendars.get("cal1")
    assert route.call_count == 2


async def test_a_copy_of_a_lazily_pooled_client_uses_the_same_pool() -> None:
    client = AsyncCalendarsClient("tok")
    copy = client.with_options(api_version="2021-04-15")
    assert copy._get_transport() is client._get_transport()
    assert copy.api_version == "2021-04-15"
    await copy.close()
    await client.close()


async def test_per_call_keywords_are_options() -> None:
    with respx.mock(base_url=BASE) as router:
        route = router.get("/calendars/cal1").mock(
            side_effect=[httpx.Response(503), httpx.Response(200, json=CALENDAR)]
        )
        async with _client(router, rate_limit=False, sleep=_no_sleep) as client:
            with pytest.raises(ServerError):
                await client.calendars.get("cal1", max_retries=0, extra_headers={"X-Tag": "a"})
            found = await client.calendars.get(
                "cal1", timeout=2.5, options=RequestOptions(extra_headers={"X-Other": "b"})
            )
    assert isinstance(found, Calendar)
    first, second = (call.request for call in route.calls)
    assert first.headers["X-Tag"] == "a"
    assert second.headers["X-Other"] == "b"


async def _no_sleep(_: float) -> None:
    return None


async def test_raw_response_has_status_headers_trace_id_rate_limit_and_parse() -> None:
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").respond(json=CALENDAR, headers=RATE)
        async with _client(router, rate_limit=False) as client:
            raw = await client.calendars.with_raw_response.get("cal1", timeout=3)
    assert isinstance(raw, RawResponse)
    assert (raw.status, raw.trace_id, raw.operation) == (200, "trace-7", "calendars.get")
    assert raw.headers["x-ratelimit-remaining"] == "42"
    assert (raw.rate_limit.limit, raw.rate_limit.remaining) == (100, 42)
    calendar = raw.parse()
    assert (calendar.id, calendar.name) == ("cal1", "Consults")
    assert repr(raw) == "RawResponse(operation='calendars.get', status=200, trace_id='trace-7')"


def test_blocking_client_derives_and_answers_raw_responses() -> None:
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").respond(json=CALENDAR)
        transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
        with CalendarsClient("tok", transport=transport, rate_limiter=RateLimiter()) as client:
            quick = client.with_options(max_retries=0)
            assert quick.max_retries == 0
            assert quick.async_client._limiter is client.async_client._limiter
            raw = quick.calendars.with_raw_response.get("cal1")
            assert (raw.status, raw.trace_id, raw.parse().id) == (200, "trace-7", "cal1")
            quick.close()
            assert client.calendars.get("cal1", timeout=4).id == "cal1"
            client.run(transport.aclose)
