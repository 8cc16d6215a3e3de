"""The argparse pieces every command shares: one-line usage errors and the common options."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from ._errors import PROG, USAGE, say
from ._time import TIME_HELP
from ._token import add_token_options

if TYPE_CHECKING:
    from typing import TypeAlias

    Commands: TypeAlias = argparse._SubParsersAction[Any]
else:
    Commands = argparse._SubParsersAction

__all__ = [
    "LOCATION_ENV",
    "BASE_URL_ENV",
    "Commands",
    "Parser",
    "add_connection",
    "add_json",
    "add_window",
    "at_least",
    "port",
    "positive",
]

LOCATION_ENV = "HOOPAI_LOCATION_ID"
BASE_URL_ENV = "HOOPAI_BASE_URL"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line naming the command and the flag."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(PROG).strip() or None
        say(f"error: {message} (see --help)", command=command)
        sys.exit(USAGE)


def at_least(minimum: int, what: str = "a whole number") -> argparse._ActionType:
    """Return an argparse type accepting whole numbers >= `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


positive = at_least(1)


def port(text: str) -> int:
    """Accept a TCP port (0 picks a free one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, got {value}")
    return value


def add_connection(parser: argparse.ArgumentParser, *, location: bool = True) -> None:
    """Add where requests go and with which token: the same in every command that sends."""
    where = parser.add_argument_group(
        "connection",
        f"Default: the real API with ${'HOOPAI_TOKEN'}. ${BASE_URL_ENV} and ${LOCATION_ENV} "
        "are read when the flags are not given.",
    )
    target = where.add_mutually_exclusive_group()
    target.add_argument(
        "--emulator",
        action="store_true",
        help="use an in-process emulator seeded with demo data (calendars may be named demo:N)",
    )
    target.add_argument(
        "--base-url",
        metavar="URL",
        help=f"API base URL, e.g. http://127.0.0.1:8080 for `hoopai-calendars emulator` "
        f"(default: ${BASE_URL_ENV}, else the real API)",
    )
    add_token_options(where)
    if location:
        where.add_argument(
            "--location",
            metavar="ID",
            help=f"location id (default: ${LOCATION_ENV}; with --emulator the demo's)",
        )


def add_json(parser: argparse.ArgumentParser) -> None:
    """Add `--json`: JSON Lines on stdout even on a terminal (the default when piped)."""
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON Lines (the default when stdout is not a terminal)",
    )


def add_window(parser: argparse.ArgumentParser, *, tz_help: str | None = None) -> None:
    """Add `--from`, `--to` and `--tz` with the one time grammar."""
    window = parser.add_argument_group("time window", TIME_HELP)
    window.add_argument("--from", dest="start", metavar="WHEN", required=True, help="included")
    window.add_argument("--to", dest="end", metavar="WHEN", required=True, help="excluded")
    window.add_argument(
        "--tz",
        "--timezone",
        dest="tz",
        metavar="ZONE",
        help=tz_help or "IANA zone for dates and offset-less times (default: UTC)",
    )
