"""The `hoopai-calendars` command: parse arguments and hand each subcommand to its module.

Add a subcommand by writing a `_add_<name>(commands)` function that registers its parser
with `set_defaults(run=<adapter>)` and listing it in `_COMMANDS`; the work itself lives in
its own module, imported lazily so `--help` stays fast. `events` is a group: add its next
action (e.g. `export`) in `_add_events`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ._cli_token import add_token_options
from ._cli_workloads import add_export_parser, add_sync_parser
from ._facts import SCOPES
from ._version import __version__

__all__ = ["build_parser", "main"]

PROG = "hoopai-calendars"
# argparse's own convention: 2 means "bad usage or missing configuration".
USAGE_ERROR = 2

if TYPE_CHECKING:
    from typing import TypeAlias

    from . import _cli_api

    Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _iso_datetime(text: str) -> datetime:
    """Parse an ISO date or datetime; naive values are placed in --timezone later."""
    raw = text.strip()
    # Python 3.10's fromisoformat does not accept a trailing Z.
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date or datetime (2024-10-28, 2024-10-28T09:00+02:00), got {text!r}"
        ) from None


def _zone(text: str) -> str:
    """Accept an IANA time zone name."""
    try:
        ZoneInfo(text)
    except (KeyError, ValueError, OSError):
        raise argparse.ArgumentTypeError(f"unknown IANA time zone {text!r}") from None
    return text


def _positive(text: str) -> int:
    """Accept a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _port(text: str) -> int:
    """Accept a TCP port (0 picks a free one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, got {value}")
    return value


# -- adapters: Namespace -> the subcommand module's typed entry point ---------------------


def _run_demo(args: argparse.Namespace) -> int:
    from ._demo import run_demo

    return run_demo(calendars=args.calendars, days=args.days)


def _run_emulator(args: argparse.Namespace) -> int:
    from .emulator import serve

    try:
        scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
        asyncio.run(
            serve(
                host=args.host,
                port=args.port,
                token=args.token,
                seed=args.seed,
                scopes=scopes,
                webhook_urls=args.webhook_url,
            )
        )
    except KeyboardInterrupt:
        # Ctrl-C is how this command is meant to end.
        return 0
    except ValueError as exc:  # an unknown --seed or scope
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as exc:  # address in use, host not local...
        print(f"{PROG}: error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _target(args: argparse.Namespace) -> _cli_api.Target | None:
    """Where to send requests, with the token (None: the options were unusable)."""
    from ._cli_api import Target
    from ._cli_token import read_token
    from ._errors import ValidationError

    if args.emulator:
        return Target(emulator=True)
    try:
        return Target(base_url=args.base_url, token=read_token(args))
    except ValidationError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return None


def _run_free_slots(args: argparse.Namespace) -> int:
    from ._cli_api import run_free_slots

    target = _target(args)
    if target is None:
        return USAGE_ERROR
    return run_free_slots(
        target,
        args.calendar_id,
        start=args.start,
        end=args.end,
        timezone=args.timezone,
        location_id=args.location,
    )


def _run_events_list(args: argparse.Namespace) -> int:
    from ._cli_api import run_events_list

    target = _target(args)
    if target is None:
        return USAGE_ERROR
    return run_events_list(
        target,
        location_id=args.location,
        calendar_id=args.calendar,
        start=args.start,
        end=args.end,
        timezone=args.timezone,
    )


# -- parsers ------------------------------------------------------------------------------


def _add_api_options(parser: argparse.ArgumentParser) -> None:
    """Add where-to-send options and the time window shared by API subcommands."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--emulator",
        action="store_true",
        help="run against an in-process emulator seeded with demo data (ids may be demo:N)",
    )
    where.add_argument(
        "--base-url",
        metavar="URL",
        help="API base URL, e.g. a running `hoopai-calendars emulator` (token from HOOPAI_TOKEN)",
    )
    add_token_options(parser)
    parser.add_argument(
        "--from",
        dest="start",
        type=_iso_datetime,
        required=True,
        metavar="DATE",
        help="window start: ISO date or datetime (a bare date is midnight in --timezone)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=_iso_datetime,
        required=True,
        metavar="DATE",
        help="window end, same format",
    )
    parser.add_argument(
        "--timezone",
        type=_zone,
        metavar="TZ",
        help="IANA zone for bare dates (default UTC); free slots are also returned in it",
    )


def _add_demo(commands: Commands) -> None:
    parser = commands.add_parser(
        "demo",
        help="book one appointment on each of many calendars against a local emulator",
        description="Start an in-process emulator, poll free slots of every demo calendar "
        "concurrently, book one slot each, read the bookings back and print a summary. "
        "Needs no network and no credentials.",
    )
    parser.add_argument("--calendars", type=_positive, default=50, help="default: 50")
    parser.add_argument(
        "--days", type=_positive, default=7, help="free-slot window in days (default: 7)"
    )
    parser.set_defaults(run=_run_demo)


def _add_emulator(commands: Commands) -> None:
    parser = commands.add_parser(
        "emulator",
        help="serve a local HoopAI Calendars API until Ctrl-C",
        description="Serve the local emulator of the Calendars API until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--port", type=_port, default=8080, help="0 picks a free port")
    parser.add_argument("--token", help="accept this bearer token (default: print a new one)")
    parser.add_argument(
        "--seed", metavar="demo[:N]", help="load demo data (N calendars, default 50)"
    )
    parser.add_argument(
        "--webhook-url",
        action="append",
        default=[],
        metavar="URL",
        help="send signed appointment webhooks here (repeatable); the key is printed",
    )
    parser.add_argument(
        "--scopes",
        metavar="S[,S...]",
        default=",".join(SCOPES),
        help="the token's scopes, comma-separated (default: all four), to test 401s",
    )
    parser.set_defaults(run=_run_emulator)


def _add_free_slots(commands: Commands) -> None:
    parser = commands.add_parser(
        "free-slots",
        help="print a calendar's free slots as JSON lines",
        description="Print the free slots of a calendar, one JSON object per line. "
        "Uses HOOPAI_TOKEN unless --emulator is given.",
    )
    parser.add_argument("calendar_id", metavar="CALENDAR_ID", help="a calendar id, or demo:N")
    parser.add_argument(
        "--location",
        metavar="L",
        help="where to look up demo:N on a --base-url emulator (default: loc_demo)",
    )
    _add_api_options(parser)
    parser.set_defaults(run=_run_free_slots)


def _add_events(commands: Commands) -> None:
    parser = commands.add_parser(
        "events", help="calendar events", description="Work with calendar events."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list",
        help="print a calendar's events in a window as JSON lines",
        description="Print the events of a calendar in a time window, one JSON object per "
        "line. Uses HOOPAI_TOKEN unless --emulator is given.",
    )
    listing.add_argument(
        "--location", metavar="L", help="location id (default with --emulator: the demo's)"
    )
    listing.add_argument("--calendar", metavar="C", required=True, help="a calendar id, or demo:N")
    _add_api_options(listing)
    listing.set_defaults(run=_run_events_list)
    add_export_parser(actions)


def _add_sync(commands: Commands) -> None:
    add_sync_parser(commands)


def _add_webhooks(commands: Commands) -> None:
    from ._cli_webhooks import add_webhooks_parser

    add_webhooks_parser(commands, port=_port)


_COMMANDS: tuple[Callable[[Commands], None], ...] = (
    _add_demo,
    _add_emulator,
    _add_free_slots,
    _add_events,
    _add_sync,
    _add_webhooks,
)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="HoopAI Calendars API tools: a local emulator, a demo, and API queries.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in _COMMANDS:
        add(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        return USAGE_ERROR
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        # The shell's convention for "stopped by Ctrl-C"; no traceback for the user.
        return 130


if __name__ == "__main__":
    sys.exit(main())
