"""Client construction, lifecycle and per-call options."""

from __future__ import annotations

import httpx
import pytest
import respx

from hoopai_calendars import (
    AsyncCalendarsClient,
    HttpxTransport,
    RequestOptions,
    Timeout,
    ValidationError,
)

pytestmark = pytest.mark.anyio

BASE = "https://services.leadconnectorhq.com"


def _client(router: respx.MockRouter, **kwargs: object) -> AsyncCalendarsClient:
    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    return AsyncCalendarsClient("s3cret-token", transport=transport, rate_limit=False, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "https://services.leadconnectorhq.com",
        "https://example.test/",
        "http://127.0.0.1:8080",
        "http://127.9.9.9",
        "http://localhost:1234",
        "http://[::1]:8080",
    ],
)
def test_accepted_base_urls(url: str) -> None:
    AsyncCalendarsClient("t", base_url=url)


@pytest.mark.parametrize(
    "url",
    ["http://services.leadconnectorhq.com", "http://10.0.0.1", "ftp://x", "services.example", ""],
)
def test_plain_http_refused_off_loopback(url: str) -> None:
    with pytest.raises(ValidationError) as info:
        AsyncCalendarsClient("t", base_url=url)
    assert info.value.param == "base_url"


def test_bad_settings_fail_at_construction() -> None:
    with pytest.raises(ValidationError, match="timeout"):
        AsyncCalendarsClient("t", timeout=0)
    with pytest.raises(ValidationError, match="max_retries"):
        AsyncCalendarsClient("t", max_retries=-1)


def test_repr_hides_the_token() -> None:
    client = AsyncCalendarsClient("s3cret-token")
    assert "s3cret" not in repr(client)
    assert "s3cret" not in repr(vars(client))


async def test_construction_does_no_io_and_close_is_idempotent() -> None:
    client = AsyncCalendarsClient("t")
    assert client._transport is None  # no pool until the first call
    await client.close()
    await client.close()
    with pytest.raises(RuntimeError, match="closed"):
        await client.calendars.get("cal")


async def test_headers_version_and_per_call_options() -> None:
    router = respx.MockRouter(base_url=BASE)
    route = router.get("/calendars/cal-1").respond(200, json={"calendar": {"id": "cal-1"}})
    async with _client(router, api_version="2021-04-15") as client:
        await client.calendars.get(
            "cal-1",
            options=RequestOptions(extra_headers={"X-Request-Id": "r1"}, timeout=Timeout(3, 1)),
        )
    sent = route.calls.last.request
    assert sent.headers["Version"] == "2021-04-15"
    assert sent.headers["Authorization"] == "Bearer s3cret-token"
    assert sent.headers["X-Request-Id"] == "r1"
    assert sent.headers["User-Agent"].startswith("hoopai-calendars-python/")
    assert sent.headers["Accept"] == "application/json"


async def test_async_token_provider_is_awaited_per_request() -> None:
    router = respx.MockRouter(base_url=BASE)
    route = router.get("/calendars/c").respond(200, json={"calendar": {"id": "c"}})
    tokens = iter(["first", "second"])

    async def provide() -> str:
        return next(tokens)

    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    async with AsyncCalendarsClient(provide, transport=transport, rate_limit=False) as client:
        await client.calendars.get("c")
        await client.calendars.get("c")
    auths = [call.request.headers["Authorization"] for call in route.calls]
    assert auths == ["Bearer first", "Bearer second"]
