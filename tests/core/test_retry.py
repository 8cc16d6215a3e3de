from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoopai_calendars._errors import (
    CertificateError,
    ConnectError,
    ConnectTimeout,
    DeadlineExceeded,
    ReadError,
    ReadTimeout,
    TransportError,
    ValidationError,
)
from hoopai_calendars._retry import (
    RETRY_STATUSES,
    Action,
    RetryPolicy,
    classify_401,
    decide,
    retry_after,
)
from hoopai_calendars._transport import Response
from hoopai_calendars.api import Endpoint

GET = Endpoint(
    name="calendars.get",
    operation_id="get-calendar",
    method="GET",
    path="/calendars/{calendarId}",
    scope="calendars.readonly",
    returns=dict,
    doc="Get a calendar.",
    idempotent=True,
)
CREATE = Endpoint(
    name="appointments.create",
    operation_id="create-appointment",
    method="POST",
    path="/calendars/events/appointments",
    scope="calendars/events.write",
    returns=dict,
    doc="Book an appointment.",
    idempotent=False,
)
POLICY = RetryPolicy()
LAST = POLICY.max_retries  # an attempt number with no retries left

EXPIRED = ("Invalid JWT", "Invalid token: access token is invalid", "jwt expired")
NO_REFRESH = (
    "The token is not authorized for this scope.",
    "version header was not found.",
    "No Authorization header found for authentication!",
    "E01 - Unauthorized request",
)


def status(code: int, message: object = None) -> Response:
    body = b"" if message is None else json.dumps({"statusCode": code, "message": message}).encode()
    return Response(code, {"content-type": "application/json"}, body)


def unsent_deadline() -> DeadlineExceeded:
    error = DeadlineExceeded("deadline of 60 s exceeded")
    error.sent = False
    return error


def run(
    row: Endpoint,
    outcome: Response | TransportError,
    attempt: int = 0,
    *,
    refreshed: bool = False,
    can_refresh: bool = True,
    policy: RetryPolicy = POLICY,
) -> Action:
    return decide(row, attempt, outcome, policy, refreshed=refreshed, can_refresh=can_refresh)


# --- idempotent rows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ConnectError("refused"),
        ConnectTimeout("slow"),
        ReadTimeout("slow"),
        ReadError("reset"),
        TransportError("other"),
    ],
)
def test_idempotent_retries_every_transport_error_while_budget_lasts(error: TransportError) -> None:
    assert run(GET, error, 0) is Action.RETRY
    assert run(GET, error, LAST - 1) is Action.RETRY
    assert run(GET, error, LAST) is Action.RAISE


@pytest.mark.parametrize("row", [GET, CREATE])
def test_a_certificate_failure_is_never_retried(row: Endpoint) -> None:
    assert run(row, CertificateError("self-signed"), 0) is Action.RAISE


@pytest.mark.parametrize("error", [DeadlineExceeded("spent"), unsent_deadline()])
def test_a_spent_deadline_is_never_retried(error: DeadlineExceeded) -> None:
    assert run(GET, error) is Action.RAISE


@pytest.mark.parametrize("code", sorted(RETRY_STATUSES))
def test_idempotent_retries_retryable_statuses(code: int) -> None:
    assert run(GET, status(code, "boom")) is Action.RETRY
    assert run(GET, status(code, "boom"), LAST) is Action.RAISE


@pytest.mark.parametrize("code", [301, 400, 403, 404, 409, 422, 501, 505])
def test_idempotent_raises_other_statuses(code: int) -> None:
    assert run(GET, status(code, "no")) is Action.RAISE


def test_idempotent_retries_command_timed_out_401() -> None:
    assert run(GET, status(401, "Command timed out")) is Action.RETRY
    assert run(GET, status(401, "Command timed out"), LAST) is Action.RAISE


@pytest.mark.parametrize("row", [GET, CREATE])
@pytest.mark.parametrize("message", EXPIRED)
def test_expired_token_refreshes_once(row: Endpoint, message: str) -> None:
    response = status(401, message)
    assert run(row, response) is Action.REFRESH_AND_RETRY
    # The refresh is not a retry: it is allowed even with the retry budget spent.
    assert run(row, response, LAST) is Action.REFRESH_AND_RETRY
    assert run(row, response, refreshed=True) is Action.RAISE
    assert run(row, response, can_refresh=False) is Action.RAISE


@pytest.mark.parametrize("row", [GET, CREATE])
@pytest.mark.parametrize("message", NO_REFRESH)
def test_401s_that_a_refresh_cannot_fix_raise(row: Endpoint, message: str) -> None:
    assert run(row, status(401, message)) is Action.RAISE


@pytest.mark.parametrize("row", [GET, CREATE])
def test_empty_401_raises(row: Endpoint) -> None:
    assert run(row, status(401)) is Action.RAISE


def test_custom_retry_statuses_apply_to_idempotent_rows_only() -> None:
    policy = replace(POLICY, retry_statuses=frozenset({409}))
    assert run(GET, status(409, "busy"), policy=policy) is Action.RETRY
    assert run(GET, status(503, "down"), policy=policy) is Action.RAISE
    assert run(CREATE, status(409, "busy"), policy=policy) is Action.RAISE


def test_zero_retries_still_allow_the_refresh() -> None:
    policy = RetryPolicy(max_retries=0)
    assert run(GET, ReadTimeout("slow"), policy=policy) is Action.RAISE
    assert run(GET, status(401, "Invalid JWT"), policy=policy) is Action.REFRESH_AND_RETRY


# --- non-idempotent rows --------------------------------------------------------------------


@pytest.mark.parametrize("error", [ConnectError("refused"), ConnectTimeout("slow")])
def test_create_retries_when_nothing_was_sent(error: TransportError) -> None:
    assert run(CREATE, error) is Action.RETRY
    assert run(CREATE, error, LAST) is Action.RAISE


@pytest.mark.parametrize(
    "error",
    [ReadTimeout("slow"), ReadError("reset"), TransportError("other"), DeadlineExceeded("late")],
)
def test_create_after_send_failure_is_outcome_unknown(error: TransportError) -> None:
    assert run(CREATE, error) is Action.OUTCOME_UNKNOWN
    assert run(CREATE, error, LAST) is Action.OUTCOME_UNKNOWN


def test_create_with_unsent_deadline_raises() -> None:
    assert run(CREATE, unsent_deadline()) is Action.RAISE


def test_create_retries_429() -> None:
    assert run(CREATE, status(429, "Too Many Requests")) is Action.RETRY
    assert run(CREATE, status(429, "Too Many Requests"), LAST) is Action.RAISE


@pytest.mark.parametrize("code", [408, 500, 501, 502, 503, 504])
def test_create_never_reposts_after_ambiguous_status(code: int) -> None:
    assert run(CREATE, status(code, "?")) is Action.OUTCOME_UNKNOWN


def test_create_command_timed_out_is_outcome_unknown() -> None:
    assert run(CREATE, status(401, "Command timed out")) is Action.OUTCOME_UNKNOWN


@pytest.mark.parametrize("code", [302, 400, 403, 404, 409, 422])
def test_create_raises_definite_rejections(code: int) -> None:
    assert run(CREATE, status(code, "no")) is Action.RAISE


def test_decide_refuses_a_success() -> None:
    with pytest.raises(ValueError, match="2xx"):
        run(GET, status(200))


# --- classify_401 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'{"statusCode":401,"message":"Invalid JWT","error":"Unauthorized"}', "expired"),
        (b'{"message":["Invalid token: access token is invalid"]}', "expired"),
        (b'{"error":"Invalid JWT"}', "expired"),
        (b'{"message":"The token is not authorized for this scope."}', "scope"),
        (b'{"message":"Command timed out"}', "timed_out"),
        (b"Command timed out", "timed_out"),
        (b'{"message":"version header was not found."}', "other"),
        (b'{"message":"No Authorization header found for authentication!"}', "other"),
        (b'{"message":42}', "other"),
        (b'["Invalid JWT"]', "expired"),
        (b"<html><body>401 Authorization Required</body></html>", "other"),
        (b"\xff\xfe not utf-8", "other"),
        (b"", "other"),
    ],
)
def test_classify_401(body: bytes, kind: str) -> None:
    assert classify_401(body) == kind


# --- backoff --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "low", "high"),
    [(0, 0.25, 0.5), (1, 0.5, 1.0), (3, 2.0, 4.0), (4, 4.0, 8.0), (9, 4.0, 8.0)],
)
def test_backoff_schedule(n: int, low: float, high: float) -> None:
    assert POLICY.backoff(n, lambda: 0.0) == pytest.approx(low)
    assert POLICY.backoff(n, lambda: 1.0) == pytest.approx(high)


@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=1))
def test_backoff_stays_within_half_to_full_cap(n: int, fraction: float) -> None:
    delay = POLICY.backoff(n, lambda: fraction)
    ceiling = min(POLICY.backoff_cap, POLICY.backoff_base * 2.0 ** min(n, 62))
    assert ceiling / 2 <= delay <= ceiling


@pytest.mark.parametrize(
    "kwargs",
    [{"max_retries": -1}, {"backoff_base": 0}, {"backoff_base": 9.0}, {"deadline": 0}],
)
def test_policy_rejects_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


# --- Retry-After ----------------------------------------------------------------------------

NOW = 1_800_000_000.0


def http_date(offset: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset, tz=timezone.utc), usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "2"}, 2.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"RETRY-AFTER": "60"}, 60.0),
        ({"retry-after": "61"}, None),
        ({"retry-after": "0"}, None),
        ({"retry-after": "-3"}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after-ms": "60001"}, None),
        ({"retry-after": http_date(30)}, 30.0),
        ({"retry-after": http_date(-30)}, None),
        ({"retry-after": http_date(3600)}, None),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00"}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    got = retry_after(headers, now=NOW)
    assert got == (None if expected is None else pytest.approx(expected))


def test_retry_after_limit_is_adjustable() -> None:
    assert retry_after({"retry-after": "90"}, limit=120) == 90.0
