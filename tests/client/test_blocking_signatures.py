"""help() and inspect show the blocking client as it is called: blocking signatures."""

from __future__ import annotations

import inspect
import pydoc

import pytest

from hoopai_calendars import AsyncCalendarsClient, CalendarsClient
from hoopai_calendars._config import DEFAULT_SETTINGS

WORKLOADS = [
    "poll_free_slots",
    "iter_free_slots",
    "iter_events",
    "iter_blocked_slots",
    "iter_location_events",
    "iter_notes",
    "iter_resources",
    "iter_notifications",
    "iter_schedules",
    "sync_appointments",
]


@pytest.mark.parametrize("name", WORKLOADS)
def test_workload_methods_show_blocking_signatures(name: str) -> None:
    blocking = inspect.signature(getattr(CalendarsClient, name))
    asynchronous = inspect.signature(getattr(AsyncCalendarsClient, name))
    first, *rest = blocking.parameters.values()
    assert first.annotation == "CalendarsClient"
    assert rest == list(asynchronous.parameters.values())[1:]
    assert "Async" not in str(blocking.return_annotation)
    assert "Async" not in pydoc.render_doc(getattr(CalendarsClient, name)).split("\n")[2]


def test_iterators_name_what_they_yield() -> None:
    assert inspect.signature(CalendarsClient.iter_notes).return_annotation == (
        "BlockingIterator[Note]"
    )
    assert inspect.signature(CalendarsClient.iter_free_slots).return_annotation == (
        "Generator[SlotPollResult, None, None]"
    )
    assert inspect.signature(CalendarsClient.iter_events).return_annotation == (
        "BlockingEventExport"
    )


@pytest.mark.parametrize("client_class", [CalendarsClient, AsyncCalendarsClient])
def test_constructors_show_every_setting_as_a_keyword(client_class: type) -> None:
    params = inspect.signature(client_class).parameters
    assert next(iter(params)) == "token"
    assert params["token"].default is None
    for name, default in DEFAULT_SETTINGS.items():
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert params[name].default == default
    assert ("sleep" in params) is (client_class is AsyncCalendarsClient)
    assert "**settings" not in pydoc.render_doc(client_class)
