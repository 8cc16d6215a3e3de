"""Location tokens from an agency (company) token: `POST /oauth/locationToken`, cached.

An agency-level app holds one Company token; each location's calls need a Location
token, which the API exchanges for it (form `companyId`, `locationId`). The exchange
has no refresh token: a location token is renewed by exchanging again, ahead of its
expiry, single-flight (and across processes with a shared TokenStore).
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import msgspec

from ._auth import TokenProvider, _SingleFlight, as_provider
from ._config import USER_AGENT, check_base_url
from ._errors import AuthenticationError, TransportError, ValidationError
from ._oauth import _decode_token
from ._sansio import read_error_body
from ._secret import Secret, as_secret, scrub_text
from ._tokenstore import TokenSet
from ._transport import Request, Response, SecretHeaders, Timeout, Transport

if TYPE_CHECKING:
    from ._tokenstore import SharedRotation, TokenStore

__all__ = ["LOCATION_TOKEN_URL", "AgencyTokens", "LocationTokenProvider"]

logger = logging.getLogger("hoopai_calendars")

LOCATION_TOKEN_URL = "https://services.leadconnectorhq.com/oauth/locationToken"
_PATH = "/oauth/locationToken"
_TIMEOUT = Timeout()


class LocationTokenProvider:
    """A Location token for `location_id`, exchanged for the agency's token and kept fresh.

    `agency` is the Company token (a string or a TokenProvider such as an
    OAuthTokenProvider with user_type="Company"). The token is renewed `refresh_ahead`
    seconds before it expires, and when the API rejects it. With `store`, processes
    share the token (and renew it one at a time). For the v3 endpoint pass
    `token_url=".../oauth/location-token"` and `api_version="v3"`.
    """

    def __init__(
        self,
        agency: str | TokenProvider,
        company_id: str,
        location_id: str,
        *,
        store: TokenStore | None = None,
        token_url: str = LOCATION_TOKEN_URL,
        api_version: str = "2021-07-28",
        transport: Transport | None = None,
        on_refresh: Callable[[TokenSet], Awaitable[None] | None] | None = None,
        refresh_ahead: float = 300.0,
        lock_timeout: float = 45.0,
        timeout: Timeout = _TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (("company_id", company_id), ("location_id", location_id)):
            if not isinstance(value, str) or not value:
                raise ValidationError(name, "must be a non-empty string")
        if refresh_ahead < 0:
            raise ValidationError("refresh_ahead", "must not be negative")
        self._agency = as_provider(agency)
        self.company_id, self.location_id = company_id, location_id
        self._token_url = check_base_url(token_url)
        self._version = api_version
        self._transport = transport
        self._on_refresh = on_refresh
        self._refresh_ahead, self._timeout, self._clock = refresh_ahead, timeout, clock
        self._set = TokenSet("", "", None, location_id=location_id, company_id=company_id)
        self._access = Secret("")
        self._flight = _SingleFlight()
        self._shared: SharedRotation | None = None
        if store is not None:
            from ._tokenstore import SharedRotation

            if not lock_timeout > timeout.total:
                raise ValidationError("lock_timeout", "must exceed the token request's timeout")
            key = f"location:{company_id}:{location_id}"
            self._shared = SharedRotation(store, key, lock_timeout=lock_timeout)

    def __repr__(self) -> str:
        return (
            f"LocationTokenProvider(company_id={self.company_id!r}, "
            f"location_id={self.location_id!r})"
        )

    @property
    def fingerprint(self) -> str:
        # The API budgets per app and location: this names exactly one such budget.
        return f"location:{self.company_id}:{self.location_id}"

    @property
    def can_refresh(self) -> bool:
        return True

    @property
    def token_set(self) -> TokenSet:
        """The location token in use now."""
        return self._set

    def _usable(self, tokens: TokenSet) -> bool:
        if not tokens.access_token:
            return False
        expires = tokens.expires_at
        return expires is None or self._clock() < expires - self._refresh_ahead

    async def get_token(self) -> Secret[str]:
        if self._usable(self._set):
            return self._access
        return await self._flight.run(self._renew)

    async def refresh(self, stale: Secret[str]) -> Secret[str]:
        if self._access != stale and self._usable(self._set):
            return self._access
        # Rejected before its expiry: whatever is cached (here or in the store) is no good.
        self._adopt(
            TokenSet("", "", None, location_id=self.location_id, company_id=self.company_id)
        )
        return await self._flight.run(self._renew)

    async def _renew(self) -> Secret[str]:
        if self._shared is not None:
            # Whoever renewed, the fresh set is adopted or persisted here before this returns.
            await self._shared.rotate(
                self._set,
                usable=self._usable,
                adopt=self._adopt,
                exchange=self._exchange,
                persist=self._persist,
            )
            return self._access
        await self._persist(await self._exchange(self._set))
        return self._access

    def _adopt(self, tokens: TokenSet) -> None:
        self._set, self._access = tokens, Secret(tokens.access_token)

    async def _persist(self, fresh: TokenSet) -> None:
        self._adopt(fresh)
        if self._on_refresh is not None:
            result = self._on_refresh(fresh)
            if inspect.isawaitable(result):
                await result

    async def _exchange(self, current: TokenSet) -> TokenSet:
        agency = as_secret(await self._agency.get_token())
        response = await self._post(agency)
        if response.status == 401 and self._agency.can_refresh:
            response = await self._post(as_secret(await self._agency.refresh(agency)))
        if not 200 <= response.status < 300:
            raise self._failure(response, agency)
        try:
            body = _decode_token(response.body)
            if not body.access_token:
                raise ValidationError("access_token", "missing")
        except (msgspec.DecodeError, msgspec.ValidationError, ValidationError):
            raise _fail(response.status, ("the answer holds no location token",)) from None
        expires_at = None if body.expires_in is None else self._clock() + body.expires_in
        logger.debug(
            "location token for %s issued; expires in %s s", self.location_id, body.expires_in
        )
        return TokenSet(
            body.access_token,
            "",
            expires_at,
            body.scope,
            body.location_id or self.location_id,
            body.company_id or self.company_id,
            body.user_type or "Location",
            body.user_id,
        )

    async def _post(self, agency_token: Secret[str]) -> Response:
        form = urlencode({"companyId": self.company_id, "locationId": self.location_id})
        headers = SecretHeaders(
            {
                "Version": self._version,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
            agency_token,
        )
        request = Request("POST", self._token_url, headers, form.encode(), self._timeout)
        transport, owned = self._transport, self._transport is None
        if transport is None:
            from ._aiohttp import AiohttpTransport

            transport = AiohttpTransport()
        try:
            return await transport.send(request)
        except TransportError as exc:
            raise exc.with_operation("oauth.location_token", "POST", _PATH) from None
        finally:
            if owned:
                await transport.aclose()

    def _failure(self, response: Response, agency_token: Secret[str]) -> AuthenticationError:
        parsed = read_error_body(response.body)
        messages = parsed[0] if parsed else ()
        # The agency token must not leak through an echoed message.
        cleaned = tuple(scrub_text(m, (agency_token, self._access))[:200] for m in messages)
        return _fail(
            response.status,
            cleaned or ("the API refused the location token exchange",),
            trace_id=parsed[2] if parsed else None,
        )


def _fail(
    status: int, messages: tuple[str, ...], *, trace_id: str | None = None
) -> AuthenticationError:
    error = AuthenticationError(
        status, tuple(f"location token: {m}" for m in messages), trace_id=trace_id
    )
    error.with_operation("oauth.location_token", "POST", _PATH)
    return error


class AgencyTokens:
    """One agency token, a LocationTokenProvider per location (made once, then reused).

    Everything but the location id is passed on to LocationTokenProvider.
    """

    def __init__(
        self,
        agency: str | TokenProvider,
        company_id: str,
        *,
        store: TokenStore | None = None,
        token_url: str = LOCATION_TOKEN_URL,
        api_version: str = "2021-07-28",
        transport: Transport | None = None,
        refresh_ahead: float = 300.0,
        timeout: Timeout = _TIMEOUT,
    ) -> None:
        self._agency = as_provider(agency)
        self.company_id = company_id
        self._options = (store, token_url, api_version, transport, refresh_ahead, timeout)
        self._providers: dict[str, LocationTokenProvider] = {}

    def __repr__(self) -> str:
        return f"AgencyTokens(company_id={self.company_id!r}, locations={len(self._providers)})"

    def location(self, location_id: str) -> LocationTokenProvider:
        """Return the (cached) provider of `location_id`'s token."""
        provider = self._providers.get(location_id)
        if provider is None:
            store, url, version, transport, ahead, timeout = self._options
            provider = self._providers[location_id] = LocationTokenProvider(
                self._agency,
                self.company_id,
                location_id,
                store=store,
                token_url=url,
                api_version=version,
                transport=transport,
                refresh_ahead=ahead,
                timeout=timeout,
            )
        return provider
