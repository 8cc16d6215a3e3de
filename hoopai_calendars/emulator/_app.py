"""The route table (all 42 operations) and the request pipeline every request goes through.

Pipeline: unknown path -> a JSON 404, unknown method -> a JSON 405; then Version,
Authorization and token checks (401s), the per-location rate limit (429), the scope check
(401), injected faults, the body (400 malformed, 413 over 1 MiB, 415 not JSON), and
finally the handler. Handlers are plain functions with no await inside, so each one's
check-and-write is atomic on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import struct
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from aiohttp import web

from ..api import (
    EVENTS_READ,
    EVENTS_WRITE,
    RATE_LIMIT_REMAINING_HEADER,
    READ,
    TIMED_OUT_MESSAGE,
    WRITE,
)
from . import _handlers_calendars as cal
from . import _handlers_config as cfg
from . import _handlers_events as ev
from ._auth import authenticate, bearer, require_scope
from ._faults import CutOffResponse, FaultRule
from ._oauth import oauth_routes
from ._state import RequestRecord, State
from ._versions import shape
from ._wire import ApiError, Ctx, Reply, trace_id

__all__ = ["ROUTES", "Route", "create_app"]

logger = logging.getLogger("hoopai_calendars.emulator")

Handler = Callable[[Ctx], Reply]
_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Route:
    """One operation: its SDK-facing name, HTTP method, path template, scope and handler."""

    operation: str
    method: str
    path: str
    scope: str
    handler: Handler


_G = "/calendars/groups"
_E = "/calendars/events"
_NOTES = "/calendars/appointments/{appointmentId}/notes"
_RES = "/calendars/resources/{resourceType}"
_SCH = "/calendars/schedules"
_NOTIF = "/calendars/{calendarId}/notifications"
_R, _W, _ER, _EW = READ, WRITE, EVENTS_READ, EVENTS_WRITE

# Order matters: aiohttp tries routes in registration order, so fixed segments
# (/calendars/groups, /calendars/events, ...) come before /calendars/{calendarId}.
ROUTES: tuple[Route, ...] = (
    Route("calendars.list", "GET", "/calendars/", _R, cal.list_calendars),
    Route("calendars.create", "POST", "/calendars/", _W, cal.create_calendar),
    Route("groups.list", "GET", _G, _R, cal.list_groups),
    Route("groups.create", "POST", _G, _W, cal.create_group),
    Route("groups.validate_slug", "POST", _G + "/validate-slug", _W, cal.validate_slug),
    Route("groups.get", "GET", _G + "/{groupId}", _R, cal.get_group),
    Route("groups.update", "PUT", _G + "/{groupId}", _W, cal.update_group),
    Route("groups.delete", "DELETE", _G + "/{groupId}", _W, cal.delete_group),
    Route("groups.set_status", "PUT", _G + "/{groupId}/status", _W, cal.set_group_status),
    Route("events.list", "GET", _E, _ER, ev.list_events),
    Route("blocked_slots.list", "GET", "/calendars/blocked-slots", _ER, ev.list_blocked_slots),
    Route("appointments.create", "POST", _E + "/appointments", _EW, ev.create_appointment),
    Route("appointments.get", "GET", _E + "/appointments/{eventId}", _ER, ev.get_appointment),
    Route("appointments.update", "PUT", _E + "/appointments/{eventId}", _EW, ev.update_appointment),
    Route("blocked_slots.create", "POST", _E + "/block-slots", _EW, ev.create_block_slot),
    Route("blocked_slots.update", "PUT", _E + "/block-slots/{eventId}", _EW, ev.update_block_slot),
    Route("events.delete", "DELETE", _E + "/{eventId}", _EW, ev.delete_event),
    Route("notes.list", "GET", _NOTES, _ER, ev.list_notes),
    Route("notes.create", "POST", _NOTES, _EW, ev.create_note),
    Route("notes.update", "PUT", _NOTES + "/{noteId}", _EW, ev.update_note),
    Route("notes.delete", "DELETE", _NOTES + "/{noteId}", _EW, ev.delete_note),
    Route("resources.list", "GET", _RES, _R, cfg.list_resources),
    Route("resources.create", "POST", _RES, _W, cfg.create_resource),
    Route("resources.get", "GET", _RES + "/{id}", _R, cfg.get_resource),
    Route("resources.update", "PUT", _RES + "/{id}", _W, cfg.update_resource),
    Route("resources.delete", "DELETE", _RES + "/{id}", _W, cfg.delete_resource),
    Route("schedules.list", "GET", _SCH + "/search", _R, cfg.list_schedules),
    Route("schedules.create", "POST", _SCH, _W, cfg.create_schedule),
    Route("schedules.get", "GET", _SCH + "/{id}", _R, cfg.get_schedule),
    Route("schedules.update", "PUT", _SCH + "/{id}", _W, cfg.update_schedule),
    Route("schedules.delete", "DELETE", _SCH + "/{id}", _W, cfg.delete_schedule),
    Route(
        "schedules.attach_calendar",
        "PUT",
        _SCH + "/{id}/associations/{calendarId}",
        _W,
        cfg.attach_schedule,
    ),
    Route(
        "schedules.detach_calendar",
        "DELETE",
        _SCH + "/{id}/associations/{calendarId}",
        _W,
        cfg.detach_schedule,
    ),
    # The seed files notifications under calendars.*; the spec under calendars/events.*.
    Route("notifications.list", "GET", _NOTIF, _R, cfg.list_notifications),
    Route("notifications.create", "POST", _NOTIF, _W, cfg.create_notifications),
    Route("notifications.get", "GET", _NOTIF + "/{notificationId}", _R, cfg.get_notification),
    Route("notifications.update", "PUT", _NOTIF + "/{notificationId}", _W, cfg.update_notification),
    Route(
        "notifications.delete", "DELETE", _NOTIF + "/{notificationId}", _W, cfg.delete_notification
    ),
    Route("calendars.free_slots", "GET", "/calendars/{calendarId}/free-slots", _R, cal.free_slots),
    Route("calendars.get", "GET", "/calendars/{calendarId}", _R, cal.get_calendar),
    Route("calendars.update", "PUT", "/calendars/{calendarId}", _W, cal.update_calendar),
    Route("calendars.delete", "DELETE", "/calendars/{calendarId}", _W, cal.delete_calendar),
)

_REASONS = {
    500: "Internal server error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_TOO_MANY = {"statusCode": 429, "message": "Too Many Requests"}


def _json(status: int, body: Any, trace: str | None, headers: dict[str, str]) -> web.Response:
    """Encode a reply; JSON objects get the request's traceId as their last key."""
    if body is None:
        return web.Response(status=status, headers=headers)
    if isinstance(body, dict) and trace is not None:
        body = {**body, "traceId": trace}
    return web.Response(
        status=status,
        body=msgspec.json.encode(body),
        content_type="application/json",
        charset="utf-8",
        headers=headers,
    )


def _abort(request: web.Request) -> web.Response:
    """Reset the connection (RST, not FIN) and return a response that will never be sent."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            linger = struct.pack("HH" if sys.platform == "win32" else "ii", 1, 0)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        transport.abort()
    # aiohttp's write of this response fails quietly as a client disconnect.
    return web.Response(status=204)


def _fault(
    rule: FaultRule,
    request: web.Request,
    trace: str,
    headers: dict[str, str],
    produced: web.Response | None,
) -> web.Response:
    """Build the response of a fired fault (`produced` is the handler's, if it ran)."""
    kind = rule.kind
    if kind in ("reset_before", "reset_after"):
        return _abort(request)
    if kind == "status_429":
        return _json(429, _TOO_MANY, None, {**headers, RATE_LIMIT_REMAINING_HEADER: "0"})
    if kind == "status_5xx":
        body = {"statusCode": rule.status, "message": _REASONS[rule.status]}
        return _json(rule.status, body, trace, headers)
    if kind == "html_502":
        return web.Response(
            status=502, body=_HTML_502, content_type="text/html", charset="utf-8", headers=headers
        )
    if kind == "command_timed_out":
        return _json(401, {"message": TIMED_OUT_MESSAGE}, None, headers)
    # malformed_json: a 200 whose JSON stops halfway, as when a proxy cuts the body.
    full = produced.body if produced is not None and isinstance(produced.body, bytes) else b""
    full = full or msgspec.json.encode({"traceId": trace})
    if kind == "truncated_2xx":
        if produced is not None and not 200 <= produced.status < 300:
            return produced  # only a success is cut off
        return CutOffResponse(request, produced.status if produced else 200, full, headers)
    return web.Response(
        status=200,
        body=full[: max(1, len(full) // 2)],
        content_type="application/json",
        charset="utf-8",
        headers=headers,
    )


async def _read_json(request: web.Request) -> Any:
    """Return the decoded body, None when there is none; client mistakes are 400 or 413."""
    if not request.body_exists:
        return None
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        # What Express's body parser answers past its limit (aiohttp's client_max_size).
        raise ApiError(413, "request entity too large", "Payload Too Large") from None
    if not raw.strip():
        return None
    kind = request.content_type  # aiohttp reads a missing Content-Type as octet-stream
    if kind != "application/octet-stream" and not kind.endswith("json"):
        # The API's JSON parser skips other media types and validates an empty body instead,
        # which hides the mistake; the emulator names it.
        message = f"Unsupported Media Type: {kind}; send application/json"
        raise ApiError(415, message, "Unsupported Media Type")
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        # RecursionError: nesting deeper than the decoder follows, which no DTO has.
        raise ApiError(400, "Unexpected token in JSON", "Bad Request") from None


async def _pipeline(
    state: State, route: Route, request: web.Request
) -> tuple[web.Response, FaultRule | None]:
    """Run one request through the pipeline (see the module docstring)."""
    trace = trace_id()
    headers = state.limiter.peek(None)
    rule: FaultRule | None = None
    try:
        info = authenticate(request.headers, state.tokens)
        allowed, headers = state.limiter.consume(info.location_id)
        if not allowed:
            # The gateway's 429: no traceId, no error key, and no Retry-After.
            return _json(429, _TOO_MANY, None, headers), None
        require_scope(info, route.scope)
        rule = state.faults.pick(route.operation, request.method, request.path, route.path)
        if rule is not None and rule.kind == "delay":
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(state.stopping.wait(), rule.seconds)
        elif rule is not None and not rule.run_handler:
            return _fault(rule, request, trace, headers, None), rule
        ctx = Ctx(
            state=state,
            params=request.match_info,
            query=request.query,
            body=await _read_json(request),
            location_id=info.location_id,
            now_ms=state.now_ms(),
        )
        reply = route.handler(ctx)
        body = shape(state.store, route.operation, request.headers["Version"], reply.body)
        response = _json(reply.status, body, trace, headers)
    except ApiError as exc:
        response = _json(exc.status, exc.body(), trace, headers)
    except Exception:
        logger.exception("emulator handler for %s failed", route.operation)
        response = _json(500, {"statusCode": 500, "message": _REASONS[500]}, trace, headers)
    if rule is not None and rule.kind != "delay":
        return _fault(rule, request, trace, headers, response), rule
    return response, rule


def _endpoint(state: State, route: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Return the aiohttp handler of one route: count it, run the pipeline, log it."""

    async def handle(request: web.Request) -> web.Response:
        state.faults.seen[route.operation] += 1
        response, rule = await _pipeline(state, route, request)
        reset = rule is not None and rule.kind in ("reset_before", "reset_after")
        state.log.append(
            RequestRecord(
                route.operation,
                request.method,
                request.path,
                0 if reset else response.status,
                rule.kind if rule is not None else None,
            )
        )
        return response

    return handle


def _param_pattern(path: str) -> str:
    """Let path parameters hold any character but `/` (aiohttp's default also refuses braces)."""
    return re.sub(r"\{(\w+)\}", r"{\1:[^/]+}", path)


def _routing_error(request: web.Request, state: State, exc: web.HTTPException) -> web.Response:
    """Answer an unknown path (404) or method (405) in the NestJS shape, as JSON."""
    token = bearer(request.headers)
    info = state.tokens.lookup(token) if token else None
    headers = dict(state.limiter.peek(info.location_id if info else None))
    if isinstance(exc, web.HTTPMethodNotAllowed):
        headers["Allow"] = ", ".join(sorted(exc.allowed_methods))
        status, error = 405, "Method Not Allowed"
    else:
        status, error = 404, "Not Found"
    state.log.append(RequestRecord(None, request.method, request.path, status))
    body = {"statusCode": status, "message": f"Cannot {request.method} {request.path}"}
    return _json(status, {**body, "error": error}, trace_id(), headers)


def create_app(state: State) -> web.Application:
    """Build the aiohttp application serving every route over `state`."""

    @web.middleware
    async def json_errors(request: web.Request, handler: _Handler) -> web.StreamResponse:
        routing = request.match_info.http_exception
        if routing is not None:
            return _routing_error(request, state, routing)
        try:
            return await handler(request)
        except web.HTTPException as exc:
            # Anything aiohttp itself raises past routing still answers JSON.
            body = {"statusCode": exc.status, "message": exc.reason}
            return _json(exc.status, body, trace_id(), {})

    app = web.Application(middlewares=[json_errors])
    for route in ROUTES:
        handler = _endpoint(state, route)
        app.router.add_route(route.method, _param_pattern(route.path), handler)
        if route.path == "/calendars/":
            # NestJS ignores the trailing slash; clients send both spellings.
            app.router.add_route(route.method, "/calendars", handler)
    for method, path, oauth_handler in oauth_routes(state):
        app.router.add_route(method, path, _logged(state, path, oauth_handler))
    return app


def _logged(state: State, path: str, handler: _Handler) -> _Handler:
    """Log an OAuth request like the API routes' (operation `oauth` plus the path)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = await handler(request)
        state.log.append(RequestRecord("oauth." + path[7:], request.method, path, response.status))
        return response

    return handle
