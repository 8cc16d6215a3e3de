"""What a service running the client can see: DEBUG lines, hooks, spans, rate-limit figures."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from hoopai_calendars import (
    AsyncCalendarsClient,
    CalendarsClient,
    HttpxTransport,
    NotFoundError,
    RateLimiter,
    RateLimitError,
    RateLimitWaitEvent,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
)

pytestmark = pytest.mark.anyio

BASE = "https://services.leadconnectorhq.com"
TOKEN = "s3cret-token-value"
CALENDAR = {"calendar": {"id": "cal1"}, "traceId": "trace-ok"}
RATE = {
    "X-RateLimit-Max": "100",
    "X-RateLimit-Remaining": "97",
    "X-RateLimit-Interval-Milliseconds": "10000",
    "X-RateLimit-Limit-Daily": "200000",
    "X-RateLimit-Daily-Remaining": "199990",
}


class FakeTime:
    """A clock that only moves when the client sleeps, so no test waits for real."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def _client(router: respx.MockRouter, **settings: Any) -> AsyncCalendarsClient:
    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    settings.setdefault("rate_limit", False)
    fake = FakeTime()
    return AsyncCalendarsClient(
        TOKEN, transport=transport, clock=fake.clock, sleep=fake.sleep, **settings
    )


def _flaky(router: respx.MockRouter) -> None:
    router.get("/calendars/cal1").mock(
        side_effect=[
            httpx.Response(503, json={"message": "busy", "traceId": "trace-503"}),
            httpx.Response(200, json=CALENDAR, headers=RATE),
        ]
    )


async def test_debug_log_has_a_line_per_attempt_with_trace_id_and_no_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with respx.mock(base_url=BASE) as router:
        _flaky(router)
        caplog.set_level(logging.DEBUG, logger="hoopai_calendars")
        async with _client(router) as client:
            await client.calendars.get("cal1")
    lines = [r for r in caplog.records if getattr(r, "attempt", None) is not None]
    assert [(r.attempt, r.status, r.trace_id) for r in lines] == [  # type: ignore[attr-defined]
        (1, 503, "trace-503"),
        (2, 200, "trace-ok"),
    ]
    assert lines[1].getMessage().startswith("calendars.get GET /calendars/{calendarId} -> 200 in ")
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


def test_hoopai_log_debug_switches_the_lines_on() -> None:
    script = f"""
        import httpx
        from hoopai_calendars import CalendarsClient, HttpxTransport
        def answer(request):
            return httpx.Response(200, json={CALENDAR!r})
        transport = HttpxTransport(transport=httpx.MockTransport(answer))
        with CalendarsClient({TOKEN!r}, transport=transport) as client:
            client.calendars.get("cal1")
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**_environ(), "HOOPAI_LOG": "debug"},
        check=True,
    )
    assert "calendars.get GET /calendars/{calendarId} -> 200" in done.stderr
    assert "traceId trace-ok" in done.stderr
    assert TOKEN not in done.stderr


def _environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "HOOPAI_LOG"}


async def test_hooks_see_each_attempt_retry_and_rate_limit_wait() -> None:
    seen: list[object] = []
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").mock(
            side_effect=[
                httpx.Response(429, json={"message": "Too many requests"}),
                httpx.Response(200, json=CALENDAR),
            ]
        )
        async with _client(
            router,
            rate_limit=True,
            on_request=seen.append,
            on_response=seen.append,
            on_retry=seen.append,
            on_rate_limit_wait=seen.append,
        ) as client:
            await client.calendars.get("cal1")
    kinds = [type(event).__name__ for event in seen]
    assert kinds == [
        "RequestEvent",
        "ResponseEvent",
        "RetryEvent",
        "RateLimitWaitEvent",
        "RequestEvent",
        "ResponseEvent",
    ]
    first, retry, wait, last = seen[0], seen[2], seen[3], seen[5]
    assert isinstance(first, RequestEvent)
    assert (first.operation, first.url_template, first.attempt) == (
        "calendars.get",
        "/calendars/{calendarId}",
        1,
    )
    assert isinstance(retry, RetryEvent)
    assert isinstance(retry.error, RateLimitError)
    assert retry.attempt == 2
    assert isinstance(wait, RateLimitWaitEvent)
    assert (wait.reason, wait.seconds > 0) == ("429", True)
    assert isinstance(last, ResponseEvent)
    assert (last.status, last.attempt, last.trace_id) == (200, 2, "trace-ok")


def _tracing() -> tuple[TracerProvider, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


async def test_one_span_per_operation_with_http_conventions() -> None:
    provider, exporter = _tracing()
    with respx.mock(base_url=BASE) as router:
        _flaky(router)
        async with _client(router, tracer_provider=provider) as client:
            await client.calendars.get("cal1")
    (span,) = exporter.get_finished_spans()
    assert span.name == "calendars.get"
    assert span.kind is SpanKind.CLIENT
    assert dict(span.attributes or {}) == {
        "http.request.method": "GET",
        "url.template": "/calendars/{calendarId}",
        "server.address": "services.leadconnectorhq.com",
        "hoopai.operation": "calendars.get",
        "http.request.resend_count": 1,
        "http.response.status_code": 200,
        "hoopai.trace_id": "trace-ok",
        "hoopai.rate_limit.remaining": 97,
        "hoopai.rate_limit.limit": 100,
        "hoopai.rate_limit.daily_remaining": 199990,
        "hoopai.rate_limit.daily_limit": 200000,
    }


async def test_a_failed_operation_marks_its_span_as_an_error() -> None:
    provider, exporter = _tracing()
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/gone").respond(404, json={"message": "nope", "traceId": "t-404"})
        async with _client(router, tracer_provider=provider) as client:
            with pytest.raises(NotFoundError):
                await client.calendars.get("gone")
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    attributes = span.attributes or {}
    assert (attributes["error.type"], attributes["hoopai.trace_id"]) == ("404", "t-404")
    assert span.events[0].name == "exception"


@pytest.mark.parametrize(("daily_left", "scope"), [("0", "daily"), ("1500", "burst")])
async def test_rate_limit_error_says_which_budget_ran_out(daily_left: str, scope: str) -> None:
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").respond(
            429, json={"message": "Too many"}, headers={"X-RateLimit-Daily-Remaining": daily_left}
        )
        async with _client(router, max_retries=0) as client:
            with pytest.raises(RateLimitError) as info:
                await client.calendars.get("cal1")
    assert info.value.scope == scope
    assert f"scope='{scope}'" in repr(info.value)


async def test_rate_limit_status_reports_both_budgets() -> None:
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").respond(
            json=CALENDAR, headers={**RATE, "X-RateLimit-Daily-Reset": "3600000"}
        )
        async with _client(router, rate_limit=True, rate_limit_key="loc1") as client:
            before = client.rate_limit_status()
            await client.calendars.get("cal1")
            after = client.rate_limit_status()
    assert before is not None
    assert (before.burst.remaining, before.daily.remaining) == (None, None)
    assert after is not None
    assert after.key == "loc1"
    assert (after.burst.limit, after.burst.remaining) == (100, 97)
    assert (after.daily.limit, after.daily.remaining) == (200000, 199990)
    now = datetime.now(timezone.utc)
    assert after.burst.resets_at is not None
    assert after.burst.resets_at > now
    assert after.daily.resets_at is not None
    assert 3500 < (after.daily.resets_at - now).total_seconds() <= 3600


def test_blocking_client_reports_status_and_none_without_a_limiter() -> None:
    with CalendarsClient(TOKEN, rate_limit=False) as client:
        assert client.rate_limit_status() is None
    with CalendarsClient(TOKEN) as client:
        status = client.rate_limit_status("loc9")
        assert status is not None
        assert (status.key, status.burst.limit) == ("loc9", 100)


async def test_the_limiters_pacing_wait_reaches_the_hook() -> None:
    waits: list[RateLimitWaitEvent] = []
    fake = FakeTime()
    limiter = RateLimiter(capacity=3, interval=10.0, clock=fake.clock, sleep=fake.sleep)
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1").respond(json=CALENDAR)
        transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
        async with AsyncCalendarsClient(
            TOKEN,
            transport=transport,
            rate_limiter=limiter,
            clock=fake.clock,
            sleep=fake.sleep,
            on_rate_limit_wait=waits.append,
        ) as client:
            for _ in range(3):
                await client.calendars.get("cal1")
    assert waits
    assert {w.reason for w in waits} == {"limiter"}
    assert all(w.seconds > 0 and w.operation == "calendars.get" for w in waits)
