"""A loopback OAuth server with single-use, rotating refresh tokens (for tests and benchmarks).

`POST /oauth/token` (also under `/w/<worker>/...`, so the server knows who asked) spends
the refresh token it is given and answers a new pair; a spent one gets `invalid_grant`
and counts as a broken chain. `stall(n)` makes the next n refreshes hang without
spending anything, so a test can kill the process that sent one. `POST
/oauth/locationToken` exchanges an agency token for a location token.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

__all__ = ["AGENCY_TOKEN", "TokenServer"]

AGENCY_TOKEN = "agency-token-not-a-secret"


@dataclass
class _Chain:
    current: str
    rotations: int = 0


@dataclass
class Stats:
    """What the server saw; `broken` counts spent refresh tokens presented again."""

    posts: int = 0
    refreshes: int = 0
    broken: int = 0
    stalled: list[str] = field(default_factory=list)
    location_tokens: dict[str, int] = field(default_factory=dict)


class TokenServer:
    """`async with TokenServer() as server:` then point token_url at `server.token_url`."""

    def __init__(self, *, expires_in: float = 3600.0, location_expires_in: float = 3600.0):
        self.expires_in, self.location_expires_in = expires_in, location_expires_in
        self.stats = Stats()
        self._chains: dict[str, _Chain] = {}
        self._owner: dict[str, str] = {}
        self._serial = itertools.count(1)
        self._stall = 0
        self._released = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    def seed(self, chain: str) -> str:
        """Start a chain; return its first refresh token."""
        token = f"rt-{chain}-0"
        self._chains[chain] = _Chain(token)
        self._owner[token] = chain
        return token

    def current(self, chain: str) -> str:
        """Return the refresh token the server accepts next for `chain`."""
        return self._chains[chain].current

    def rotations(self, chain: str) -> int:
        return self._chains[chain].rotations

    def stall(self, count: int = 1) -> None:
        """Make the next `count` refreshes hang (spending nothing) until the server stops."""
        self._stall += count

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    def worker_token_url(self, worker: str) -> str:
        return f"{self.url}/w/{worker}/oauth/token"

    async def __aenter__(self) -> TokenServer:
        app = web.Application()
        app.router.add_post("/oauth/token", self._token)
        app.router.add_post("/w/{worker}/oauth/token", self._token)
        app.router.add_post("/oauth/locationToken", self._location)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _token(self, request: web.Request) -> web.Response:
        self.stats.posts += 1
        form = await request.post()
        if form.get("grant_type") != "refresh_token":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        token = str(form.get("refresh_token", ""))
        chain_id = self._owner.get(token)
        if chain_id is None:
            return web.json_response({"error": "invalid_grant"}, status=400)
        chain = self._chains[chain_id]
        if token != chain.current:
            self.stats.broken += 1
            return web.json_response(
                {"error": "invalid_grant", "error_description": "refresh token already used"},
                status=400,
            )
        if self._stall > 0:
            self._stall -= 1
            self.stats.stalled.append(request.match_info.get("worker", "?"))
            await self._released.wait()
            return web.json_response({"error": "temporarily_unavailable"}, status=503)
        serial = next(self._serial)
        chain.current = f"rt-{chain_id}-{serial}"
        chain.rotations += 1
        self._owner[chain.current] = chain_id
        self.stats.refreshes += 1
        return web.json_response(
            {
                "access_token": f"at-{chain_id}-{serial}",
                "refresh_token": chain.current,
                "expires_in": self.expires_in,
                "token_type": "Bearer",
                "userType": "Location",
                "locationId": chain_id,
            }
        )

    async def _location(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {AGENCY_TOKEN}":
            return web.json_response({"statusCode": 401, "message": "Invalid JWT"}, status=401)
        form = await request.post()
        company, location = str(form.get("companyId", "")), str(form.get("locationId", ""))
        if not company or not location:
            return web.json_response(
                {"statusCode": 422, "message": ["companyId and locationId are required"]},
                status=422,
            )
        issued = self.stats.location_tokens[location] = (
            self.stats.location_tokens.get(location, 0) + 1
        )
        return web.json_response(
            {
                "access_token": f"lt-{location}-{issued}",
                "token_type": "Bearer",
                "expires_in": self.location_expires_in,
                "scope": "calendars.readonly",
                "locationId": location,
                "companyId": company,
                "userType": "Location",
            }
        )
