"""The retry policy at work in the client, against the emulator (and respx for exact statuses)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectError,
    HoopAIError,
    HttpxTransport,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ReadError,
    ReadTimeout,
    RequestOptions,
    ServerError,
    SlotUnavailableError,
    UnprocessableEntityError,
)
from hoopai_calendars.emulator import Emulator, FaultKind
from tests.support.fakes import FakeClock, RecordingTransport
from tests.support.resilience import (
    booking,
    client_for,
    dead_url,
    demo,
    slow_after_write,
    stored,
)

pytestmark = pytest.mark.anyio

BASE = "https://services.leadconnectorhq.com"
# (fault kind, status for status_5xx) -> the typed error once retries are spent.
RETRYABLE: list[tuple[FaultKind, int, type[HoopAIError]]] = [
    ("status_5xx", 500, ServerError),
    ("status_5xx", 502, ServerError),
    ("html_502", 502, ServerError),
    ("status_5xx", 503, ServerError),
    ("status_5xx", 504, ServerError),
    ("status_429", 429, RateLimitError),
    ("reset_before", 0, ReadError),
    ("reset_after", 0, ReadError),
    ("command_timed_out", 401, AuthenticationError),
]
RETRYABLE_IDS = [f"{kind}-{status}" for kind, status, _ in RETRYABLE]


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:2", rate_limit=10_000) as emulator:
        yield emulator


# --- idempotent calls ------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "status", "error"), RETRYABLE, ids=RETRYABLE_IDS)
async def test_idempotent_get_is_retried_then_succeeds(
    emu: Emulator, clock: FakeClock, kind: FaultKind, status: int, error: type[HoopAIError]
) -> None:
    calendar_id = demo(emu).calendar_ids[0]
    emu.faults.add(kind, "calendars.get", count=2, status=status if status >= 500 else 503)
    async with client_for(emu, clock) as client:
        calendar = await client.calendars.get(calendar_id)
    assert calendar.id == calendar_id
    assert emu.faults.seen["calendars.get"] == 3
    assert sum(emu.faults.fired.values()) == 2
    assert len(clock.sleeps) >= 2  # it waited before each retry


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize(("kind", "status", "error"), RETRYABLE, ids=RETRYABLE_IDS)
async def test_retries_stop_at_max_retries_with_the_typed_error(
    emu: Emulator,
    clock: FakeClock,
    kind: FaultKind,
    status: int,
    error: type[HoopAIError],
    max_retries: int,
) -> None:
    calendar_id = demo(emu).calendar_ids[0]
    emu.faults.add(kind, "calendars.get", probability=1.0, status=status if status >= 500 else 503)
    async with client_for(emu, clock, max_retries=max_retries) as client:
        with pytest.raises(error) as info:
            await client.calendars.get(calendar_id)
    # Exactly the policy's attempts reach the server: no hidden re-send by the HTTP library.
    assert emu.faults.seen["calendars.get"] == max_retries + 1
    assert info.value.operation == "calendars.get"
    if isinstance(info.value, ServerError | RateLimitError | AuthenticationError):
        assert info.value.status == status


async def test_408_is_retried() -> None:
    router = respx.MockRouter(base_url=BASE)
    route = router.get("/calendars/cal-1").mock(
        side_effect=[
            httpx.Response(408),
            httpx.Response(408),
            httpx.Response(200, json={"calendar": {"id": "cal-1"}}),
        ]
    )
    clock = FakeClock()
    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    async with AsyncCalendarsClient(
        "tok", transport=transport, rate_limit=False, clock=clock, sleep=clock.sleep
    ) as client:
        await client.calendars.get("cal-1")
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (401, AuthenticationError),
    ],
)
async def test_definite_rejections_are_never_retried(status: int, error: type[HoopAIError]) -> None:
    router = respx.MockRouter(base_url=BASE)
    message = "The token is not authorized for this scope." if status == 401 else "no"
    route = router.get("/calendars/cal-1").respond(status, json={"message": message})
    clock = FakeClock()
    transport = HttpxTransport(transport=httpx.MockTransport(router.async_handler))
    async with AsyncCalendarsClient(
        "tok", transport=transport, rate_limit=False, clock=clock, sleep=clock.sleep
    ) as client:
        with pytest.raises(error):
            await client.calendars.get("cal-1")
    assert route.call_count == 1
    assert clock.sleeps == []


async def test_emulator_404_and_scope_401_are_not_retried(emu: Emulator, clock: FakeClock) -> None:
    async with client_for(emu, clock) as client:
        with pytest.raises(NotFoundError):
            await client.calendars.get("no-such-calendar")
    narrow = emu.mint_token(["calendars/events.readonly"])
    async with AsyncCalendarsClient(narrow, base_url=emu.url) as client:
        with pytest.raises(AuthenticationError, match="scope"):
            await client.calendars.get(demo(emu).calendar_ids[0])
    assert emu.faults.seen["calendars.get"] == 2


# --- creates ------------------------------------------------------------------------------------


async def test_create_after_429_is_retried_and_booked_once(emu: Emulator, clock: FakeClock) -> None:
    async with client_for(emu, clock) as client:
        body = await booking(client, emu)
        emu.faults.status_429("appointments.create", count=1)
        made = await client.appointments.create(body)
    assert made.start_time == body.start_time
    assert emu.faults.seen["appointments.create"] == 2
    assert stored(emu, body) == 1


async def test_create_after_connection_refused_is_retried_and_booked_once(
    emu: Emulator, clock: FakeClock
) -> None:
    transport = RecordingTransport(inner=AiohttpTransport(), dead_url=dead_url())
    async with client_for(emu, clock, transport=transport) as client:
        body = await booking(client, emu)
        transport.refuse = 2
        made = await client.appointments.create(body)
    await transport.aclose()
    assert made.start_time == body.start_time
    assert len(transport.requests) == 1 + 3  # the free-slots call, then three tries
    assert emu.faults.seen["appointments.create"] == 1
    assert stored(emu, body) == 1


async def test_create_gives_up_after_refusals_with_connect_error(
    emu: Emulator, clock: FakeClock
) -> None:
    async with client_for(emu, clock) as client:
        body = await booking(client, emu)
    async with AsyncCalendarsClient(
        emu.token, base_url=dead_url(), clock=clock, sleep=clock.sleep
    ) as client:
        with pytest.raises(ConnectError) as info:
            await client.appointments.create(body)
    assert info.value.sent is False
    assert stored(emu, body) == 0


@pytest.mark.parametrize(
    ("kind", "status", "lands"),
    [
        ("reset_after", 503, True),
        ("status_5xx", 500, True),
        ("status_5xx", 503, False),
        ("html_502", 502, True),
        ("command_timed_out", 401, True),
        ("reset_before", 503, False),
    ],
)
async def test_ambiguous_create_raises_outcome_unknown_and_is_never_resent(
    emu: Emulator, clock: FakeClock, kind: FaultKind, status: int, lands: bool
) -> None:
    async with client_for(emu, clock) as client:
        body = await booking(client, emu)
        # run_handler: the write lands before the failure, the worst case for a re-send.
        emu.faults.add(kind, "appointments.create", count=3, status=status, run_handler=lands)
        with pytest.raises(OutcomeUnknownError) as info:
            await client.appointments.create(body)
    assert info.value.request_body is not None
    assert body.start_time.encode() in info.value.request_body
    assert info.value.operation == "appointments.create"
    assert emu.faults.seen["appointments.create"] == 1
    assert stored(emu, body) == (1 if lands else 0)


async def test_create_that_times_out_after_the_write_is_outcome_unknown() -> None:
    emu = Emulator(seed="demo:1")
    async with (
        slow_after_write(emu, 1.0) as url,
        AsyncCalendarsClient(emu.token, base_url=url) as client,
    ):
        body = await booking(client, emu)
        started = time.perf_counter()
        with pytest.raises(OutcomeUnknownError) as info:
            await client.appointments.create(body, options=RequestOptions(timeout=0.3))
        elapsed = time.perf_counter() - started
    assert isinstance(info.value.cause, ReadTimeout)
    assert info.value.request_body is not None
    assert body.start_time.encode() in info.value.request_body
    assert elapsed < 0.9  # the caller learned at its timeout, not when the server answered
    assert emu.faults.seen["appointments.create"] == 1
    assert stored(emu, body) == 1


async def test_taken_slot_is_a_definite_400_not_retried(emu: Emulator, clock: FakeClock) -> None:
    async with client_for(emu, clock) as client:
        body = await booking(client, emu)
        await client.appointments.create(body)
        with pytest.raises(SlotUnavailableError):
            await client.appointments.create(body)
    assert emu.faults.seen["appointments.create"] == 2
    assert stored(emu, body) == 1
