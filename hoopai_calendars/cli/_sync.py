"""`sync`: bring a location's appointments in line with a desired-state JSON Lines file."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import timedelta
from pathlib import Path

import msgspec

from ..models import AppointmentCreate
from ..workloads import SyncReport, parse_desired, sync_appointments
from ._connect import connection, open_client
from ._errors import CommandFailed, UsageError, say
from ._files import check_readable, check_writable, write_whole
from ._options import Commands, add_connection, add_json, positive
from ._output import Output
from ._progress import open_display
from ._run import run

__all__ = ["add_sync_parser"]

_WIRE_NAMES = {
    f.name: f.encode_name for f in msgspec.structs.fields(AppointmentCreate) if "_" in f.name
}

FORMAT = """\
input (--in): JSON Lines, one desired appointment per line, spelled as the API spells
  an appointment create (camelCase):
    {"calendarId": "c1", "contactId": "p1", "startTime": "2026-12-01T09:00:00+01:00"}
  calendarId, contactId and startTime (ISO 8601 with an offset, sent verbatim) are
  required; any other field of AppointmentCreate may be given (title, assignedUserId,
  appointmentStatus, ignoreFreeSlotValidation, ...). locationId defaults to --location.
  "status": "cancelled" (or "appointmentStatus": "cancelled") asks for a cancel.
  An item matches an existing appointment by (calendarId, contactId, start instant):
  running twice changes nothing the second time. Blank lines are skipped.

checkpoint (--checkpoint): finished items are appended as they complete; a later run
  with the same --in and --checkpoint skips them. An interrupted run resumes that way.
  One run at a time per checkpoint (a lock file PATH.lock).

exit status: 0 every item done, 1 some failed (see the report), 2 bad input
  (nothing sent), 130 interrupted (143 after SIGTERM).
"""


def _read_input(path: str, location: str | None) -> list[object]:
    try:
        if path == "-":
            lines = sys.stdin.buffer.read().splitlines()
        else:
            lines = Path(path).read_bytes().splitlines()
    except OSError as exc:
        raise UsageError("--in", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return list(parse_desired(lines, location_id=location))
    except ValueError as exc:  # ValidationError naming the line
        message = str(exc)
        for name, wire in _WIRE_NAMES.items():  # as the file spells them
            message = re.sub(rf"\b{name}\b", wire, message)
        raise UsageError("--in", f"{path}: {message}") from None


def cmd_sync(args: argparse.Namespace) -> int:
    """Create, update or cancel appointments until the location matches --in."""
    check_readable(args.input, "--in")
    if args.input == "-" and getattr(args, "token_file", None) == "-":
        raise UsageError("--in", "stdin cannot hold both --in and --token-file")
    if args.report is not None:
        check_writable(args.report, "--report")
    if args.checkpoint is not None:
        check_writable(args.checkpoint, "--checkpoint")
        check_writable(f"{args.checkpoint}.lock", "--checkpoint")
    conn = connection(args)
    desired = _read_input(args.input, conn.location)
    out = Output(args.json)
    display = open_display()

    async def work() -> SyncReport:
        async with open_client(conn, sleep=display.sleep) as session:
            return await sync_appointments(
                session.client,
                desired,  # type: ignore[arg-type]  # DesiredAppointment items
                checkpoint=args.checkpoint,
                concurrency=args.concurrency,
                progress=display,
                prune=args.prune,
                window=timedelta(days=args.window_days),
            )

    try:
        with display:
            report = run(work)
    except BaseException:
        hint = (
            f"the same command with --checkpoint {args.checkpoint} resumes it"
            if args.checkpoint
            else "running the same command again is safe (nothing is booked twice)"
        )
        say(f"stopped before the end; {hint}", command="sync")
        raise
    text = json.dumps(report.to_dict(), indent=2)
    if args.report == "-":
        print(text)
    elif args.report is not None:
        write_whole(args.report, text.encode() + b"\n")
    elif out.json:
        out.text(json.dumps(report.to_dict()))
    for failure in report.failures[:10]:
        say(f"failed: item {failure.index}: {failure.error}", command="sync")
    if report.outcome_unknown:
        say(f"outcome unknown: {report.outcome_unknown} (run again to check)", command="sync")
    if report.prune_skipped and args.prune:
        say(f"prune skipped: {report.prune_skipped}", command="sync")
    summary = " ".join(f"{k}={v}" for k, v in report.counts().items())
    if display.enabled:
        say(f"done: {summary}", command="sync")
    if not report.ok:
        raise CommandFailed(f"not every item was applied: {summary}")
    return 0


def add_sync_parser(commands: Commands) -> None:
    """Register `sync`."""
    sync = commands.add_parser(
        "sync",
        help="create/update/cancel appointments to match a JSON Lines file",
        description="Make the location's appointments match the desired state in --in: "
        "create what is missing, update what differs, cancel what asks for it (and, with "
        "--prune, what is not desired). Every path is checked before anything is booked.",
        epilog=FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument(
        "--in", dest="input", required=True, metavar="PATH", help="desired state (- for stdin)"
    )
    sync.add_argument("--checkpoint", metavar="PATH", help="JSON Lines checkpoint to resume by")
    sync.add_argument("--report", metavar="PATH", help="write the JSON report here (- stdout)")
    sync.add_argument(
        "--concurrency", type=positive, default=8, metavar="N", help="requests in flight (8)"
    )
    sync.add_argument(
        "--window-days", type=positive, default=7, metavar="N", help="days per listing (7)"
    )
    sync.add_argument(
        "--prune", action="store_true", help="also cancel undesired appointments in the range"
    )
    add_connection(sync)
    add_json(sync)
    sync.set_defaults(run=cmd_sync)
