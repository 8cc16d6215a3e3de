"""Handlers for calendars (with free slots) and calendar groups."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from ..api import MAX_SLOT_WINDOW_DAYS, MAX_SLOT_WINDOW_MS
from ._routes import handles
from ._slots import compute_free_slots
from ._wire import ApiError, Ctx, Reply, new_id, parse_epoch_ms

__all__ = [
    "create_calendar",
    "create_group",
    "delete_calendar",
    "delete_group",
    "free_slots",
    "get_calendar",
    "get_group",
    "list_calendars",
    "list_groups",
    "set_group_status",
    "update_calendar",
    "update_group",
    "validate_slug",
]


# What a calendar created with only a name looks like: the app's defaults, including
# the Mon-Fri 9:00-17:00 availability a new calendar gets in the UI.
WEEKDAY_9_TO_5: list[dict[str, Any]] = [
    {
        "daysOfTheWeek": [1, 2, 3, 4, 5],
        "hours": [{"openHour": 9, "openMinute": 0, "closeHour": 17, "closeMinute": 0}],
    }
]


def calendar_defaults(body: dict[str, Any]) -> dict[str, Any]:
    """Return the fields the API fills in when a create body leaves them out."""
    duration = body.get("slotDuration", 30)
    return {
        "isActive": True,
        "calendarType": "event",
        "widgetType": "default",
        "description": "",
        "slug": "",
        "slotDuration": duration,
        "slotDurationUnit": "mins",
        "slotInterval": duration,
        "slotIntervalUnit": body.get("slotDurationUnit", "mins"),
        "slotBuffer": 0,
        "preBuffer": 0,
        "appoinmentPerSlot": 1,
        "teamMembers": [],
        "notifications": [],
        "availabilities": [],
        "openHours": [dict(entry) for entry in WEEKDAY_9_TO_5],
    }


@handles("calendars.list")
def list_calendars(ctx: Ctx) -> Reply:
    """GET /calendars/ — every calendar of a location, optionally of one group."""
    (location_id,) = ctx.required_query("locationId")
    ctx.check_location(location_id)
    ctx.bool_query("showDrafted")
    group_id = ctx.query.get("groupId")
    calendars = [
        cal
        for cal in ctx.state.store.calendars.values()
        if cal["locationId"] == location_id and (group_id is None or cal.get("groupId") == group_id)
    ]
    return Reply(200, {"calendars": calendars})


@handles("calendars.create")
def create_calendar(ctx: Ctx) -> Reply:
    """POST /calendars/ — create a calendar; unset settings get the app's defaults."""
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    store = ctx.state.store
    if body.get("groupId"):
        ctx.owned(store.groups, body["groupId"], "Group")
    calendar = {"id": new_id(), **calendar_defaults(body), **body}
    store.calendars[calendar["id"]] = calendar
    return Reply(200, {"calendar": calendar})


@handles("calendars.get")
def get_calendar(ctx: Ctx) -> Reply:
    """GET /calendars/{calendarId}."""
    calendar = ctx.owned(ctx.state.store.calendars, ctx.params["calendarId"], "Calendar")
    return Reply(200, {"calendar": calendar})


@handles("calendars.update")
def update_calendar(ctx: Ctx) -> Reply:
    """PUT /calendars/{calendarId} — merge the given fields."""
    store = ctx.state.store
    calendar = ctx.owned(store.calendars, ctx.params["calendarId"], "Calendar")
    body = ctx.valid_body()
    if body.get("groupId"):
        ctx.owned(store.groups, body["groupId"], "Group")
    calendar.update(body)
    return Reply(200, {"calendar": calendar})


@handles("calendars.delete")
def delete_calendar(ctx: Ctx) -> Reply:
    """DELETE /calendars/{calendarId} — also drops its notifications and schedule links."""
    store = ctx.state.store
    calendar = ctx.owned(store.calendars, ctx.params["calendarId"], "Calendar")
    del store.calendars[calendar["id"]]
    store.notifications.pop(calendar["id"], None)
    store.detach_everywhere(calendar["id"])
    return Reply(200, {"success": True})


def _epoch_ms(ctx: Ctx, name: str) -> int | None:
    raw = ctx.query.get(name)
    return None if raw is None or raw == "" else parse_epoch_ms(raw)


def _zone_or_422(name: str) -> str:
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        raise ApiError.unprocessable([f"timezone must be a valid IANA timezone: {name}"]) from None
    return name


def _requested_users(ctx: Ctx) -> set[str]:
    """Collect user ids from every spelling clients use: repeated, bracketed, comma-joined."""
    users: set[str] = set()
    for key in ("userId", "userIds", "userIds[]"):
        for value in ctx.query.getall(key, []):
            users.update(part for part in value.split(",") if part)
    return users


@handles("calendars.free_slots")
def free_slots(ctx: Ctx) -> Reply:
    """GET /calendars/{calendarId}/free-slots — a date-keyed map, days without slots absent."""
    store = ctx.state.store
    calendar = ctx.owned(store.calendars, ctx.params["calendarId"], "Calendar")
    start, end = _epoch_ms(ctx, "startDate"), _epoch_ms(ctx, "endDate")
    problems = [
        f"{name} must be a number conforming to the specified constraints"
        for name, value in (("startDate", start), ("endDate", end))
        if value is None
    ]
    if problems:
        raise ApiError.unprocessable(problems)
    assert start is not None
    assert end is not None
    if end < start:
        raise ApiError.unprocessable(["endDate must be greater than startDate"])
    if end - start > MAX_SLOT_WINDOW_MS:
        raise ApiError.unprocessable(
            [f"Date range cannot be more than {MAX_SLOT_WINDOW_DAYS} days"]
        )
    tz = ctx.query.get("timezone") or None
    if tz is not None:
        _zone_or_422(tz)
    users = _requested_users(ctx)
    members = {m.get("userId") for m in calendar.get("teamMembers") or () if m}
    if not calendar.get("isActive", True) or (users and members and not users & members):
        return Reply(200, {})
    slots = compute_free_slots(
        calendar,
        store.schedule_for(calendar["id"]),
        store.busy(calendar),
        start,
        end,
        tz,
        ctx.now_ms,
        store.booked_counts(calendar["id"]),
    )
    return Reply(200, {day: {"slots": found} for day, found in sorted(slots.items()) if found})


@handles("groups.list")
def list_groups(ctx: Ctx) -> Reply:
    """GET /calendars/groups."""
    (location_id,) = ctx.required_query("locationId")
    ctx.check_location(location_id)
    groups = [g for g in ctx.state.store.groups.values() if g["locationId"] == location_id]
    return Reply(200, {"groups": groups})


def _slug_taken(ctx: Ctx, location_id: str, slug: str, exclude: str | None = None) -> bool:
    return any(
        g["locationId"] == location_id and g.get("slug") == slug and g["id"] != exclude
        for g in ctx.state.store.groups.values()
    )


@handles("groups.create")
def create_group(ctx: Ctx) -> Reply:
    """POST /calendars/groups — 201; a slug already used in the location is refused."""
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    if _slug_taken(ctx, body["locationId"], body["slug"]):
        raise ApiError(400, "Group slug is already taken", "Bad Request")
    group = {"id": new_id(), "isActive": True, **body}
    ctx.state.store.groups[group["id"]] = group
    return Reply(201, {"group": group})


@handles("groups.validate_slug")
def validate_slug(ctx: Ctx) -> Reply:
    """POST /calendars/groups/validate-slug — available iff no group of the location uses it."""
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    return Reply(200, {"available": not _slug_taken(ctx, body["locationId"], body["slug"])})


@handles("groups.get")
def get_group(ctx: Ctx) -> Reply:
    """GET /calendars/groups/{groupId} (in the seed, not in the spec)."""
    group = ctx.owned(ctx.state.store.groups, ctx.params["groupId"], "Group")
    return Reply(200, {"group": group})


@handles("groups.update")
def update_group(ctx: Ctx) -> Reply:
    """PUT /calendars/groups/{groupId} — name, description and slug are all required."""
    group = ctx.owned(ctx.state.store.groups, ctx.params["groupId"], "Group")
    body = ctx.valid_body()
    if _slug_taken(ctx, group["locationId"], body["slug"], exclude=group["id"]):
        raise ApiError(400, "Group slug is already taken", "Bad Request")
    group.update(body)
    return Reply(200, {"group": group})


@handles("groups.delete")
def delete_group(ctx: Ctx) -> Reply:
    """DELETE /calendars/groups/{groupId} — its calendars stay, ungrouped."""
    store = ctx.state.store
    group = ctx.owned(store.groups, ctx.params["groupId"], "Group")
    del store.groups[group["id"]]
    for calendar in store.calendars.values():
        if calendar.get("groupId") == group["id"]:
            calendar["groupId"] = ""
    return Reply(200, {"success": True})


@handles("groups.set_status")
def set_group_status(ctx: Ctx) -> Reply:
    """PUT /calendars/groups/{groupId}/status — enable or disable."""
    group = ctx.owned(ctx.state.store.groups, ctx.params["groupId"], "Group")
    body = ctx.valid_body()
    group["isActive"] = body["isActive"]
    return Reply(200, {"success": True})
