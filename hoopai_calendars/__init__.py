"""Typed asyncio-first SDK for the HoopAI Platform Calendars API, with a blocking facade.

Start with `AsyncCalendarsClient` (or `CalendarsClient` in blocking code); request and
response models live in `hoopai_calendars.models`; a local emulator of the API lives in
`hoopai_calendars.emulator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._auth import StaticToken, TokenProvider
from ._clients import AsyncCalendarsClient, CalendarsClient
from ._config import (
    DEFAULT_BASE_URL,
    AsyncClientSettings,
    ClientSettings,
    RequestOptions,
)
from ._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CertificateError,
    ConflictError,
    ConnectError,
    ConnectTimeout,
    DeadlineExceeded,
    DecodeError,
    HoopAIError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ReadError,
    ReadTimeout,
    RedirectError,
    ServerError,
    SlotUnavailableError,
    TransportError,
    UnprocessableEntityError,
    UnsendableRequestError,
    ValidationError,
)
from ._location_token import AgencyTokens, LocationTokenProvider
from ._oauth import OAuthTokenProvider
from ._observe import RateLimitWaitEvent, RequestEvent, ResponseEvent, RetryEvent
from ._ratelimit import RateLimiter
from ._ratelimit_redis import RedisLimiterBackend  # redis itself is imported on first use
from ._ratelimit_status import BudgetStatus, RateLimitStatus
from ._raw import RateLimitHeaders, RawResponse
from ._retry import RetryPolicy
from ._secret import Secret
from ._tokenstore import InMemoryTokenStore, TokenSet, TokenStore
from ._tokenstore_redis import RedisTokenStore
from ._transport import Request, Response, Timeout, Transport
from ._version import __version__
from .api import API_VERSIONS, DEFAULT_API_VERSION, ENDPOINTS, Endpoint
from .workloads import IncompleteListingError

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport
    from ._httpx import HttpxTransport


def __getattr__(name: str) -> Any:
    # The transports import their HTTP library (aiohttp costs ~0.15 s, httpx is an extra):
    # only when asked for, so `import hoopai_calendars` stays light.
    if name == "AiohttpTransport":
        from ._aiohttp import AiohttpTransport

        return AiohttpTransport
    if name == "HttpxTransport":
        from ._httpx import HttpxTransport

        return HttpxTransport
    raise AttributeError(f"module 'hoopai_calendars' has no attribute {name!r}")


__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "ENDPOINTS",
    "APIStatusError",
    "AgencyTokens",
    "AiohttpTransport",
    "AsyncCalendarsClient",
    "AsyncClientSettings",
    "AuthenticationError",
    "BadRequestError",
    "BudgetStatus",
    "CalendarsClient",
    "CertificateError",
    "ClientSettings",
    "ConflictError",
    "ConnectError",
    "ConnectTimeout",
    "DeadlineExceeded",
    "DecodeError",
    "Endpoint",
    "HoopAIError",
    "HttpxTransport",
    "InMemoryTokenStore",
    "IncompleteListingError",
    "LocationTokenProvider",
    "NotFoundError",
    "OAuthTokenProvider",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitHeaders",
    "RateLimitStatus",
    "RateLimitWaitEvent",
    "RateLimiter",
    "ReadError",
    "RawResponse",
    "ReadTimeout",
    "RedisLimiterBackend",
    "RedisTokenStore",
    "RedirectError",
    "Request",
    "RequestEvent",
    "RequestOptions",
    "Response",
    "ResponseEvent",
    "RetryEvent",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "SlotUnavailableError",
    "StaticToken",
    "Timeout",
    "TokenProvider",
    "TokenSet",
    "TokenStore",
    "Transport",
    "TransportError",
    "UnprocessableEntityError",
    "UnsendableRequestError",
    "ValidationError",
    "__version__",
]
