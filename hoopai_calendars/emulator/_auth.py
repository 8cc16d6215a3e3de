"""Tokens, scopes and the header checks the API runs before any handler."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..api import (
    API_VERSIONS,
    INVALID_JWT_MESSAGE,
    NO_AUTHORIZATION_MESSAGE,
    NO_VERSION_MESSAGE,
    SCOPE_MESSAGE,
    SCOPES,
    UNSUPPORTED_VERSION_MESSAGE,
    VERSION_HEADER,
)
from ._api_error import ApiError

__all__ = [
    "ALL_SCOPES",
    "SUPPORTED_VERSIONS",
    "TokenInfo",
    "TokenRegistry",
    "authenticate",
    "check_version",
]

# The seed page's four scopes (api.SCOPES): what a fresh emulator token is granted.
ALL_SCOPES: tuple[str, ...] = SCOPES

SUPPORTED_VERSIONS = frozenset(API_VERSIONS)


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What a token grants: its scopes, its location, and when it stops working."""

    scopes: frozenset[str]
    location_id: str
    expires_at: float | None = None


class TokenRegistry:
    """The emulator's token table: opaque strings mapped to grants."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._tokens: dict[str, TokenInfo] = {}

    def add(
        self,
        token: str,
        scopes: Iterable[str],
        location_id: str,
        expires_in: float | None = None,
    ) -> str:
        """Register `token` with the given grant and return it."""
        unknown = set(scopes) - set(ALL_SCOPES)
        if unknown:
            raise ValueError(f"unknown scopes: {sorted(unknown)}")
        expires_at = None if expires_in is None else self._clock() + expires_in
        self._tokens[token] = TokenInfo(frozenset(scopes), location_id, expires_at)
        return token

    def mint(self, scopes: Iterable[str], location_id: str, expires_in: float | None = None) -> str:
        """Create, register and return a fresh random token."""
        return self.add("emu-" + secrets.token_urlsafe(24), scopes, location_id, expires_in)

    def revoke(self, token: str) -> None:
        """Forget `token`; later requests with it get 401 Invalid JWT."""
        self._tokens.pop(token, None)

    def lookup(self, token: str) -> TokenInfo | None:
        """Return the grant of a live token, or None for unknown and expired ones."""
        info = self._tokens.get(token)
        if info is None or (info.expires_at is not None and self._clock() >= info.expires_at):
            return None
        return info


def bearer(headers: Mapping[str, str]) -> str | None:
    """Return the token of an `Authorization: Bearer` header, or None when absent."""
    value = headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate(headers: Mapping[str, str], registry: TokenRegistry) -> TokenInfo:
    """Run the gateway's checks in the API's order: Version, then Authorization."""
    check_version(headers)
    token = bearer(headers)
    if token is None:
        raise ApiError(401, NO_AUTHORIZATION_MESSAGE)
    info = registry.lookup(token) if token else None
    if info is None:
        raise ApiError(401, INVALID_JWT_MESSAGE, "Unauthorized")
    return info


def check_version(headers: Mapping[str, str]) -> str:
    """Return the request's `Version` header, or refuse with the API's 401.

    A missing header gets the live API's words; an unknown value gets its own message
    (still "version header ..." so clients file it with the missing one: not retryable).
    """
    version = headers.get(VERSION_HEADER)
    if version is None:
        raise ApiError(401, NO_VERSION_MESSAGE)
    if version not in SUPPORTED_VERSIONS:
        raise ApiError(401, UNSUPPORTED_VERSION_MESSAGE)
    return version


def require_scope(info: TokenInfo, scope: str) -> None:
    """Refuse with the scope-flavoured 401 when the token lacks `scope`."""
    if scope not in info.scopes:
        raise ApiError(401, SCOPE_MESSAGE, "Unauthorized")
