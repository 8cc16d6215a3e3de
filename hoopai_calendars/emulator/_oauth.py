"""OAuth 2.0 in the emulator: the token endpoint and the agency-to-location exchange.

`POST /oauth/token` takes the authorization_code and refresh_token grants (form-encoded,
or JSON with v3's camelCase names); refresh tokens rotate and are single use; access
tokens live 24 h on the emulator's clock; 5 requests per minute per client_id, then 429.
`POST /oauth/locationToken` (v2) and `/oauth/location-token` (v3) turn an agency
(Company) token into a location token. Answers are snake_case (the v2 spec's mix) or,
to `Version: v3`, camelCase. Issued location tokens carry their calendars scopes.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import web

from ..api import V3
from ._auth import ALL_SCOPES, bearer, check_version
from ._wire import ApiError, new_id, trace_id

if TYPE_CHECKING:
    from ._state import State

__all__ = ["ACCESS_TOKEN_SECONDS", "OAuthStore", "oauth_routes"]

ACCESS_TOKEN_SECONDS = 86_399  # the spec's example `expires_in`: one day, less a second
CODE_SECONDS = 600.0
TOKEN_ENDPOINT_LIMIT = 5
TOKEN_ENDPOINT_WINDOW = 60.0
_USER_TYPES = ("Location", "Company")
_GRANTS = ("authorization_code", "refresh_token")
# Form names: v2 spells them snake_case, v3 camelCase; either is read.
_NAMES = {
    "client_id": "clientId",
    "client_secret": "clientSecret",
    "grant_type": "grantType",
    "code": "code",
    "refresh_token": "refreshToken",
    "user_type": "userType",
    "redirect_uri": "redirectUri",
}


@dataclass(frozen=True, slots=True)
class Grant:
    """What an installation granted: who, where, and which scopes."""

    client_id: str
    user_type: str
    scopes: tuple[str, ...]
    location_id: str | None
    company_id: str
    user_id: str


@dataclass
class OAuthStore:
    """Apps, pending codes and live refresh tokens (`emu.oauth`).

    Register an app with `add_app`, then start a flow with `authorization_code(...)` (as
    if a user approved the install) or skip to `refresh_token(...)`.
    """

    apps: dict[str, str] = field(default_factory=dict)
    codes: dict[str, tuple[Grant, float]] = field(default_factory=dict)
    refresh_tokens: dict[str, Grant] = field(default_factory=dict)
    agency_tokens: dict[str, Grant] = field(default_factory=dict)
    posts: dict[str, deque[float]] = field(default_factory=dict)
    clock: Callable[[], float] | None = None

    def add_app(self, client_id: str, client_secret: str) -> None:
        """Register an OAuth app (client id and secret) the token endpoint will accept."""
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret must be non-empty")
        self.apps[client_id] = client_secret

    def _grant(
        self,
        client_id: str,
        scopes: Iterable[str],
        location_id: str | None,
        company_id: str,
        user_type: str,
    ) -> Grant:
        if client_id not in self.apps:
            raise ValueError(f"unknown client_id {client_id!r}; call add_app first")
        if user_type not in _USER_TYPES:
            raise ValueError(f"user_type must be one of {_USER_TYPES}")
        if user_type == "Location" and not location_id:
            raise ValueError("a Location grant needs a location_id")
        where = location_id if user_type == "Location" else None
        return Grant(client_id, user_type, tuple(scopes), where, company_id, new_id())

    def authorization_code(
        self,
        client_id: str,
        *,
        scopes: Iterable[str] = ALL_SCOPES,
        location_id: str | None = "loc_demo",
        company_id: str = "company_demo",
        user_type: str = "Location",
    ) -> str:
        """Return a single-use code, valid 10 minutes, as the install redirect carries it."""
        code = "code-" + secrets.token_urlsafe(16)
        grant = self._grant(client_id, scopes, location_id, company_id, user_type)
        self.codes[code] = (grant, self._now() + CODE_SECONDS)
        return code

    def refresh_token(
        self,
        client_id: str,
        *,
        scopes: Iterable[str] = ALL_SCOPES,
        location_id: str | None = "loc_demo",
        company_id: str = "company_demo",
        user_type: str = "Location",
    ) -> str:
        """Return a live refresh token, as if the install had already been exchanged."""
        token = "refresh-" + secrets.token_urlsafe(24)
        self.refresh_tokens[token] = self._grant(
            client_id, scopes, location_id, company_id, user_type
        )
        return token

    def clear(self) -> None:
        """Forget every app, code, token and counter."""
        self.apps.clear()
        self.codes.clear()
        self.refresh_tokens.clear()
        self.agency_tokens.clear()
        self.posts.clear()

    def _now(self) -> float:
        if self.clock is None:
            raise RuntimeError("the OAuth store has no clock; use the emulator's `oauth`")
        return self.clock()

    def paced(self, client_id: str) -> bool:
        """Spend one token-endpoint request of `client_id`; False once 5 in a minute."""
        now = self._now()
        window = self.posts.setdefault(client_id, deque())
        while window and window[0] <= now - TOKEN_ENDPOINT_WINDOW:
            window.popleft()
        if len(window) >= TOKEN_ENDPOINT_LIMIT:
            return False
        window.append(now)
        return True


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status)


def _nest(exc: ApiError) -> web.Response:
    return web.json_response({**exc.body(), "traceId": trace_id()}, status=exc.status)


async def _form(request: web.Request) -> dict[str, str]:
    if request.content_type == "application/json":
        try:
            raw = msgspec.json.decode(await request.read())
        except msgspec.DecodeError:
            raise ApiError(400, "Unexpected token in JSON", "Bad Request") from None
        if not isinstance(raw, dict):
            raise ApiError(400, "the body must be an object", "Bad Request")
        return {str(k): str(v) for k, v in raw.items() if v is not None}
    posted = await request.post()
    return {k: v for k, v in posted.items() if isinstance(v, str)}


def _field(form: Mapping[str, str], name: str) -> str:
    return form.get(name) or form.get(_NAMES.get(name, name)) or ""


def _answer(grant: Grant, access: str, refresh: str | None, v3: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "refresh_token": refresh,
        "scope": " ".join(grant.scopes),
        "userType": grant.user_type,
        "locationId": grant.location_id,
        "companyId": grant.company_id,
        "userId": grant.user_id,
    }
    if v3:
        camel = {"access_token": "accessToken", "token_type": "tokenType"}
        camel |= {"expires_in": "expiresIn", "refresh_token": "refreshToken"}
        body = {camel.get(k, k): v for k, v in body.items()}
    return {k: v for k, v in body.items() if v is not None}


def _issue(state: State, grant: Grant, *, with_refresh: bool = True) -> tuple[str, str | None]:
    """Register a 24 h access token (and a fresh single-use refresh token) for `grant`."""
    access = "emu-oauth-" + secrets.token_urlsafe(24)
    calendars = [s for s in grant.scopes if s in ALL_SCOPES]
    if grant.user_type == "Company":
        # Agency tokens reach no location route: those answer the scope-flavoured 401.
        state.tokens.add(access, (), f"company:{grant.company_id}", ACCESS_TOKEN_SECONDS)
        state.oauth.agency_tokens[access] = grant
    else:
        assert grant.location_id is not None
        state.tokens.add(access, calendars, grant.location_id, ACCESS_TOKEN_SECONDS)
    refresh = None
    if with_refresh:
        refresh = "refresh-" + secrets.token_urlsafe(24)
        state.oauth.refresh_tokens[refresh] = grant
    return access, refresh


def _token_handler(state: State) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        oauth = state.oauth
        try:
            form = await _form(request)
        except ApiError as exc:
            return _nest(exc)
        missing = [n for n in ("client_id", "client_secret", "grant_type") if not _field(form, n)]
        if missing:
            return _nest(ApiError.unprocessable([f"{n} should not be empty" for n in missing]))
        client_id = _field(form, "client_id")
        if not oauth.paced(client_id):
            body = {"statusCode": 429, "message": "Too Many Requests"}
            return web.json_response(body, status=429)
        if oauth.apps.get(client_id) != _field(form, "client_secret"):
            return _oauth_error(401, "invalid_client", "Invalid client credentials")
        grant_type = _field(form, "grant_type")
        if grant_type not in _GRANTS:
            return _oauth_error(400, "unsupported_grant_type", f"{grant_type} is not supported")
        if grant_type == "authorization_code":
            found = oauth.codes.pop(_field(form, "code"), None)
            grant = found[0] if found is not None and state.clock() < found[1] else None
        else:
            # Single use: the presented refresh token dies here, whatever happens next.
            grant = oauth.refresh_tokens.pop(_field(form, "refresh_token"), None)
        if grant is None or grant.client_id != client_id:
            return _oauth_error(400, "invalid_grant", f"Invalid grant: {grant_type} is invalid")
        user_type = _field(form, "user_type")
        if user_type and user_type != grant.user_type:
            return _oauth_error(400, "invalid_request", "user_type does not match the grant")
        access, refresh = _issue(state, grant)
        v3 = request.headers.get("Version") == V3
        return web.json_response(_answer(grant, access, refresh, v3))

    return handle


def _location_token_handler(state: State) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        try:
            version = check_version(request.headers)
            token = bearer(request.headers)
            if token is None:
                raise ApiError(401, "No Authorization header found for authentication!")
            if not token or state.tokens.lookup(token) is None:
                raise ApiError(401, "Invalid JWT", "Unauthorized")
            agency = state.oauth.agency_tokens.get(token)
            if agency is None:
                # A location token on an agency-only route.
                raise ApiError(403, "Forbidden resource", "Forbidden")
            form = await _form(request)
            missing = [n for n in ("companyId", "locationId") if not form.get(n)]
            if missing:
                raise ApiError.unprocessable([f"{n} should not be empty" for n in missing])
            if form["companyId"] != agency.company_id:
                raise ApiError(403, "The token does not have access to this company", "Forbidden")
        except ApiError as exc:
            return _nest(exc)
        grant = Grant(
            agency.client_id,
            "Location",
            agency.scopes,
            form["locationId"],
            agency.company_id,
            agency.user_id,
        )
        v3 = version == V3
        # v2's answer has no refresh token; v3's carries one for the location.
        access, refresh = _issue(state, grant, with_refresh=v3)
        body = _answer(grant, access, refresh, v3)
        body.pop("userType", None)
        body.pop("companyId", None)
        return web.json_response(body)

    return handle


def oauth_routes(
    state: State,
) -> list[tuple[str, str, Callable[[web.Request], Awaitable[web.Response]]]]:
    """Return the (method, path, handler) triples of the OAuth endpoints over `state`."""
    exchange = _location_token_handler(state)
    return [
        ("POST", "/oauth/token", _token_handler(state)),
        ("POST", "/oauth/locationToken", exchange),
        ("POST", "/oauth/location-token", exchange),
    ]
