"""Responses whose values drift from their declared type still decode (msgspec's lax mode).

`data/spec_example_bodies.json` holds, per endpoint, the success body the upstream OpenAPI
spec's own `example` values make (apps/calendars.json, CC0): booleans there are written
"true". With strict decoding 9 of the 41 endpoints it covers failed on those bodies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import respx

from hoopai_calendars import ENDPOINTS, DecodeError
from tests.api.test_endpoints import CASES, Case
from tests.support.faces import Face, face_fixture, router_fixture, serve  # noqa: F401 - fixtures

EXAMPLES: dict[str, Any] = json.loads(
    (Path(__file__).parent.parent / "data" / "spec_example_bodies.json").read_text(encoding="utf-8")
)
_ROWS = {row.name: row for row in ENDPOINTS}


def _example(op: str) -> Any:
    row = _ROWS[op]
    key = f"{row.method} {row.path}"
    return EXAMPLES.get(key, EXAMPLES.get(key.rstrip("/") + "/"))


# One case per operation that the spec gives an example body for.
_BY_OP: dict[str, Case] = {}
for _case in CASES:
    if _case.status < 300 and _example(_case.op) is not None:
        _BY_OP.setdefault(_case.op, _case)


def test_the_examples_cover_the_spec() -> None:
    assert len(_BY_OP) >= 40


@pytest.mark.parametrize("case", list(_BY_OP.values()), ids=list(_BY_OP))
def test_every_endpoint_decodes_the_specs_own_example(
    face: Face, router: respx.MockRouter, case: Case
) -> None:
    serve(router, case.status, json_body=_example(case.op))
    face.call(case.op, *case.args, **case.kwargs)


@pytest.mark.parametrize(
    ("op", "read"),
    [
        ("calendars.delete", lambda r: r.success),
        ("groups.delete", lambda r: r.success),
        ("groups.set_status", lambda r: r.success),
        ("resources.delete", lambda r: r.success),
        ("events.list", lambda r: r[0].is_recurring),
        ("blocked_slots.list", lambda r: r[0].is_recurring),
        ("appointments.create", lambda r: r.is_recurring),
        ("appointments.get", lambda r: r.is_recurring),
        ("appointments.update", lambda r: r.is_recurring),
    ],
)
def test_booleans_sent_as_strings_come_back_as_booleans(
    face: Face, router: respx.MockRouter, op: str, read: Any
) -> None:
    case = _BY_OP[op]
    serve(router, case.status, json_body=_example(op))
    assert read(face.call(op, *case.args, **case.kwargs)) is True


def test_numbers_sent_as_strings_decode(face: Face, router: respx.MockRouter) -> None:
    serve(router, json_body={"calendar": {"id": "c1", "slotDuration": "30", "isActive": "false"}})
    calendar = face.call("calendars.get", "c1")
    assert (calendar.slot_duration, calendar.is_active) == (30, False)


def test_an_undecodable_value_names_the_field_and_the_operation(
    face: Face, router: respx.MockRouter
) -> None:
    body = {"calendar": {"id": "c1", "slotDuration": "half an hour"}, "traceId": "t-9"}
    serve(router, json_body=body)
    with pytest.raises(DecodeError) as info:
        face.call("calendars.get", "c1")
    error = info.value
    assert (error.operation, error.field_path) == ("calendars.get", "$.calendar.slotDuration")
    assert "$.calendar.slotDuration" in str(error)
    assert "calendars.get" in str(error)
    assert "field_path='$.calendar.slotDuration'" in repr(error)
    assert error.trace_id == "t-9"  # what HighLevel support asks for
