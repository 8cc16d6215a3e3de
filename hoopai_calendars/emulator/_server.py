"""The Emulator object (an aiohttp server over an in-memory store) and `serve` for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from typing import Any

import anyio.from_thread
from aiohttp import web

from ..api import RATE_LIMIT_DAILY, RATE_LIMIT_INTERVAL_MS, RATE_LIMIT_MAX
from ._app import create_app as _create_app
from ._auth import ALL_SCOPES, TokenRegistry
from ._faults import FaultInjector
from ._limits import RateLimiter
from ._oauth import OAuthStore
from ._seed import DemoData, seed_demo
from ._state import RequestRecord, State
from ._store import Store
from ._webhooks import RETRY_DELAY_S, WebhookSender

__all__ = ["Emulator", "create_app", "serve"]

# Handlers never block for long; a short grace period keeps shutdown snappy.
_SHUTDOWN_GRACE_S = 1.0


class Emulator:
    """A local HoopAI Calendars API: `async with Emulator() as emu:` then call `emu.url`.

    The default `token` holds `scopes` (all four by default) for `location_id`; a
    missing scope answers the API's 401 "The token is not authorized for this scope.".
    `clock` (epoch seconds) drives rate-limit windows, token expiry, "now" for free
    slots and timestamps; `oauth` serves the token endpoint (see `OAuthStore`).
    `seed="demo"` (or `"demo:N"` for N calendars) loads `seed_demo` at construction.
    `webhook_url` (one or several) receives signed appointment webhooks, as
    `emu.webhooks.subscribe(url)` does; verify them with `emu.webhook_public_key`.
    `webhook_sleep` waits between 429 retries and injected delays (`asyncio.sleep`).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        scopes: Iterable[str] = ALL_SCOPES,
        location_id: str = "loc_demo",
        rate_limit: int = RATE_LIMIT_MAX,
        rate_interval_ms: int = RATE_LIMIT_INTERVAL_MS,
        daily_limit: int = RATE_LIMIT_DAILY,
        seed: str | None = None,
        clock: Callable[[], float] | None = None,
        webhook_url: str | Sequence[str] | None = None,
        webhook_sleep: Callable[[float], Awaitable[Any]] | None = None,
        webhook_retry_delay: float = RETRY_DELAY_S,
    ) -> None:
        self._host = host
        self._port = port
        self._clock = clock or time.time
        self.location_id = location_id
        self._limits = (rate_limit, rate_interval_ms, daily_limit)
        self._scopes = tuple(scopes)
        self.store = Store()
        self.faults = FaultInjector()
        tokens = TokenRegistry(self._clock)
        if token is None:
            self.token = tokens.mint(self._scopes, location_id)
        else:
            self.token = tokens.add(token, self._scopes, location_id)
        limiter = RateLimiter(self._clock, rate_limit, rate_interval_ms, daily_limit)
        self.state = State(self.store, tokens, limiter, self.faults, self._clock, location_id)
        self.webhooks = WebhookSender(
            self._clock, sleep=webhook_sleep, retry_delay=webhook_retry_delay
        )
        self.state.on_appointment = self.webhooks.emit
        for url in [webhook_url] if isinstance(webhook_url, str) else webhook_url or ():
            self.webhooks.subscribe(url)
        self.demo: DemoData | None = None
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        if seed is not None:
            name, _, count = seed.partition(":")
            if name != "demo" or (count and not count.isdigit()):
                raise ValueError(f"unknown seed {seed!r}; expected 'demo' or 'demo:N'")
            self.seed_demo(int(count) if count else 50)

    def __repr__(self) -> str:
        where = self._url or "not started"
        return f"<Emulator {where} location={self.location_id!r}>"

    @property
    def url(self) -> str:
        """Return the base URL, e.g. `http://127.0.0.1:54321` (only while running)."""
        if self._url is None:
            raise RuntimeError("the emulator is not running; use `async with Emulator()`")
        return self._url

    @property
    def webhook_public_key(self) -> str:
        """Return the PEM key that verifies this emulator's webhooks (pass as `public_key`)."""
        return self.webhooks.public_key

    @property
    def requests(self) -> list[RequestRecord]:
        """Return the log of recent requests (operation, method, path, status, fault)."""
        return list(self.state.log)

    def mint_token(
        self,
        scopes: Iterable[str] = ALL_SCOPES,
        *,
        location_id: str | None = None,
        expires_in: float | None = None,
    ) -> str:
        """Create a token with `scopes` for a location; `expires_in` seconds on the clock."""
        return self.state.tokens.mint(scopes, location_id or self.location_id, expires_in)

    def add_token(
        self,
        token: str,
        scopes: Iterable[str] = ALL_SCOPES,
        *,
        location_id: str | None = None,
        expires_in: float | None = None,
    ) -> str:
        """Accept `token` with exactly `scopes` (e.g. read-only), to test 401s and 403s."""
        return self.state.tokens.add(token, scopes, location_id or self.location_id, expires_in)

    @property
    def oauth(self) -> OAuthStore:
        """Return the OAuth apps and grants: `add_app`, `authorization_code`, `refresh_token`."""
        return self.state.oauth

    @property
    def token_url(self) -> str:
        """Return the token endpoint's URL, for `OAuthTokenProvider(..., token_url=...)`."""
        return self.url + "/oauth/token"

    def revoke_token(self, token: str) -> None:
        """Make `token` answer 401 Invalid JWT from now on."""
        self.state.tokens.revoke(token)

    def set_rate_limit(self, limit: int, interval_ms: int) -> None:
        """Change the burst budget (requests per interval, per location) at run time."""
        self.state.limiter.configure(limit, interval_ms)

    def reset(self) -> None:
        """Forget every record, minted token, fault, counter and logged request.

        The default `token` keeps working and the rate limits return to the constructor's;
        a running server keeps running (the pytest plugin calls this between tests).
        """
        self.store.clear()
        self.faults.clear()
        self.faults.reseed(self.faults.seed)
        tokens = TokenRegistry(self._clock)
        tokens.add(self.token, self._scopes, self.location_id)
        self.state.tokens = tokens
        self.state.limiter = RateLimiter(self._clock, *self._limits)
        self.state.log.clear()
        self.state.oauth.clear()
        self.demo = None

    def seed_demo(self, calendars: int = 50) -> DemoData:
        """Add the demo location's data to the store and return (and keep, as `demo`) its ids."""
        self.demo = seed_demo(self.store, self.location_id, self.state.now_ms(), calendars)
        return self.demo

    async def start(self) -> Emulator:
        """Start serving on host:port (port 0 picks a free one)."""
        if self._runner is not None:
            raise RuntimeError("the emulator is already running")
        self.state.stopping = asyncio.Event()
        runner = web.AppRunner(
            _create_app(self.state),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=_SHUTDOWN_GRACE_S,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
        except BaseException:
            await runner.cleanup()
            raise
        host, port = runner.addresses[0][:2]
        self._url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self._runner = runner
        return self

    async def aclose(self) -> None:
        """Stop serving; pending injected delays end at once. Safe to call twice.

        Queued webhooks are delivered first (for up to a few seconds, while the API
        still answers, so receivers may call back); the rest are abandoned.
        """
        runner, self._runner, self._url = self._runner, None, None
        if runner is not None:
            try:
                await self.webhooks.aclose()
            finally:
                self.state.stopping.set()
                await runner.cleanup()

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @contextlib.contextmanager
    def running_in_thread(self) -> Iterator[Emulator]:
        """Serve from a background event-loop thread, for blocking (sync) callers and tests."""
        with anyio.from_thread.start_blocking_portal(backend="asyncio") as portal:
            portal.call(self.start)
            try:
                yield self
            finally:
                portal.call(self.aclose)


def create_app(emulator_state: Emulator | State) -> web.Application:
    """Build the aiohttp application of an emulator (or of its State), for embedding."""
    state = emulator_state.state if isinstance(emulator_state, Emulator) else emulator_state
    return _create_app(state)


async def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    token: str | None = None,
    seed: str | None = None,
    webhook_urls: Sequence[str] = (),
    scopes: Iterable[str] = ALL_SCOPES,
) -> None:
    """Run an emulator until cancelled, printing where it listens (and a generated token).

    With `webhook_urls` it also prints the public key that verifies its webhooks.
    """
    emulator = Emulator(
        host=host,
        port=port,
        token=token,
        seed=seed,
        webhook_url=webhook_urls,
        scopes=tuple(scopes),
    )
    async with emulator:
        print(f"HoopAI Calendars emulator listening on {emulator.url}", flush=True)
        print(f"location: {emulator.location_id}", flush=True)
        if set(scopes) != set(ALL_SCOPES):
            print(f"scopes: {','.join(scopes)}", flush=True)
        if token is None:
            # A throwaway local credential: the user needs it to talk to the emulator.
            print(f"token: {emulator.token}", flush=True)
        if emulator.demo is not None:
            print(f"demo calendars: {len(emulator.demo.calendar_ids)}", flush=True)
        if webhook_urls:
            print(f"webhooks to: {', '.join(webhook_urls)}", flush=True)
            key = "".join(emulator.webhook_public_key.splitlines()[1:-1])
            print(f"webhook public key: {key}", flush=True)
        await asyncio.Event().wait()
