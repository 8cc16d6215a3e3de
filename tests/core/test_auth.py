from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from hoopai_calendars._auth import CallableToken, StaticToken, TokenProvider, as_provider
from hoopai_calendars._errors import AuthenticationError, ConnectError, ValidationError
from hoopai_calendars._oauth import TOKEN_URL, OAuthTokenProvider, TokenSet
from hoopai_calendars._transport import Response
from tests.support.fakes import FakeClock, RecordingTransport

pytestmark = pytest.mark.anyio

CLIENT_ID = "6650a1b2c3d4e5f6a7b8c9d0-lx1abcd"
SECRET = "client-secret-3c1f9e7a"
REFRESH = "refresh-token-0a8b7c6d"
ROTATED = "refresh-token-rotated-5e4f3a2b"
ACCESS = "access-token-old-9f8e7d6c"
FRESH = "access-token-new-1a2b3c4d"
SECRETS = (SECRET, REFRESH, ROTATED, ACCESS, FRESH)


def granted(access: str = FRESH, refresh: str | None = ROTATED, **extra: Any) -> Response:
    body: dict[str, Any] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 86399,
        "scope": "calendars.readonly calendars/events.write",
        "userType": "Location",
        "locationId": "loc123",
        "companyId": "comp456",
        "userId": "user789",
        **extra,
    }
    if refresh is not None:
        body["refresh_token"] = refresh
    return Response(200, {"content-type": "application/json"}, json.dumps(body).encode())


def refused(status: int = 400, **body: Any) -> Response:
    return Response(status, {"content-type": "application/json"}, json.dumps(body).encode())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_800_000_000.0)


def oauth(transport: RecordingTransport, clock: FakeClock, **kwargs: Any) -> OAuthTokenProvider:
    return OAuthTokenProvider(
        CLIENT_ID, SECRET, REFRESH, transport=transport, clock=clock, sleep=clock.sleep, **kwargs
    )


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in str(text)


@pytest.fixture(autouse=True)
def logs_carry_no_secrets(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        assert_no_secret(record.getMessage(), record.args, record.exc_text)
    assert_no_secret(caplog.text)


# --- OAuth --------------------------------------------------------------------------------------


async def test_refresh_posts_the_spec_form(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    transport = RecordingTransport(granted())
    provider = oauth(transport, clock)
    assert await provider.get_token() == FRESH
    assert any("refresh" in r.getMessage() for r in caplog.records)  # logs exist, and are clean
    (request,) = transport.requests
    assert (request.method, request.url) == ("POST", TOKEN_URL)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in request.headers
    assert transport.forms() == [
        {
            "client_id": [CLIENT_ID],
            "client_secret": [SECRET],
            "grant_type": ["refresh_token"],
            "refresh_token": [REFRESH],
            "user_type": ["Location"],
        }
    ]
    tokens = provider.token_set
    assert (tokens.access_token, tokens.refresh_token) == (FRESH, ROTATED)
    assert tokens.expires_at == clock.now + 86399
    assert (tokens.location_id, tokens.company_id, tokens.user_id) == (
        "loc123",
        "comp456",
        "user789",
    )
    assert tokens.user_type == "Location"


async def test_company_user_type_is_sent(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    await oauth(transport, clock, user_type="Company").get_token()
    assert transport.forms()[0]["user_type"] == ["Company"]


async def test_concurrent_callers_share_one_refresh(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    transport.gate = asyncio.Event()
    provider = oauth(transport, clock, access_token=ACCESS)
    callers = [asyncio.ensure_future(provider.refresh(ACCESS)) for _ in range(10)]
    callers += [asyncio.ensure_future(provider.get_token()) for _ in range(10)]
    await asyncio.sleep(0)
    transport.gate.set()
    assert await asyncio.gather(*callers) == [FRESH] * 10 + [ACCESS] * 10
    assert len(transport.requests) == 1


async def test_expired_token_has_concurrent_getters_share_one_refresh(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    transport.gate = asyncio.Event()
    provider = oauth(transport, clock)
    callers = [asyncio.ensure_future(provider.get_token()) for _ in range(20)]
    await asyncio.sleep(0)
    transport.gate.set()
    assert await asyncio.gather(*callers) == [FRESH] * 20
    assert len(transport.requests) == 1


async def test_refresh_of_an_already_replaced_token_does_not_post(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    provider = oauth(transport, clock, access_token=ACCESS)
    assert await provider.refresh(ACCESS) == FRESH
    assert await provider.refresh(ACCESS) == FRESH
    assert len(transport.requests) == 1


async def test_refreshes_ahead_of_expiry(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    provider = oauth(transport, clock, access_token=ACCESS, expires_at=clock.now + 3600)
    assert await provider.get_token() == ACCESS
    clock.now += 3600 - 61
    assert await provider.get_token() == ACCESS
    assert transport.requests == []
    clock.now += 2  # inside the 60 s refresh-ahead margin
    assert await provider.get_token() == FRESH
    assert len(transport.requests) == 1


async def test_unknown_expiry_is_used_until_rejected(clock: FakeClock) -> None:
    transport = RecordingTransport(granted(expires_in=None))
    provider = oauth(transport, clock, access_token=ACCESS)
    clock.now += 10 * 86400
    assert await provider.get_token() == ACCESS
    assert await provider.refresh(ACCESS) == FRESH
    assert provider.token_set.expires_at is None


async def test_rotated_refresh_token_is_persisted_before_use(clock: FakeClock) -> None:
    transport = RecordingTransport(granted(), granted(access="access-3", refresh="refresh-3"))
    provider: OAuthTokenProvider
    seen: list[tuple[TokenSet, TokenSet]] = []

    async def persist(tokens: TokenSet) -> None:
        await asyncio.sleep(0)
        seen.append((tokens, provider.token_set))

    provider = oauth(transport, clock, on_refresh=persist)
    await provider.get_token()
    new, current_then = seen[0]
    assert new.refresh_token == ROTATED
    assert current_then.refresh_token == REFRESH  # not yet in use while being persisted
    await provider.refresh(FRESH)
    assert transport.forms()[1]["refresh_token"] == [ROTATED]
    assert seen[1][0].refresh_token == "refresh-3"


async def test_sync_on_refresh_and_missing_rotation(clock: FakeClock) -> None:
    transport = RecordingTransport(granted(refresh=None))
    seen: list[TokenSet] = []
    provider = oauth(transport, clock, on_refresh=seen.append)
    await provider.get_token()
    assert seen == [provider.token_set]
    assert provider.token_set.refresh_token == REFRESH


async def test_failed_persistence_raises_but_keeps_the_rotated_token(clock: FakeClock) -> None:
    transport = RecordingTransport(granted(), granted(access="access-3", refresh="refresh-3"))

    def broken(tokens: TokenSet) -> None:
        raise OSError("disk full")

    provider = oauth(transport, clock, on_refresh=broken)
    with pytest.raises(OSError, match="disk full"):
        await provider.get_token()
    assert await provider.get_token() == FRESH  # no second POST
    assert len(transport.requests) == 1
    with pytest.raises(OSError, match="disk full"):
        await provider.refresh(FRESH)
    assert transport.forms()[1]["refresh_token"] == [ROTATED]


async def test_cancelled_caller_does_not_abandon_the_refresh(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    transport.gate = asyncio.Event()
    seen: list[TokenSet] = []
    provider = oauth(transport, clock, on_refresh=seen.append)
    caller = asyncio.ensure_future(provider.get_token())
    await asyncio.sleep(0)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    transport.gate.set()
    for _ in range(5):
        await asyncio.sleep(0)
    assert [t.refresh_token for t in seen] == [ROTATED]
    assert await provider.get_token() == FRESH
    assert len(transport.requests) == 1


async def test_token_endpoint_is_paced_to_five_a_minute(clock: FakeClock) -> None:
    transport = RecordingTransport(*(granted(access=f"access-{i}") for i in range(7)))
    provider = oauth(transport, clock)
    sent_at = []
    token = await provider.get_token()
    sent_at.append(clock.now)
    for _ in range(6):
        clock.now += 1
        token = await provider.refresh(token)
        sent_at.append(clock.now)
    assert len(transport.requests) == 7
    start = sent_at[0]
    assert sent_at[:5] == [start + i for i in range(5)]
    assert sent_at[5] == start + 60  # the sixth waited for the first to leave the window
    assert sent_at[6] == start + 61
    assert clock.sleeps == [55.0]


async def test_rejected_refresh_raises_authentication_error_without_secrets(
    clock: FakeClock,
) -> None:
    answer = refused(
        400, error="invalid_grant", error_description=f"Invalid refresh token {REFRESH}"
    )
    transport = RecordingTransport(answer)
    provider = oauth(transport, clock, access_token=ACCESS)
    with pytest.raises(AuthenticationError) as caught:
        await provider.refresh(ACCESS)
    error = caught.value
    assert error.status == 400
    assert error.operation == "oauth.refresh"
    assert "invalid_grant" in str(error)
    assert_no_secret(str(error), repr(error), error.args, error.body, error.messages)
    assert await provider.get_token() == ACCESS  # the old token stays until replaced


@pytest.mark.parametrize(
    "answer",
    [
        Response(502, {"content-type": "text/html"}, b"<html>Bad gateway</html>"),
        refused(401, statusCode=401, message="Invalid JWT", error="Unauthorized"),
        refused(422, message=["refresh_token must be a string"]),
        Response(200, {}, b"not json"),
        granted(access=""),
        granted(refresh="has a space"),
    ],
)
async def test_every_failed_refresh_is_an_authentication_error(
    clock: FakeClock, answer: Response
) -> None:
    provider = oauth(RecordingTransport(answer), clock)
    with pytest.raises(AuthenticationError) as caught:
        await provider.get_token()
    assert_no_secret(str(caught.value), repr(caught.value), caught.value.body)


async def test_transport_failure_names_the_operation(clock: FakeClock) -> None:
    provider = oauth(RecordingTransport(ConnectError("could not connect")), clock)
    with pytest.raises(ConnectError) as caught:
        await provider.get_token()
    assert caught.value.operation == "oauth.refresh"
    # The failure is not sticky: the next call tries again.
    provider = oauth(RecordingTransport(ConnectError("down"), granted()), clock)
    with pytest.raises(ConnectError):
        await provider.get_token()
    assert await provider.get_token() == FRESH


async def test_oauth_reprs_hide_secrets(clock: FakeClock) -> None:
    transport = RecordingTransport(granted())
    provider = oauth(transport, clock, access_token=ACCESS)
    await provider.refresh(ACCESS)
    texts = [repr(provider), str(provider), repr(provider.token_set), str(provider.token_set)]
    texts += [repr(r) for r in transport.requests]
    assert_no_secret(*texts)
    assert "loc123" in repr(provider.token_set)
    assert provider.fingerprint == f"oauth:{CLIENT_ID}"
    assert provider.can_refresh


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_secret": ""}, "client_secret"),
        ({"refresh_token": "two words"}, "refresh_token"),
        ({"access_token": "Bearer abc"}, "access_token"),
        ({"user_type": "Agency"}, "user_type"),
        ({"token_url": "http://example.com/oauth/token"}, "base_url"),
        ({"refresh_ahead": -1}, "refresh_ahead"),
    ],
)
def test_oauth_rejects_bad_settings(kwargs: dict[str, Any], param: str) -> None:
    args = {"client_id": CLIENT_ID, "client_secret": SECRET, "refresh_token": REFRESH, **kwargs}
    with pytest.raises(ValidationError) as caught:
        OAuthTokenProvider(**args)
    assert caught.value.param == param
    assert_no_secret(str(caught.value))


# --- static and callable tokens -----------------------------------------------------------------


async def test_static_token() -> None:
    provider = StaticToken(ACCESS)
    assert await provider.get_token() == ACCESS
    assert await provider.refresh(ACCESS) == ACCESS
    assert not provider.can_refresh
    assert provider.fingerprint == StaticToken(ACCESS).fingerprint != StaticToken(FRESH).fingerprint
    assert_no_secret(repr(provider), str(provider), provider.fingerprint)


@pytest.mark.parametrize("bad", ["", f"Bearer {ACCESS}", f"{ACCESS}\r\nX-Evil: 1", f" {ACCESS}"])
def test_static_token_rejects_unsendable_values(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        StaticToken(bad)
    assert_no_secret(str(caught.value), repr(caught.value))


async def test_callable_token_is_called_per_request_and_refreshes_single_flight() -> None:
    tokens = iter([ACCESS, ACCESS, FRESH, "never-used"])
    calls = 0

    async def fetch() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        return next(tokens)

    provider = CallableToken(fetch)
    assert await provider.get_token() == ACCESS
    assert await provider.get_token() == ACCESS
    refreshed = await asyncio.gather(*(provider.refresh(ACCESS) for _ in range(10)))
    assert refreshed == [FRESH] * 10
    assert calls == 3
    assert await provider.refresh(ACCESS) == FRESH  # already replaced: no call
    assert calls == 3
    assert provider.can_refresh
    assert provider.fingerprint.endswith("fetch")
    assert_no_secret(repr(provider))


async def test_callable_token_checks_what_it_gets() -> None:
    def not_async() -> str:
        return ACCESS

    with pytest.raises(ValidationError):
        await CallableToken(not_async).get_token()  # type: ignore[arg-type]

    async def bad() -> str:
        return f"Bearer {ACCESS}"

    with pytest.raises(ValidationError) as caught:
        await CallableToken(bad).get_token()
    assert_no_secret(str(caught.value))


async def test_as_provider() -> None:
    async def fetch() -> str:
        return ACCESS

    static = as_provider(ACCESS)
    assert isinstance(static, StaticToken)
    assert isinstance(as_provider(fetch), CallableToken)
    oauth_provider = OAuthTokenProvider(CLIENT_ID, SECRET, REFRESH)
    assert as_provider(oauth_provider) is oauth_provider
    for provider in (static, oauth_provider, CallableToken(fetch)):
        assert isinstance(provider, TokenProvider)
    with pytest.raises(ValidationError):
        as_provider(42)  # type: ignore[arg-type]
