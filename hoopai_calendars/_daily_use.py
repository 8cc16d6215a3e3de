"""The async client's everyday conveniences: derived clients, raw responses, budget status."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import msgspec

from ._observe import CallWatch, Hooks, logger
from ._raw import RawResponse

if TYPE_CHECKING:
    from ._auth import TokenProvider
    from ._config import AsyncClientSettings, RequestOptions
    from ._otel import OtelTracer
    from ._ratelimit import RateLimiter
    from ._ratelimit_status import RateLimitStatus
    from .api import Endpoint

if sys.version_info >= (3, 11):  # at run time too, so get_type_hints() can resolve them
    from typing import Self, Unpack
elif TYPE_CHECKING:
    from typing_extensions import Self, Unpack

T = TypeVar("T")
_NO_HOOKS = Hooks()


class DailyUse:
    """`with_options`, the raw-response call path and `rate_limit_status`, over the core."""

    __slots__ = ()

    if TYPE_CHECKING:  # what the core client provides
        _config: AsyncClientSettings
        _limiter: RateLimiter | None
        _rate_limit_key: str | None
        _tokens: TokenProvider
        _hooks: Hooks | None
        _tracer: OtelTracer | None
        _server: tuple[str, int | None]
        _pool_of: Any

        async def _call(
            self,
            row: Endpoint[T],
            path_args: Sequence[object],
            query: msgspec.Struct | None,
            body: object,
            options: RequestOptions | None,
            watch: CallWatch | None = None,
        ) -> T: ...

    def with_options(self, **settings: Unpack[AsyncClientSettings]) -> Self:
        """Return a copy with these settings changed, sharing the pool, limiter and token.

        Cheap (no I/O, no new pool): `client.with_options(timeout=5).calendars.get(...)`.
        Closing the copy leaves the pool open; closing this client closes it for both.
        """
        config: dict[str, Any] = {**self._config, **settings}
        limiter = self._limiter
        if limiter is not None and "rate_limiter" not in settings and config["rate_limit"]:
            config["rate_limiter"] = limiter  # one budget: the copy's sends count against it
        # The same provider object: a refresh by either client serves both.
        derived: Self = cast(Any, type(self))(self._tokens, **config)
        if "transport" not in settings and self._config["transport"] is None:
            derived._pool_of = self._pool_of or self
        return derived

    def rate_limit_status(self, key: str | None = None) -> RateLimitStatus | None:
        """Return the burst and daily budgets as last seen (None with `rate_limit=False`).

        `key` names a budget of a shared limiter (a location id); default: this client's.
        """
        if self._limiter is None:
            return None
        return self._limiter.status(key or self._rate_limit_key or self._tokens.fingerprint)

    async def _call_raw(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> RawResponse[T]:
        """Call like `_call`, and hand back the 2xx response with the decoded value."""
        debug = logger.isEnabledFor(logging.DEBUG)
        watch = CallWatch(row, self._hooks or _NO_HOOKS, self._tracer, self._server, debug)
        with watch:
            value = await self._call(row, path_args, query, body, options, watch)
        return RawResponse(row.name, watch.success, value)
