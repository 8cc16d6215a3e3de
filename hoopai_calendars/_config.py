"""Client settings and per-call options, validated once at construction."""

from __future__ import annotations

import ipaddress
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypedDict
from urllib.parse import urlsplit

import anyio

from ._errors import ValidationError
from ._observe import RateLimitWaitEvent, RequestEvent, ResponseEvent, RetryEvent
from ._transport import Timeout, Transport
from ._version import __version__
from .api import API_VERSIONS, DEFAULT_API_VERSION

if TYPE_CHECKING:
    from ._ratelimit import RateLimiter

DEFAULT_BASE_URL = "https://services.leadconnectorhq.com"
USER_AGENT = f"hoopai-calendars-python/{__version__}"
DEFAULT_TIMEOUT = Timeout()
# Read when the constructor is not given a token / base_url (the CLI reads the same names).
TOKEN_ENV = "HOOPAI_TOKEN"
BASE_URL_ENV = "HOOPAI_BASE_URL"


class ClientSettings(TypedDict, total=False):
    """The keyword settings of both clients, `AsyncCalendarsClient(token, **settings)`.

    Defaults are in `DEFAULT_SETTINGS`. `timeout` bounds one attempt (a number is its total
    in seconds), `deadline` one logical call with its retries (None: no bound).
    `transport=None` opens an aiohttp pool on first use. `rate_limit=False` turns the
    client-side limiter off; `rate_limiter` shares one between clients, and
    `rate_limit_key` names the budget a client spends (the location id; default: the
    credential's fingerprint). `reconcile=True`
    looks an ambiguous create up before re-sending it (see `RequestOptions`).

    Observability (all off by default, and free when off): `on_request`, `on_response`,
    `on_retry` and `on_rate_limit_wait` are called with an event per attempt, retry or
    wait, on the client's event loop (they must not block); `tracing=True` (extra "otel")
    makes one OpenTelemetry span per call, from `tracer_provider` or the global one.
    """

    base_url: str
    api_version: str
    timeout: Timeout | float
    deadline: float | None
    max_retries: int
    transport: Transport | None
    rate_limiter: RateLimiter | None
    rate_limit: bool
    rate_limit_key: str | None
    reconcile: bool
    on_request: Callable[[RequestEvent], object] | None
    on_response: Callable[[ResponseEvent], object] | None
    on_retry: Callable[[RetryEvent], object] | None
    on_rate_limit_wait: Callable[[RateLimitWaitEvent], object] | None
    tracing: bool
    tracer_provider: object | None


class AsyncClientSettings(ClientSettings, total=False):
    """The async client's settings: the shared ones plus hooks so tests never wait for real."""

    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    random_fraction: Callable[[], float]


# Type-checked against the TypedDicts, so a setting cannot lose or gain a default unseen.
DEFAULT_SETTINGS: Final[ClientSettings] = {
    "base_url": DEFAULT_BASE_URL,
    "api_version": DEFAULT_API_VERSION,
    "timeout": DEFAULT_TIMEOUT,
    "deadline": 60.0,
    "max_retries": 2,
    "transport": None,
    "rate_limiter": None,
    "rate_limit": True,
    "rate_limit_key": None,
    "reconcile": False,
    "on_request": None,
    "on_response": None,
    "on_retry": None,
    "on_rate_limit_wait": None,
    "tracing": False,
    "tracer_provider": None,
}
DEFAULT_HOOKS: Final[AsyncClientSettings] = {
    "clock": time.monotonic,
    "sleep": anyio.sleep,
    "random_fraction": random.random,
}


def resolve_settings(settings: ClientSettings, *, hooks: bool = True) -> AsyncClientSettings:
    """Fill in the defaults; an unknown keyword is a TypeError, as for any function."""
    known = {**DEFAULT_SETTINGS, **DEFAULT_HOOKS} if hooks else DEFAULT_SETTINGS
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    resolved: AsyncClientSettings = {**DEFAULT_SETTINGS, **DEFAULT_HOOKS, **settings}
    if "base_url" not in settings:
        resolved["base_url"] = os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
    return resolved


def token_from_env() -> str:
    """Return `$HOOPAI_TOKEN`, for a client constructed without a token; refuse none at all."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ValidationError(
            "token", f"no token given and ${TOKEN_ENV} is not set: pass one or set {TOKEN_ENV}"
        )
    return token


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-call overrides: pass as `options=` to any service method.

    `extra_headers` are added to the request; they cannot replace the SDK's own headers.
    `reconcile=True` lets an ambiguous create (OutcomeUnknownError) be looked up and,
    only if it did not take effect, re-sent once (rows with a reconcile look-up only).
    """

    timeout: Timeout | float | None = None
    deadline: float | None = None
    max_retries: int | None = None
    reconcile: bool | None = None
    extra_headers: Mapping[str, str] = field(default_factory=dict)


# The per-call settings every generated method also takes as keywords, with the annotation
# it declares (the generator reads this list; `options=RequestOptions(...)` still works).
CALL_OPTIONS: Final = (
    ("timeout", "Timeout | float | None", "Bounds each attempt of this call (seconds)."),
    ("deadline", "float | None", "Bounds this call with its retries (seconds)."),
    ("max_retries", "int | None", "How many times this call may be retried."),
    ("extra_headers", "Mapping[str, str] | None", "Headers added to the SDK's own."),
)


def call_options(
    options: RequestOptions | None,
    timeout: Timeout | float | None,
    deadline: float | None,
    max_retries: int | None,
    extra_headers: Mapping[str, str] | None,
) -> RequestOptions:
    """Fold a method's per-call keywords over its `options` (a keyword wins)."""
    base = options or RequestOptions()
    headers = {**base.extra_headers, **extra_headers} if extra_headers else base.extra_headers
    return RequestOptions(
        timeout=base.timeout if timeout is None else timeout,
        deadline=base.deadline if deadline is None else deadline,
        max_retries=base.max_retries if max_retries is None else max_retries,
        reconcile=base.reconcile,
        extra_headers=headers,
    )


def as_timeout(value: Timeout | float) -> Timeout:
    """Accept a bare number of seconds as the per-attempt total timeout."""
    if isinstance(value, Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValidationError("timeout", f"expected a positive number of seconds, got {value!r}")
    return Timeout(total=float(value), connect=min(5.0, float(value)))


def check_api_version(api_version: object) -> str:
    """Require one of the `Version` header values the API accepts (`API_VERSIONS`)."""
    if not isinstance(api_version, str) or api_version not in API_VERSIONS:
        raise ValidationError(
            "api_version",
            f"must be one of {', '.join(API_VERSIONS)}, got {api_version!r}",
        )
    return api_version


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address stays on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """Require https, or plain http on a loopback host (the emulator); drop a trailing slash."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    try:
        parts.port  # noqa: B018 - raises for a port out of range or not a number
    except ValueError:
        raise ValidationError("base_url", f"has an invalid port: {parts.netloc!r}") from None
    if parts.scheme == "https" and host:
        return base_url.rstrip("/")
    if parts.scheme == "http" and is_loopback(host):
        return base_url.rstrip("/")
    raise ValidationError(
        "base_url",
        f"must be https:// (plain http only for loopback hosts), got {parts.scheme}://{host}",
    )
