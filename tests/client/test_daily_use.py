"""Everyday conveniences: environment fallbacks, readable settings, short reprs, FreeSlots."""

from __future__ import annotations

import httpx
import pytest
import respx

from hoopai_calendars import (
    AsyncCalendarsClient,
    CalendarsClient,
    HttpxTransport,
    NotFoundError,
    Timeout,
    ValidationError,
)
from hoopai_calendars.models import Calendar, NotesQuery

pytestmark = pytest.mark.anyio

BASE = "https://services.leadconnectorhq.com"


def _transport(router: respx.MockRouter) -> HttpxTransport:
    return HttpxTransport(transport=httpx.MockTransport(router.async_handler))


async def test_token_and_base_url_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOOPAI_TOKEN", "env-token")
    monkeypatch.setenv("HOOPAI_BASE_URL", "https://api.example.test/")
    with respx.mock(base_url="https://api.example.test") as router:
        route = router.get("/calendars/cal1").respond(json={"calendar": {"id": "cal1"}})
        async with AsyncCalendarsClient(transport=_transport(router), rate_limit=False) as client:
            assert client.base_url == "https://api.example.test"
            assert (await client.calendars.get("cal1")).id == "cal1"
    assert route.calls.last.request.headers["Authorization"] == "Bearer env-token"


def test_explicit_settings_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOPAI_BASE_URL", "https://api.example.test")
    assert AsyncCalendarsClient("t", base_url=BASE).base_url == BASE


@pytest.mark.parametrize("client_class", [AsyncCalendarsClient, CalendarsClient])
def test_no_token_anywhere_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, client_class: type[AsyncCalendarsClient | CalendarsClient]
) -> None:
    monkeypatch.delenv("HOOPAI_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="HOOPAI_TOKEN") as info:
        client_class()
    assert info.value.param == "token"


def test_settings_are_readable_on_both_clients() -> None:
    client = AsyncCalendarsClient("t", timeout=5, max_retries=4, deadline=20.0)
    assert client.base_url == BASE
    assert client.api_version == "2021-07-28"
    assert client.timeout == Timeout(total=5.0, connect=5.0)
    assert (client.max_retries, client.deadline, client.rate_limit_key) == (4, 20.0, None)
    with CalendarsClient("t", max_retries=0, rate_limit_key="loc1") as blocking:
        assert (blocking.max_retries, blocking.rate_limit_key) == (0, "loc1")
        assert blocking.timeout == Timeout()
        assert repr(blocking) == (
            f"CalendarsClient(base_url='{BASE}', api_version='2021-07-28', rate_limit_key='loc1')"
        )
    with pytest.raises(AttributeError):
        client.max_retries = 3  # type: ignore[misc]


async def test_error_repr_names_operation_status_message_and_trace_id() -> None:
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/nope").respond(
            404, json={"statusCode": 404, "message": "Calendar not found", "traceId": "t-42"}
        )
        async with AsyncCalendarsClient(
            "t", transport=_transport(router), rate_limit=False
        ) as client:
            with pytest.raises(NotFoundError) as info:
                await client.calendars.get("nope")
    assert repr(info.value) == (
        "NotFoundError(operation='calendars.get', status=404, "
        "message='Calendar not found', trace_id='t-42')"
    )


def test_model_repr_shows_only_what_was_set() -> None:
    calendar = Calendar(id="cal1", name="Consults")
    assert repr(calendar) == "Calendar(id='cal1', name='Consults')"


async def test_free_slots_iterate_by_day_and_give_the_first_slot() -> None:
    body = {
        "2024-10-29": {"slots": ["2024-10-29T09:00:00-05:00"]},
        "2024-10-28": {"slots": ["2024-10-28T10:00:00-05:00", "2024-10-28T11:00:00-05:00"]},
        "traceId": "t-1",
    }
    with respx.mock(base_url=BASE) as router:
        router.get("/calendars/cal1/free-slots").respond(json=body)
        async with AsyncCalendarsClient(
            "t", transport=_transport(router), rate_limit=False
        ) as client:
            found = await client.calendars.free_slots(
                "cal1", start_date=1_730_000_000_000, end_date=1_730_200_000_000
            )
    assert found.first == "2024-10-28T10:00:00-05:00"
    assert found.all == found.slots() == [*body["2024-10-28"]["slots"], "2024-10-29T09:00:00-05:00"]  # type: ignore[index]
    assert [(day, len(slots)) for day, slots in found] == [("2024-10-28", 2), ("2024-10-29", 1)]


async def test_notes_list_needs_no_page_size() -> None:
    with respx.mock(base_url=BASE) as router:
        route = router.get("/calendars/appointments/ap1/notes").respond(
            json={"notes": [], "hasMore": False}
        )
        async with AsyncCalendarsClient(
            "t", transport=_transport(router), rate_limit=False
        ) as client:
            await client.notes.list("ap1")
    assert dict(route.calls.last.request.url.params) == {"limit": "20", "offset": "0"}
    assert NotesQuery().limit == 20
