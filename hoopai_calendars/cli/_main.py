"""The `hoopai-calendars` command: one argparse tree, and the one place errors become exits."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from .._version import __version__
from ._api import add_api_parser
from ._calendars import add_calendars_parsers
from ._errors import PROG, USAGE, exit_code
from ._events import add_events_parsers
from ._local import add_local_parsers
from ._options import Parser
from ._run import sigterm_interrupts
from ._sync import add_sync_parser

__all__ = ["build_parser", "main"]

_EPILOG = """\
Every command that sends requests takes the same connection options (--emulator,
--base-url or $HOOPAI_BASE_URL, --token-file / $HOOPAI_TOKEN / --token, --location or
$HOOPAI_LOCATION_ID) and the same time grammar for --from/--to (--from included, --to
excluded; see any command's --help). Output is text on a terminal and JSON Lines when
piped or with --json. Exit status: 0 done, 1 API or runtime failure, 2 bad usage
(nothing was sent), 130 interrupted (143 after SIGTERM).
"""


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of every command."""
    parser = Parser(
        prog=PROG,
        description="HoopAI Calendars API from the shell: every endpoint (`api`), task "
        "commands, a local emulator and a demo.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_calendars_parsers(commands)
    add_events_parsers(commands)
    add_sync_parser(commands)
    add_api_parser(commands)
    add_local_parsers(commands)
    return parser


def _quiet_stdout() -> None:
    """The reader of stdout went away (`| head -1`): stop writing there, silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _quiet_library_logs() -> None:
    """Keep the library's warnings (a failed window...) off stderr: the exit message sums up.

    Without any handler Python prints WARNING records itself; a NullHandler on the
    package logger stops that, while handlers a caller configured still receive them.
    """
    package = logging.getLogger("hoopai_calendars")
    if not any(isinstance(h, logging.NullHandler) for h in package.handlers):
        package.addHandler(logging.NullHandler())


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    _quiet_library_logs()
    try:
        with sigterm_interrupts():
            try:
                args = build_parser().parse_args(argv)
            except SystemExit as exc:  # --help, --version, or a usage error already printed
                return exc.code if isinstance(exc.code, int) else USAGE
            command = " ".join(
                part
                for part in (
                    args.command,
                    getattr(args, "action", None),
                    getattr(args, "endpoint", None),
                )
                if part
            )
            run: Callable[[argparse.Namespace], int] = args.run
            try:
                return run(args)
            except BaseException as exc:
                if isinstance(exc, SystemExit):
                    raise
                code = exit_code(exc, command=command, flags=getattr(args, "flags", None))
                if code == 0 or isinstance(exc, BrokenPipeError):
                    _quiet_stdout()
                return code
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        return exit_code(exc)
