"""The URL a call sends: paths rendered again from the store of checked ids, query text
built in one pass. Whatever shortcut the builder takes, the request must be the one the
plain percent-encoding gives, and bad input must still be refused."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hoopai_calendars import ValidationError
from hoopai_calendars._sansio import _rendered, build_request
from hoopai_calendars._transport import Timeout
from hoopai_calendars.api._table import (
    DELETE_APPOINTMENT_NOTE,
    GET_CALENDAR,
    GET_CALENDARS,
    GET_SLOTS,
)
from hoopai_calendars.models import CalendarsQuery, FreeSlotsQuery

BASE = "https://api.example"
T0 = 1_730_073_600_000


def url_of(row: object, args: object, query: object = None) -> str:
    return build_request(
        row,  # type: ignore[arg-type]
        args,  # type: ignore[arg-type]
        query,  # type: ignore[arg-type]
        None,
        base_url=BASE,
        headers={},
        timeout=Timeout(),
    ).url


ids = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20)


@given(calendar_id=ids)
def test_a_path_rendered_again_is_the_same_as_the_first_time(calendar_id: str) -> None:
    _rendered.clear()
    try:
        first = url_of(GET_CALENDAR, (calendar_id,))
    except ValidationError:
        # Refused once, refused always: a refusal is never stored.
        with pytest.raises(ValidationError):
            url_of(GET_CALENDAR, (calendar_id,))
        return
    assert url_of(GET_CALENDAR, (calendar_id,)) == first
    assert url_of(GET_CALENDAR, [calendar_id]) == first  # any sequence of arguments
    assert first == f"{BASE}/calendars/{quote(calendar_id, safe='')}"


def test_a_stored_path_belongs_to_its_row_and_its_arguments() -> None:
    assert url_of(GET_CALENDAR, ("c1",)) == f"{BASE}/calendars/c1"
    assert url_of(GET_SLOTS, ("c1",), FreeSlotsQuery(start_date=T0, end_date=T0)).startswith(
        f"{BASE}/calendars/c1/free-slots?"
    )
    notes = f"{BASE}/calendars/appointments"
    assert url_of(DELETE_APPOINTMENT_NOTE, ("a1", "n1")) == f"{notes}/a1/notes/n1"
    assert url_of(DELETE_APPOINTMENT_NOTE, ("n1", "a1")) == f"{notes}/n1/notes/a1"
    # A word that would reach another endpoint is refused however often a neighbour was sent.
    with pytest.raises(ValidationError, match="fixed word"):
        url_of(GET_CALENDAR, ("Groups",))
    for not_an_id in (1, ["c1"], {"id": "c1"}):
        with pytest.raises(ValidationError, match="expected a string id"):
            url_of(GET_CALENDAR, (not_an_id,))


queries = st.builds(
    CalendarsQuery,
    location_id=ids,
    group_id=st.none() | ids,
    show_drafted=st.none() | st.booleans(),
)


@given(query=queries)
def test_query_text_carries_exactly_the_pairs_of_the_query(query: CalendarsQuery) -> None:
    url = url_of(GET_CALENDARS, (), query)
    sent = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    expected = [("locationId", query.location_id)]
    if query.group_id is not None:
        expected.append(("groupId", query.group_id))
    if query.show_drafted is not None:
        expected.append(("showDrafted", "true" if query.show_drafted else "false"))
    assert sent == expected


def test_query_lists_repeat_their_key_and_times_go_as_epoch_ms() -> None:
    query = FreeSlotsQuery(start_date=T0, end_date=T0 + 1, user_ids=["u 1", "u2"], timezone="UTC")
    url = url_of(GET_SLOTS, ("c1",), query)
    assert urlsplit(url).query == (
        f"startDate={T0}&endDate={T0 + 1}&timezone=UTC&userIds=u%201&userIds=u2"
    )
