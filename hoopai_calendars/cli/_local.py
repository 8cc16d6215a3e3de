"""The commands that need no credentials: `demo`, `emulator` and `webhooks listen`."""

from __future__ import annotations

import argparse
import json

from ..api import SCOPES
from ._demo import _summary, report_dict, run_demo_async
from ._errors import CommandFailed, Interrupted, UsageError, say
from ._options import Commands, add_json, port, positive
from ._output import Output
from ._progress import open_display
from ._run import run
from ._webhooks import add_webhooks_parser

__all__ = ["add_local_parsers"]


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the demo, print its summary; exit 0 only if every booking was verified."""
    # The summary is for people even when piped (the README's first command); --json for scripts.
    out = Output(json=True)
    display = open_display()
    with display:
        report = run(lambda: run_demo_async(args.calendars, args.days, display))
    if args.json:
        out.text(json.dumps(report_dict(report, args.days)))
    else:
        out.text(_summary(report, args.days))
    for problem in report.errors[:10]:
        say(problem, command="demo")
    if not report.ok:
        raise CommandFailed("not every booking was verified")
    return 0


def cmd_emulator(args: argparse.Namespace) -> int:
    """Serve the emulator until SIGINT or SIGTERM (both end it normally: exit 0)."""
    from ..emulator import serve

    if args.seed is not None:
        name, _, count = args.seed.partition(":")
        if name != "demo" or (count and not count.isdigit()):
            raise UsageError("--seed", f"expected demo or demo:N, got {args.seed!r}")
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise UsageError("--scopes", f"expected some of {', '.join(SCOPES)}; got {args.scopes!r}")
    try:
        run(
            lambda: serve(
                host=args.host,
                port=args.port,
                token=args.token,
                seed=args.seed,
                webhook_urls=args.webhook_url,
                scopes=scopes,
            )
        )
    except Interrupted:
        return 0  # how this command is meant to end
    except OSError as exc:  # address in use, host not local...
        raise CommandFailed(f"cannot listen on {args.host}:{args.port}: {exc}") from None
    return 0


def add_local_parsers(commands: Commands) -> None:
    """Register `demo`, `emulator` and `webhooks`."""
    demo = commands.add_parser(
        "demo",
        help="book one appointment on each of many calendars against a local emulator",
        description="Start an in-process emulator, poll free slots of every demo calendar "
        "concurrently, book one slot each, read the bookings back and print a summary. "
        "Needs no network and no credentials (it takes no connection options). "
        "--days over the API's 31 days is split into windows.",
    )
    demo.add_argument("--calendars", type=positive, default=50, metavar="N", help="default: 50")
    demo.add_argument(
        "--days", type=positive, default=7, metavar="N", help="free-slot window in days (7)"
    )
    add_json(demo)
    demo.set_defaults(run=cmd_demo)

    emulator = commands.add_parser(
        "emulator",
        help="serve a local HoopAI Calendars API until Ctrl-C",
        description="Serve the local emulator of the Calendars API until interrupted "
        "(SIGINT or SIGTERM; exit 0). Point other commands at it with --base-url.",
    )
    emulator.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    emulator.add_argument("--port", type=port, default=8080, help="0 picks a free port")
    emulator.add_argument("--token", help="accept this bearer token (default: print a new one)")
    emulator.add_argument(
        "--seed", metavar="demo[:N]", help="load demo data (N calendars, default 50)"
    )
    emulator.add_argument(
        "--webhook-url",
        action="append",
        default=[],
        metavar="URL",
        help="send signed appointment webhooks here (repeatable); the key is printed",
    )
    emulator.add_argument(
        "--scopes",
        metavar="S[,S...]",
        default=",".join(SCOPES),
        help="the token's scopes, comma-separated (default: all four), to test 401s and 403s",
    )
    emulator.set_defaults(run=cmd_emulator)

    add_webhooks_parser(commands, port=port)
