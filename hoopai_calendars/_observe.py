"""Observability, paid for only when used: DEBUG lines per attempt, hooks, OpenTelemetry spans.

A client with no hook, no tracing and its logger below DEBUG builds no watch at all, so a
call costs one `isEnabledFor` check. Nothing here ever sees a token: events carry the
operation, the path template, the status, timings and the API's traceId.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from ._errors import HoopAIError, TransportError, find_trace_id
from ._transport import Response

if TYPE_CHECKING:
    from ._otel import OtelTracer, SpanHandle
    from .api import Endpoint

__all__ = [
    "LOG_ENV",
    "CallWatch",
    "Hooks",
    "RateLimitWaitEvent",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
    "find_trace_id",
    "logger",
]

logger = logging.getLogger("hoopai_calendars")
LOG_ENV = "HOOPAI_LOG"
_configured = False


@dataclass(frozen=True, slots=True)
class RequestEvent:
    """An attempt is about to be sent (`attempt` 1 is the first send, 2 the first retry)."""

    operation: str
    method: str
    url_template: str
    attempt: int


@dataclass(frozen=True, slots=True)
class ResponseEvent:
    """An attempt ended: `status` is None when no response came (`error` names why)."""

    operation: str
    method: str
    url_template: str
    attempt: int
    status: int | None
    duration: float
    trace_id: str | None
    headers: Mapping[str, str]
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RetryEvent:
    """A failed attempt will be repeated after `delay` seconds (`attempt` is the next one)."""

    operation: str
    attempt: int
    delay: float
    error: HoopAIError


@dataclass(frozen=True, slots=True)
class RateLimitWaitEvent:
    """The client waited `seconds` for rate budget: the limiter's pacing, or after a 429."""

    operation: str
    key: str
    seconds: float
    reason: Literal["limiter", "429"]


@dataclass(frozen=True, slots=True)
class Hooks:
    """The client's hooks; each is called on the client's event loop and must not block."""

    on_request: Callable[[RequestEvent], object] | None = None
    on_response: Callable[[ResponseEvent], object] | None = None
    on_retry: Callable[[RetryEvent], object] | None = None
    on_rate_limit_wait: Callable[[RateLimitWaitEvent], object] | None = None

    def __bool__(self) -> bool:
        return any((self.on_request, self.on_response, self.on_retry, self.on_rate_limit_wait))


def configure_from_env() -> None:
    """Honour `HOOPAI_LOG=debug` (or `info`): set the level and, if none, a stderr handler."""
    global _configured
    if _configured:
        return
    _configured = True
    level = os.environ.get(LOG_ENV, "").strip().upper()
    if level not in ("DEBUG", "INFO"):
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def observers(config: Mapping[str, Any]) -> tuple[Hooks | None, OtelTracer | None]:
    """Return the client's hooks and tracer, each None when unused (the plain path)."""
    configure_from_env()
    hooks = Hooks(
        config["on_request"],
        config["on_response"],
        config["on_retry"],
        config["on_rate_limit_wait"],
    )
    tracer = None
    if config["tracing"] or config["tracer_provider"] is not None:
        from ._otel import OtelTracer  # the optional extra, imported only when asked for

        tracer = OtelTracer(config["tracer_provider"])
    return (hooks if hooks else None), tracer


class CallWatch:
    """What one SDK call reports: hooks per attempt, a DEBUG line per attempt, one span."""

    __slots__ = (
        "_attempts",
        "_hooks",
        "_last",
        "_log",
        "_row",
        "_server",
        "_span",
        "_tracer",
        "success",
    )

    def __init__(
        self,
        row: Endpoint[Any],
        hooks: Hooks,
        tracer: OtelTracer | None,
        server: tuple[str, int | None],
        log: bool,
    ) -> None:
        self._row, self._hooks, self._tracer, self._server = row, hooks, tracer, server
        self._log = log
        self._span: SpanHandle | None = None
        self._last: ResponseEvent | None = None
        self._attempts = 0
        # The last 2xx response (what a raw-response call hands back).
        self.success: Response | None = None

    def __enter__(self) -> CallWatch:
        if self._tracer is not None:
            self._span = self._tracer.start(self._row, *self._server)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._span is not None:
            self._span.finish(self._last, self._attempts, exc)

    def sending(self, attempt: int) -> None:
        self._attempts = attempt + 1
        hook = self._hooks.on_request
        if hook is not None:
            row = self._row
            hook(RequestEvent(row.name, row.method, row.path, attempt + 1))

    def answered(self, attempt: int, outcome: Response | TransportError, duration: float) -> None:
        row = self._row
        if isinstance(outcome, Response):
            status: int | None = outcome.status
            if outcome.status < 300:
                self.success = outcome
            trace_id, headers, error = find_trace_id(outcome.body), outcome.headers, None
        else:
            status, trace_id, headers, error = None, None, {}, type(outcome).__name__
        event = ResponseEvent(
            row.name, row.method, row.path, attempt + 1, status, duration, trace_id, headers, error
        )
        self._last = event
        if self._log:
            logger.debug(
                "%s %s %s -> %s in %.1f ms (attempt %d, traceId %s)",
                row.name,
                row.method,
                row.path,
                status if status is not None else error,
                duration * 1000,
                attempt + 1,
                trace_id,
                extra={
                    "operation": row.name,
                    "http_method": row.method,
                    "url_template": row.path,
                    "status": status,
                    "duration_ms": duration * 1000,
                    "attempt": attempt + 1,
                    "trace_id": trace_id,
                },
            )
        hook = self._hooks.on_response
        if hook is not None:
            hook(event)

    def retrying(self, attempt: int, delay: float, error: HoopAIError) -> None:
        hook = self._hooks.on_retry
        if hook is not None:
            hook(RetryEvent(self._row.name, attempt + 2, delay, error))

    @property
    def wants_waits(self) -> bool:
        return self._hooks.on_rate_limit_wait is not None

    def pacing(self, key: str) -> Callable[[float], None]:
        """Return the limiter's callback for its pacing waits on `key`."""
        return lambda seconds: self.waited(key, seconds, "limiter")

    def waited(self, key: str, seconds: float, reason: Literal["limiter", "429"]) -> None:
        hook = self._hooks.on_rate_limit_wait
        if hook is not None:
            hook(RateLimitWaitEvent(self._row.name, key, seconds, reason))
