"""The CLI's one output layer: human text on a terminal, JSON Lines for scripts.

Records are wire-named dicts without nulls. With `--json`, or whenever stdout is not a
terminal, each record is one compact JSON line, flushed at once (`| head -1` works and
ends quietly). On a terminal each record goes through the command's human formatter.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import msgspec

__all__ = ["Output", "compact", "encode_line"]

_encode = msgspec.json.Encoder().encode
Human = Callable[[dict[str, Any]], str]


def compact(value: object) -> Any:
    """Return wire-named builtins without the fields the API left out (None)."""
    raw = msgspec.to_builtins(value)
    return _drop_nulls(raw)


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def encode_line(record: object) -> bytes:
    """Encode one record as a JSON line."""
    return _encode(record) + b"\n"


def _pretty(record: dict[str, Any]) -> str:
    return msgspec.json.format(_encode(record), indent=2).decode()


class Output:
    """Where a command's records go; `json` is decided once from `--json` and the terminal."""

    def __init__(self, json: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream
        self.json = json or not _isatty(self.stream)

    @property
    def stream(self) -> TextIO:
        # sys.stdout at each write: a progress display on the same terminal swaps in a
        # proxy that prints records above its bar.
        return self._stream if self._stream is not None else sys.stdout

    def record(self, record: dict[str, Any], human: Human | None = None) -> None:
        """Print one record."""
        if self.json:
            self.stream.write(_encode(record).decode() + "\n")
        else:
            self.stream.write((human or _pretty)(record) + "\n")
        self.stream.flush()

    def records(self, records: Iterable[dict[str, Any]], human: Human | None = None) -> int:
        """Print every record; return how many."""
        count = 0
        for record in records:
            self.record(record, human)
            count += 1
        return count

    def text(self, line: str) -> None:
        """Print a line meant for people (summaries); scripts get it too, as text."""
        self.stream.write(line + "\n")
        self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
