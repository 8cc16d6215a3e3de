"""The async and blocking clients against the emulator over real loopback HTTP, family by family.

Each family test runs twice: with AsyncCalendarsClient, and with CalendarsClient driven
from worker threads (its own portal loop talks HTTP to the emulator serving in the test's
loop). The emulator's clock is fixed on a Sunday so Monday's slots are known exactly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timezone
from functools import partial
from typing import Any

import anyio.to_thread
import pytest

from hoopai_calendars import (
    AsyncCalendarsClient,
    AuthenticationError,
    CalendarsClient,
    NotFoundError,
    PermissionDeniedError,
    SlotUnavailableError,
)
from hoopai_calendars.emulator import ALL_SCOPES, Emulator
from hoopai_calendars.models import (
    AppointmentCreate,
    AppointmentUpdate,
    BlockSlotCreate,
    BlockSlotUpdate,
    CalendarCreate,
    CalendarUpdate,
    GroupCreate,
    GroupSlugValidation,
    GroupStatusUpdate,
    GroupUpdate,
    NoteBody,
    NotificationCreate,
    NotificationTimingInput,
    NotificationUpdate,
    ResourceCreate,
    ResourceUpdate,
    ScheduleCreate,
    ScheduleIntervalInput,
    ScheduleRuleInput,
    ScheduleUpdate,
)

# Sunday 2024-10-27 12:00 UTC; Monday 2024-10-28 is open 09:00-17:00 UTC in 30-minute slots.
NOW = 1_730_030_400.0
MONDAY = 1_730_073_600_000
DAY = 86_400_000
LOC = "loc_demo"
MONDAY_SLOTS = [f"2024-10-28T{h:02d}:{m:02d}:00+00:00" for h in range(9, 17) for m in (0, 30)]


class Blocking:
    """Drive a CalendarsClient from async tests: every call blocks in a worker thread."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return Blocking(attr)  # a service: wrap its methods in turn

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await anyio.to_thread.run_sync(partial(attr, *args, **kwargs))

        return call


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW) as emulator:
        yield emulator


@pytest.fixture(params=["async", "sync"])
async def make_api(
    request: pytest.FixtureRequest, emu: Emulator
) -> AsyncIterator[Callable[[str], Any]]:
    """Return a factory of clients (async, or blocking behind `Blocking`) for a token."""
    closers: list[Callable[[], Awaitable[None]]] = []

    def make(token: str) -> Any:
        if request.param == "async":
            client = AsyncCalendarsClient(token, base_url=emu.url)
            closers.append(client.close)
            return client
        blocking = CalendarsClient(token, base_url=emu.url)
        closers.append(partial(anyio.to_thread.run_sync, blocking.close))
        return Blocking(blocking)

    yield make
    for close in closers:
        await close()


@pytest.fixture
def api(make_api: Callable[[str], Any], emu: Emulator) -> Any:
    return make_api(emu.token)


async def new_calendar(api: Any, name: str = "Consults") -> str:
    created = await api.calendars.create(CalendarCreate(location_id=LOC, name=name))
    assert created.id
    return str(created.id)


async def monday_slots(api: Any, calendar_id: str, tz: str | None = None) -> list[str]:
    found = await api.calendars.free_slots(
        calendar_id, start_date=MONDAY, end_date=MONDAY + DAY, timezone=tz
    )
    return list(found.slots())


def booking(calendar_id: str, slot: str) -> AppointmentCreate:
    return AppointmentCreate(
        calendar_id=calendar_id, location_id=LOC, contact_id="contact-1", start_time=slot
    )


@pytest.mark.anyio
async def test_calendars_crud_and_free_slots(api: Any) -> None:
    calendar_id = await new_calendar(api)
    assert (await api.calendars.get(calendar_id)).name == "Consults"
    assert calendar_id in {c.id for c in await api.calendars.list(location_id=LOC)}
    # Aware datetimes work as well as epoch ms.
    monday = datetime(2024, 10, 28, tzinfo=timezone.utc)
    found = await api.calendars.free_slots(calendar_id, start_date=monday, end_date=MONDAY + DAY)
    assert found.days == {"2024-10-28": MONDAY_SLOTS}

    hourly = CalendarUpdate(name="Long consults", slot_duration=60, slot_interval=60)
    assert (await api.calendars.update(calendar_id, hourly)).name == "Long consults"
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS[::2]

    assert (await api.calendars.delete(calendar_id)).success is True
    with pytest.raises(NotFoundError):
        await api.calendars.get(calendar_id)


@pytest.mark.anyio
async def test_groups_crud_slug_and_status(api: Any) -> None:
    group = await api.groups.create(
        GroupCreate(location_id=LOC, name="Sales", description="Sales team", slug="sales")
    )
    taken = await api.groups.validate_slug(GroupSlugValidation(location_id=LOC, slug="sales"))
    free = await api.groups.validate_slug(GroupSlugValidation(location_id=LOC, slug="support"))
    assert (taken.available, free.available) == (False, True)
    assert (await api.groups.get(group.id)).slug == "sales"
    assert [g.id for g in await api.groups.list(location_id=LOC)] == [group.id]

    change = GroupUpdate(name="Sales EU", description="Europe", slug="sales-eu")
    assert (await api.groups.update(group.id, change)).name == "Sales EU"
    assert (await api.groups.set_status(group.id, GroupStatusUpdate(is_active=False))).success
    assert (await api.groups.get(group.id)).is_active is False

    assert (await api.groups.delete(group.id)).success is True
    with pytest.raises(NotFoundError):
        await api.groups.get(group.id)


@pytest.mark.anyio
async def test_appointment_lifecycle_from_a_verbatim_slot(api: Any) -> None:
    calendar_id = await new_calendar(api)
    # Asked in New York time, the slots carry -04:00; that exact string is booked.
    slot = (await monday_slots(api, calendar_id, "America/New_York"))[0]
    assert slot == "2024-10-28T05:00:00-04:00"

    made = await api.appointments.create(booking(calendar_id, slot))
    assert made.start_time == slot
    fetched = await api.appointments.get(made.id)
    assert (fetched.id, fetched.start_time, fetched.contact_id) == (made.id, slot, "contact-1")
    updated = await api.appointments.update(made.id, AppointmentUpdate(title="Follow-up"))
    assert updated.title == "Follow-up"

    window = {"location_id": LOC, "start_time": MONDAY, "end_time": MONDAY + DAY}
    events = await api.events.list(calendar_id=calendar_id, **window)
    assert [(e.id, e.start_time, e.title) for e in events] == [(made.id, slot, "Follow-up")]
    assert slot not in await monday_slots(api, calendar_id, "America/New_York")
    with pytest.raises(SlotUnavailableError):
        await api.appointments.create(booking(calendar_id, slot))

    assert (await api.events.delete(made.id)).succeeded is True
    assert await api.events.list(calendar_id=calendar_id, **window) == []
    assert slot in await monday_slots(api, calendar_id, "America/New_York")


@pytest.mark.anyio
async def test_concurrent_bookings_of_one_slot_yield_one_appointment(api: Any) -> None:
    calendar_id = await new_calendar(api)
    slot = MONDAY_SLOTS[3]
    results = await asyncio.gather(
        *(api.appointments.create(booking(calendar_id, slot)) for _ in range(4)),
        return_exceptions=True,
    )
    made = [r for r in results if not isinstance(r, BaseException)]
    assert len(made) == 1
    assert all(isinstance(r, SlotUnavailableError) for r in results if r not in made)


@pytest.mark.anyio
async def test_blocked_slots_take_time_away_from_free_slots(api: Any) -> None:
    calendar_id = await new_calendar(api)
    block = await api.blocked_slots.create(
        BlockSlotCreate(
            location_id=LOC,
            calendar_id=calendar_id,
            title="Lunch",
            start_time=MONDAY_SLOTS[6],  # 12:00 to 13:00
            end_time=MONDAY_SLOTS[8],
        )
    )
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS[:6] + MONDAY_SLOTS[8:]
    listed = await api.blocked_slots.list(
        location_id=LOC, calendar_id=calendar_id, start_time=MONDAY, end_time=MONDAY + DAY
    )
    assert [(b.id, b.title) for b in listed] == [(block.id, "Lunch")]

    later = BlockSlotUpdate(location_id=LOC, start_time=MONDAY_SLOTS[12], end_time=MONDAY_SLOTS[14])
    assert (await api.blocked_slots.update(block.id, later)).start_time == MONDAY_SLOTS[12]
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS[:12] + MONDAY_SLOTS[14:]

    await api.events.delete(block.id)
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS


@pytest.mark.anyio
async def test_notes_crud_and_pages(api: Any) -> None:
    calendar_id = await new_calendar(api)
    made = await api.appointments.create(booking(calendar_id, MONDAY_SLOTS[0]))
    notes = [await api.notes.create(made.id, NoteBody(body=t)) for t in ("a", "b", "c")]

    first = await api.notes.list(made.id, limit=2)
    second = await api.notes.list(made.id, limit=2, offset=2)
    pages = [(len(page.notes), page.has_more) for page in (first, second)]
    assert pages == [(2, True), (1, False)]
    assert sorted(n.body for n in first.notes + second.notes) == ["a", "b", "c"]

    edited = await api.notes.update(made.id, notes[0].id, NoteBody(body="a, edited"))
    assert edited.body == "a, edited"
    assert (await api.notes.delete(made.id, notes[1].id)).success is True
    left = await api.notes.list(made.id, limit=20)
    assert sorted(n.body for n in left.notes) == ["a, edited", "c"]


@pytest.mark.anyio
@pytest.mark.parametrize(("kind", "other"), [("rooms", "equipments"), ("equipments", "rooms")])
async def test_resources_crud(api: Any, kind: str, other: str) -> None:
    body = ResourceCreate(
        location_id=LOC,
        name="Room A",
        description="Ground floor",
        quantity=1,
        out_of_service=0,
        capacity=4,
        calendar_ids=[],
    )
    created = await api.resources.create(kind, body)
    assert (await api.resources.get(kind, created.id)).name == "Room A"
    assert [r.id for r in await api.resources.list(kind, location_id=LOC)] == [created.id]
    assert await api.resources.list(other, location_id=LOC) == []
    with pytest.raises(NotFoundError):
        await api.resources.get(other, created.id)

    bigger = await api.resources.update(kind, created.id, ResourceUpdate(capacity=6))
    assert (bigger.capacity, bigger.name) == (6, "Room A")
    assert (await api.resources.delete(kind, created.id)).success is True
    with pytest.raises(NotFoundError):
        await api.resources.get(kind, created.id)


@pytest.mark.anyio
async def test_notifications_crud(api: Any) -> None:
    calendar_id = await new_calendar(api)
    created = await api.notifications.create(
        calendar_id,
        [
            NotificationCreate(
                receiver_type="contact", channel="email", notification_type="booked", subject="Hi"
            ),
            NotificationCreate(
                receiver_type="assignedUser",
                channel="sms",
                notification_type="reminder",
                before_time=[NotificationTimingInput(time_offset=1, unit="hours")],
            ),
        ],
    )
    assert [n.notification_type for n in created] == ["booked", "reminder"]
    booked, reminder = (n.id for n in created)
    assert {n.id for n in await api.notifications.list(calendar_id)} == {booked, reminder}
    assert (await api.notifications.get(calendar_id, reminder)).before_time[0].time_offset == 1

    await api.notifications.update(calendar_id, booked, NotificationUpdate(subject="Booked!"))
    assert (await api.notifications.get(calendar_id, booked)).subject == "Booked!"

    assert (await api.notifications.delete(calendar_id, booked)).message
    assert [n.id for n in await api.notifications.list(calendar_id)] == [reminder]
    assert [n.id for n in await api.notifications.list(calendar_id, deleted=True)] == [booked]


@pytest.mark.anyio
async def test_schedules_crud_and_calendar_association(api: Any) -> None:
    calendar_id = await new_calendar(api)
    afternoons = [ScheduleIntervalInput(from_="13:00", to="15:00")]
    schedule = await api.schedules.create(
        ScheduleCreate(
            location_id=LOC,
            user_id="user-1",
            name="Afternoons",
            timezone="UTC",
            rules=[ScheduleRuleInput(type="wday", day="monday", intervals=afternoons)],
        )
    )
    found = await api.schedules.list(location_id=LOC, user_id="user-1")
    assert [s.id for s in found] == [schedule.id]
    renamed = await api.schedules.update(schedule.id, ScheduleUpdate(name="Early afternoons"))
    assert renamed.name == "Early afternoons"

    assert (await api.schedules.attach_calendar(schedule.id, calendar_id)).success is True
    assert (await api.schedules.get(schedule.id)).calendar_ids == [calendar_id]
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS[8:12]  # 13:00 to 14:30

    await api.schedules.detach_calendar(schedule.id, calendar_id)
    assert await monday_slots(api, calendar_id) == MONDAY_SLOTS
    assert (await api.schedules.delete(schedule.id)).success is True
    with pytest.raises(NotFoundError):
        await api.schedules.get(schedule.id)


@pytest.mark.anyio
async def test_read_only_token_cannot_write(
    make_api: Callable[[str], Any], api: Any, emu: Emulator
) -> None:
    calendar_id = await new_calendar(api)
    reader = make_api(emu.mint_token(["calendars.readonly", "calendars/events.readonly"]))
    assert [c.id for c in await reader.calendars.list(location_id=LOC)] == [calendar_id]

    with pytest.raises(AuthenticationError):
        await reader.calendars.create(CalendarCreate(location_id=LOC, name="Nope"))
    with pytest.raises(AuthenticationError):
        await reader.appointments.create(booking(calendar_id, MONDAY_SLOTS[0]))
    with pytest.raises(AuthenticationError):
        await reader.calendars.delete(calendar_id)

    assert [c.id for c in await api.calendars.list(location_id=LOC)] == [calendar_id]
    events = await api.events.list(
        location_id=LOC, calendar_id=calendar_id, start_time=MONDAY, end_time=MONDAY + DAY
    )
    assert events == []


@pytest.mark.anyio
async def test_token_of_another_location_is_refused(
    make_api: Callable[[str], Any], api: Any, emu: Emulator
) -> None:
    calendar_id = await new_calendar(api)
    outsider = make_api(emu.mint_token(ALL_SCOPES, location_id="loc_other"))
    with pytest.raises(PermissionDeniedError):
        await outsider.calendars.list(location_id=LOC)
    with pytest.raises(PermissionDeniedError):
        await outsider.calendars.get(calendar_id)
    with pytest.raises(PermissionDeniedError):
        await outsider.appointments.create(booking(calendar_id, MONDAY_SLOTS[0]))
    assert MONDAY_SLOTS[0] in await monday_slots(api, calendar_id)


def test_blocking_client_from_plain_code() -> None:
    emu = Emulator(clock=lambda: NOW)
    demo = emu.seed_demo(3)
    calendar_id = demo.calendar_ids[0]  # New York hours
    with emu.running_in_thread(), CalendarsClient(emu.token, base_url=emu.url) as client:
        found = client.calendars.free_slots(calendar_id, start_date=MONDAY, end_date=MONDAY + DAY)
        slot = found.slots()[0]
        assert slot == "2024-10-28T09:00:00-04:00"
        made = client.appointments.create(
            AppointmentCreate(
                calendar_id=calendar_id,
                location_id=demo.location_id,
                contact_id=demo.contact_ids[0],
                start_time=slot,
            )
        )
        events = client.events.list(
            location_id=demo.location_id,
            calendar_id=calendar_id,
            start_time=MONDAY,
            end_time=MONDAY + DAY,
        )
        assert [(e.id, e.start_time) for e in events] == [(made.id, slot)]
        with pytest.raises(SlotUnavailableError):
            client.appointments.create(
                AppointmentCreate(
                    calendar_id=calendar_id,
                    location_id=demo.location_id,
                    contact_id=demo.contact_ids[1],
                    start_time=slot,
                )
            )
