"""Static checks of the public API's types: run `mypy --strict tests/api/typing_public_api.py`.

Never executed (pytest does not collect it). `assert_type` fails type checking when a
type is wrong or has decayed to Any, which an annotated assignment would accept.
"""

from __future__ import annotations

from datetime import datetime, timezone

# typing_extensions' stub ships with mypy's typeshed; typing.assert_type needs 3.11.
from typing_extensions import assert_type

from hoopai_calendars import (
    APIStatusError,
    AsyncCalendarsClient,
    CalendarsClient,
    HoopAIError,
    NotFoundError,
    OAuthTokenProvider,
    OutcomeUnknownError,
    RateLimitError,
    RateLimitStatus,
    RawResponse,
    RequestOptions,
    Timeout,
    TransportError,
    ValidationError,
)
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import (
    UNSET,
    Appointment,
    AppointmentCreate,
    Calendar,
    CalendarCreate,
    CalendarUpdate,
    DeleteResult,
    Event,
    FreeSlots,
    Group,
    NotesPage,
    SuccessResult,
    UnsetType,
)

START = datetime(2024, 10, 28, tzinfo=timezone.utc)
END = datetime(2024, 11, 4, tzinfo=timezone.utc)


async def token_source() -> str:
    """Return a token, as an async token callable does."""
    return "token"


async def async_client_api() -> None:
    """Use the async client as documented."""
    async with AsyncCalendarsClient("token") as client:
        assert_type(client, AsyncCalendarsClient)
        assert_type(await client.calendars.list(location_id="loc"), list[Calendar])
        assert_type(await client.calendars.get("cal"), Calendar)
        assert_type(await client.calendars.get("cal", timeout=5, max_retries=0), Calendar)
        raw = await client.calendars.with_raw_response.get("cal")
        assert_type(raw, RawResponse[Calendar])
        assert_type(raw.parse(), Calendar)
        assert_type(raw.trace_id, str | None)
        assert_type(client.with_options(timeout=5), AsyncCalendarsClient)
        assert_type(client.rate_limit_status(), RateLimitStatus | None)
        slots = await client.calendars.free_slots(
            "cal", start_date=START, end_date=1_730_700_000_000, timezone="Europe/Berlin"
        )
        assert_type(slots, FreeSlots)
        assert_type(slots.days, dict[str, list[str]])
        assert_type(slots.slots(), list[str])
        assert_type(len(slots), int)
        assert_type(slots.first, str | None)
        assert_type(slots.all, list[str])
        for day, day_slots in slots:
            assert_type(day, str)
            assert_type(day_slots, list[str])
        assert_type(await client.groups.list(location_id="loc"), list[Group])
        booked = await client.appointments.create(
            AppointmentCreate(
                calendar_id="cal", location_id="loc", contact_id="contact", start_time="x"
            ),
            options=RequestOptions(timeout=5.0, max_retries=0),
        )
        assert_type(booked, Appointment)
        assert_type(await client.appointments.get("event"), Event)
        assert_type(await client.events.delete("event"), DeleteResult)
        assert_type(await client.calendars.delete("cal"), SuccessResult)
        assert_type(await client.notes.list("appointment", limit=20), NotesPage)
    assert_type(await client.close(), None)

    AsyncCalendarsClient(token_source, timeout=Timeout(total=10.0, connect=2.0))
    AsyncCalendarsClient(OAuthTokenProvider("id", "secret", "refresh"), deadline=None)


def sync_client_api() -> None:
    """Use the blocking client exactly as the async one, without awaits."""
    with CalendarsClient("token", timeout=10.0, max_retries=1) as client:
        assert_type(client, CalendarsClient)
        assert_type(client.calendars.list(location_id="loc"), list[Calendar])
        assert_type(client.calendars.get("cal"), Calendar)
        assert_type(client.calendars.with_raw_response.get("cal"), RawResponse[Calendar])
        assert_type(client.with_options(max_retries=0), CalendarsClient)
        assert_type(client.calendars.get("cal", extra_headers={"X-Tag": "t"}), Calendar)
        slots = client.calendars.free_slots("cal", start_date=START, end_date=END)
        assert_type(slots, FreeSlots)
        assert_type(client.groups.list(location_id="loc"), list[Group])
        created = client.calendars.create(CalendarCreate(location_id="loc", name="Demo"))
        assert_type(created, Calendar)
        updated = client.calendars.update("cal", CalendarUpdate(name="Renamed"))
        assert_type(updated, Calendar)
        assert_type(client.appointments.get("event"), Event)
        assert_type(client.notes.list("appointment", limit=20, offset=20), NotesPage)
        assert_type(client.async_client, AsyncCalendarsClient)
    assert_type(client.close(), None)
    CalendarsClient(token_source)


def response_and_body_models() -> None:
    """Read response fields (None when absent) and build bodies with UNSET."""
    calendar = Calendar(id="cal", name="Demo")
    assert_type(calendar.id, str | None)
    assert_type(calendar.slot_duration, int | None)
    body = CalendarUpdate(name="Renamed", description=UNSET)
    assert_type(body.name, str | UnsetType)
    booking = AppointmentCreate(
        calendar_id="cal", location_id="loc", contact_id="contact", start_time="x"
    )
    assert_type(booking.title, str | UnsetType)


def error_attributes(error: HoopAIError) -> None:
    """Narrow the error family and read what each error carries."""
    assert_type(error.operation, str | None)
    if isinstance(error, NotFoundError):
        assert_type(error.status, int)
        assert_type(error.messages, tuple[str, ...])
        assert_type(error.trace_id, str | None)
        assert_type(error.message, str)
    if isinstance(error, APIStatusError):
        assert_type(error.body, bytes)
    if isinstance(error, RateLimitError):
        assert_type(error.daily_quota_exhausted, bool)
    if isinstance(error, TransportError):
        assert_type(error.sent, bool)
    if isinstance(error, OutcomeUnknownError):
        assert_type(error.cause, HoopAIError)
        assert_type(error.request_body, bytes | None)
    if isinstance(error, ValidationError):
        assert_type(error.param, str)


def emulator_api() -> None:
    """Serve the emulator from a thread and point the blocking client at it."""
    emulator = Emulator(seed="demo")
    with emulator.running_in_thread() as running:
        assert_type(running, Emulator)
        assert_type(running.url, str)
        with CalendarsClient(running.token, base_url=running.url) as client:
            assert_type(client.calendars.list(location_id=running.location_id), list[Calendar])
