"""The models as a user meets them: wire names, absent and unknown fields, UNSET, validation."""

from __future__ import annotations

import importlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from hoopai_calendars import models
from hoopai_calendars._errors import ValidationError
from hoopai_calendars.models import (
    UNSET,
    Appointment,
    AppointmentCreate,
    AppointmentStatus,
    AppointmentUpdate,
    BlockSlotCreate,
    BlockSlotUpdate,
    Calendar,
    CalendarCreate,
    CalendarUpdate,
    DeleteResult,
    Event,
    EventsQuery,
    FreeSlots,
    FreeSlotsQuery,
    Group,
    HourInput,
    LookBusyConfigInput,
    NotesPage,
    NotesQuery,
    Notification,
    NotificationCreate,
    NotificationsQuery,
    NotificationTimingInput,
    OpenHourInput,
    ResourcesQuery,
    Schedule,
    ScheduleCreate,
    ScheduleIntervalInput,
    ScheduleRuleInput,
    SchedulesQuery,
    decode_free_slots,
)

UTC = timezone.utc
T0 = datetime(2024, 10, 28, tzinfo=UTC)
T0_MS = 1730073600000


def as_json(struct: msgspec.Struct) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(msgspec.json.encode(struct))
    return decoded


# -- every model module is importable, exported, and keeps annotations as text ------------


def test_every_exported_name_exists() -> None:
    for name in models.__all__:
        assert hasattr(models, name), name
    assert {"UNSET", "UnsetType", "Millis", "FreeSlots", "decode_free_slots"} <= set(models.__all__)


@pytest.mark.parametrize(
    "module",
    sorted(p.stem for p in Path(models.__file__).parent.glob("*.py") if p.stem != "__init__"),
)
def test_model_modules_postpone_annotations(module: str) -> None:
    source = Path(importlib.import_module(f"hoopai_calendars.models.{module}").__file__ or "")
    code = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    first_import = next(line for line in code if line.startswith(("from ", "import ")))
    assert first_import == "from __future__ import annotations"


# -- responses --------------------------------------------------------------------------

EVENT_BODY = {
    # CalendarEventDTO with the spec's example values, plus a field the spec does not know.
    "id": "ocQHyuzHvysMo5N5VsXc",
    "address": "https://meet.google.com/yqp-gogr-wve",
    "title": "Appointment with GHL Dev team",
    "calendarId": "BqTwX8QFwXzpegMve9EQ",
    "locationId": "0007BWpSzSwfiuSl0tR2",
    "contactId": "9NkT25Vor1v4aQatFsv2",
    "groupId": "9NkT25Vor1v4aQatFsv2",
    "appointmentStatus": "confirmed",
    "assignedUserId": "YlWd2wuCAZQzh2cH1fVZ",
    "users": ["YlWd2wuCAZQzh2cH1fVZ", "9NkT25Vor1v4aQatFsv2"],
    "notes": "Some dummy note",
    "isRecurring": True,
    "startTime": "2023-09-25T16:00:00+05:30",
    "endTime": "2023-09-25T16:30:00+05:30",
    "dateAdded": "2023-09-25T16:00:00+05:30",
    "createdBy": {"userId": "YlWd2wuCAZQzh2cH1fVZ", "source": "third_party"},
    "masterEventId": "ocWd2wuBGAQzh2cH1fSZ",
    "someFutureField": {"nested": [1, 2, 3]},
}


def test_responses_read_camel_case_into_snake_case() -> None:
    event = msgspec.json.decode(json.dumps(EVENT_BODY), type=Event)
    assert event.calendar_id == "BqTwX8QFwXzpegMve9EQ"
    assert event.assigned_user_id == "YlWd2wuCAZQzh2cH1fVZ"
    assert event.start_time == "2023-09-25T16:00:00+05:30"  # verbatim, not a datetime
    assert event.is_recurring is True
    assert event.created_by is not None
    assert event.created_by.source == "third_party"
    assert event.master_event_id == "ocWd2wuBGAQzh2cH1fSZ"


def test_unknown_response_fields_are_ignored_and_absent_ones_are_none() -> None:
    event = msgspec.json.decode(json.dumps(EVENT_BODY), type=Event)
    assert not hasattr(event, "some_future_field")
    assert event.description is None
    assert event.date_updated is None
    assert event.rrule is None
    empty = msgspec.json.decode(b"{}", type=Calendar)
    assert empty.id is None
    assert empty.team_members is None
    assert empty.open_hours is None


def test_an_unknown_appointment_status_decodes() -> None:
    body = b'{"id": "a1", "appointmentStatus": "rescheduled_by_bot", "calendarId": "c1"}'
    appointment = msgspec.json.decode(body, type=Appointment)
    assert appointment.appointment_status == "rescheduled_by_bot"
    assert AppointmentStatus.NOSHOW == "noshow"
    event = msgspec.json.decode(b'{"appointmentStatus": "no_show"}', type=Event)
    assert event.appointment_status == "no_show"


def test_calendar_reads_the_apis_odd_wire_names() -> None:
    body = {
        "id": "cal1",
        "name": "test calendar",
        "appoinmentPerSlot": 2,
        "appoinmentPerDay": 10,
        "formSubmitRedirectURL": "https://example.com/thanks",
        "lookBusyConfig": {"enabled": True, "LookBusyPercentage": 25},
        "teamMembers": [{"userId": "u1", "priority": 0.5, "isPrimary": True}],
        "openHours": [
            {
                "daysOfTheWeek": [1, 2],
                "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 30}],
            }
        ],
        "calendarType": "some_new_type",
    }
    calendar = msgspec.json.decode(json.dumps(body), type=Calendar)
    assert calendar.appointment_per_slot == 2
    assert calendar.appointment_per_day == 10
    assert calendar.form_submit_redirect_url == "https://example.com/thanks"
    assert calendar.look_busy_config is not None
    assert calendar.look_busy_config.look_busy_percentage == 25
    assert calendar.team_members is not None
    assert calendar.team_members[0].priority == 0.5
    assert calendar.open_hours is not None
    hours = calendar.open_hours[0].hours
    assert hours is not None
    assert hours[0].close_minute == 30
    assert calendar.calendar_type == "some_new_type"


def test_notification_id_is_underscore_id_on_the_wire() -> None:
    body = b'{"_id": "n1", "channel": "email", "afterTime": [{"timeOffset": 1, "unit": "hours"}]}'
    notification = msgspec.json.decode(body, type=Notification)
    assert notification.id == "n1"
    assert notification.after_time is not None
    assert notification.after_time[0].time_offset == 1


def test_schedule_interval_from_is_from_on_the_wire() -> None:
    body = {
        "id": "s1",
        "rules": [
            {"type": "wday", "day": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]}
        ],
    }
    schedule = msgspec.json.decode(json.dumps(body), type=Schedule)
    assert schedule.rules is not None
    intervals = schedule.rules[0].intervals
    assert intervals is not None
    assert intervals[0].from_ == "09:00"
    assert intervals[0].to == "17:00"


def test_notes_page_and_small_results() -> None:
    page = msgspec.json.decode(
        b'{"notes": [{"id": "n1", "body": "lorem", "createdBy": {"id": "u", "name": "J"}}],'
        b' "hasMore": true, "traceId": "t"}',
        type=NotesPage,
    )
    assert page.has_more is True
    assert page.notes is not None
    assert page.notes[0].created_by is not None
    assert page.notes[0].created_by.name == "J"
    assert msgspec.json.decode(b'{"succeeded": true}', type=DeleteResult).succeeded is True
    assert msgspec.json.decode(b'{"isActive": false}', type=Group).is_active is False


# -- bodies -----------------------------------------------------------------------------


def test_bodies_write_camel_case_and_leave_unset_fields_out() -> None:
    body = AppointmentCreate(
        calendar_id="CVokAlI8fgw4WYWoCtQz",
        location_id="C2QujeCh8ZnC7al2InWR",
        contact_id="0007BWpSzSwfiuSl0tR2",
        start_time="2021-06-23T03:30:00+05:30",
        ignore_free_slot_validation=False,
    )
    assert as_json(body) == {
        "calendarId": "CVokAlI8fgw4WYWoCtQz",
        "locationId": "C2QujeCh8ZnC7al2InWR",
        "contactId": "0007BWpSzSwfiuSl0tR2",
        "startTime": "2021-06-23T03:30:00+05:30",
        "ignoreFreeSlotValidation": False,
    }


def test_a_free_slot_string_is_sent_back_byte_for_byte() -> None:
    slot = "2026-09-23T12:00:00-03:00"
    body = AppointmentCreate(calendar_id="c", location_id="l", contact_id="p", start_time=slot)
    assert b'"startTime":"2026-09-23T12:00:00-03:00"' in msgspec.json.encode(body)


def test_required_body_fields_are_required() -> None:
    with pytest.raises(TypeError, match="start_time"):
        AppointmentCreate(calendar_id="c", location_id="l", contact_id="p")  # type: ignore[call-arg]


def test_update_bodies_send_none_as_null_and_unset_not_at_all() -> None:
    body = AppointmentUpdate(title=None, appointment_status=AppointmentStatus.CANCELLED)
    assert as_json(body) == {"title": None, "appointmentStatus": "cancelled"}
    assert as_json(AppointmentUpdate()) == {}
    assert as_json(CalendarUpdate(description=None, slot_duration=30)) == {
        "description": None,
        "slotDuration": 30,
    }


def test_calendar_bodies_write_the_apis_odd_wire_names() -> None:
    body = CalendarCreate(
        location_id="loc",
        name="Demo",
        appointment_per_slot=1,
        form_submit_redirect_url="https://example.com",
        look_busy_config=LookBusyConfigInput(enabled=True, look_busy_percentage=20),
        open_hours=[
            OpenHourInput(
                days_of_the_week=[1],
                hours=[HourInput(open_hour=9, open_minute=0, close_hour=17, close_minute=0)],
            )
        ],
    )
    assert as_json(body) == {
        "locationId": "loc",
        "name": "Demo",
        "appoinmentPerSlot": 1,
        "formSubmitRedirectURL": "https://example.com",
        "lookBusyConfig": {"enabled": True, "LookBusyPercentage": 20.0},
        "openHours": [
            {
                "daysOfTheWeek": [1],
                "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 0}],
            }
        ],
    }


def test_schedule_and_notification_bodies() -> None:
    schedule = ScheduleCreate(
        location_id="loc",
        user_id="u1",
        name="Business Hours",
        timezone="America/New_York",
        rules=[
            ScheduleRuleInput(
                type="wday",
                day="monday",
                intervals=[ScheduleIntervalInput(from_="09:00", to="17:00")],
            )
        ],
    )
    assert as_json(schedule)["rules"] == [
        {"type": "wday", "intervals": [{"from": "09:00", "to": "17:00"}], "day": "monday"}
    ]
    items = [
        NotificationCreate(
            receiver_type="contact",
            channel="email",
            notification_type="reminder",
            before_time=[NotificationTimingInput(time_offset=1, unit="hours")],
        )
    ]
    assert json.loads(msgspec.json.encode(items)) == [
        {
            "receiverType": "contact",
            "channel": "email",
            "notificationType": "reminder",
            "beforeTime": [{"timeOffset": 1, "unit": "hours"}],
        }
    ]


def test_block_slots_block_a_calendar_or_a_user_not_both() -> None:
    assert as_json(BlockSlotCreate(location_id="l", assigned_user_id="u")) == {
        "locationId": "l",
        "assignedUserId": "u",
    }
    with pytest.raises(ValidationError) as caught:
        BlockSlotCreate(location_id="l")
    assert caught.value.param == "calendar_id"
    with pytest.raises(ValidationError) as caught:
        BlockSlotCreate(location_id="l", calendar_id="c", assigned_user_id="u")
    assert caught.value.param == "assigned_user_id"
    assert as_json(BlockSlotUpdate(location_id="l", title=None)) == {
        "locationId": "l",
        "title": None,
    }


# -- queries ----------------------------------------------------------------------------


def test_queries_accept_epoch_ms_and_aware_datetimes() -> None:
    FreeSlotsQuery(start_date=T0_MS, end_date=T0_MS + 86_400_000)
    FreeSlotsQuery(start_date=T0, end_date=T0 + timedelta(days=31))  # exactly 31 days is fine
    EventsQuery(location_id="l", calendar_id="c", start_time=T0, end_time=T0 + timedelta(days=90))


def test_query_wire_names_are_camel_case() -> None:
    query = FreeSlotsQuery(start_date=T0_MS, end_date=T0_MS, user_ids=["a", "b"])
    assert query.__struct_encode_fields__ == (
        "startDate",
        "endDate",
        "timezone",
        "userId",
        "userIds",
    )
    assert "showDrafted" in models.CalendarsQuery.__struct_encode_fields__


@pytest.mark.parametrize(
    ("kwargs", "param", "text"),
    [
        ({"start_date": datetime(2024, 10, 28), "end_date": T0_MS}, "start_date", "naive"),
        ({"start_date": T0_MS, "end_date": T0_MS - 1}, "end_date", "before"),
        ({"start_date": T0, "end_date": T0 + timedelta(days=31, seconds=1)}, "end_date", "31 days"),
        ({"start_date": "1730073600000", "end_date": T0_MS}, "start_date", "epoch"),
        ({"start_date": -1, "end_date": T0_MS}, "start_date", "negative"),
    ],
)
def test_free_slots_query_refuses_bad_windows(
    kwargs: dict[str, object], param: str, text: str
) -> None:
    with pytest.raises(ValidationError, match=text) as caught:
        FreeSlotsQuery(**kwargs)  # type: ignore[arg-type]
    assert caught.value.param == param


def test_events_query_refuses_bad_windows_and_a_missing_owner() -> None:
    with pytest.raises(ValidationError) as caught:
        EventsQuery(location_id="l", calendar_id="c", start_time=T0, end_time=T0 - timedelta(1))
    assert caught.value.param == "end_time"
    with pytest.raises(ValidationError) as caught:
        EventsQuery(location_id="l", user_id="u", start_time=datetime(2024, 1, 1), end_time=1)
    assert caught.value.param == "start_time"
    with pytest.raises(ValidationError) as caught:
        EventsQuery(location_id="l", start_time=T0_MS, end_time=T0_MS + 1)
    assert caught.value.param == "calendar_id"


@pytest.mark.parametrize(
    ("make", "param"),
    [
        (lambda: NotesQuery(limit=21), "limit"),
        (lambda: NotesQuery(limit=0), "limit"),
        (lambda: NotesQuery(limit=10, offset=-1), "offset"),
        (lambda: SchedulesQuery(location_id="l", user_id="u", limit=501), "limit"),
        (lambda: SchedulesQuery(location_id="l", user_id="u", limit=0), "limit"),
        (lambda: SchedulesQuery(location_id="l", user_id="u", skip=-1), "skip"),
        (lambda: ResourcesQuery(location_id="l", limit=0), "limit"),
        (lambda: ResourcesQuery(location_id="l", skip=-5), "skip"),
        (lambda: NotificationsQuery(limit=0), "limit"),
    ],
)
def test_limit_bounds_name_the_parameter(make: object, param: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.param == param


def test_limits_at_the_bounds_are_accepted_and_required_paging_has_defaults() -> None:
    assert NotesQuery(limit=20).offset == 0
    assert SchedulesQuery(location_id="l", user_id="u", limit=500).limit == 500
    resources = ResourcesQuery(location_id="l")
    assert resources.limit >= 1
    assert resources.skip == 0
    assert NotificationsQuery().limit is None


# -- free slots -------------------------------------------------------------------------

FREE_SLOTS_BODY = (
    b'{"2024-10-29":{"slots":["2024-10-29T10:00:00-05:00","2024-10-29T14:30:00.000-05:00"]},'
    b'"2024-10-28":{"slots":["2024-10-28T10:00:00-05:00","2024-10-28T11:00:00Z"]},'
    b'"traceId":"8a1c-trace"}'
)


def test_free_slots_keep_slot_strings_verbatim_and_the_trace_id_apart() -> None:
    slots = decode_free_slots(FREE_SLOTS_BODY)
    assert slots.trace_id == "8a1c-trace"
    assert "traceId" not in slots.days
    assert slots.days["2024-10-29"] == [
        "2024-10-29T10:00:00-05:00",
        "2024-10-29T14:30:00.000-05:00",
    ]
    assert slots.slots() == [
        "2024-10-28T10:00:00-05:00",
        "2024-10-28T11:00:00Z",
        "2024-10-29T10:00:00-05:00",
        "2024-10-29T14:30:00.000-05:00",
    ]
    assert slots.all == slots.slots()
    assert slots.first == "2024-10-28T10:00:00-05:00"
    # Iterating walks the days in date order, each with its slots; len() counts the days.
    assert [day for day, _ in slots] == ["2024-10-28", "2024-10-29"]
    assert dict(slots) == slots.days
    assert len(slots) == 2
    for _, day_slots in slots:
        for slot in day_slots:
            assert slot.encode() in FREE_SLOTS_BODY


def test_free_slots_with_no_free_days() -> None:
    only_trace = decode_free_slots(b'{"traceId": "t"}')
    assert only_trace.days == {}
    assert only_trace.trace_id == "t"
    assert len(only_trace) == 0
    assert only_trace.slots() == []
    assert only_trace.first is None
    assert only_trace.all == []
    nothing = decode_free_slots(b"{}")
    assert nothing.days == {}
    assert nothing.trace_id is None


def test_free_slots_drop_other_strings_beside_the_days() -> None:
    slots = decode_free_slots(
        b'{"note":"x","2024-10-28":{"slots":["2024-10-28T10:00:00Z"]},"traceId":"t","z":"y"}'
    )
    assert slots.days == {"2024-10-28": ["2024-10-28T10:00:00Z"]}
    assert slots.trace_id == "t"


def test_free_slots_refuse_a_malformed_body() -> None:
    with pytest.raises(msgspec.DecodeError):
        decode_free_slots(b'{"2024-10-28": {"slots": "not a list"}}')
    with pytest.raises(msgspec.DecodeError):
        decode_free_slots(b"[]")


def test_free_slots_from_consecutive_windows_merge() -> None:
    first = FreeSlots(days={"2024-10-28": ["a", "b"]}, trace_id="t1")
    second = FreeSlots(days={"2024-10-28": ["b", "c"], "2024-10-27": ["z"]}, trace_id="t2")
    merged = FreeSlots.merge([first, second])
    assert merged.days == {"2024-10-27": ["z"], "2024-10-28": ["a", "b", "c"]}
    assert merged.trace_id == "t2"


def test_unset_is_msgspecs_unset() -> None:
    assert UNSET is msgspec.UNSET
