"""Bearer tokens: the provider protocol, a fixed string, an async callable (OAuth: `_oauth`).

No secret (access token, refresh token, client secret) ever reaches a repr, an
exception message or a log record; limiter keys use a non-secret `fingerprint`.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, runtime_checkable

from ._errors import ValidationError

__all__ = [
    "CallableToken",
    "StaticToken",
    "TokenProvider",
    "TokenSource",
    "as_provider",
]

logger = logging.getLogger("hoopai_calendars")


@runtime_checkable
class TokenProvider(Protocol):
    """Supplies bearer tokens; `fingerprint` is a stable, non-secret id for limiter keys."""

    @property
    def fingerprint(self) -> str: ...

    @property
    def can_refresh(self) -> bool: ...

    async def get_token(self) -> str:
        """Return a token to send now."""
        ...

    async def refresh(self, stale: str) -> str:
        """Replace `stale` after the API rejected it; if it was already replaced, return that."""
        ...


def _check(token: object, param: str) -> str:
    # The value is never echoed back: the error message would carry the secret.
    if not isinstance(token, str) or not token:
        raise ValidationError(param, "must be a non-empty string")
    if token[:7].lower() == "bearer ":
        raise ValidationError(param, "pass the token without the 'Bearer ' prefix")
    if any(c.isspace() or not c.isprintable() for c in token):
        raise ValidationError(param, "must not contain whitespace or control characters")
    return token


def _digest(secret: str) -> str:
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:16]


class _SingleFlight:
    """Run one refresh at a time in its own task; every caller awaits that same task.

    The task is shielded from its callers: once a refresh POST is out the old refresh
    token may be spent, so a cancelled caller must not abandon the answer.
    """

    def __init__(self) -> None:
        self._task: asyncio.Task[str] | None = None

    async def run(self, make: Callable[[], Coroutine[Any, Any, str]]) -> str:
        if self._task is None:
            self._task = asyncio.ensure_future(self._wrap(make))
            self._task.add_done_callback(_retrieve)
        return await asyncio.shield(self._task)

    async def _wrap(self, make: Callable[[], Coroutine[Any, Any, str]]) -> str:
        try:
            return await make()
        finally:
            self._task = None


def _retrieve(task: asyncio.Task[str]) -> None:
    # Every waiter may have been cancelled; mark the outcome as seen so asyncio stays quiet.
    if not task.cancelled():
        task.exception()


class StaticToken:
    """A fixed token (Private Integration or pre-issued OAuth token) that cannot be refreshed."""

    __slots__ = ("_fingerprint", "_token")

    def __init__(self, token: str) -> None:
        self._token = _check(token, "token")
        self._fingerprint = _digest(self._token)

    def __repr__(self) -> str:
        return f"StaticToken(fingerprint={self._fingerprint!r})"

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def can_refresh(self) -> bool:
        return False

    @property
    def token(self) -> str:
        """The token itself, without an await (the client's hot path reads it)."""
        return self._token

    async def get_token(self) -> str:
        return self._token

    async def refresh(self, stale: str) -> str:
        return self._token


class CallableToken:
    """Adapt an async callable that returns a token; it is called before every request.

    Caching is the callable's business. On an expired-token 401 the call path asks for
    a refresh, which calls it once more (concurrent refreshes share that one call).
    """

    def __init__(
        self,
        fn: Callable[[], Awaitable[str]],
        *,
        fingerprint: str | None = None,
        can_refresh: bool = True,
    ) -> None:
        if not callable(fn):
            raise ValidationError("token", "expected an async callable returning a token")
        self._fn = fn
        name = getattr(fn, "__qualname__", type(fn).__qualname__)
        self._fingerprint = fingerprint or f"callable:{getattr(fn, '__module__', '')}.{name}"
        self._can_refresh = can_refresh
        self._current: str | None = None
        self._flight = _SingleFlight()

    def __repr__(self) -> str:
        return f"CallableToken(fingerprint={self._fingerprint!r})"

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def can_refresh(self) -> bool:
        return self._can_refresh

    async def get_token(self) -> str:
        result = self._fn()
        if not inspect.isawaitable(result):
            raise ValidationError("token", "the token callable must be async (return an awaitable)")
        self._current = _check(await result, "token")
        return self._current

    async def refresh(self, stale: str) -> str:
        if self._current is not None and self._current != stale:
            return self._current
        return await self._flight.run(self.get_token)


# What a client accepts as `token`.
TokenSource = str | TokenProvider | Callable[[], Awaitable[str]]


def as_provider(token: TokenSource) -> TokenProvider:
    """Accept a token string, a TokenProvider, or an async callable returning a token."""
    if isinstance(token, str):
        return StaticToken(token)
    if isinstance(token, TokenProvider):
        return token
    if callable(token):
        return CallableToken(token)
    raise ValidationError(
        "token",
        "expected a token string, a TokenProvider or an async callable, "
        f"not {type(token).__name__}",
    )
