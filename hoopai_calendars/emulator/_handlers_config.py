"""Handlers for calendar resources, notifications and availability schedules."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from ..api import (
    DEFAULT_NOTIFICATIONS_LIMIT,
    DEFAULT_SCHEDULES_LIMIT,
    MAX_SCHEDULES_LIMIT,
    RESOURCE_TYPES,
)
from ._routes import handles
from ._store import Record
from ._wire import ApiError, Ctx, Reply, iso_utc, new_id

__all__ = [
    "attach_schedule",
    "create_notifications",
    "create_resource",
    "create_schedule",
    "delete_notification",
    "delete_resource",
    "delete_schedule",
    "detach_schedule",
    "get_notification",
    "get_resource",
    "get_schedule",
    "list_notifications",
    "list_resources",
    "list_schedules",
    "update_notification",
    "update_resource",
    "update_schedule",
]


def _resource_type(ctx: Ctx) -> str:
    kind = ctx.params["resourceType"]
    if kind not in RESOURCE_TYPES:
        raise ApiError.unprocessable(
            [f"resourceType must be one of the following values: {', '.join(RESOURCE_TYPES)}"]
        )
    return kind


def _resource(ctx: Ctx) -> Record:
    kind = _resource_type(ctx)
    resource = ctx.owned(ctx.state.store.resources, ctx.params["id"], "Resource")
    if resource["resourceType"] != kind:
        raise ApiError.not_found("Resource")
    return resource


@handles("resources.list")
def list_resources(ctx: Ctx) -> Reply:
    """GET /calendars/resources/{resourceType} — a bare list, `limit` from `skip`."""
    kind = _resource_type(ctx)
    (location_id,) = ctx.required_query("locationId")
    ctx.check_location(location_id)
    limit, skip = ctx.int_query("limit"), ctx.int_query("skip")
    found = [
        r
        for r in ctx.state.store.resources.values()
        if r["locationId"] == location_id and r["resourceType"] == kind
    ]
    return Reply(200, found[skip : skip + limit])


@handles("resources.create")
def create_resource(ctx: Ctx) -> Reply:
    """POST /calendars/resources/{resourceType} — 201 with the bare record."""
    kind = _resource_type(ctx)
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    rid = new_id()
    # The spec's resource DTO has no id at all; the Mongo-backed API sends `_id`, and
    # clients generated from other specs read `id`: carry both.
    resource = {"id": rid, "_id": rid, "resourceType": kind, "isActive": True, **body}
    ctx.state.store.resources[rid] = resource
    return Reply(201, resource)


@handles("resources.get")
def get_resource(ctx: Ctx) -> Reply:
    """GET /calendars/resources/{resourceType}/{id} — bare record."""
    return Reply(200, _resource(ctx))


@handles("resources.update")
def update_resource(ctx: Ctx) -> Reply:
    """PUT /calendars/resources/{resourceType}/{id} — merge; bare record."""
    resource = _resource(ctx)
    body = ctx.valid_body()
    if "locationId" in body:
        ctx.check_location(body["locationId"])
    resource.update(body)
    return Reply(200, resource)


@handles("resources.delete")
def delete_resource(ctx: Ctx) -> Reply:
    """DELETE /calendars/resources/{resourceType}/{id}."""
    resource = _resource(ctx)
    del ctx.state.store.resources[resource["id"]]
    return Reply(200, {"success": True})


def _calendar_notifications(ctx: Ctx) -> dict[str, Record]:
    calendar = ctx.owned(ctx.state.store.calendars, ctx.params["calendarId"], "Calendar")
    return ctx.state.store.notifications.setdefault(calendar["id"], {})


def _notification(ctx: Ctx) -> Record:
    found = _calendar_notifications(ctx).get(ctx.params["notificationId"])
    if found is None:
        raise ApiError.not_found("Notification")
    return found


@handles("notifications.list")
def list_notifications(ctx: Ctx) -> Reply:
    """GET /calendars/{calendarId}/notifications — bare list; deleted ones only on request."""
    table = _calendar_notifications(ctx)
    active, deleted = ctx.bool_query("isActive"), ctx.bool_query("deleted")
    skip, limit = (
        ctx.int_query("skip", default=0),
        ctx.int_query("limit", default=DEFAULT_NOTIFICATIONS_LIMIT),
    )
    found = [
        n
        for n in table.values()
        if n.get("deleted", False) == bool(deleted)
        and (active is None or n.get("isActive", True) == active)
    ]
    return Reply(200, found[skip : skip + limit])


@handles("notifications.create")
def create_notifications(ctx: Ctx) -> Reply:
    """POST /calendars/{calendarId}/notifications — takes a list, answers the created list."""
    table = _calendar_notifications(ctx)
    bodies: list[dict[str, Any]] = ctx.valid_body()
    created = []
    for body in bodies:
        record = {"_id": new_id(), "isActive": True, "deleted": False, **body}
        table[record["_id"]] = record
        created.append(record)
    return Reply(200, created)


@handles("notifications.get")
def get_notification(ctx: Ctx) -> Reply:
    """GET /calendars/{calendarId}/notifications/{notificationId} — bare record."""
    return Reply(200, _notification(ctx))


@handles("notifications.update")
def update_notification(ctx: Ctx) -> Reply:
    """PUT /calendars/{calendarId}/notifications/{notificationId} — merge; a message."""
    notification = _notification(ctx)
    notification.update(ctx.valid_body())
    return Reply(200, {"message": "Notification updated successfully"})


@handles("notifications.delete")
def delete_notification(ctx: Ctx) -> Reply:
    """DELETE /calendars/{calendarId}/notifications/{notificationId} — a soft delete."""
    _notification(ctx)["deleted"] = True
    return Reply(200, {"message": "Notification deleted successfully"})


def _check_schedule_body(body: dict[str, Any]) -> None:
    problems: list[str] = []
    if "timezone" in body:
        try:
            ZoneInfo(body["timezone"])
        except (KeyError, ValueError, OSError):
            problems.append("timezone must be a valid IANA timezone")
    # The rules themselves were checked with the body (see _nested).
    if problems:
        raise ApiError.unprocessable(problems)


def _schedule(ctx: Ctx) -> Record:
    schedule = ctx.owned(ctx.state.store.schedules, ctx.params["id"], "Schedule")
    if schedule.get("deleted"):
        raise ApiError.not_found("Schedule")
    return schedule


@handles("schedules.list")
def list_schedules(ctx: Ctx) -> Reply:
    """GET /calendars/schedules/search — a location's (and user's) schedules, paged."""
    location_id, user_id = ctx.required_query("locationId", "userId")
    ctx.check_location(location_id)
    calendar_id = ctx.query.get("calendarId")
    skip = ctx.int_query("skip", default=0)
    limit = ctx.int_query("limit", default=DEFAULT_SCHEDULES_LIMIT, maximum=MAX_SCHEDULES_LIMIT)
    found = [
        s
        for s in ctx.state.store.schedules.values()
        if not s.get("deleted")
        and s["locationId"] == location_id
        and s.get("userId") == user_id
        and (calendar_id is None or calendar_id in s.get("calendarIds", ()))
    ]
    return Reply(200, {"schedules": found[skip : skip + limit]})


@handles("schedules.create")
def create_schedule(ctx: Ctx) -> Reply:
    """POST /calendars/schedules — 201; listed calendars are attached to it."""
    store = ctx.state.store
    body = ctx.valid_body()
    ctx.check_location(body["locationId"])
    _check_schedule_body(body)
    calendar_ids = list(dict.fromkeys(body.pop("calendarIds", [])))
    for calendar_id in calendar_ids:
        ctx.owned(store.calendars, calendar_id, "Calendar")
    for calendar_id in calendar_ids:
        store.detach_everywhere(calendar_id)
    stamp = iso_utc(ctx.now_ms)
    schedule: Record = {
        "id": new_id(),
        "rules": [],
        **body,
        "calendarIds": calendar_ids,
        "dateAdded": stamp,
        "dateUpdated": stamp,
        "deleted": False,
    }
    store.schedules[schedule["id"]] = schedule
    return Reply(201, {"schedule": schedule})


@handles("schedules.get")
def get_schedule(ctx: Ctx) -> Reply:
    """GET /calendars/schedules/{id}."""
    return Reply(200, {"schedule": _schedule(ctx)})


@handles("schedules.update")
def update_schedule(ctx: Ctx) -> Reply:
    """PUT /calendars/schedules/{id} — name, rules, timezone."""
    schedule = _schedule(ctx)
    body = ctx.valid_body()
    _check_schedule_body(body)
    schedule.update(body)
    schedule["dateUpdated"] = iso_utc(ctx.now_ms)
    return Reply(200, {"schedule": schedule})


@handles("schedules.delete")
def delete_schedule(ctx: Ctx) -> Reply:
    """DELETE /calendars/schedules/{id} — calendars fall back to their own open hours."""
    schedule = _schedule(ctx)
    schedule.update(deleted=True, calendarIds=[], dateUpdated=iso_utc(ctx.now_ms))
    return Reply(200, {"success": True})


@handles("schedules.attach_calendar")
def attach_schedule(ctx: Ctx) -> Reply:
    """PUT /calendars/schedules/{id}/associations/{calendarId} — a calendar has at most one."""
    store = ctx.state.store
    schedule = _schedule(ctx)
    calendar = ctx.owned(store.calendars, ctx.params["calendarId"], "Calendar")
    store.detach_everywhere(calendar["id"])
    schedule["calendarIds"] = [*schedule.get("calendarIds", []), calendar["id"]]
    return Reply(200, {"success": True})


@handles("schedules.detach_calendar")
def detach_schedule(ctx: Ctx) -> Reply:
    """DELETE /calendars/schedules/{id}/associations/{calendarId}."""
    store = ctx.state.store
    schedule = _schedule(ctx)
    calendar = ctx.owned(store.calendars, ctx.params["calendarId"], "Calendar")
    if calendar["id"] not in schedule.get("calendarIds", ()):
        raise ApiError(404, "Calendar is not associated with this schedule")
    schedule["calendarIds"] = [c for c in schedule["calendarIds"] if c != calendar["id"]]
    return Reply(200, {"success": True})
