"""`calendars list` and `free-slots`: what a location has and when a calendar is free."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from ..workloads import poll_free_slots
from ._connect import connection, open_client
from ._errors import CommandFailed
from ._options import Commands, add_connection, add_json, add_window
from ._output import Output, compact
from ._progress import open_display
from ._run import run
from ._time import parse_window

__all__ = ["add_calendars_parsers"]


def _calendar_line(record: dict[str, Any]) -> str:
    kind = record.get("calendarType", "")
    active = "" if record.get("isActive", True) else "  (inactive)"
    return f"{record.get('id', '?')}  {record.get('name', '')}  [{kind}]{active}"


def _slot_line(record: dict[str, Any]) -> str:
    slot = str(record["slot"])
    try:
        return datetime.fromisoformat(slot.replace("Z", "+00:00")).strftime("%a %Y-%m-%d %H:%M %z")
    except ValueError:
        return slot


def cmd_calendars_list(args: argparse.Namespace) -> int:
    """Print the calendars of a location."""
    conn = connection(args, needs_location=True)
    out = Output(args.json)

    async def work() -> int:
        async with open_client(conn) as session:
            found = await session.client.calendars.list(
                location_id=session.location,
                group_id=args.group,
                show_drafted=True if args.show_drafted else None,
            )
            return out.records((compact(c) for c in found), _calendar_line)

    if run(work) == 0 and not out.json:
        out.text("no calendars")
    return 0


def cmd_free_slots(args: argparse.Namespace) -> int:
    """Print `{"date", "slot"}` for each free slot of a calendar in [--from, --to)."""
    conn = connection(args)
    window = parse_window(args.start, args.end, args.tz)
    out = Output(args.json)
    display = open_display()

    async def work() -> int:
        async with open_client(conn, sleep=display.sleep) as session:
            calendar_id = await session.calendar(args.calendar_id, "CALENDAR_ID")
            display.update("free slots", 0, None)
            # Through the workload, so ranges over the API's 31 days are split and merged.
            (result,) = await poll_free_slots(
                session.client,
                [calendar_id],
                window.start_ms,
                window.end_ms,
                timezone=window.zone_name,
                user_id=args.user,
            )
            display.close()
            if result.error is not None:
                raise result.error
            found = result.slots
            if found is None:
                raise CommandFailed("the API answered no slots")
            records = ({"date": d, "slot": s} for d in sorted(found.days) for s in found.days[d])
            return out.records(records, _slot_line)

    with display:
        count = run(work)
    if count == 0 and not out.json:
        out.text("no free slots in the window")
    return 0


def add_calendars_parsers(commands: Commands) -> None:
    """Register `calendars list` and `free-slots`."""
    group = commands.add_parser(
        "calendars", help="calendars of a location", description="Work with calendars."
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="list the calendars of a location",
        description="List the calendars of a location (one JSON object per line when piped).",
    )
    listing.add_argument("--group", metavar="ID", help="only the calendars of this group")
    listing.add_argument("--show-drafted", action="store_true", help="include draft calendars")
    add_connection(listing)
    add_json(listing)
    listing.set_defaults(run=cmd_calendars_list)

    slots = commands.add_parser(
        "free-slots",
        help="list a calendar's free slots in a time window",
        description="List the free slots of a calendar in [--from, --to), one JSON object "
        '{"date", "slot"} per line when piped. Windows over the API\'s 31 days are split '
        "and merged. An unknown calendar is an error (the API answers 404).",
    )
    slots.add_argument("calendar_id", metavar="CALENDAR_ID", help="a calendar id, or demo:N")
    slots.add_argument("--user", metavar="ID", help="only slots of this team member")
    add_window(
        slots,
        tz_help="IANA zone for dates and offset-less times, and the zone slots are written "
        "in (default: dates in UTC, slots in the calendar's own zone)",
    )
    add_connection(slots)
    add_json(slots)
    slots.set_defaults(run=cmd_free_slots)
