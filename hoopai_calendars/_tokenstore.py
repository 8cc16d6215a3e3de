"""Where a location's current tokens live, so every process uses (and rotates) the same chain.

Refresh tokens are single use: two processes refreshing one token at once leave one of
them with a dead refresh token. `SharedRotation` makes a refresh single-flight across
everything that shares the store: the holder of the store's lock refreshes, the others
wait and read the new set. Each lock carries a fencing number, and a set is only
written under a number newer than the stored one, so a holder whose lock expired
cannot overwrite a newer set. `RedisTokenStore` (in `_tokenstore_redis`) shares it
between processes; `InMemoryTokenStore` between providers of one process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import anyio
import msgspec

from ._errors import DeadlineExceeded

__all__ = [
    "InMemoryTokenStore",
    "SharedRotation",
    "StoredTokens",
    "TokenSet",
    "TokenStore",
    "decode_tokens",
    "encode_tokens",
]

logger = logging.getLogger("hoopai_calendars")


@dataclass(frozen=True, slots=True, repr=False)
class TokenSet:
    """One answer of the token endpoint; persist all of it (refresh tokens are single use)."""

    access_token: str
    refresh_token: str
    expires_at: float | None = None
    scope: str | None = None
    location_id: str | None = None
    company_id: str | None = None
    user_type: str | None = None
    user_id: str | None = None

    def __repr__(self) -> str:
        return (
            f"TokenSet(access_token='<hidden>', refresh_token='<hidden>', "
            f"expires_at={self.expires_at!r}, scope={self.scope!r}, "
            f"location_id={self.location_id!r}, company_id={self.company_id!r}, "
            f"user_type={self.user_type!r}, user_id={self.user_id!r})"
        )


@dataclass(frozen=True, slots=True)
class StoredTokens:
    """A token set and the version it was stored under (the fence of the lock that wrote it)."""

    tokens: TokenSet
    version: int


@runtime_checkable
class TokenStore(Protocol):
    """Current tokens per key (a location), with a lock that single-flights their rotation."""

    async def load(self, key: str) -> StoredTokens | None:
        """Return the stored set, or None if nothing is stored for `key`."""
        ...

    async def save(self, key: str, tokens: TokenSet, fence: int) -> bool:
        """Store `tokens` as version `fence` if that is newer than the stored version.

        Fence 0 only seeds an empty key. Returns False (writing nothing) otherwise.
        """
        ...

    async def lock(self, key: str, ttl: float) -> int | None:
        """Take `key`'s rotation lock for `ttl` s; return its fence (> every stored version).

        Returns None, waiting for nothing, if another holder has it.
        """
        ...

    async def unlock(self, key: str, fence: int) -> None:
        """Give the lock back if `fence` still holds it (an expired holder frees nothing)."""
        ...


# msgspec encodes and decodes the dataclass itself (the secrets included: protect the store).
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(TokenSet).decode


def encode_tokens(tokens: TokenSet) -> bytes:
    """Serialise a TokenSet for a store (the secrets included: protect the store)."""
    return _encode(tokens)


def decode_tokens(raw: bytes) -> TokenSet:
    """Read what `encode_tokens` wrote."""
    return _decode(raw)


class InMemoryTokenStore:
    """A TokenStore for one process (share one between providers of the same location)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sets: dict[str, StoredTokens] = {}
        self._locks: dict[str, tuple[int, float]] = {}
        self._fences: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(keys={len(self._sets)})"

    async def load(self, key: str) -> StoredTokens | None:
        return self._sets.get(key)

    async def save(self, key: str, tokens: TokenSet, fence: int) -> bool:
        stored = self._sets.get(key)
        if (stored is None and fence >= 0) or (stored is not None and fence > stored.version):
            self._sets[key] = StoredTokens(tokens, fence)
            return True
        return False

    async def lock(self, key: str, ttl: float) -> int | None:
        held = self._locks.get(key)
        now = self._clock()
        if held is not None and held[1] > now:
            return None
        fence = self._fences[key] = self._fences.get(key, 0) + 1
        self._locks[key] = (fence, now + ttl)
        return fence

    async def unlock(self, key: str, fence: int) -> None:
        held = self._locks.get(key)
        if held is not None and held[0] == fence:
            del self._locks[key]


class SharedRotation:
    """Rotate one key's tokens at most once at a time among everyone sharing `store`.

    `lock_timeout` must exceed one refresh (the token request's timeout): a holder that
    dies keeps the others waiting that long at most. Waiters poll every `poll` s.
    """

    def __init__(
        self,
        store: TokenStore,
        key: str,
        *,
        lock_timeout: float = 45.0,
        poll: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self.store, self.key = store, key
        self._lock_timeout, self._poll = lock_timeout, poll
        self._clock, self._sleep = clock, sleep
        self.version = -1

    def __repr__(self) -> str:
        return f"SharedRotation(key={self.key!r}, version={self.version})"

    async def _newer(self, adopt: Callable[[TokenSet], None]) -> StoredTokens | None:
        stored = await self.store.load(self.key)
        if stored is not None and stored.version > self.version:
            self.version = stored.version
            adopt(stored.tokens)
            return stored
        return None

    async def rotate(
        self,
        current: TokenSet,
        *,
        usable: Callable[[TokenSet], bool],
        adopt: Callable[[TokenSet], None],
        exchange: Callable[[TokenSet], Awaitable[TokenSet]],
        persist: Callable[[TokenSet], Awaitable[None]],
    ) -> str:
        """Return a fresh access token: someone else's new set if there is one, else ours.

        `exchange` turns the stored set into a new one (the only call that spends the
        refresh token); `persist` runs once per rotation, in the process that rotated.
        """
        if await self.store.load(self.key) is None:
            await self.store.save(self.key, current, 0)  # the first process seeds the chain
        give_up = self._clock() + 3 * self._lock_timeout
        while True:
            stored = await self._newer(adopt)
            if stored is not None and usable(stored.tokens):
                return stored.tokens.access_token
            fence = await self.store.lock(self.key, self._lock_timeout)
            if fence is not None:
                try:
                    return await self._locked(fence, current, usable, adopt, exchange, persist)
                finally:
                    with anyio.CancelScope(shield=True):
                        await self.store.unlock(self.key, fence)
            if self._clock() > give_up:
                error = DeadlineExceeded(
                    f"no token rotation finished within {3 * self._lock_timeout:g} s"
                )
                error.sent = False
                raise error
            await self._sleep(self._poll)

    async def _locked(
        self,
        fence: int,
        current: TokenSet,
        usable: Callable[[TokenSet], bool],
        adopt: Callable[[TokenSet], None],
        exchange: Callable[[TokenSet], Awaitable[TokenSet]],
        persist: Callable[[TokenSet], Awaitable[None]],
    ) -> str:
        # The last holder may have finished between our read and our lock.
        stored = await self._newer(adopt)
        if stored is not None and usable(stored.tokens):
            return stored.tokens.access_token
        base = await self.store.load(self.key)
        # A store that lost the key (evicted, flushed) leaves our own copy as the chain.
        fresh = await exchange(current if base is None else base.tokens)
        # Stored before anything else: a crash from here on loses nothing.
        with anyio.CancelScope(shield=True):
            written = await self.store.save(self.key, fresh, fence)
        if written:
            self.version = fence
        else:
            logger.warning("a newer token set was stored while this process refreshed; using it")
        await persist(fresh)
        if not written:
            await self._newer(adopt)
        return fresh.access_token
