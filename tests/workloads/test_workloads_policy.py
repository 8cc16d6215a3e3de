"""Workloads retry under the client's one policy: its count, its backoff, its clock and sleep."""

from __future__ import annotations

import httpx
import pytest
import respx

from hoopai_calendars import AsyncCalendarsClient, HttpxTransport, RateLimitError, RetryPolicy
from hoopai_calendars.models import AppointmentCreate
from hoopai_calendars.workloads import DesiredAppointment, poll_free_slots, sync_appointments
from tests.support.fakes import FakeClock

BASE = "https://services.leadconnectorhq.com"
DAY_MS = 86_400_000

pytestmark = pytest.mark.anyio


def _client(router: respx.MockRouter, clock: FakeClock, max_retries: int) -> AsyncCalendarsClient:
    return AsyncCalendarsClient(
        "tok",
        transport=HttpxTransport(transport=httpx.MockTransport(router.async_handler)),
        rate_limit=False,
        max_retries=max_retries,
        clock=clock,
        sleep=clock.sleep,
        random_fraction=lambda: 1.0,
    )


@pytest.mark.parametrize("max_retries", [0, 2])
async def test_a_workload_never_sends_more_than_the_policys_attempts(max_retries: int) -> None:
    router = respx.MockRouter(base_url=BASE)
    route = router.get("/calendars/cal-1/free-slots").respond(429, json={"message": "slow down"})
    clock = FakeClock()
    async with _client(router, clock, max_retries) as client:
        (result,) = await poll_free_slots(client, ["cal-1"], 0, DAY_MS)
    assert isinstance(result.error, RateLimitError)
    policy = RetryPolicy(max_retries=max_retries)
    assert route.call_count == policy.workload_attempts
    # Every wait was the policy's backoff, slept on the client's (fake) clock.
    assert len(clock.sleeps) == policy.workload_attempts - 1
    assert max(clock.sleeps) <= policy.backoff_cap


async def test_a_sync_create_is_refused_at_most_the_policys_attempts() -> None:
    router = respx.MockRouter(base_url=BASE)
    router.get("/calendars/events").respond(200, json={"events": []})
    create = router.post("/calendars/events/appointments").respond(429, json={"message": "no"})
    clock = FakeClock()
    body = AppointmentCreate(
        calendar_id="cal-1",
        location_id="loc-1",
        contact_id="c-1",
        start_time="2030-01-02T10:00:00Z",
    )
    async with _client(router, clock, 1) as client:
        report = await sync_appointments(client, [DesiredAppointment(body)])
    assert report.failed == 1
    assert create.call_count == RetryPolicy(max_retries=1).workload_attempts
