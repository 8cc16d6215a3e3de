"""parse_event(): the three appointment events typed, new types kept, malformed refused."""

from __future__ import annotations

import pytest

from hoopai_calendars.models import Event
from hoopai_calendars.webhooks import (
    AppointmentCreated,
    AppointmentDeleted,
    AppointmentUpdated,
    UnknownEvent,
    WebhookVerificationError,
    parse_event,
)
from tests.support.webhook_support import body_of, payload


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("AppointmentCreate", AppointmentCreated),
        ("AppointmentUpdate", AppointmentUpdated),
        ("AppointmentDelete", AppointmentDeleted),
    ],
)
def test_each_appointment_event_decodes_to_its_type(kind: str, cls: type) -> None:
    event = parse_event(body_of(payload(kind, webhook_id="wh-9")))
    assert type(event) is cls
    assert isinstance(event, (AppointmentCreated, AppointmentUpdated, AppointmentDeleted))
    assert event.location_id == "loc-1"
    assert event.webhook_id == "wh-9"
    appointment = event.appointment
    # The same model the API's listings decode to, plus the webhook's `source`.
    assert isinstance(appointment, Event)
    assert appointment.id == "appt-1"
    assert appointment.start_time == "2024-10-28T09:00:00+05:30"  # verbatim, offset kept
    assert appointment.users == ["user-1"]
    assert appointment.source == "booking_widget"
    assert appointment.appointment_status == "confirmed"


def test_an_unknown_type_keeps_the_whole_payload() -> None:
    data = {"type": "ContactCreate", "id": "c-1", "timestamp": "x", "webhookId": "w"}
    event = parse_event(body_of(data))
    assert event == UnknownEvent(type="ContactCreate", payload=data)
    untyped = parse_event(b'{"hello": 1}')
    assert untyped == UnknownEvent(type=None, payload={"hello": 1})


def test_malformed_bodies_are_bad_payloads() -> None:
    broken = payload()
    broken["appointment"] = "not an object"
    for body in (b"", b"[]", b"{", body_of(broken)):
        with pytest.raises(WebhookVerificationError) as caught:
            parse_event(body)
        assert caught.value.reason == "bad_payload"
