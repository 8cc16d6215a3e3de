"""Secrets never reach exceptions or the frame locals an error reporter captures (issue 15.3)."""

from __future__ import annotations

import copy
import pickle
import traceback
from collections.abc import Callable, Iterator, Mapping

import pytest
from aiohttp import web

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    AuthenticationError,
    CalendarsClient,
    ConnectError,
    HttpxTransport,
    OAuthTokenProvider,
    RequestOptions,
    Response,
    Secret,
    Timeout,
    Transport,
)
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import GroupCreate
from tests.support.fakes import RecordingTransport, no_sleep
from tests.support.resilience import dead_url, serving

pytestmark = pytest.mark.anyio

TOKEN = "eyJhbGciOiJIUzI1NiJ9.access-token-7f3e2d1c"
CLIENT_ID = "6650a1b2c3d4e5f6a7b8c9d0-lx1abcd"
CLIENT_SECRET = "client-secret-9b8a7c6d5e"
REFRESH = "refresh-token-1a2b3c4d5e"
ROTATED = "rotated-refresh-token-77aa88bb"
SECRETS = (TOKEN, CLIENT_SECRET, REFRESH)

TRANSPORTS: dict[str, Callable[[], Transport]] = {
    "aiohttp": AiohttpTransport,
    "httpx": HttpxTransport,
}


# --- what an error reporter sees ---------------------------------------------------------------


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exceptions a reporter shows: causes, unsuppressed contexts, and a wrapped `cause`."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nxt = current.__cause__ if current.__suppress_context__ else current.__context__
        for linked in (nxt, getattr(current, "cause", None)):
            if isinstance(linked, BaseException):
                todo.append(linked)


def _shown(value: object, depth: int = 0) -> Iterator[str]:
    """Repr a value, and (like Sentry's serializer) walk into containers and plain objects."""
    yield repr(value)
    if depth >= 3:
        return
    children: list[object] = []
    if isinstance(value, Mapping):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        children = list(vars(value).values())
    for child in children:
        yield from _shown(child, depth + 1)


def reported(exc: BaseException) -> str:
    """Everything a reporter capturing frame locals would record for `exc`."""
    parts: list[str] = []
    for err in _chain(exc):
        parts += [str(err), repr(err), repr(err.args)]
        for attr in ("messages", "body", "error", "message"):
            parts.append(repr(getattr(err, attr, None)))
        tb = err.__traceback__
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                parts.extend(_shown(value))
            tb = tb.tb_next
    formatted = traceback.TracebackException.from_exception(exc, capture_locals=True)
    parts.append("".join(formatted.format()))
    return "\n".join(parts)


def assert_no_secret(exc: BaseException) -> None:
    text = reported(exc)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} reported by {type(exc).__name__}"
    assert "Bearer " + TOKEN[:12] not in text


# --- a server that echoes the token it was sent --------------------------------------------------


def echoing_api() -> web.Application:
    async def reject(request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return web.json_response(
            {"statusCode": 401, "message": f"Invalid JWT: {token}", "error": token},
            status=401,
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", reject)
    return app


def refusing_token_endpoint(seen: list[bool]) -> web.Application:
    async def refuse(request: web.Request) -> web.Response:
        form = await request.post()
        seen.append(form["refresh_token"] == REFRESH)
        return web.json_response(
            {
                "error": "invalid_grant",
                "error_description": f"refresh token {form['refresh_token']} is not valid for "
                f"client {form['client_id']} (secret {form['client_secret']})",
            },
            status=400,
        )

    app = web.Application()
    app.router.add_post("/oauth/token", refuse)
    return app


@pytest.mark.parametrize("kind", sorted(TRANSPORTS))
async def test_an_echoed_token_is_scrubbed_from_the_error(kind: str) -> None:
    async with serving(echoing_api()) as port:
        transport = TRANSPORTS[kind]()
        async with AsyncCalendarsClient(
            TOKEN, base_url=f"http://127.0.0.1:{port}", transport=transport, rate_limit=False
        ) as client:
            with pytest.raises(AuthenticationError) as info:
                await client.calendars.get("cal-1")
        await transport.aclose()
    exc = info.value
    assert str(exc).startswith("HTTP 401: Invalid JWT: <redacted>")
    assert exc.messages == ("Invalid JWT: <redacted>",)
    assert exc.error == "<redacted>"
    assert b"<redacted>" in exc.body
    assert TOKEN.encode() not in exc.body
    assert_no_secret(exc)


async def test_a_token_from_a_callable_is_scrubbed_and_never_a_plain_local() -> None:
    async def provide() -> str:
        return TOKEN

    async with (
        serving(echoing_api()) as port,
        AsyncCalendarsClient(
            provide, base_url=f"http://127.0.0.1:{port}", rate_limit=False, sleep=no_sleep
        ) as client,
    ):
        with pytest.raises(AuthenticationError) as info:
            await client.calendars.get("cal-1")
    assert "<redacted>" in str(info.value)
    assert_no_secret(info.value)


async def test_short_tokens_do_not_mangle_messages() -> None:
    async with (
        serving(echoing_api()) as port,
        AsyncCalendarsClient("Invalid", base_url=f"http://127.0.0.1:{port}") as client,
    ):
        with pytest.raises(AuthenticationError) as info:
            await client.calendars.get("cal-1")
    # Seven characters: too short to scrub without rewriting ordinary words.
    assert info.value.messages == ("Invalid JWT: Invalid",)


@pytest.mark.parametrize("kind", sorted(TRANSPORTS))
async def test_a_connect_error_reports_no_token(kind: str) -> None:
    transport = TRANSPORTS[kind]()
    async with AsyncCalendarsClient(
        TOKEN, base_url=dead_url(), transport=transport, max_retries=0, rate_limit=False
    ) as client:
        with pytest.raises(ConnectError) as info:
            await client.calendars.get("cal-1")
    await transport.aclose()
    assert_no_secret(info.value)


async def test_a_connect_error_on_a_post_with_extra_headers_reports_no_token() -> None:
    async def provide() -> str:
        return TOKEN

    body = GroupCreate(location_id="loc", name="Team", description="d", slug="team")
    async with AsyncCalendarsClient(provide, base_url=dead_url(), max_retries=0) as client:
        with pytest.raises(ConnectError) as info:
            await client.groups.create(
                body, options=RequestOptions(extra_headers={"X-Trace": "t1"})
            )
    assert_no_secret(info.value)


async def test_a_failed_refresh_reports_no_secret() -> None:
    seen: list[bool] = []
    async with (
        serving(echoing_api()) as api_port,
        serving(refusing_token_endpoint(seen)) as token_port,
    ):
        provider = OAuthTokenProvider(
            CLIENT_ID,
            CLIENT_SECRET,
            REFRESH,
            access_token=TOKEN,
            token_url=f"http://127.0.0.1:{token_port}/oauth/token",
        )
        async with AsyncCalendarsClient(
            provider, base_url=f"http://127.0.0.1:{api_port}", rate_limit=False
        ) as client:
            with pytest.raises(AuthenticationError) as info:
                await client.calendars.get("cal-1")
    assert seen == [True]  # the refresh really was tried, and refused
    assert_no_secret(info.value)
    assert "OAuth refresh failed" in str(info.value)
    assert "<redacted>" in str(info.value)


async def test_an_unusable_refresh_answer_reports_none_of_its_tokens() -> None:
    async def half_broken(request: web.Request) -> web.Response:
        # The access token has a space in it: unusable, but the rotated token is real.
        return web.json_response({"access_token": "new access 1234", "refresh_token": ROTATED})

    app = web.Application()
    app.router.add_post("/oauth/token", half_broken)
    async with serving(app) as port:
        provider = OAuthTokenProvider(
            CLIENT_ID, CLIENT_SECRET, REFRESH, token_url=f"http://127.0.0.1:{port}/oauth/token"
        )
        with pytest.raises(AuthenticationError) as info:
            await provider.get_token()
    assert_no_secret(info.value)
    text = reported(info.value)
    assert ROTATED not in text
    assert "new access 1234" not in text
    assert "no usable tokens" in str(info.value)


async def test_a_refresh_that_cannot_connect_reports_no_secret() -> None:
    provider = OAuthTokenProvider(
        CLIENT_ID, CLIENT_SECRET, REFRESH, token_url=dead_url() + "/oauth/token"
    )
    async with AsyncCalendarsClient(provider, base_url=dead_url(), rate_limit=False) as client:
        with pytest.raises(ConnectError) as info:
            await client.calendars.get("cal-1")
    assert info.value.operation == "oauth.refresh"
    assert_no_secret(info.value)


# --- the fixed-token hot path builds its headers once -------------------------------------------


async def test_a_fixed_token_is_revealed_only_on_the_wire_and_built_once() -> None:
    transport = RecordingTransport(Response(200, {}, b'{"calendar": {"id": "cal-1"}}'))
    client = AsyncCalendarsClient(TOKEN, transport=transport, rate_limit=False)
    for _ in range(3):
        await client.calendars.get("cal-1")
    await client.calendars.get("cal-1", options=_with_timeout())
    await client.close()
    assert all(w["Authorization"] == f"Bearer {TOKEN}" for w in transport.wire)
    # One wire dictionary for every call: nothing is copied or formatted per request.
    assert transport.wire[0] is transport.wire[1] is transport.wire[2] is transport.wire[3]
    for request in transport.requests:
        assert "Authorization" not in request.headers
        assert TOKEN not in repr(request) + repr(request.headers) + repr(dict(request.headers))


def _with_timeout() -> RequestOptions:
    return RequestOptions(timeout=Timeout(3, 1))


def test_the_blocking_facade_reports_no_token() -> None:
    emu = Emulator()
    with (
        emu.running_in_thread(),
        CalendarsClient(TOKEN, base_url=emu.url) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.calendars.get("cal-1")  # the emulator does not know this token
    assert_no_secret(info.value)


def test_a_secret_shows_redacted_and_compares_with_its_plain_value() -> None:
    secret = Secret(TOKEN)
    assert repr(secret) == str(secret) == f"{secret}" == "Secret('<redacted>')"
    assert secret.reveal() == TOKEN
    assert secret == TOKEN
    assert secret == Secret(TOKEN)
    assert secret != Secret(TOKEN + "x")
    assert copy.deepcopy(secret) is secret
    with pytest.raises(TypeError):
        pickle.dumps(secret)
