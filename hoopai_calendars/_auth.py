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
from ._secret import Secret

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

    async def get_token(self) -> str | Secret[str]:
        """Return a token to send now (a plain string is wrapped in a Secret at once)."""
        ...

    async def refresh(self, stale: Secret[str]) -> str | Secret[str]:
        """Replace `stale` after the API rejected it; if it was already replaced, return that.

        `stale` is a Secret; it compares equal to the plain string `get_token` returned.
        """
        ...


def _problem(token: object) -> str | None:
    if not isinstance(token, str) or not token:
        return "must be a non-empty string"
    if token[:7].lower() == "bearer ":
        return "pass the token without the 'Bearer ' prefix"
    if any(c.isspace() or not c.isprintable() for c in token):
        return "must not contain whitespace or control characters"
    return None


def _check(token: object, param: str) -> str:
    # The value is never echoed back: the error message would carry the secret.
    problem = _problem(token)
    if problem is not None:
        del token  # nor left in this frame's locals, where an error reporter would find it
        raise ValidationError(param, problem)
    assert isinstance(token, str)
    return token


def _check_secret(token: object, param: str) -> Secret[str]:
    """Check a token given plain or as a Secret; return it wrapped."""
    plain = token.reveal() if isinstance(token, Secret) else token
    problem = _problem(plain)
    if problem is not None:
        del token, plain
        raise ValidationError(param, problem)
    return token if isinstance(token, Secret) else Secret(str(plain))


def _digest(secret: str) -> str:
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:16]


class _SingleFlight:
    """Run one refresh at a time in its own task; every caller awaits that same task.

    The task is shielded from its callers: once a refresh POST is out the old refresh
    token may be spent, so a cancelled caller must not abandon the answer.
    """

    def __init__(self) -> None:
        self._task: asyncio.Task[Secret[str]] | None = None

    async def run(self, make: Callable[[], Coroutine[Any, Any, Secret[str]]]) -> Secret[str]:
        if self._task is None:
            self._task = asyncio.ensure_future(self._wrap(make))
            self._task.add_done_callback(_retrieve)
        return await asyncio.shield(self._task)

    async def _wrap(self, make: Callable[[], Coroutine[Any, Any, Secret[str]]]) -> Secret[str]:
        try:
            return await make()
        finally:
            self._task = None


def _retrieve(task: asyncio.Task[Secret[str]]) -> None:
    # Every waiter may have been cancelled; mark the outcome as seen so asyncio stays quiet.
    if not task.cancelled():
        task.exception()


class StaticToken:
    """A fixed token (Private Integration or pre-issued OAuth token) that cannot be refreshed."""

    __slots__ = ("_fingerprint", "_token")

    def __init__(self, token: str | Secret[str]) -> None:
        self._token = _check_secret(token, "token")
        self._fingerprint = _digest(self._token.reveal())

    def __repr__(self) -> str:
        return f"StaticToken(fingerprint={self._fingerprint!r})"

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def can_refresh(self) -> bool:
        return False

    @property
    def token(self) -> Secret[str]:
        """The token, still wrapped, without an await (the client builds its headers once)."""
        return self._token

    def secrets(self) -> tuple[Secret[str], ...]:
        """What the client scrubs out of server error messages."""
        return (self._token,)

    async def get_token(self) -> Secret[str]:
        return self._token

    async def refresh(self, stale: Secret[str]) -> Secret[str]:
        return self._token


class CallableToken:
    """Adapt an async callable that returns a token; it is called before every request.

    Caching is the callable's business. On an expired-token 401 the call path asks for
    a refresh, which calls it once more (concurrent refreshes share that one call).
    """

    def __init__(
        self,
        fn: Callable[[], Awaitable[str | Secret[str]]],
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
        self._current: Secret[str] | None = None
        self._flight = _SingleFlight()

    def __repr__(self) -> str:
        return f"CallableToken(fingerprint={self._fingerprint!r})"

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def can_refresh(self) -> bool:
        return self._can_refresh

    def secrets(self) -> tuple[Secret[str], ...]:
        """What the client scrubs out of server error messages."""
        return () if self._current is None else (self._current,)

    async def get_token(self) -> Secret[str]:
        result = self._fn()
        if not inspect.isawaitable(result):
            raise ValidationError("token", "the token callable must be async (return an awaitable)")
        # Wrapped at once: from here on no frame holds the token as a plain string.
        self._current = _check_secret(await result, "token")
        return self._current

    async def refresh(self, stale: Secret[str]) -> Secret[str]:
        if self._current is not None and self._current != stale:
            return self._current
        return await self._flight.run(self.get_token)


# What a client accepts as `token`.
TokenSource = str | Secret[str] | TokenProvider | Callable[[], Awaitable[str | Secret[str]]]


def as_provider(token: TokenSource) -> TokenProvider:
    """Accept a token string (or Secret), a TokenProvider, or an async callable returning one."""
    if isinstance(token, (str, Secret)):
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
