"""The `hoopai-calendars` command line (`python -m hoopai_calendars.cli` runs it too).

One argparse tree, one time grammar, one client factory, one output layer and one
error-to-exit map for every command; `api SERVICE.METHOD` reaches every endpoint of
the table. Progress bars need the `cli` extra (rich); everything else works without it.
"""

from __future__ import annotations

from ._main import build_parser, main

__all__ = ["build_parser", "main"]
