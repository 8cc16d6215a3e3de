"""A TokenStore in Redis: every process of an app reads, locks and rotates the same chain.

Needs the `redis` extra. Keys: `<prefix>{<key>}:tokens` (a hash: version, data),
`:lock` (the fence of the holder, with a TTL) and `:fence` (the counter). Writes are
Lua scripts, so "newer than stored" and "still the holder" are checked atomically.
The stored data holds live secrets: protect the Redis instance as you would them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._tokenstore import StoredTokens, TokenSet, decode_tokens, encode_tokens

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisTokenStore"]

# KEYS: tokens, ARGV: fence, data. Fence 0 seeds only an empty key.
_SAVE = """
local v = redis.call('HGET', KEYS[1], 'version')
if v == false then
  if tonumber(ARGV[1]) < 0 then return 0 end
elseif tonumber(ARGV[1]) <= tonumber(v) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'data', ARGV[2])
return 1
"""

# KEYS: lock, fence counter; ARGV: ttl ms. Returns the new fence, or 0 if held.
_LOCK = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return fence
"""

# KEYS: lock; ARGV: fence. Only the holder frees it.
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisTokenStore:
    """Keep each key's (location's) current TokenSet in Redis, with a fenced rotation lock."""

    def __init__(self, redis: Redis, *, key_prefix: str = "hoopai:tokens:") -> None:
        self._redis = redis
        self._prefix = key_prefix
        self._save = redis.register_script(_SAVE)
        self._lock = redis.register_script(_LOCK)
        self._unlock = redis.register_script(_UNLOCK)

    def __repr__(self) -> str:
        return f"RedisTokenStore(key_prefix={self._prefix!r})"

    def _key(self, key: str, part: str) -> str:
        return f"{self._prefix}{{{key}}}:{part}"

    async def load(self, key: str) -> StoredTokens | None:
        version, data = await self._redis.hmget(self._key(key, "tokens"), ["version", "data"])
        if version is None or data is None:
            return None
        raw = data if isinstance(data, bytes) else data.encode()
        return StoredTokens(decode_tokens(raw), int(version))

    async def save(self, key: str, tokens: TokenSet, fence: int) -> bool:
        done = await self._save(
            keys=[self._key(key, "tokens")], args=[fence, encode_tokens(tokens)]
        )
        return bool(int(done))

    async def lock(self, key: str, ttl: float) -> int | None:
        keys = [self._key(key, "lock"), self._key(key, "fence")]
        fence = int(await self._lock(keys=keys, args=[max(1, round(ttl * 1000))]))
        return fence or None

    async def unlock(self, key: str, fence: int) -> None:
        await self._unlock(keys=[self._key(key, "lock")], args=[fence])
