"""The retry policy: when a failed attempt may be repeated, and how long to wait first.

Everything here is pure. The call path feeds `decide` one failed attempt at a time
and acts on the answer; waiting, refreshing and raising happen there, not here.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from ._errors import DeadlineExceeded, DecodeError, TransportError, ValidationError
from ._sansio import read_error_body
from ._secret import Secret
from ._transport import Request, Response, SecretHeaders, Timeout
from .api import RETRY_AFTER_HEADER, RETRY_AFTER_MS_HEADER, UNAUTHORIZED_MARKS, Endpoint, Kind401

__all__ = [
    "MAX_RETRY_AFTER",
    "RETRY_STATUSES",
    "Action",
    "RetryPolicy",
    "classify_401",
    "decide",
    "header",
    "retry_after",
]

RETRY_STATUSES: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})

# A server-requested wait longer than this is not honoured: the caller gets the error
# instead of a request that silently hangs (openai uses the same rule, research B2).
MAX_RETRY_AFTER = 60.0

# Beyond 2**62 the float product only overflows; the cap has long applied by then.
_MAX_EXPONENT = 62


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently one logical call retries; `deadline` bounds it all.

    `refusal_retries` is for the workloads alone: how many more times they repeat a call
    the rate limit refused before it ran (a 429, or a limiter wait longer than the
    deadline), each time as a new call under this policy, after `backoff`. So one
    workload call sends at most `workload_attempts` requests.
    """

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    deadline: float | None = 60.0
    retry_statuses: frozenset[int] = RETRY_STATUSES
    refusal_retries: int = 8

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or self.max_retries < 0:
            raise ValidationError("max_retries", "must be a non-negative integer")
        if isinstance(self.refusal_retries, bool) or self.refusal_retries < 0:
            raise ValidationError("refusal_retries", "must be a non-negative integer")
        if not 0 < self.backoff_base <= self.backoff_cap:
            raise ValidationError("backoff_base", "must be positive and at most backoff_cap")
        if self.deadline is not None and not self.deadline > 0:
            raise ValidationError("deadline", "must be positive, or None for no deadline")

    @property
    def workload_attempts(self) -> int:
        """The most requests one workload call sends: every attempt of every repeat."""
        return (self.max_retries + 1) * (self.refusal_retries + 1)

    def backoff(self, retries_taken: int, random: Callable[[], float]) -> float:
        """Return the wait before the next retry: capped exponential with 50-100 % jitter."""
        # "Equal jitter" never sleeps near zero, which matters during 429 storms (research B1).
        exponent = min(max(retries_taken, 0), _MAX_EXPONENT)
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0**exponent)
        return ceiling * (0.5 + 0.5 * random())


class Action(enum.Enum):
    """What the call path does with a failed attempt."""

    RETRY = "retry"
    REFRESH_AND_RETRY = "refresh_and_retry"
    RAISE = "raise"
    OUTCOME_UNKNOWN = "outcome_unknown"


def classify_401(body: bytes) -> Kind401:
    """Say which of the overloaded 401s this body is: expired token, scope, gateway timeout."""
    parsed = read_error_body(body)
    # Gateways answer in plain text or HTML; then look at the start of it as-is.
    texts = parsed.messages if parsed is not None else (body[:512].decode("utf-8", "replace"),)
    lowered = " ".join(texts).lower()
    for needle, kind in UNAUTHORIZED_MARKS:
        if needle in lowered:
            return kind
    return "other"


def decide(
    row: Endpoint[Any],
    attempt: int,
    outcome: Response | TransportError | DecodeError,
    policy: RetryPolicy,
    *,
    refreshed: bool,
    can_refresh: bool,
) -> Action:
    """Choose what to do after one failed attempt; `attempt` counts retries already taken.

    A `DecodeError` is a 2xx whose body could not be decoded: the server acted, but what
    it answered is lost, so it is ambiguous for a create and repeatable for a read.
    """
    if isinstance(outcome, Response) and 200 <= outcome.status < 300:
        raise ValueError("decide() is only for failed attempts; a 2xx is a success")
    budget_left = attempt < policy.max_retries
    retry = Action.RETRY if budget_left else Action.RAISE

    if isinstance(outcome, DecodeError):
        return retry if row.idempotent else Action.OUTCOME_UNKNOWN

    if isinstance(outcome, TransportError):
        if not outcome.retryable:
            return Action.RAISE
        if not outcome.sent:
            # Nothing left this process, so repeating it is safe even for a create.
            return Action.RAISE if isinstance(outcome, DeadlineExceeded) else retry
        if not row.idempotent:
            return Action.OUTCOME_UNKNOWN
        # The deadline is spent: another attempt could not start anyway.
        return Action.RAISE if isinstance(outcome, DeadlineExceeded) else retry

    status = outcome.status
    if status == 401:
        kind = classify_401(outcome.body)
        if kind == "expired":
            # The server rejected the token before acting, so one retry is safe for any row.
            fresh = can_refresh and not refreshed
            return Action.REFRESH_AND_RETRY if fresh else Action.RAISE
        if kind == "timed_out":
            # A gateway timeout dressed as a 401: the request may have run (users §5.1).
            return retry if row.idempotent else Action.OUTCOME_UNKNOWN
        return Action.RAISE

    if row.idempotent:
        return retry if status in policy.retry_statuses else Action.RAISE
    if status == 429:
        # The limiter rejects before the handler runs, so a create can be sent again.
        return retry
    if status >= 500 or status == 408:
        return Action.OUTCOME_UNKNOWN
    return Action.RAISE


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Look a header up case-insensitively in any mapping (plain dicts included)."""
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value


def _seconds(text: str | None, scale: float) -> float | None:
    if text is None:
        return None
    try:
        value = float(text.strip()) * scale
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def retry_after(
    headers: Mapping[str, str],
    *,
    now: float | None = None,
    limit: float = MAX_RETRY_AFTER,
) -> float | None:
    """Return the server-requested wait in seconds when 0 < wait <= `limit`, else None.

    Reads `retry-after-ms`, then `Retry-After` as seconds or an HTTP date
    (compared with `now`, wall-clock seconds, defaulting to the current time).
    """
    wait = _seconds(header(headers, RETRY_AFTER_MS_HEADER), 0.001)
    if wait is None:
        raw = header(headers, RETRY_AFTER_HEADER)
        wait = _seconds(raw, 1.0)
        if wait is None and raw:
            try:
                when = parsedate_to_datetime(raw.strip())
            except (TypeError, ValueError, IndexError, OverflowError):
                return None
            if when.tzinfo is None:
                return None
            wait = when.timestamp() - (time.time() if now is None else now)
    if wait is None or not 0 < wait <= limit:
        return None
    return wait


def expired(policy: RetryPolicy) -> DeadlineExceeded:
    """The error of a call whose deadline passed before its next attempt was sent."""
    error = DeadlineExceeded(f"deadline of {policy.deadline} s exceeded")
    error.sent = False
    return error


def attempt_request(
    request: Request, token: Secret[str], left: float | None, fixed_token: bool
) -> Request | None:
    """The request of one attempt: its timeout cut to `left` (what remains of the deadline,
    None for none) and, unless the token is fixed, the current token on it; None when
    nothing is left."""
    timeout = request.timeout
    if left is not None:
        if left <= 0:
            return None
        if left < timeout.total:
            timeout = Timeout(total=left, connect=min(timeout.connect, left))
    if fixed_token and timeout is request.timeout:
        return request
    headers = request.headers
    if not fixed_token:
        if isinstance(headers, SecretHeaders):
            headers = headers.with_bearer(token)
        else:
            headers = SecretHeaders(headers, token)
    return Request(request.method, request.url, headers, request.body, timeout)
