"""The OpenTelemetry extra: one CLIENT span per SDK operation (imported only when enabled).

Attributes follow the HTTP client semantic conventions (`http.request.method`,
`url.template`, `http.response.status_code`, `http.request.resend_count`,
`server.address`, `server.port`, `error.type`); the API's traceId and the rate-limit
figures of the last response are `hoopai.*` attributes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

try:
    from opentelemetry import trace
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "tracing=True needs OpenTelemetry: pip install 'hoopai-calendars[otel]'"
    ) from exc

if TYPE_CHECKING:
    from .api import Endpoint

_RATE_HEADERS = (
    ("x-ratelimit-remaining", "hoopai.rate_limit.remaining"),
    ("x-ratelimit-max", "hoopai.rate_limit.limit"),
    ("x-ratelimit-daily-remaining", "hoopai.rate_limit.daily_remaining"),
    ("x-ratelimit-limit-daily", "hoopai.rate_limit.daily_limit"),
)


class SpanHandle:
    """One operation's span, current while the call runs."""

    __slots__ = ("_scope", "_span")

    def __init__(self, span: trace.Span) -> None:
        self._span = span
        self._scope = trace.use_span(span, end_on_exit=True)
        self._scope.__enter__()

    def finish(self, last: Any, attempts: int, error: BaseException | None) -> None:
        """Record what the last attempt said (a ResponseEvent, or None), then end the span."""
        span = self._span
        if attempts > 1:
            span.set_attribute("http.request.resend_count", attempts - 1)
        if last is not None:
            if last.status is not None:
                span.set_attribute("http.response.status_code", last.status)
            if last.trace_id is not None:
                span.set_attribute("hoopai.trace_id", last.trace_id)
            lowered = {k.lower(): v for k, v in last.headers.items()}
            for header, attribute in _RATE_HEADERS:
                value = lowered.get(header)
                if value is not None and value.strip().isdigit():
                    span.set_attribute(attribute, int(value))
        if error is not None:
            status = getattr(error, "status", None)
            span.set_attribute(
                "error.type", str(status) if isinstance(status, int) else type(error).__name__
            )
            self._scope.__exit__(type(error), error, error.__traceback__)
        else:
            self._scope.__exit__(None, None, None)


class OtelTracer:
    """Start operation spans from a tracer provider (None: the global one)."""

    def __init__(self, provider: Any = None) -> None:
        self._tracer = trace.get_tracer("hoopai_calendars", __version__, tracer_provider=provider)

    def start(self, row: Endpoint[Any], host: str, port: int | None) -> SpanHandle:
        attributes: dict[str, str | int] = {
            "http.request.method": row.method,
            "url.template": row.path,
            "server.address": host,
            "hoopai.operation": row.name,
        }
        if port is not None:
            attributes["server.port"] = port
        span = self._tracer.start_span(row.name, kind=trace.SpanKind.CLIENT, attributes=attributes)
        return SpanHandle(span)
