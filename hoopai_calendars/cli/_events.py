"""`events list` and `events export`: one selection grammar, windowed and de-duplicated.

Both take the same options: `--calendar` (repeatable; default every calendar of the
location), or one `--user` or `--group`; `--blocked-slots`; the one time window.
`list` prints records as they arrive; `export` writes JSON Lines to `--out` through
`LineFile`, so the previous file survives anything short of a whole, successful export.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import aclosing
from datetime import timedelta
from typing import Any

from .. import NotFoundError
from ..workloads import (
    EventExport,
    IncompleteListingError,
    iter_blocked_slots,
    iter_events,
    iter_location_events,
)
from ._connect import Session, check_calendar, connection, open_client
from ._errors import CommandFailed, Interrupted, say
from ._files import LineFile, check_writable
from ._options import Commands, add_connection, add_json, add_window, positive
from ._output import Output, compact, encode_line
from ._progress import Display, open_display
from ._run import run
from ._time import Window, parse_window

__all__ = ["add_events_parsers"]


def _event_line(record: dict[str, Any]) -> str:
    status = record.get("appointmentStatus", "")
    title = record.get("title", "")
    start, end = record.get("startTime", "?"), record.get("endTime", "?")
    return f"{start} -> {end}  {status:<10} {title}  {record.get('id', '')}".rstrip()


async def _open(
    session: Session, args: argparse.Namespace, window: Window, display: Display
) -> EventExport:
    """Check what is selected exists, then open the windowed listing."""
    common: dict[str, Any] = {
        "location_id": session.location,
        "start": window.start_ms,
        "end": window.end_ms,
        "window": timedelta(days=args.window_days),
        "concurrency": args.concurrency,
        "allow_partial": True,
        "progress": display,
    }
    if args.user is not None or args.group is not None:
        if args.group is not None:
            try:
                await session.client.groups.get(args.group)
            except NotFoundError:
                raise CommandFailed(f"--group {args.group}: no such group (HTTP 404)") from None
        opener = iter_blocked_slots if args.blocked_slots else iter_events
        return opener(session.client, user_id=args.user, group_id=args.group, **common)
    ids = [await check_calendar(session, name) for name in args.calendar or ()]
    return iter_location_events(
        session.client, calendar_ids=ids or None, blocked_slots=args.blocked_slots, **common
    )


def _incomplete(export: EventExport) -> IncompleteListingError:
    return IncompleteListingError(export.failed_windows, export.yielded)


def cmd_events_list(args: argparse.Namespace) -> int:
    """Print each event overlapping [--from, --to), as the API sent it."""
    conn = connection(args, needs_location=True)
    window = parse_window(args.start, args.end, args.tz)
    out = Output(args.json)
    display = open_display()

    async def work() -> EventExport:
        async with open_client(conn, sleep=display.sleep) as session:
            export = await _open(session, args, window, display)
            async with aclosing(export):  # its windows stop at once on any failure
                async for event in export:
                    out.record(compact(event), _event_line)
            return export

    with display:
        export = run(work)
    if not export.complete:
        raise _incomplete(export)
    if export.yielded == 0 and not out.json:
        out.text("no events in the window")
    return 0


def cmd_events_export(args: argparse.Namespace) -> int:
    """Write the window's events as JSON Lines; never pass an incomplete export off as whole."""
    check_writable(args.out, "--out")
    conn = connection(args, needs_location=True)
    window = parse_window(args.start, args.end, args.tz)
    display = open_display()
    to_stdout = args.out == "-"
    target = None if to_stdout else LineFile(args.out)

    async def work() -> EventExport:
        async with open_client(conn, sleep=display.sleep) as session:
            export = await _open(session, args, window, display)
            async with aclosing(export):  # its windows stop at once on any failure
                async for event in export:
                    line = encode_line(compact(event))
                    if target is None:
                        sys.stdout.buffer.write(line)
                        sys.stdout.buffer.flush()
                    else:
                        target.write(line)
            return export

    try:
        with display:
            export = run(work)
    except BaseException as exc:
        if target is not None:
            _left_behind(target, args, isinstance(exc, (Interrupted, KeyboardInterrupt)))
        raise
    if not export.complete and not args.allow_partial:
        if target is not None:
            _left_behind(target, args)
        raise _incomplete(export)
    if target is not None:
        target.commit()
        if display.enabled:
            say(f"exported {export.yielded} event(s) to {args.out}", command="events export")
    if not export.complete:
        raise _incomplete(export)  # kept with --allow-partial, still exit 1
    return 0


def _left_behind(target: LineFile, args: argparse.Namespace, interrupted: bool = False) -> None:
    """Set the partial output aside and say what is where, and how to finish."""
    kept = target.abandon()
    if kept is None and not interrupted:
        return  # nothing was written: the error itself says it all
    where = f"{target.lines} event(s) so far are in {kept}" if kept else "nothing was written"
    state = "interrupted" if interrupted else "incomplete"
    say(
        f"{state}: {where}; {args.out} was not changed; run the same command again "
        "to export the whole window",
        command="events export",
    )


def _add_selection(parser: argparse.ArgumentParser) -> None:
    which = parser.add_argument_group("what to list (default: every calendar of the location)")
    one = which.add_mutually_exclusive_group()
    one.add_argument(
        "--calendar", action="append", metavar="ID", help="a calendar id or demo:N (repeatable)"
    )
    one.add_argument("--user", metavar="ID", help="one user's events instead")
    one.add_argument("--group", metavar="ID", help="one group's events instead")
    which.add_argument("--blocked-slots", action="store_true", help="blocked slots, not events")
    tuning = parser.add_argument_group("pacing")
    tuning.add_argument(
        "--window-days", type=positive, default=7, metavar="N", help="days per request (7)"
    )
    tuning.add_argument(
        "--concurrency", type=positive, default=4, metavar="N", help="requests in flight (4)"
    )


def add_events_parsers(commands: Commands) -> None:
    """Register `events list` and `events export`."""
    parser = commands.add_parser(
        "events", help="calendar events", description="List or export calendar events."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="print events of a time window",
        description="Print the events overlapping [--from, --to), each once, in start "
        "order (JSON Lines when piped). The API does not paginate: the window is listed "
        "--window-days at a time. An unknown --calendar or --group is an error.",
    )
    _add_selection(listing)
    add_window(listing)
    add_connection(listing)
    add_json(listing)
    listing.set_defaults(run=cmd_events_list)

    export = actions.add_parser(
        "export",
        help="export events of a time window to a JSON Lines file",
        description="Write the events overlapping [--from, --to) to --out as JSON Lines. "
        "The file is written as OUT.partial (each line flushed) and renamed over OUT only "
        "when every window was listed: OUT is the previous good export until then. An "
        "interrupted or failed run keeps OUT.partial if it holds events, and says so.",
    )
    export.add_argument(
        "--out", required=True, metavar="PATH", help="output JSON Lines file, or - for stdout"
    )
    export.add_argument(
        "--allow-partial",
        action="store_true",
        help="publish the output even if some windows failed (exit status still 1)",
    )
    _add_selection(export)
    add_window(export)
    add_connection(export)
    export.set_defaults(run=cmd_events_export)
