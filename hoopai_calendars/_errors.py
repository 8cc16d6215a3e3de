"""The exception hierarchy. Every error says which operation failed and never holds a token."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ._secret import Secret, scrub_bytes, scrub_text
from .api._facts import SLOT_TAKEN_MARK

# The API puts `traceId` at the top level of its JSON bodies, usually last: search from the end.
_TRACE = re.compile(rb'"traceId"\s*:\s*"([^"\\]{1,200})"')


def find_trace_id(body: bytes) -> str | None:
    """Return the body's top-level `traceId` (searched from the end, where the API puts it)."""
    at = body.rfind(b'"traceId"')
    if at < 0:
        return None
    match = _TRACE.match(body, at)
    return match.group(1).decode("utf-8", "replace") if match else None


class HoopAIError(Exception):
    """Base of every error this SDK raises."""

    operation: str | None = None
    method: str | None = None
    path: str | None = None

    def _where(self) -> str:
        if self.operation is None:
            return ""
        return f" [{self.operation}: {self.method} {self.path}]"

    def _repr_fields(self) -> dict[str, object]:
        return {"message": getattr(self, "message", str(self))}

    def __repr__(self) -> str:
        # Keyword form, operation first: what a log line or a REPL needs to tell errors apart.
        fields = {"operation": self.operation, **self._repr_fields()}
        shown = ", ".join(f"{k}={v!r}" for k, v in fields.items() if v is not None)
        return f"{type(self).__name__}({shown})"

    def with_operation(self, operation: str, method: str, path: str) -> HoopAIError:
        """Attach the table row's identity (the path template, never the filled-in URL)."""
        self.operation, self.method, self.path = operation, method, path
        return self


class ValidationError(HoopAIError, ValueError):
    """Bad input caught before anything was sent; `param` names the culprit."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(param, message)
        self.param = param
        self.message = message

    def __str__(self) -> str:
        return f"{self.param}: {self.message}{self._where()}"

    def _repr_fields(self) -> dict[str, object]:
        return {"param": self.param, "message": self.message}


class TransportError(HoopAIError):
    """The HTTP exchange itself failed. `sent` is False only when no byte left this process."""

    sent: bool = True
    retryable: bool = True

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.message}{self._where()}"


class ConnectError(TransportError):
    """No connection could be made; the request certainly was not sent."""

    sent = False


class CertificateError(ConnectError):
    """TLS verification failed (bad or untrusted certificate); repeating cannot help."""

    retryable = False


class ConnectTimeout(ConnectError):
    """Connecting took longer than the connect timeout; the request was not sent."""


class UnsendableRequestError(TransportError):
    """The HTTP library refused the request before sending it (a URL or header it cannot
    encode); nothing was sent, and repeating cannot help."""

    sent = False
    retryable = False


class ReadTimeout(TransportError):
    """The request went out but no complete response came back in time."""


class ReadError(TransportError):
    """The connection broke after the request was (perhaps partly) sent."""


class DeadlineExceeded(TransportError):
    """The call's overall deadline (retries and waits included) ran out."""


class OutcomeUnknownError(HoopAIError):
    """A non-idempotent request may or may not have taken effect; it was not repeated.

    `request_body` is what was sent, so the caller can look the result up
    (for appointments: `events.list` by calendar, contact and start time).
    """

    def __init__(self, cause: HoopAIError, request_body: bytes | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.request_body = request_body
        self.operation, self.method, self.path = cause.operation, cause.method, cause.path

    def __str__(self) -> str:
        return f"outcome unknown, not retried: {self.cause}"

    def _repr_fields(self) -> dict[str, object]:
        return {"cause": self.cause}


class DecodeError(HoopAIError):
    """A 2xx response body did not match the expected shape.

    `field_path` is where in the body (`$.events[3].startTime`), when the decoder says.
    """

    def __init__(self, message: str, body: bytes) -> None:
        super().__init__(message)
        self.message = message
        self.body = body
        # msgspec ends its message with " - at `$.path`".
        at = message.rfind(" - at `")
        self.field_path: str | None = message[at + 7 : -1] if at >= 0 else None
        self.trace_id = find_trace_id(body)

    def _repr_fields(self) -> dict[str, object]:
        return {"message": self.message, "field_path": self.field_path, "trace_id": self.trace_id}

    def __str__(self) -> str:
        return f"could not decode response: {self.message}{self._where()}"


class APIStatusError(HoopAIError):
    """The API answered with a non-2xx status."""

    def __init__(
        self,
        status: int,
        messages: tuple[str, ...],
        *,
        trace_id: str | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        error: str | None = None,
    ) -> None:
        super().__init__(status, messages)
        self.status = status
        self.messages = messages
        self.trace_id = trace_id
        self.body = body
        self.headers: Mapping[str, str] = headers or {}
        self.error = error

    @property
    def message(self) -> str:
        return "; ".join(self.messages) or self.error or ""

    def _repr_fields(self) -> dict[str, object]:
        return {"status": self.status, "message": self.message, "trace_id": self.trace_id}

    def scrubbed(self, secrets: Iterable[Secret[str] | str | None]) -> APIStatusError:
        """Replace the client's secrets in the messages, the error code and the raw body."""
        known = tuple(secrets)
        self.messages = tuple(scrub_text(m, known) for m in self.messages)
        if self.error is not None:
            self.error = scrub_text(self.error, known)
        self.body = scrub_bytes(self.body, known)
        self.args = (self.status, self.messages)
        return self

    def __str__(self) -> str:
        trace = f" (traceId {self.trace_id})" if self.trace_id else ""
        return f"HTTP {self.status}: {self.message}{trace}{self._where()}"


class RedirectError(APIStatusError):
    """A 3xx answer. Redirects are never followed, so credentials never travel."""


class BadRequestError(APIStatusError):
    """HTTP 400."""


class SlotUnavailableError(BadRequestError):
    """HTTP 400 "The slot you have selected is no longer available."; pick another slot."""


class AuthenticationError(APIStatusError):
    """HTTP 401 (expired token, missing scope, missing Version header...)."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422; `messages` lists each field problem."""


class RateLimitError(APIStatusError):
    """HTTP 429, or the daily quota is spent (`daily_quota_exhausted`).

    `scope` says which budget ran out: "daily" (the day's quota) or "burst" (the
    requests-per-interval window), from the flag and the response's headers.
    """

    daily_quota_exhausted: bool = False

    @property
    def scope(self) -> Literal["burst", "daily"]:
        if self.daily_quota_exhausted:
            return "daily"
        for name, value in self.headers.items():
            if name.lower() == "x-ratelimit-daily-remaining":
                return "daily" if value.strip().isdigit() and int(value) <= 0 else "burst"
        return "burst"

    def _repr_fields(self) -> dict[str, object]:
        return {**super()._repr_fields(), "scope": self.scope}


class ServerError(APIStatusError):
    """HTTP 5xx (the body may be an HTML page from a gateway)."""


_BY_STATUS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status: int, messages: tuple[str, ...]) -> type[APIStatusError]:
    """Pick the exception class from the HTTP status (never from the body's statusCode)."""
    if status == 400 and any(SLOT_TAKEN_MARK in m for m in messages):
        return SlotUnavailableError
    if 300 <= status < 400:
        return RedirectError
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIStatusError)


def describe(exc: BaseException) -> dict[str, Any]:
    """A log-safe summary of an error: names and numbers only."""
    out: dict[str, Any] = {"type": type(exc).__name__}
    if isinstance(exc, HoopAIError):
        out["operation"] = exc.operation
    if isinstance(exc, APIStatusError):
        out["status"] = exc.status
        out["trace_id"] = exc.trace_id
    return out
