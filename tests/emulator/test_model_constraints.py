"""One set of body constraints: the client refuses before sending what the emulator 422s.

Each case is a body whose Struct can be built (constructing a Struct checks nothing) but
breaks a constraint of its model. The client raises ValidationError with nothing sent;
the same JSON sent raw to the emulator is a NestJS 422 naming the same field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import msgspec
import pytest

from hoopai_calendars import AsyncCalendarsClient, ValidationError
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import (
    AppointmentCreate,
    CalendarCreate,
    CalendarUpdate,
    HourInput,
    NotificationCreate,
    NotificationTimingInput,
    OpenHourInput,
    ResourceCreate,
    ScheduleCreate,
    ScheduleRuleInput,
)

pytestmark = pytest.mark.anyio

LOC = "loc_demo"
REMINDER = {"receiver_type": "contact", "channel": "email", "notification_type": "reminder"}


@dataclass(frozen=True)
class Case:
    service: str
    method: str
    http: str
    path: str  # `{cal}` is the calendar the test creates
    body: Callable[[str], Any]  # calendar id -> the body
    args: tuple[str, ...]  # path arguments before the body, `cal` for the calendar
    message: str  # the emulator's message for it (the start of it)


def hours(**kw: int) -> OpenHourInput:
    one = {"open_hour": 9, "open_minute": 0, "close_hour": 17, "close_minute": 0, **kw}
    return OpenHourInput(days_of_the_week=[1], hours=[HourInput(**one)])


CASES = [
    Case(
        "calendars",
        "create",
        "POST",
        "/calendars/",
        lambda _: CalendarCreate(location_id=LOC, name="C", slot_duration=0),
        (),
        "slotDuration must be between 1 and 525600",
    ),
    Case(
        "calendars",
        "create",
        "POST",
        "/calendars/",
        lambda _: CalendarCreate(location_id=LOC, name="C", slot_duration_unit="weeks"),
        (),
        "slotDurationUnit must be one of the following values: mins, hours",
    ),
    Case(
        "calendars",
        "update",
        "PUT",
        "/calendars/{cal}",
        lambda _: CalendarUpdate(appointment_per_slot=0),
        ("cal",),
        "appoinmentPerSlot must be between 1 and 10000",
    ),
    Case(
        "calendars",
        "update",
        "PUT",
        "/calendars/{cal}",
        lambda _: CalendarUpdate(open_hours=[hours(open_hour=25)]),
        ("cal",),
        "openHours.0.hours.0.openHour must be between 0 and 23",
    ),
    Case(
        "calendars",
        "update",
        "PUT",
        "/calendars/{cal}",
        lambda _: CalendarUpdate(
            open_hours=[OpenHourInput(days_of_the_week=[7], hours=[])],
        ),
        ("cal",),
        "openHours.0.daysOfTheWeek.0 must be between 0 and 6",
    ),
    Case(
        "notifications",
        "create",
        "POST",
        "/calendars/{cal}/notifications",
        lambda _: [
            NotificationCreate(
                **REMINDER, before_time=[NotificationTimingInput(time_offset=-1, unit="hours")]
            )
        ],
        ("cal",),
        "0.beforeTime.0.timeOffset must be between 0 and 525600",
    ),
    Case(
        "notifications",
        "create",
        "POST",
        "/calendars/{cal}/notifications",
        lambda _: [NotificationCreate(**{**REMINDER, "channel": "pigeon"})],
        ("cal",),
        "0.channel must be one of the following values: email, inApp, sms, whatsapp",
    ),
    Case(
        "schedules",
        "create",
        "POST",
        "/calendars/schedules",
        lambda _: ScheduleCreate(
            location_id=LOC,
            user_id="u1",
            name="S",
            timezone="UTC",
            rules=[ScheduleRuleInput(type="weekly", intervals=[])],
        ),
        (),
        "rules.0.type must be one of the following values: wday, date",
    ),
    Case(
        "resources",
        "create",
        "POST",
        "/calendars/resources/rooms",
        lambda _: ResourceCreate(
            location_id=LOC,
            name="R",
            description="d",
            quantity=1,
            out_of_service=0,
            capacity=-1,
            calendar_ids=[],
        ),
        ("rooms",),
        "capacity must be between 0 and 1000000",
    ),
    Case(
        "appointments",
        "create",
        "POST",
        "/calendars/events/appointments",
        lambda cal: AppointmentCreate(
            calendar_id=cal,
            location_id=LOC,
            contact_id="c1",
            start_time="2024-10-28T09:00:00Z",
            appointment_status="booked",
        ),
        (),
        "appointmentStatus must be one of the following values: new, confirmed",
    ),
]


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        yield emulator


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.message.split(" ")[0])
async def test_the_client_refuses_unsent_what_the_emulator_answers_with_422(
    emu: Emulator, case: Case
) -> None:
    client = AsyncCalendarsClient(emu.token, base_url=emu.url)
    try:
        cal = (await client.calendars.create(CalendarCreate(location_id=LOC, name="C"))).id
        assert cal is not None
        body = case.body(cal)
        args = [cal if arg == "cal" else arg for arg in case.args]
        sent = len(emu.requests)
        with pytest.raises(ValidationError) as caught:
            await getattr(getattr(client, case.service), case.method)(*args, body)
        assert caught.value.param.startswith("body")
        assert len(emu.requests) == sent  # nothing went out
    finally:
        await client.close()
    headers = {
        "Authorization": f"Bearer {emu.token}",
        "Version": "2021-07-28",
        "Content-Type": "application/json",
    }
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            case.http,
            emu.url + case.path.format(cal=cal),
            data=msgspec.json.encode(body),
            headers=headers,
        ) as resp,
    ):
        answer = await resp.json()
    assert (resp.status, answer["statusCode"], answer["error"]) == (
        422,
        422,
        "Unprocessable Entity",
    )
    assert any(message.startswith(case.message) for message in answer["message"]), answer
    assert len(emu.store.calendars) == 1  # and nothing was stored


async def test_the_bounds_themselves_are_accepted_by_both(emu: Emulator) -> None:
    body = CalendarCreate(
        location_id=LOC,
        name="Edges",
        slot_duration=525_600,
        slot_interval=1,
        slot_buffer=0,
        appointment_per_slot=10_000,
        open_hours=[hours(open_hour=0, close_hour=24)],
    )
    async with AsyncCalendarsClient(emu.token, base_url=emu.url) as client:
        made = await client.calendars.create(body)
    assert (made.slot_duration, made.appointment_per_slot) == (525_600, 10_000)
