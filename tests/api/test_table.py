"""The endpoint table against the seed page: every endpoint once, right names, right scopes."""

from __future__ import annotations

import msgspec
import pytest

from hoopai_calendars.api import Endpoint, _table, snake_case
from hoopai_calendars.api._table import ENDPOINTS, SERVICE_DOCS
from hoopai_calendars.models import FreeSlots
from hoopai_calendars.models._base import Body, Response
from tests.support.seed import DATA, seed_endpoints, seed_scopes

# The fixed public names (design.md), keyed by the seed's (method, path).
EXPECTED_NAMES = {
    ("GET", "/calendars/"): "calendars.list",
    ("POST", "/calendars/"): "calendars.create",
    ("GET", "/calendars/{calendarId}"): "calendars.get",
    ("PUT", "/calendars/{calendarId}"): "calendars.update",
    ("DELETE", "/calendars/{calendarId}"): "calendars.delete",
    ("GET", "/calendars/{calendarId}/free-slots"): "calendars.free_slots",
    ("GET", "/calendars/groups"): "groups.list",
    ("POST", "/calendars/groups"): "groups.create",
    ("POST", "/calendars/groups/validate-slug"): "groups.validate_slug",
    ("GET", "/calendars/groups/{groupId}"): "groups.get",
    ("PUT", "/calendars/groups/{groupId}"): "groups.update",
    ("DELETE", "/calendars/groups/{groupId}"): "groups.delete",
    ("PUT", "/calendars/groups/{groupId}/status"): "groups.set_status",
    ("GET", "/calendars/events"): "events.list",
    ("GET", "/calendars/blocked-slots"): "blocked_slots.list",
    ("POST", "/calendars/events/appointments"): "appointments.create",
    ("GET", "/calendars/events/appointments/{eventId}"): "appointments.get",
    ("PUT", "/calendars/events/appointments/{eventId}"): "appointments.update",
    ("POST", "/calendars/events/block-slots"): "blocked_slots.create",
    ("PUT", "/calendars/events/block-slots/{eventId}"): "blocked_slots.update",
    ("DELETE", "/calendars/events/{eventId}"): "events.delete",
    ("GET", "/calendars/appointments/{appointmentId}/notes"): "notes.list",
    ("POST", "/calendars/appointments/{appointmentId}/notes"): "notes.create",
    ("PUT", "/calendars/appointments/{appointmentId}/notes/{noteId}"): "notes.update",
    ("DELETE", "/calendars/appointments/{appointmentId}/notes/{noteId}"): "notes.delete",
    ("GET", "/calendars/resources/{resourceType}"): "resources.list",
    ("POST", "/calendars/resources/{resourceType}"): "resources.create",
    ("GET", "/calendars/resources/{resourceType}/{id}"): "resources.get",
    ("PUT", "/calendars/resources/{resourceType}/{id}"): "resources.update",
    ("DELETE", "/calendars/resources/{resourceType}/{id}"): "resources.delete",
    ("GET", "/calendars/{calendarId}/notifications"): "notifications.list",
    ("POST", "/calendars/{calendarId}/notifications"): "notifications.create",
    ("GET", "/calendars/{calendarId}/notifications/{notificationId}"): "notifications.get",
    ("PUT", "/calendars/{calendarId}/notifications/{notificationId}"): "notifications.update",
    ("DELETE", "/calendars/{calendarId}/notifications/{notificationId}"): "notifications.delete",
    ("GET", "/calendars/schedules/search"): "schedules.list",
    ("POST", "/calendars/schedules"): "schedules.create",
    ("GET", "/calendars/schedules/{id}"): "schedules.get",
    ("PUT", "/calendars/schedules/{id}"): "schedules.update",
    ("DELETE", "/calendars/schedules/{id}"): "schedules.delete",
    ("PUT", "/calendars/schedules/{id}/associations/{calendarId}"): "schedules.attach_calendar",
    ("DELETE", "/calendars/schedules/{id}/associations/{calendarId}"): "schedules.detach_calendar",
}


def by_name(name: str) -> Endpoint:
    return next(row for row in ENDPOINTS if row.name == name)


def test_the_seed_table_parses_to_distinct_endpoints() -> None:
    rows = (DATA / "seed_endpoints.txt").read_text(encoding="utf-8").splitlines()
    method_rows = [row for row in rows if row.split(" ", 1)[0] in {"GET", "POST", "PUT", "DELETE"}]
    assert len(seed_endpoints()) == len(method_rows) > 0
    assert len(set(seed_endpoints())) == len(seed_endpoints())


def test_the_table_has_every_seed_endpoint_once_in_seed_order() -> None:
    assert len(ENDPOINTS) == len(seed_endpoints())
    assert {(row.method, row.path) for row in ENDPOINTS} == set(seed_endpoints())
    assert [(row.method, row.path) for row in ENDPOINTS] == seed_endpoints()


def test_names_are_unique_and_the_fixed_public_names() -> None:
    assert len({row.name for row in ENDPOINTS}) == len(seed_endpoints())
    assert {(row.method, row.path): row.name for row in ENDPOINTS} == EXPECTED_NAMES


def test_operation_ids_and_constants_are_unique() -> None:
    assert len({row.operation_id for row in ENDPOINTS}) == len(seed_endpoints())
    assert len({row.constant for row in ENDPOINTS}) == len(seed_endpoints())


def test_every_row_is_bound_to_the_constant_its_operation_id_names() -> None:
    constants = {k: v for k, v in vars(_table).items() if isinstance(v, Endpoint)}
    assert len(constants) == len(seed_endpoints())
    for name, row in constants.items():
        assert name == row.constant
    for row in ENDPOINTS:
        assert constants[row.constant] is row
    assert _table.GET_SLOTS.name == "calendars.free_slots"
    assert _table.CREATE_APPOINTMENT.name == "appointments.create"
    assert _table.GET_GROUP.operation_id == "get-group"


def test_scopes_are_the_seeds_four() -> None:
    scopes = seed_scopes()
    assert scopes == {
        "calendars.readonly",
        "calendars.write",
        "calendars/events.readonly",
        "calendars/events.write",
    }
    assert {row.scope for row in ENDPOINTS} == scopes


def test_reads_use_readonly_scopes_and_writes_use_write_scopes() -> None:
    for row in ENDPOINTS:
        expected = ".readonly" if row.method == "GET" else ".write"
        assert row.scope.endswith(expected), row.name


@pytest.mark.parametrize(
    ("service", "family"),
    [
        ("calendars", "calendars."),
        ("groups", "calendars."),
        ("resources", "calendars."),
        ("schedules", "calendars."),
        ("notifications", "calendars."),  # the seed, not the spec's calendars/events.*
        ("events", "calendars/events."),
        ("appointments", "calendars/events."),
        ("blocked_slots", "calendars/events."),
        ("notes", "calendars/events."),
    ],
)
def test_each_service_uses_its_seed_scope_family(service: str, family: str) -> None:
    rows = [row for row in ENDPOINTS if row.service == service]
    assert rows
    assert all(row.scope.startswith(family) for row in rows)


def test_idempotency_follows_the_method() -> None:
    for row in ENDPOINTS:
        if row.name == "groups.validate_slug":
            assert row.idempotent
        else:
            assert row.idempotent is (row.method != "POST"), row.name


def test_resource_rows_offer_the_two_resource_types() -> None:
    for row in ENDPOINTS:
        choices = {p.wire: p.choices for p in row.path_params}
        if row.service == "resources":
            assert choices["resourceType"] == ("equipments", "rooms")
        else:
            assert all(not c for c in choices.values()), row.name


def test_path_parameters_have_snake_case_python_names() -> None:
    overrides = {"resources": "resource_id", "schedules": "schedule_id"}
    for row in ENDPOINTS:
        for param in row.path_params:
            if param.wire == "id":
                assert param.python == overrides[row.service]
            else:
                assert param.python == snake_case(param.wire)
                assert param.python.isidentifier()
    notes = [p.python for p in by_name("notes.update").path_params]
    assert notes == ["appointment_id", "note_id"]


def test_services_have_docs_and_rows_have_one_line_docs() -> None:
    assert {row.service for row in ENDPOINTS} == set(SERVICE_DOCS)
    for row in ENDPOINTS:
        assert "\n" not in row.doc, row.name
        assert row.doc.endswith("."), row.name
        assert row.doc[:1].isupper(), row.name


def _element(tp: object) -> object:
    args = getattr(tp, "__args__", None)
    return args[0] if args else tp


def test_returns_bodies_and_queries_are_models_of_the_right_kind() -> None:
    for row in ENDPOINTS:
        returned = _element(row.returns)
        if row.decoder is not None:
            assert returned is FreeSlots
        else:
            assert isinstance(returned, type), row.name
            assert issubclass(returned, Response), row.name
        if row.body is not None:
            assert row.method in ("POST", "PUT"), row.name
            body = _element(row.body)
            assert isinstance(body, type), row.name
            assert issubclass(body, Body), row.name
        if row.query is not None:
            assert row.method == "GET", row.name


_QUERY_TYPES = {"str", "int", "bool", "Millis", "Sequence[str]"}


def test_query_fields_use_only_wire_friendly_types() -> None:
    for row in ENDPOINTS:
        if row.query is None:
            continue
        for field in msgspec.structs.fields(row.query):
            annotation = next(
                k.__annotations__[field.name]
                for k in row.query.__mro__
                if field.name in getattr(k, "__annotations__", {})
            )
            assert isinstance(annotation, str)  # postponed: the generator reads the text
            base = annotation.removesuffix(" | None")
            assert base in _QUERY_TYPES, (row.name, field.name, annotation)
            if field.required:
                assert not annotation.endswith("| None")


@pytest.mark.parametrize(
    ("name", "envelope", "pagination"),
    [
        ("calendars.list", ("calendars",), "none"),
        ("calendars.get", ("calendar",), "none"),
        ("groups.list", ("groups",), "none"),
        ("groups.get", ("group",), "none"),
        ("events.list", ("events",), "time_window"),
        ("blocked_slots.list", ("events",), "time_window"),
        ("appointments.create", (), "none"),
        ("appointments.get", ("event", "appointment"), "none"),
        ("notes.list", (), "limit_offset"),
        ("notes.create", ("note",), "none"),
        ("resources.list", (), "limit_skip"),
        ("notifications.list", (), "limit_skip"),
        ("schedules.list", ("schedules",), "limit_skip"),
        ("schedules.create", ("schedule",), "none"),
    ],
)
def test_envelopes_and_pagination(name: str, envelope: tuple[str, ...], pagination: str) -> None:
    row = by_name(name)
    assert row.envelope == envelope
    assert row.pagination == pagination


def test_free_slots_row_uses_the_custom_decoder() -> None:
    row = by_name("calendars.free_slots")
    assert row.decoder is not None
    result = row.decoder(b'{"2024-10-28":{"slots":["2024-10-28T10:00:00-05:00"]},"traceId":"t"}')
    assert isinstance(result, FreeSlots)
    assert result.slots() == ["2024-10-28T10:00:00-05:00"]
    assert [row.name for row in ENDPOINTS if row.decoder is not None] == ["calendars.free_slots"]
