"""Handlers for events: listings, appointments, blocked slots, deletes and notes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ..api import MAX_NOTES_LIMIT, SLOT_TAKEN_MESSAGE
from ._routes import handles
from ._slots import is_bookable
from ._store import INACTIVE_STATUSES, Record, span
from ._wire import (
    ApiError,
    Ctx,
    Reply,
    iso_utc,
    new_id,
    parse_epoch_ms,
    parse_iso,
    parse_iso_ms,
)

__all__ = [
    "create_appointment",
    "create_block_slot",
    "create_note",
    "delete_event",
    "delete_note",
    "get_appointment",
    "list_blocked_slots",
    "list_events",
    "list_notes",
    "update_appointment",
    "update_block_slot",
    "update_note",
]


# AppointmentSchemaResponse: what create and update answer. GET and listings carry the
# whole event, including dateAdded/dateUpdated that create/update lack (upstream #246).
_APPOINTMENT_KEYS = (
    "id",
    "calendarId",
    "locationId",
    "contactId",
    "startTime",
    "endTime",
    "title",
    "meetingLocationType",
    "appointmentStatus",
    "assignedUserId",
    "address",
    "isRecurring",
    "rrule",
)
_BLOCK_KEYS = ("id", "locationId", "title", "startTime", "endTime", "calendarId", "assignedUserId")
# Request flags that steer validation or automations and are not part of the record.
_FLAGS = (
    "ignoreDateRange",
    "ignoreFreeSlotValidation",
    "toNotify",
    "overrideLocationConfig",
    "meetingLocationId",
)


def _window(ctx: Ctx) -> tuple[str, int, int, dict[str, str]]:
    """Read locationId, the epoch-ms window and the calendar/user/group filter."""
    location_id, raw_start, raw_end = ctx.required_query("locationId", "startTime", "endTime")
    ctx.check_location(location_id)
    bounds: list[int] = []
    for name, raw in (("startTime", raw_start), ("endTime", raw_end)):
        value = parse_epoch_ms(raw)
        if value is None:
            raise ApiError.unprocessable([f"{name} must be epoch milliseconds"])
        bounds.append(value)
    which = {k: ctx.query[k] for k in ("calendarId", "userId", "groupId") if ctx.query.get(k)}
    if not which:
        raise ApiError.unprocessable(["calendarId, userId or groupId should not be empty"])
    return location_id, bounds[0], bounds[1], which


def _listing(ctx: Ctx, table: dict[str, Record]) -> Reply:
    location_id, lo, hi, which = _window(ctx)
    calendars = ctx.state.store.calendars
    group_calendars = {
        cid for cid, cal in calendars.items() if cal.get("groupId") == which.get("groupId")
    }
    found: list[tuple[int, Record]] = []
    for record in table.values():
        interval = span(record)
        if record.get("locationId") != location_id or interval is None:
            continue
        if not (interval[0] < hi and interval[1] > lo):
            continue
        if "calendarId" in which and record.get("calendarId") != which["calendarId"]:
            continue
        user = which.get("userId")
        if user and user != record.get("assignedUserId") and user not in record.get("users", ()):
            continue
        if "groupId" in which and record.get("calendarId") not in group_calendars:
            continue
        found.append((interval[0], record))
    found.sort(key=lambda pair: pair[0])
    # No pagination: everything in the window comes back at once, as the API does.
    return Reply(200, {"events": [record for _, record in found]})


@handles("events.list")
def list_events(ctx: Ctx) -> Reply:
    """GET /calendars/events — appointments overlapping [startTime, endTime)."""
    return _listing(ctx, ctx.state.store.appointments)


@handles("blocked_slots.list")
def list_blocked_slots(ctx: Ctx) -> Reply:
    """GET /calendars/blocked-slots — blocked slots, also under the key `events`."""
    return _listing(ctx, ctx.state.store.blocked_slots)


def _instant(name: str, value: Any) -> int:
    found = parse_iso_ms(value) if isinstance(value, str) else None
    if found is None:
        raise ApiError.unprocessable([f"{name} must be a valid ISO 8601 date string"])
    return found


def _slot_minutes(calendar: Record) -> int:
    value = calendar.get("slotDuration") or 30
    return int(value) * (60 if calendar.get("slotDurationUnit") == "hours" else 1)


def _end_like(start_text: str, start_ms: int, minutes: int) -> str:
    """Format start + minutes with the same UTC offset the start was written in."""
    parsed = parse_iso(start_text)
    zone = (parsed.tzinfo if parsed is not None else None) or timezone.utc
    try:
        end = datetime.fromtimestamp(start_ms / 1000, zone) + timedelta(minutes=minutes)
    except OverflowError:
        # Out of reach within the bounds on slotDuration; kept so no stored value can 500.
        raise ApiError.unprocessable(["startTime is too late for the slot duration"]) from None
    text = end.isoformat()
    return text.replace("+00:00", "Z") if start_text.strip().endswith(("Z", "z")) else text


def _times(body: dict[str, Any], calendar: Record, current: Record | None) -> tuple[int, int]:
    """Resolve start/end into `body` (end defaults to the slot duration); return ms."""
    start_text = body.get("startTime", current["startTime"] if current else None)
    start = _instant("startTime", start_text)
    assert isinstance(start_text, str)
    if "endTime" in body or (current is not None and "startTime" not in body):
        end_text = body.get("endTime", current["endTime"] if current else None)
        end = _instant("endTime", end_text)
    else:
        end = start + _slot_minutes(calendar) * 60_000
        body["endTime"] = _end_like(start_text, start, _slot_minutes(calendar))
    if end <= start:
        raise ApiError(400, "endTime must be after startTime", "Bad Request")
    return start, end


def _check_slot(ctx: Ctx, calendar: Record, start: int, end: int, exclude: str | None) -> None:
    """Refuse a time the calendar does not offer (the API's only double-booking guard)."""
    store = ctx.state.store
    ok = calendar.get("isActive", True) and is_bookable(
        calendar,
        store.schedule_for(calendar["id"]),
        store.busy(calendar, exclude=exclude),
        start,
        end,
        ctx.now_ms,
        store.booked_counts(calendar["id"], exclude=exclude),
    )
    if not ok:
        raise ApiError(400, SLOT_TAKEN_MESSAGE, "Bad Request")


@handles("appointments.create")
def create_appointment(ctx: Ctx) -> Reply:
    """POST /calendars/events/appointments — book; the start must be an offered slot.

    Check and insert happen with no await in between, so of several identical concurrent
    bookings exactly one wins.
    """
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    store = ctx.state.store
    calendar = ctx.owned(store.calendars, body["calendarId"], "Calendar")
    start, end = _times(body, calendar, None)
    if not body.get("ignoreFreeSlotValidation"):
        _check_slot(ctx, calendar, start, end, None)
    members = [m.get("userId") for m in calendar.get("teamMembers") or () if m]
    assigned = body.get("assignedUserId") or (members[0] if members else None)
    stamp = iso_utc(ctx.now_ms)
    event: Record = {
        "id": new_id(),
        "title": calendar.get("eventTitle") or "Appointment",
        "groupId": calendar.get("groupId", ""),
        "appointmentStatus": "confirmed" if calendar.get("autoConfirm") else "new",
        "users": [assigned] if assigned else [],
        "notes": "",
        "isRecurring": bool(body.get("rrule")),
        "dateAdded": stamp,
        "dateUpdated": stamp,
        "createdBy": {"source": "third_party", "userId": None},
        **{k: v for k, v in body.items() if k not in _FLAGS},
    }
    if assigned:
        event["assignedUserId"] = assigned
    store.appointments[event["id"]] = event
    ctx.state.appointment_changed("AppointmentCreate", event)
    return Reply(200, {k: event[k] for k in _APPOINTMENT_KEYS if k in event})


@handles("appointments.get")
def get_appointment(ctx: Ctx) -> Reply:
    """GET /calendars/events/appointments/{eventId} — under `event`, as the spec says."""
    event = ctx.owned(ctx.state.store.appointments, ctx.params["eventId"], "Appointment")
    return Reply(200, {"event": event})


@handles("appointments.update")
def update_appointment(ctx: Ctx) -> Reply:
    """PUT /calendars/events/appointments/{eventId} — merge; a move must land on a slot."""
    store = ctx.state.store
    event = ctx.owned(store.appointments, ctx.params["eventId"], "Appointment")
    body = ctx.valid_body()
    calendar = ctx.owned(store.calendars, body.get("calendarId", event["calendarId"]), "Calendar")
    moved = any(k in body for k in ("startTime", "endTime", "calendarId"))
    revived = (
        event.get("appointmentStatus") in INACTIVE_STATUSES
        and body.get("appointmentStatus", "cancelled") not in INACTIVE_STATUSES
    )
    if moved or revived:
        start, end = _times(body, calendar, event)
        if not body.get("ignoreFreeSlotValidation"):
            _check_slot(ctx, calendar, start, end, event["id"])
    if "rrule" in body:
        body["isRecurring"] = bool(body["rrule"])
    if body.get("assignedUserId"):
        body["users"] = [body["assignedUserId"]]
    event.update({k: v for k, v in body.items() if k not in _FLAGS})
    event["dateUpdated"] = iso_utc(ctx.now_ms)
    ctx.state.appointment_changed("AppointmentUpdate", event)
    return Reply(200, {k: event[k] for k in _APPOINTMENT_KEYS if k in event})


def _block_body(ctx: Ctx) -> dict[str, Any]:
    # The API takes a user-level block with only assignedUserId (upstream #23), as the
    # models do: require one of the two, and the times the engine needs.
    body: dict[str, Any] = ctx.valid_body(also_required=("startTime", "endTime"))
    ctx.check_location(body["locationId"])
    if not body.get("calendarId") and not body.get("assignedUserId"):
        raise ApiError.unprocessable(["calendarId or assignedUserId should not be empty"])
    if body.get("calendarId"):
        ctx.owned(ctx.state.store.calendars, body["calendarId"], "Calendar")
    start = _instant("startTime", body["startTime"])
    if _instant("endTime", body["endTime"]) <= start:
        raise ApiError(400, "endTime must be after startTime", "Bad Request")
    return body


@handles("blocked_slots.create")
def create_block_slot(ctx: Ctx) -> Reply:
    """POST /calendars/events/block-slots — 201 with the bare record."""
    body = _block_body(ctx)
    block: Record = {"id": new_id(), "title": "", **body}
    block["dateAdded"] = block["dateUpdated"] = iso_utc(ctx.now_ms)
    ctx.state.store.blocked_slots[block["id"]] = block
    return Reply(201, {k: block[k] for k in _BLOCK_KEYS if k in block})


@handles("blocked_slots.update")
def update_block_slot(ctx: Ctx) -> Reply:
    """PUT /calendars/events/block-slots/{eventId} — also answers 201."""
    block = ctx.owned(ctx.state.store.blocked_slots, ctx.params["eventId"], "Blocked slot")
    # The body itself must name the location (so `{}` is refused, as the API does); the
    # calendar or user and the times may be left out and are then kept, as the SDK's
    # BlockSlotUpdate allows.
    given = ctx.valid_body()
    merged = {**block, **given}
    merged.pop("id", None)
    merged.pop("dateAdded", None)
    merged.pop("dateUpdated", None)
    ctx.body = merged
    block.update(_block_body(ctx))
    block["dateUpdated"] = iso_utc(ctx.now_ms)
    return Reply(201, {k: block[k] for k in _BLOCK_KEYS if k in block})


@handles("events.delete")
def delete_event(ctx: Ctx) -> Reply:
    """DELETE /calendars/events/{eventId} — appointments and blocked slots alike; 201."""
    store = ctx.state.store
    event_id = ctx.params["eventId"]
    table = store.appointments if event_id in store.appointments else store.blocked_slots
    ctx.owned(table, event_id, "Event")
    removed = table.pop(event_id)
    store.notes.pop(event_id, None)
    if table is store.appointments:
        ctx.state.appointment_changed("AppointmentDelete", removed)
    return Reply(201, {"succeeded": True})


def _appointment(ctx: Ctx) -> Record:
    return ctx.owned(ctx.state.store.appointments, ctx.params["appointmentId"], "Appointment")


@handles("notes.list")
def list_notes(ctx: Ctx) -> Reply:
    """GET .../notes — newest first, `limit` (at most 20) from `offset`, with hasMore."""
    appointment = _appointment(ctx)
    limit = ctx.int_query("limit", maximum=MAX_NOTES_LIMIT)
    offset = ctx.int_query("offset")
    # Reversed first so that notes stamped in the same millisecond still come newest first.
    notes = sorted(
        reversed(list(ctx.state.store.notes.get(appointment["id"], {}).values())),
        key=lambda n: n["dateAdded"],
        reverse=True,
    )
    page = notes[offset : offset + limit]
    return Reply(200, {"notes": page, "hasMore": offset + len(page) < len(notes)})


@handles("notes.create")
def create_note(ctx: Ctx) -> Reply:
    """POST .../notes — 201 under `note`."""
    appointment = _appointment(ctx)
    body = ctx.valid_body()
    user_id = body.get("userId")
    note: Record = {
        "id": new_id(),
        "body": body["body"],
        "userId": user_id,
        "dateAdded": iso_utc(ctx.now_ms),
        "contactId": appointment.get("contactId"),
        "createdBy": {"id": user_id, "name": None},
    }
    ctx.state.store.notes.setdefault(appointment["id"], {})[note["id"]] = note
    return Reply(201, {"note": note})


def _note(ctx: Ctx) -> tuple[dict[str, Record], Record]:
    notes = ctx.state.store.notes.get(_appointment(ctx)["id"], {})
    note = notes.get(ctx.params["noteId"])
    if note is None:
        raise ApiError.not_found("Note")
    return notes, note


@handles("notes.update")
def update_note(ctx: Ctx) -> Reply:
    """PUT .../notes/{noteId}."""
    _, note = _note(ctx)
    body = ctx.valid_body()
    note.update(body)
    return Reply(200, {"note": note})


@handles("notes.delete")
def delete_note(ctx: Ctx) -> Reply:
    """DELETE .../notes/{noteId}."""
    notes, note = _note(ctx)
    del notes[note["id"]]
    return Reply(200, {"success": True})
