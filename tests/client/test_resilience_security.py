"""OAuth refresh, secrets in logs, redirects and TLS, against real loopback servers."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import random
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import anyio
import pytest
from aiohttp import web

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    AuthenticationError,
    CertificateError,
    HttpxTransport,
    OAuthTokenProvider,
    OutcomeUnknownError,
    RedirectError,
    ServerError,
    TokenSet,
    Transport,
    ValidationError,
)
from hoopai_calendars.emulator import Emulator, create_app
from hoopai_calendars.models import AppointmentCreate
from tests.support.fakes import FakeClock, no_sleep
from tests.support.resilience import demo, serving

pytestmark = pytest.mark.anyio

CLIENT_ID = "6650a1b2c3d4e5f6a7b8c9d0-lx1abcd"
SECRET = "client-secret-3c1f9e7a"
REFRESH = "refresh-token-0a8b7c6d"
ROTATED = "refresh-token-rotated-5e4f3a2b"


class TokenServer:
    """A loopback `POST /oauth/token` that mints emulator tokens and rotates the refresh token."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.forms: list[dict[str, str]] = []
        self.issued: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.forms.append({k: str(v) for k, v in (await request.post()).items()})
        # Slow enough that every concurrent 401 arrives while this refresh is in flight.
        await asyncio.sleep(0.05)
        access = self.emu.mint_token()
        self.issued.append(access)
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 86399,
            "refresh_token": ROTATED,
            "scope": "calendars.readonly calendars/events.write",
            "userType": "Location",
            "locationId": self.emu.location_id,
        }
        return web.json_response(body)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        app = web.Application()
        app.router.add_post("/oauth/token", self.handle)
        async with serving(app) as port:
            yield f"http://127.0.0.1:{port}/oauth/token"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:2", rate_limit=10_000) as emulator:
        yield emulator


# --- OAuth refresh ------------------------------------------------------------------------------


async def test_30_concurrent_401s_share_one_refresh_and_all_succeed(emu: Emulator) -> None:
    server = TokenServer(emu)
    expired = emu.mint_token(expires_in=-1.0)
    handed: list[tuple[TokenSet, int]] = []

    async def on_refresh(tokens: TokenSet) -> None:
        # Record how many requests had succeeded when the rotated tokens were handed over.
        handed.append((tokens, sum(r.status == 200 for r in emu.requests)))

    async with server.running() as token_url:
        provider = OAuthTokenProvider(
            CLIENT_ID,
            SECRET,
            REFRESH,
            access_token=expired,
            token_url=token_url,
            on_refresh=on_refresh,
        )
        calendar_id = demo(emu).calendar_ids[0]
        results: list[str | None] = []
        async with AsyncCalendarsClient(provider, base_url=emu.url) as client:

            async def one() -> None:
                results.append((await client.calendars.get(calendar_id)).id)

            async with anyio.create_task_group() as tg:
                for _ in range(30):
                    tg.start_soon(one)
    assert results == [calendar_id] * 30
    assert len(server.forms) == 1
    assert server.forms[0]["refresh_token"] == REFRESH
    assert server.forms[0]["client_secret"] == SECRET
    ((tokens, successes_before),) = handed
    assert tokens.refresh_token == ROTATED
    assert successes_before == 0  # handed to the callback before the new token was used
    assert provider.token_set.refresh_token == ROTATED
    statuses = [r.status for r in emu.requests if r.operation == "calendars.get"]
    assert statuses.count(200) == 30
    assert statuses.count(401) > 1  # several calls were rejected together: one refresh served all
    assert set(statuses) <= {200, 401}


async def test_token_near_expiry_is_refreshed_before_it_is_sent(emu: Emulator) -> None:
    server = TokenServer(emu)
    soon = emu.mint_token(expires_in=30.0)
    async with server.running() as token_url:
        provider = OAuthTokenProvider(
            CLIENT_ID,
            SECRET,
            REFRESH,
            access_token=soon,
            token_url=token_url,
            expires_at=time.time() + 30.0,
        )
        async with AsyncCalendarsClient(provider, base_url=emu.url) as client:
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert len(server.forms) == 1
    assert [r.status for r in emu.requests] == [200]  # nothing was rejected first


async def test_create_with_expired_token_refreshes_and_books_once(emu: Emulator) -> None:
    server = TokenServer(emu)
    async with server.running() as token_url:
        provider = OAuthTokenProvider(
            CLIENT_ID, SECRET, REFRESH, access_token=emu.mint_token(), token_url=token_url
        )
        async with AsyncCalendarsClient(provider, base_url=emu.url) as client:
            calendar_id = demo(emu).calendar_ids[0]
            start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
            slots = await client.calendars.free_slots(
                calendar_id, start_date=start, end_date=start + dt.timedelta(days=7)
            )
            emu.revoke_token(provider.token_set.access_token)
            body = AppointmentCreate(
                calendar_id=calendar_id,
                location_id=emu.location_id,
                contact_id=demo(emu).contact_ids[0],
                start_time=slots.slots()[0],
            )
            made = await client.appointments.create(body)
    assert made.start_time == body.start_time
    assert len(server.forms) == 1
    creates = [r.status for r in emu.requests if r.operation == "appointments.create"]
    assert creates == [401, 200]
    assert sum(a["startTime"] == body.start_time for a in emu.store.appointments.values()) == 1


async def test_scope_401_raises_without_refreshing(emu: Emulator) -> None:
    server = TokenServer(emu)
    narrow = emu.mint_token(["calendars/events.readonly"])
    async with server.running() as token_url:
        provider = OAuthTokenProvider(
            CLIENT_ID, SECRET, REFRESH, access_token=narrow, token_url=token_url
        )
        async with AsyncCalendarsClient(provider, base_url=emu.url) as client:
            with pytest.raises(AuthenticationError, match="scope"):
                await client.calendars.get(demo(emu).calendar_ids[0])
    assert server.forms == []


# --- secrets stay out of logs, reprs and errors ------------------------------------------------


async def test_debug_logs_reprs_and_errors_never_hold_a_secret(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's included
    server = TokenServer(emu)
    expired = emu.mint_token(expires_in=-1.0)
    texts: list[object] = []
    async with server.running() as token_url:
        provider = OAuthTokenProvider(
            CLIENT_ID, SECRET, REFRESH, access_token=expired, token_url=token_url
        )
        async with AsyncCalendarsClient(
            provider, base_url=emu.url, sleep=no_sleep, random_fraction=random.Random(1).random
        ) as client:
            calendar_id = demo(emu).calendar_ids[0]
            emu.faults.status_5xx("calendars.get", count=1)
            await client.calendars.get(calendar_id)  # a refresh, then a retried 503
            emu.faults.status_5xx("calendars.get", probability=1.0)
            with pytest.raises(ServerError) as failed:
                await client.calendars.get(calendar_id)
            emu.faults.clear()
            emu.faults.reset_after("appointments.create", count=1)
            with pytest.raises(OutcomeUnknownError) as unknown:
                await client.appointments.create(
                    AppointmentCreate(
                        calendar_id=calendar_id,
                        location_id=emu.location_id,
                        contact_id=demo(emu).contact_ids[0],
                        start_time="2030-01-07T09:00:00-05:00",
                    )
                )
            texts += [repr(client), repr(provider), repr(provider.token_set), vars(client)]
    for error in (failed.value, unknown.value):
        texts += [str(error), repr(error), vars(error), error.args]
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert any("calendars.get" in message for message in retries)
    secrets = (SECRET, REFRESH, ROTATED, expired, *server.issued)
    assert len(server.issued) == 1
    for record in caplog.records:
        texts += [record.getMessage(), record.args, record.exc_text]
    texts.append(caplog.text)
    for text in texts:
        for secret in secrets:
            assert secret not in str(text)


def test_token_url_must_be_https_off_loopback() -> None:
    with pytest.raises(ValidationError, match="https"):
        OAuthTokenProvider(CLIENT_ID, SECRET, REFRESH, token_url="http://example.com/oauth/token")


# --- redirects ----------------------------------------------------------------------------------


def other_host() -> str:
    """Return a second loopback address this machine can listen on, or skip."""
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.2", 0))
    except OSError:
        pytest.skip("127.0.0.2 is not available on this machine")
    return "127.0.0.2"


TRANSPORTS: list[Callable[[], Transport]] = [AiohttpTransport, HttpxTransport]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("make_transport", TRANSPORTS, ids=["aiohttp", "httpx"])
async def test_redirect_is_an_error_and_the_other_host_gets_nothing(
    status: int, make_transport: Callable[[], Transport]
) -> None:
    elsewhere: list[web.Request] = []
    here: list[str | None] = []

    async def record(request: web.Request) -> web.Response:
        elsewhere.append(request)
        return web.json_response({"calendar": {"id": "x"}})

    other = web.Application()
    other.router.add_route("*", "/{tail:.*}", record)
    async with serving(other, other_host()) as other_port:
        target = f"http://127.0.0.2:{other_port}"

        async def redirect(request: web.Request) -> web.Response:
            here.append(request.headers.get("Authorization"))
            return web.Response(status=status, headers={"Location": target + request.path_qs})

        origin = web.Application()
        origin.router.add_route("*", "/{tail:.*}", redirect)
        async with serving(origin) as port:
            transport = make_transport()
            async with AsyncCalendarsClient(
                "s3cret-token",
                base_url=f"http://127.0.0.1:{port}",
                transport=transport,
                sleep=no_sleep,
            ) as client:
                with pytest.raises(RedirectError) as info:
                    await client.calendars.get("cal-1")
                with pytest.raises(RedirectError):  # a definite answer, not an unknown outcome
                    await client.appointments.create(
                        AppointmentCreate(
                            calendar_id="cal-1",
                            location_id="loc-1",
                            contact_id="contact-1",
                            start_time="2030-01-07T09:00:00-05:00",
                        )
                    )
            await transport.aclose()
    assert info.value.status == status
    assert f"redirect to {target}/calendars/cal-1 not followed" in str(info.value)
    assert info.value.headers["Location"].startswith(target)
    assert here == ["Bearer s3cret-token"] * 2  # each sent once, to the configured host only
    assert elsewhere == []
    assert "s3cret" not in str(info.value) + repr(vars(info.value))


# --- TLS ----------------------------------------------------------------------------------------


def self_signed(directory: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1; skip if no tool can make one."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither the cryptography package nor openssl is available")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


async def test_tls_verification_is_on_by_default(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    emu = Emulator(seed="demo:1")
    calendar_id = demo(emu).calendar_ids[0]
    async with serving(create_app(emu), ssl_context=server_tls) as port:
        url = f"https://127.0.0.1:{port}"
        clock = FakeClock()
        async with AsyncCalendarsClient(emu.token, base_url=url, sleep=clock.sleep) as client:
            with pytest.raises(CertificateError) as info:
                await client.calendars.get(calendar_id)
        assert "certificate" in str(info.value).lower(), str(info.value)
        assert clock.sleeps == []  # a bad certificate is not retried: it cannot get better
        assert emu.requests == []  # the handshake failed: no request, no token, was sent
        # The same server is fine for a client told to trust this certificate.
        trusting = ssl.create_default_context(cafile=str(cert))
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trusting))
        async with (
            session,
            AsyncCalendarsClient(
                emu.token, base_url=url, transport=AiohttpTransport(session=session)
            ) as client,
        ):
            assert (await client.calendars.get(calendar_id)).id == calendar_id
