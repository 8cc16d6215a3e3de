"""The core async client (AsyncCalendarsClient minus the workloads): lifecycle, one call path."""

from __future__ import annotations

import logging
import sys
from collections.abc import Coroutine, Sequence
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import anyio
import msgspec

from ._auth import StaticToken, TokenSource, as_provider
from ._config import (
    DEFAULT_HOOKS,
    DEFAULT_SETTINGS,
    USER_AGENT,
    AsyncClientSettings,
    RequestOptions,
    as_timeout,
    check_api_version,
    check_base_url,
    resolve_settings,
    token_from_env,
)
from ._daily_use import DailyUse
from ._errors import (
    DecodeError,
    HoopAIError,
    OutcomeUnknownError,
    TransportError,
    ValidationError,
)
from ._generated.async_services import AsyncServices
from ._observe import CallWatch, Hooks, observers
from ._ratelimit import RateLimiter
from ._retry import Action, RetryPolicy, attempt_request, decide, expired, retry_after
from ._sansio import api_error, build_request, decode_success
from ._secret import Secret, as_secret
from ._settings_view import SettingsView, client_repr, spell_out_settings
from ._transport import Request, Response, SecretHeaders, Transport
from .api import VERSION_HEADER, Endpoint

T = TypeVar("T")

if sys.version_info >= (3, 11):  # at run time too, so get_type_hints() can resolve them
    from typing import Self, Unpack
elif TYPE_CHECKING:
    from typing_extensions import Self, Unpack

logger = logging.getLogger("hoopai_calendars")

_NO_OPTIONS = RequestOptions()
_NO_HOOKS = Hooks()


class AsyncClientCore(SettingsView, DailyUse, AsyncServices):
    """Call the Calendars API from asyncio; use `async with` or `await client.close()`.

    Constructing a client does no I/O. `token` is a bearer token, a TokenProvider
    (e.g. OAuthTokenProvider, which refreshes) or an async callable returning one (None:
    `$HOOPAI_TOKEN`); the keyword settings are `AsyncClientSettings` (defaults in
    `DEFAULT_SETTINGS`; `base_url` falls back to `$HOOPAI_BASE_URL`). The settings are
    readable afterwards: `client.base_url`, `client.timeout`, `client.max_retries`, ...
    `rate_limit_key` names the budget the API enforces (give the location id when
    clients share a limiter); it defaults to the credential's fingerprint.
    `clock`, `sleep` and `random_fraction` exist so tests never wait for real.
    The public `AsyncCalendarsClient` is this class plus the workload methods.
    """

    def __init__(
        self, token: TokenSource | None = None, **settings: Unpack[AsyncClientSettings]
    ) -> None:
        config = resolve_settings(settings)
        if token is None:
            token = token_from_env()
        max_retries, clock = config["max_retries"], config["clock"]
        sleep, random_fraction = config["sleep"], config["random_fraction"]
        rate_limiter, transport = config["rate_limiter"], config["transport"]
        if max_retries < 0:
            raise ValidationError("max_retries", "must not be negative")
        rate_limit_key = config["rate_limit_key"]
        if rate_limit_key is not None and (
            not isinstance(rate_limit_key, str) or not rate_limit_key
        ):
            raise ValidationError("rate_limit_key", "must be a non-empty string (the location id)")
        self._rate_limit_key = rate_limit_key
        self._base_url = check_base_url(config["base_url"])
        self._tokens = as_provider(token)
        # A fixed token needs no await per call (the hot path for free-slot polling).
        self._static = self._tokens if isinstance(self._tokens, StaticToken) else None
        headers = {
            VERSION_HEADER: check_api_version(config["api_version"]),
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }
        # A fixed token rides in the prebuilt headers (their wire form is built once), so an
        # attempt copies nothing; the token stays a Secret until a transport reveals it.
        self._headers = SecretHeaders(
            headers, self._static.token if self._static is not None else None
        )
        self._timeout = as_timeout(config["timeout"])
        self._config: AsyncClientSettings = {
            **config,
            "base_url": self._base_url,
            "timeout": self._timeout,
        }
        self._retry = RetryPolicy(max_retries=max_retries, deadline=config["deadline"])
        self._transport = transport
        self._owns_transport = transport is None
        self._limiter = (
            (rate_limiter or RateLimiter(clock=clock, sleep=sleep, random=random_fraction))
            if config["rate_limit"]
            else None
        )
        self._clock, self._sleep, self._random = clock, sleep, random_fraction
        self._reconcile = config["reconcile"]
        self._hooks, self._tracer = observers(config)
        self._observed = self._hooks is not None or self._tracer is not None
        parts = urlsplit(self._base_url)
        self._server = (parts.hostname or "", parts.port)
        self._closed = False
        # A client from `with_options` sends through its origin's pool (None: its own).
        self._pool_of: AsyncClientCore | None = None
        self._bind_services(self._call, self._call_raw)

    def __repr__(self) -> str:
        return client_repr(self)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool this client opened; closing twice is harmless."""
        self._closed = True
        transport, self._transport = self._transport, None
        if transport is not None and self._owns_transport:
            with anyio.CancelScope(shield=True):
                await transport.aclose()

    def _get_transport(self) -> Transport:
        if self._closed:
            raise RuntimeError("this AsyncCalendarsClient is closed; create a new one")
        if self._transport is None and self._pool_of is not None:
            return self._pool_of._get_transport()
        if self._transport is None:
            from ._aiohttp import AiohttpTransport

            self._transport = AiohttpTransport()
        return self._transport

    def _call(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
        watch: CallWatch | None = None,
    ) -> Coroutine[Any, Any, T]:
        """Validate and build the request now; return the coroutine that sends and decodes it.

        Not itself a coroutine: at 64 calls in flight each coroutine level costs about 1 %
        of throughput (every wake-up passes through all of them), so the plain path has two,
        the generated method and `_send`. Bad input raises here, before anything is awaited.
        """
        if watch is None and (self._observed or logger.isEnabledFor(logging.DEBUG)):
            return self._call_watched(row, path_args, query, body, options)
        opts = options or _NO_OPTIONS
        try:
            request = build_request(
                row,
                path_args,
                query,
                body,
                base_url=self._base_url,
                # Extra headers add to the SDK's own; they cannot replace them.
                headers=self._headers.over(opts.extra_headers)
                if opts.extra_headers
                else self._headers,
                timeout=as_timeout(opts.timeout) if opts.timeout is not None else self._timeout,
            )
        except ValidationError as exc:
            raise exc.with_operation(row.name, row.method, row.path) from None
        if row.reconcile is None:
            return self._send(row, request, opts, watch)
        return self._send_reconciled(row, request, body, opts, watch)

    async def _call_watched(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> T:
        """Make the call inside its watch (hooks, tracing, debug lines)."""
        watch = CallWatch(row, self._hooks or _NO_HOOKS, self._tracer, self._server, _debug())
        with watch:
            return await self._call(row, path_args, query, body, options, watch)

    async def _send_reconciled(
        self,
        row: Endpoint[T],
        request: Request,
        body: object,
        opts: RequestOptions,
        watch: CallWatch | None,
    ) -> T:
        """Send a create; when its outcome is unknown, look it up before sending it once more."""
        try:
            return await self._send(row, request, opts, watch)
        except OutcomeUnknownError as unknown:
            reconcile = self._reconcile if opts.reconcile is None else opts.reconcile
            if not reconcile:
                raise
            found = await self._look_up(row, body, unknown)
            if found is not None:
                return found
            logger.debug("re-sending %s once: it did not take effect", row.name)
            return await self._send(row, request, opts, watch)

    async def _look_up(
        self, row: Endpoint[T], body: object, unknown: OutcomeUnknownError
    ) -> T | None:
        """Ask the API whether an ambiguous create took effect; a failed look-up changes nothing."""
        assert row.reconcile is not None
        try:
            return await row.reconcile(self, body)
        except HoopAIError:
            raise unknown from None

    async def _send(
        self, row: Endpoint[T], request: Request, opts: RequestOptions, watch: CallWatch | None
    ) -> T:
        """Send under the rate limiter and the retry policy; return the decoded 2xx value.

        Each attempt is written out here rather than in a helper coroutine: one level less
        on every wake-up of every call in flight.
        """
        policy = self._retry
        if opts.max_retries is not None or opts.deadline is not None:
            policy = replace(
                policy,
                max_retries=policy.max_retries if opts.max_retries is None else opts.max_retries,
                deadline=policy.deadline if opts.deadline is None else opts.deadline,
            )
        started = self._clock()
        # The API budgets per app and location, and a token is bound to one location; most
        # calls (free slots, gets) do not name theirs, so the credential is the bucket key.
        key = self._rate_limit_key or self._tokens.fingerprint
        limiter = self._limiter
        # The hot path (a fixed token, no deadline) sends the prebuilt request as it is.
        as_built = self._static is not None and policy.deadline is None
        attempt, refreshed = 0, False
        while True:
            # A Secret from here to the transport: frame locals never hold the plain token.
            if self._static is not None:
                token = self._static.token
            else:
                token = as_secret(await self._tokens.get_token())
            transport = self._transport
            if transport is None or self._closed:
                transport = self._get_transport()
            outcome: Response | TransportError | None = None
            if limiter is not None:
                left = self._left(started, policy)
                if left is not None and left <= 0:
                    outcome = expired(policy)
                else:
                    try:
                        # Waiting for the limiter spends the call's deadline too; it refuses
                        # a longer wait (the day's quota spent, or the deadline).
                        if watch is not None and watch.wants_waits:
                            await limiter.acquire(key, within=left, on_wait=watch.pacing(key))
                        else:
                            await limiter.acquire(key, within=left)
                    except HoopAIError as exc:
                        raise exc.with_operation(row.name, row.method, row.path) from None
            if outcome is None:
                try:
                    sendable: Request | None = request
                    if not as_built:
                        left = self._left(started, policy)
                        sendable = attempt_request(request, token, left, self._static is not None)
                    if sendable is None:
                        outcome = expired(policy)
                    else:
                        if watch is not None:
                            watch.sending(attempt)
                            sent_at = self._clock()
                        try:
                            outcome = await transport.send(sendable)
                        except TransportError as exc:
                            outcome = exc
                        if watch is not None:
                            watch.answered(attempt, outcome, self._clock() - sent_at)
                finally:
                    if limiter is not None:
                        limiter.release(key)
                if limiter is not None and isinstance(outcome, Response):
                    limiter.observe(key, outcome.status, outcome.headers)
            failed: Response | TransportError | DecodeError = outcome
            if isinstance(outcome, Response) and outcome.status < 300:
                # Decoded inside the loop: a 2xx cut short is a failed attempt like any other.
                try:
                    return decode_success(row, outcome.body)
                except DecodeError as exc:
                    failed = exc
            action = decide(
                row,
                attempt,
                failed,
                policy,
                refreshed=refreshed,
                can_refresh=self._tokens.can_refresh,
            )
            error = self._error(row, failed, token)
            if action is Action.OUTCOME_UNKNOWN:
                raise OutcomeUnknownError(error, request.body) from None
            if action is Action.RAISE:
                raise error from None
            if action is Action.REFRESH_AND_RETRY:
                await self._tokens.refresh(token)
                refreshed = True
                continue
            delay = self._delay(failed, attempt, key, policy)
            if policy.deadline is not None and self._clock() + delay - started > policy.deadline:
                raise error from None
            if watch is not None:
                watch.retrying(attempt, delay, error)
                if isinstance(failed, Response) and failed.status == 429:
                    watch.waited(key, delay, "429")
            logger.debug(
                "retrying %s after %s in %.2f s (retry %d of %d)",
                row.name,
                type(error).__name__,
                delay,
                attempt + 1,
                policy.max_retries,
            )
            await self._sleep(delay)
            attempt += 1

    def _left(self, started: float, policy: RetryPolicy) -> float | None:
        if policy.deadline is None:
            return None
        return policy.deadline - (self._clock() - started)

    def _delay(
        self,
        outcome: Response | TransportError | DecodeError,
        attempt: int,
        key: str,
        policy: RetryPolicy,
    ) -> float:
        if isinstance(outcome, Response):
            hinted = retry_after(outcome.headers)
            if hinted is not None:
                return hinted
            if outcome.status == 429 and self._limiter is not None:
                return self._limiter.wait_hint(key)
        return policy.backoff(attempt, self._random)

    def _error(
        self,
        row: Endpoint[Any],
        outcome: Response | TransportError | DecodeError,
        token: Secret[str] | None = None,
    ) -> HoopAIError:
        if isinstance(outcome, DecodeError):
            return outcome
        if isinstance(outcome, Response):
            # A server may echo the token ("Invalid JWT: ..."): scrub before anyone sees it,
            # with every secret the provider knows (OAuth: refresh token, client secret).
            known = getattr(self._tokens, "secrets", None)
            secrets = (token, *known()) if callable(known) else (token,)
            return api_error(row, outcome).scrubbed(secrets)
        return outcome.with_operation(row.name, row.method, row.path)


def _debug() -> bool:
    return logger.isEnabledFor(logging.DEBUG)


# help() and inspect.signature show each setting as a keyword, not `**settings`.
spell_out_settings(AsyncClientCore, AsyncClientSettings, {**DEFAULT_SETTINGS, **DEFAULT_HOOKS})
