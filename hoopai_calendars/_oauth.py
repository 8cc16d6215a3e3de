"""OAuth 2.0: an access token that refreshes itself, single-flight, at POST /oauth/token.

The rotated refresh token is handed to `on_refresh` before it is used; no secret ever
reaches a repr, an exception message or a log record.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlencode

import msgspec

from ._auth import _check, _check_secret, _SingleFlight
from ._config import USER_AGENT, check_base_url
from ._errors import AuthenticationError, TransportError, ValidationError
from ._sansio import read_error_body
from ._secret import Secret, scrub_bytes, scrub_text
from ._tokenstore import SharedRotation, TokenSet, TokenStore
from ._transport import Request, Response, Timeout, Transport

__all__ = ["TOKEN_URL", "OAuthTokenProvider"]

logger = logging.getLogger("hoopai_calendars")

TOKEN_URL = "https://services.leadconnectorhq.com/oauth/token"
# HoopAI documents 5 requests per minute for the token endpoint (research users §4).
TOKEN_ENDPOINT_LIMIT = 5
TOKEN_ENDPOINT_WINDOW = 60.0
_USER_TYPES = ("Location", "Company")
_TIMEOUT = Timeout()


class _TokenBody(msgspec.Struct):
    access_token: str = ""
    refresh_token: str | None = None
    expires_in: float | None = None
    scope: str | None = None
    location_id: str | None = msgspec.field(default=None, name="locationId")
    company_id: str | None = msgspec.field(default=None, name="companyId")
    user_type: str | None = msgspec.field(default=None, name="userType")
    user_id: str | None = msgspec.field(default=None, name="userId")


_decode_token = msgspec.json.Decoder(_TokenBody, strict=False).decode


class OAuthTokenProvider:
    """OAuth 2.0 tokens that refresh themselves: ahead of expiry, and once per rejection.

    Refreshes are single-flight and paced to the token endpoint's 5 per minute. Each new
    TokenSet goes to `on_refresh` (awaited) before it is used, so a crash cannot lose
    the rotated refresh token. Without `transport`, each refresh opens and closes a
    short-lived aiohttp session. With `store` (a TokenStore, e.g. RedisTokenStore) the
    current set lives there under `store_key` (the location id; default client_id):
    processes sharing it rotate one at a time, and `on_refresh` runs in the one that
    rotated. `lock_timeout` must exceed one token request (`timeout.total`).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str | Secret[str],
        refresh_token: str,
        *,
        access_token: str | None = None,
        expires_at: float | None = None,
        on_refresh: Callable[[TokenSet], Awaitable[None] | None] | None = None,
        token_url: str = TOKEN_URL,
        user_type: str = "Location",
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        refresh_ahead: float = 60.0,
        timeout: Timeout = _TIMEOUT,
        store: TokenStore | None = None,
        store_key: str | None = None,
        lock_timeout: float = 45.0,
    ) -> None:
        if not isinstance(client_id, str) or not client_id:
            raise ValidationError("client_id", "must be a non-empty string")
        secret = _check_secret(client_secret, "client_secret")
        _check(refresh_token, "refresh_token")
        if access_token is not None:
            _check(access_token, "access_token")
        if user_type not in _USER_TYPES:
            raise ValidationError("user_type", f"must be one of {', '.join(_USER_TYPES)}")
        if refresh_ahead < 0:
            raise ValidationError("refresh_ahead", "must not be negative")
        self._client_id = client_id
        self._client_secret = secret
        self._token_url = check_base_url(token_url)
        self._user_type = user_type
        self._transport = transport
        self._on_refresh = on_refresh
        self._clock, self._sleep = clock, sleep
        self._refresh_ahead = refresh_ahead
        self._timeout = timeout
        self._set = TokenSet(access_token or "", refresh_token, expires_at)
        # The access token handed out, wrapped once per token set (get_token runs per call).
        self._access = Secret(self._set.access_token)
        self._flight = _SingleFlight()
        self._posts: deque[float] = deque()
        # With a store, rotation is single-flight across every process sharing it.
        self._store_key = store_key
        self._shared: SharedRotation | None = None
        if store is not None:
            if not lock_timeout > timeout.total:
                # A holder still waiting for its answer would let a second process refresh.
                raise ValidationError("lock_timeout", "must exceed the token request's timeout")

            key = store_key or client_id
            self._shared = SharedRotation(store, key, lock_timeout=lock_timeout, sleep=sleep)

    def __repr__(self) -> str:
        return f"OAuthTokenProvider(client_id={self._client_id!r}, user_type={self._user_type!r})"

    @property
    def fingerprint(self) -> str:
        # The rate limit is per app per location, and client_id names the app.
        if self._store_key is not None:
            return f"oauth:{self._client_id}:{self._store_key}"
        return f"oauth:{self._client_id}"

    @property
    def can_refresh(self) -> bool:
        return True

    @property
    def token_set(self) -> TokenSet:
        """The tokens in use now (persist them at shutdown if `on_refresh` is not used)."""
        return self._set

    def _usable(self, tokens: TokenSet) -> bool:
        if not tokens.access_token:
            return False
        expires = tokens.expires_at
        return expires is None or self._clock() < expires - self._refresh_ahead

    def secrets(self) -> tuple[Secret[str], ...]:
        """What the client scrubs out of server error messages."""
        return (self._client_secret, Secret(self._set.refresh_token), self._access)

    async def get_token(self) -> Secret[str]:
        if self._usable(self._set):
            return self._access
        return await self.refresh(self._access)

    async def refresh(self, stale: Secret[str]) -> Secret[str]:
        if self._access != stale and self._usable(self._set):
            # Another caller already replaced the rejected token: no second POST.
            return self._access
        return await self._flight.run(self._run_refresh)

    async def _run_refresh(self) -> Secret[str]:
        if self._shared is not None:
            # Whoever rotated, the fresh set is adopted or stored here before this returns.
            await self._shared.rotate(
                self._set,
                usable=self._usable,
                adopt=self._use,
                # Not paced: a wait here would outlive the lock; one POST per rotation.
                exchange=self._exchange,
                persist=self._store,
            )
            return self._access
        await self._pace()
        await self._store(await self._exchange(self._set))
        return self._access

    async def _pace(self) -> None:
        while True:
            now = self._clock()
            while self._posts and self._posts[0] <= now - TOKEN_ENDPOINT_WINDOW:
                self._posts.popleft()
            if len(self._posts) < TOKEN_ENDPOINT_LIMIT:
                self._posts.append(now)
                return
            wait = self._posts[0] + TOKEN_ENDPOINT_WINDOW - now
            logger.debug("token endpoint budget spent; waiting %.1f s before refreshing", wait)
            await self._sleep(wait)

    def _form(self, current: TokenSet) -> bytes:
        # Built in its own frame and never bound to a local of the exchange: an error
        # reporter capturing frame locals must not find the client secret or refresh token.
        return urlencode(
            {
                "client_id": self._client_id,
                "client_secret": self._client_secret.reveal(),
                "grant_type": "refresh_token",
                "refresh_token": current.refresh_token,
                "user_type": self._user_type,
            }
        ).encode()

    async def _exchange(self, current: TokenSet) -> TokenSet:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        request = Request("POST", self._token_url, headers, self._form(current), self._timeout)
        logger.debug("refreshing the OAuth access token for client_id %s", self._client_id)
        response = await self._send(request)
        if not 200 <= response.status < 300:
            raise self._failure(response)
        body = _usable_tokens(response.body)
        if body is None:
            # A 2xx body may hold fresh secrets we cannot scrub, so it is not attached.
            raise _fail(response.status, ("the answer holds no usable tokens",))
        expires_at = None if body.expires_in is None else self._clock() + body.expires_in
        logger.debug("OAuth access token refreshed; expires in %s s", body.expires_in)
        return TokenSet(
            body.access_token,
            body.refresh_token or current.refresh_token,
            expires_at,
            body.scope,
            body.location_id,
            body.company_id,
            body.user_type,
            body.user_id,
        )

    async def _send(self, request: Request) -> Response:
        transport = self._transport
        owned = transport is None
        if transport is None:
            from ._aiohttp import AiohttpTransport

            transport = AiohttpTransport()
        try:
            return await transport.send(request)
        except TransportError as exc:
            # Without the transport's frames: their locals hold the form (client secret and
            # refresh token) as plain bytes.
            exc.with_operation("oauth.refresh", "POST", "/oauth/token")
            raise exc.with_traceback(None) from None
        finally:
            if owned:
                await transport.aclose()

    async def _store(self, fresh: TokenSet) -> None:
        try:
            if self._on_refresh is not None:
                result = self._on_refresh(fresh)
                if inspect.isawaitable(result):
                    await result
        except BaseException:
            # The old refresh token is already spent: memory now holds the only valid one.
            self._use(fresh)
            logger.warning("on_refresh failed; the rotated refresh token is only in memory")
            raise
        self._use(fresh)

    def _use(self, fresh: TokenSet) -> None:
        self._set, self._access = fresh, Secret(fresh.access_token)

    def _failure(self, response: Response) -> AuthenticationError:
        parsed = read_error_body(response.body)
        messages, error, trace_id = parsed or ((), None, None)
        if error is not None and error not in messages:
            messages += (error,)  # OAuth's code ("invalid_grant") beside its description
        secrets = self.secrets()
        # Scrubbed, then capped: gateways send whole HTML pages.
        cleaned = tuple(scrub_text(m, secrets)[:200] for m in messages)
        return _fail(
            response.status,
            cleaned or ("the token endpoint refused the refresh",),
            trace_id=trace_id,
            body=scrub_bytes(response.body, secrets),
            headers=response.headers,
        )


def _usable_tokens(raw: bytes) -> _TokenBody | None:
    """Decode a 2xx token answer, or return None when it holds no usable tokens.

    None rather than an exception: the raising frame would hold the fresh tokens, and
    error reporters capture frame locals.
    """
    try:
        body = _decode_token(raw)
        _check(body.access_token, "access_token")
        if body.refresh_token is not None:
            _check(body.refresh_token, "refresh_token")
    except (msgspec.DecodeError, msgspec.ValidationError, ValidationError):
        return None
    return body


def _fail(
    status: int,
    messages: tuple[str, ...],
    *,
    trace_id: str | None = None,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
) -> AuthenticationError:
    error = AuthenticationError(
        status,
        tuple(f"OAuth refresh failed: {m}" for m in messages),
        trace_id=trace_id,
        body=body,
        headers=headers,
    )
    error.with_operation("oauth.refresh", "POST", "/oauth/token")
    return error
