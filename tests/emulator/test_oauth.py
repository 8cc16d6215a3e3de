"""OAuth in the emulator: the token endpoint, the location exchange, scoped tokens."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from hoopai_calendars import (
    AsyncCalendarsClient,
    AuthenticationError,
    CalendarsClient,
    OAuthTokenProvider,
    TokenSet,
)
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import CalendarCreate

pytestmark = pytest.mark.anyio

DAY = 86_400.0
CLIENT_ID, SECRET = "app-1", "app-1-secret"


class Clock:
    def __init__(self) -> None:
        self.now = 1_730_030_400.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emu(clock: Clock) -> AsyncIterator[Emulator]:
    async with Emulator(clock=clock) as emulator:
        emulator.oauth.add_app(CLIENT_ID, SECRET)
        yield emulator


async def post(
    emu: Emulator,
    path: str,
    form: dict[str, str],
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(emu.url + path, data=form, headers=headers or {}) as resp,
    ):
        return resp.status, await resp.json()


def grant(kind: str, value: str, **extra: str) -> dict[str, str]:
    name = "code" if kind == "authorization_code" else "refresh_token"
    return {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "grant_type": kind,
        name: value,
        **extra,
    }


async def calendars(emu: Emulator, token: str) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}", "Version": "2021-07-28"}
    url = f"{emu.url}/calendars/?locationId={emu.location_id}"
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        return resp.status, await resp.json()


async def test_the_code_grant_gives_tokens_the_api_accepts(emu: Emulator) -> None:
    code = emu.oauth.authorization_code(CLIENT_ID, location_id=emu.location_id)
    status, body = await post(emu, "/oauth/token", grant("authorization_code", code))
    assert status == 200
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 86_399
    assert body["locationId"] == emu.location_id
    assert body["userType"] == "Location"
    assert set(body["scope"].split()) == {
        "calendars.readonly",
        "calendars.write",
        "calendars/events.readonly",
        "calendars/events.write",
    }
    assert (await calendars(emu, body["access_token"]))[0] == 200
    # A code is single use.
    again, refused = await post(emu, "/oauth/token", grant("authorization_code", code))
    assert (again, refused["error"]) == (400, "invalid_grant")


async def test_refresh_tokens_rotate_and_are_single_use(emu: Emulator) -> None:
    first = emu.oauth.refresh_token(CLIENT_ID)
    status, body = await post(emu, "/oauth/token", grant("refresh_token", first))
    assert status == 200
    assert body["refresh_token"] != first
    reused, refused = await post(emu, "/oauth/token", grant("refresh_token", first))
    assert (reused, refused["error"]) == (400, "invalid_grant")
    status, _ = await post(emu, "/oauth/token", grant("refresh_token", body["refresh_token"]))
    assert status == 200


async def test_bad_client_credentials_and_missing_fields(emu: Emulator) -> None:
    token = emu.oauth.refresh_token(CLIENT_ID)
    status, body = await post(
        emu, "/oauth/token", {**grant("refresh_token", token), "client_secret": "wrong"}
    )
    assert (status, body["error"]) == (401, "invalid_client")
    status, body = await post(emu, "/oauth/token", {"grant_type": "refresh_token"})
    assert status == 422
    assert body["message"] == ["client_id should not be empty", "client_secret should not be empty"]
    # The refused attempt did not spend the refresh token.
    assert (await post(emu, "/oauth/token", grant("refresh_token", token)))[0] == 200


async def test_access_tokens_live_24_hours_on_the_clock(emu: Emulator, clock: Clock) -> None:
    token = emu.oauth.refresh_token(CLIENT_ID)
    _, body = await post(emu, "/oauth/token", grant("refresh_token", token))
    clock.now += DAY - 2
    assert (await calendars(emu, body["access_token"]))[0] == 200
    clock.now += 2
    status, refused = await calendars(emu, body["access_token"])
    assert (status, refused["message"]) == (401, "Invalid JWT")


async def test_the_token_endpoint_allows_5_requests_a_minute(emu: Emulator, clock: Clock) -> None:
    token = emu.oauth.refresh_token(CLIENT_ID)
    for _ in range(5):
        status, body = await post(emu, "/oauth/token", grant("refresh_token", token))
        assert status == 200
        token = body["refresh_token"]
    assert (await post(emu, "/oauth/token", grant("refresh_token", token)))[0] == 429
    clock.now += 60
    assert (await post(emu, "/oauth/token", grant("refresh_token", token)))[0] == 200


async def test_v3_callers_send_camel_case_and_get_camel_case(emu: Emulator) -> None:
    token = emu.oauth.refresh_token(CLIENT_ID)
    form = {
        "clientId": CLIENT_ID,
        "clientSecret": SECRET,
        "grantType": "refresh_token",
        "refreshToken": token,
        "userType": "Location",
    }
    status, body = await post(emu, "/oauth/token", form, {"Version": "v3"})
    assert status == 200
    assert {"accessToken", "refreshToken", "expiresIn", "tokenType"} <= set(body)
    assert "access_token" not in body


async def test_the_provider_and_the_readme_sample_run_offline(emu: Emulator, clock: Clock) -> None:
    saved: list[TokenSet] = []

    async def save(tokens: TokenSet) -> None:
        saved.append(tokens)

    refresh = emu.oauth.refresh_token(CLIENT_ID, location_id=emu.location_id)
    tokens = OAuthTokenProvider(
        CLIENT_ID, SECRET, refresh, on_refresh=save, token_url=emu.token_url, clock=clock
    )
    async with AsyncCalendarsClient(tokens, base_url=emu.url) as client:
        await client.calendars.create(CalendarCreate(location_id=emu.location_id, name="A"))
        assert len(saved) == 1
        clock.now += DAY  # the access token expires: the provider refreshes on its own
        assert len(await client.calendars.list(location_id=emu.location_id)) == 1
    assert len(saved) == 2
    assert saved[1].refresh_token != saved[0].refresh_token != refresh
    # The first rotated refresh token was spent by the second refresh.
    status, _ = await post(emu, "/oauth/token", grant("refresh_token", saved[0].refresh_token))
    assert status == 400


async def test_a_provider_with_a_dead_refresh_token_fails_clearly(emu: Emulator) -> None:
    tokens = OAuthTokenProvider(CLIENT_ID, SECRET, "refresh-unknown", token_url=emu.token_url)
    async with AsyncCalendarsClient(tokens, base_url=emu.url) as client:
        with pytest.raises(AuthenticationError, match="invalid_grant"):
            await client.calendars.list(location_id=emu.location_id)


async def _agency_token(emu: Emulator) -> str:
    refresh = emu.oauth.refresh_token(
        CLIENT_ID, user_type="Company", location_id=None, company_id="co-1"
    )
    status, body = await post(emu, "/oauth/token", grant("refresh_token", refresh))
    assert status == 200
    assert body["userType"] == "Company"
    assert "locationId" not in body
    return str(body["access_token"])


async def test_an_agency_token_is_exchanged_for_a_location_token(emu: Emulator) -> None:
    agency = await _agency_token(emu)
    status, refused = await calendars(emu, agency)
    assert (status, refused["message"]) == (401, "The token is not authorized for this scope.")
    auth = {"Authorization": f"Bearer {agency}", "Version": "2021-07-28"}
    form = {"companyId": "co-1", "locationId": emu.location_id}
    status, body = await post(emu, "/oauth/locationToken", form, auth)
    assert status == 200
    assert body["locationId"] == emu.location_id
    assert "refresh_token" not in body
    assert (await calendars(emu, body["access_token"]))[0] == 200

    status, v3 = await post(emu, "/oauth/location-token", form, {**auth, "Version": "v3"})
    assert status == 200
    assert v3["refreshToken"]
    assert (await calendars(emu, v3["accessToken"]))[0] == 200


async def test_the_location_exchange_refuses_what_the_api_refuses(emu: Emulator) -> None:
    agency = await _agency_token(emu)
    form = {"companyId": "co-1", "locationId": emu.location_id}
    path = "/oauth/locationToken"
    status, body = await post(emu, path, form, {"Authorization": f"Bearer {agency}"})
    assert (status, body["message"]) == (401, "version header was not found.")
    version = {"Version": "2021-07-28"}
    as_location = {**version, "Authorization": f"Bearer {emu.token}"}
    assert (await post(emu, path, form, as_location))[0] == 403
    as_agency = {**version, "Authorization": f"Bearer {agency}"}
    assert (await post(emu, path, {**form, "companyId": "co-2"}, as_agency))[0] == 403
    status, body = await post(emu, path, {"companyId": "co-1"}, as_agency)
    assert (status, body["message"]) == (422, ["locationId should not be empty"])


async def test_issued_tokens_carry_only_their_grants_scopes(emu: Emulator) -> None:
    code = emu.oauth.authorization_code(CLIENT_ID, scopes=["calendars.readonly", "contacts.write"])
    _, body = await post(emu, "/oauth/token", grant("authorization_code", code))
    assert body["scope"] == "calendars.readonly contacts.write"
    async with AsyncCalendarsClient(body["access_token"], base_url=emu.url) as client:
        assert await client.calendars.list(location_id=emu.location_id) == []
        with pytest.raises(AuthenticationError, match="not authorized for this scope"):
            await client.calendars.create(CalendarCreate(location_id=emu.location_id, name="A"))


async def test_reset_forgets_tokens_apps_and_grants(emu: Emulator) -> None:
    minted = emu.mint_token()
    refresh = emu.oauth.refresh_token(CLIENT_ID)
    emu.reset()
    assert (await calendars(emu, minted))[0] == 401
    assert (await calendars(emu, emu.token))[0] == 200
    status, body = await post(emu, "/oauth/token", grant("refresh_token", refresh))
    assert (status, body["error"]) == (401, "invalid_client")


async def test_a_read_only_token_reads_but_cannot_write(emu: Emulator) -> None:
    emu.add_token("ro-token", ["calendars.readonly"])
    async with AsyncCalendarsClient("ro-token", base_url=emu.url) as client:
        assert await client.calendars.list(location_id=emu.location_id) == []
        with pytest.raises(AuthenticationError, match="not authorized for this scope"):
            await client.calendars.create(CalendarCreate(location_id=emu.location_id, name="A"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_the_emulator_command_takes_a_token_with_scopes() -> None:
    command = [sys.executable, "-m", "hoopai_calendars.cli", "emulator", "--port", "0"]
    scopes = "calendars.readonly,calendars/events.readonly"
    proc = subprocess.Popen(
        [*command, "--token", "T-ro", "--scopes", scopes],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline() for _ in range(3)]
        url = re.search(r"http://\S+", banner[0])
        assert url is not None, banner
        assert banner[2].strip() == f"scopes: {scopes}"
        with CalendarsClient("T-ro", base_url=url.group(0)) as client:
            assert client.calendars.list(location_id="loc_demo") == []
            with pytest.raises(AuthenticationError, match="scope"):
                client.calendars.create(CalendarCreate(location_id="loc_demo", name="A"))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert "Traceback" not in err
