"""Where the CLI gets its bearer token: `--token-file` (`-`: stdin), `$HOOPAI_TOKEN`, `--token`.

Every command that talks to the API registers these options through `add_token_options`
and reads them with `read_token`, so they behave the same everywhere. A token given on
the command line is visible to every user of the machine (`ps`), hence the warning.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from .._errors import ValidationError
from .._secret import Secret

__all__ = ["TOKEN_ENV", "add_token_options", "read_token"]

TOKEN_ENV = "HOOPAI_TOKEN"
ARGV_WARNING = (
    "warning: --token is visible to other users in the process list; "
    f"prefer --token-file PATH (- for stdin) or ${TOKEN_ENV}"
)


def add_token_options(parser: argparse._ActionsContainer, *, suppress: bool = False) -> None:
    """Add `--token-file` and `--token`; `suppress` leaves absent options out of the namespace."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--token-file",
        metavar="PATH",
        default=default,
        help=f"read the bearer token from PATH, or - for stdin (default: ${TOKEN_ENV})",
    )
    parser.add_argument(
        "--token",
        default=default,
        help=f"bearer token; visible in the process list, prefer --token-file or ${TOKEN_ENV}",
    )


def read_token(args: argparse.Namespace, *, stdin: TextIO | None = None) -> Secret[str] | None:
    """Return the token the options or the environment give, or None if none does.

    Raises ValidationError when both options are given, or the file is unreadable or empty.
    """
    inline: str | None = getattr(args, "token", None)
    path: str | None = getattr(args, "token_file", None)
    if inline is not None and path is not None:
        raise ValidationError("--token", "pass --token or --token-file, not both")
    if inline is not None:
        print(ARGV_WARNING, file=sys.stderr)
        return _token(inline.strip(), "--token")
    if path is not None:
        return _token(_read(path, stdin or sys.stdin), "--token-file")
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    return Secret(from_env) if from_env else None


def _read(path: str, stdin: TextIO) -> str:
    try:
        if path == "-":
            return stdin.readline().strip()
        with open(path, encoding="utf-8") as handle:
            return handle.readline().strip()
    except (OSError, UnicodeDecodeError) as exc:
        name = "stdin" if path == "-" else path
        raise ValidationError("--token-file", f"cannot read {name}: {exc}") from None


def _token(value: str, option: str) -> Secret[str]:
    if not value:
        raise ValidationError(option, "the token is empty")
    return Secret(value)
