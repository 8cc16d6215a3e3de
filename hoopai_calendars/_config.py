"""Client settings and per-call options, validated once at construction."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ._errors import ValidationError
from ._facts import API_VERSIONS
from ._facts import DEFAULT_API_VERSION as DEFAULT_API_VERSION
from ._transport import Timeout
from ._version import __version__

DEFAULT_BASE_URL = "https://services.leadconnectorhq.com"
USER_AGENT = f"hoopai-calendars-python/{__version__}"
DEFAULT_TIMEOUT = Timeout()


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
    if parts.scheme == "https" and host:
        return base_url.rstrip("/")
    if parts.scheme == "http" and is_loopback(host):
        return base_url.rstrip("/")
    raise ValidationError(
        "base_url",
        f"must be https:// (plain http only for loopback hosts), got {parts.scheme}://{host}",
    )
