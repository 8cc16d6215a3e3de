"""The plain benchmark server: pre-encoded bodies from aiohttp.web, access logging off.

Run as `python -m benchmarks.server --port 0`; it prints `PORT <n>` once it listens,
then serves until killed. It does no work per request beyond picking a body, so the
figures measure the clients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from aiohttp import web

from .bodies import EVENT_COUNTS, appointment_body, events_body, events_calendar, slots_body

# The live API sends these on every answer; clients parse them, so the server sends them too.
_HEADERS = {
    "X-RateLimit-Max": "100",
    "X-RateLimit-Remaining": "99",
    "X-RateLimit-Interval-Milliseconds": "10000",
    "X-RateLimit-Limit-Daily": "200000",
    "X-RateLimit-Daily-Remaining": "199999",
}


def create_app() -> web.Application:
    """Serve free slots for any calendar, events lists keyed by the calendar asked for, and
    a canned answer to any appointment create."""
    slots = slots_body()
    created = appointment_body()
    events = {events_calendar(n): events_body(n) for n in EVENT_COUNTS}
    default_events = events[events_calendar(EVENT_COUNTS[0])]

    def json_response(body: bytes) -> web.Response:
        return web.Response(body=body, content_type="application/json", headers=_HEADERS)

    async def free_slots(request: web.Request) -> web.Response:
        return json_response(slots)

    async def list_events(request: web.Request) -> web.Response:
        return json_response(events.get(request.query.get("calendarId", ""), default_events))

    async def create_appointment(request: web.Request) -> web.Response:
        await request.read()
        return json_response(created)

    app = web.Application()
    app.router.add_post("/calendars/events/appointments", create_appointment)
    app.router.add_get("/calendars/events", list_events)
    app.router.add_get("/calendars/{calendarId}/free-slots", free_slots)
    return app


async def serve(host: str, port: int) -> None:
    """Listen, announce the port on stdout, and serve until cancelled."""
    runner = web.AppRunner(create_app(), access_log=None, handle_signals=True)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=1024)
    await site.start()
    print(f"PORT {runner.addresses[0][1]}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
