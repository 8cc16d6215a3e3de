"""The routes (one per table row, see `_routes`) and the pipeline every request goes through.

Pipeline: unknown path -> a JSON 404, unknown method -> a JSON 405; then Version,
Authorization and token checks (401s), the per-location rate limit (429), the scope check
(401), injected faults, the body (400 malformed, 413 over 1 MiB, 415 not JSON), and
finally the handler, which checks the body against its row's model (`Ctx.valid_body`,
after its own 404s, so an unknown id is a 404 whatever the body). Handlers are plain
functions with no await inside, so each one's check-and-write is atomic on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import struct
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import msgspec
from aiohttp import web

from ..api import (
    ENDPOINTS,
    RATE_LIMIT_REMAINING_HEADER,
    TIMED_OUT_MESSAGE,
)
from . import _handlers_calendars as cal
from . import _handlers_config as cfg
from . import _handlers_events as ev
from ._auth import authenticate, bearer, require_scope
from ._faults import CutOffResponse, FaultRule
from ._oauth import oauth_routes
from ._routes import EMULATOR_ROUTES, HANDLERS, ExtraRoute, Route, table_routes
from ._state import RequestRecord, State
from ._versions import shape
from ._wire import ApiError, Ctx, trace_id

__all__ = ["ROUTES", "ExtraRoute", "Route", "create_app"]

logger = logging.getLogger("hoopai_calendars.emulator")

_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# The handler modules register their functions (`@handles`) in HANDLERS when imported.
_HANDLER_MODULES = (cal, cfg, ev)
ROUTES: tuple[Route, ...] = table_routes(ENDPOINTS, HANDLERS)


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
            model=route.body,
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


def create_app(state: State, extra: Iterable[ExtraRoute] = ()) -> web.Application:
    """Build the aiohttp application serving every table row over `state`.

    Emulator-only routes (`EMULATOR_ROUTES`, `extra`, then OAuth's) are registered first,
    outside the API pipeline, so that a fixed path of theirs wins over a table placeholder.
    """

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
    for other in (*EMULATOR_ROUTES, *extra):
        app.router.add_route(other.method, other.path, other.make(state))
    for method, path, oauth_handler in oauth_routes(state):
        app.router.add_route(method, path, _logged(state, path, oauth_handler))
    for route in ROUTES:
        handler = _endpoint(state, route)
        app.router.add_route(route.method, _param_pattern(route.path), handler)
        if route.path == "/calendars/":
            # NestJS ignores the trailing slash; clients send both spellings.
            app.router.add_route(route.method, "/calendars", handler)
    return app


def _logged(state: State, path: str, handler: _Handler) -> _Handler:
    """Log an OAuth request like the API routes' (operation `oauth` plus the path)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = await handler(request)
        state.log.append(RequestRecord("oauth." + path[7:], request.method, path, response.status))
        return response

    return handle
