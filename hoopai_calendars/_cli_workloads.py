"""The workload commands: `hoopai-calendars events export` and `hoopai-calendars sync`.

`add_parsers(root_subparsers, events_subparsers)` registers them on the main parser;
each sets `func`, a `Callable[[argparse.Namespace], int]` returning the exit status.
A progress line is drawn on stderr only when it is a terminal; otherwise the commands
are quiet and speak only about errors (exit 1: incomplete or failed work).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import IO, Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import anyio
import msgspec

from ._cli_token import TOKEN_ENV, add_token_options, read_token
from ._clients import AsyncCalendarsClient
from ._config import DEFAULT_BASE_URL
from ._errors import HoopAIError, ValidationError
from .models import Event
from .workloads import (
    EventExport,
    IncompleteListingError,
    Progress,
    iter_blocked_slots,
    iter_events,
    iter_location_events,
    read_desired,
    sync_appointments,
)

__all__ = [
    "ProgressLine",
    "add_export_parser",
    "add_sync_parser",
    "cmd_events_export",
    "cmd_sync",
    "parse_when",
]

_BAR = 24
# The conventional status of a run stopped by Ctrl-C (128 + SIGINT).
_INTERRUPTED = 130
_DIGITS = re.compile(r"^\d+$")
_encode = msgspec.json.Encoder().encode


class ProgressLine:
    """Redraw one status line with carriage returns; draw nothing unless `stream` is a TTY."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        min_interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._min_interval, self._clock = min_interval, clock
        self._last = -float("inf")
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        if not self.enabled:
            return
        now = self._clock()
        final = progress.total > 0 and progress.done >= progress.total
        if now - self._last < self._min_interval and not final:
            return
        self._last = now
        filled = _BAR * progress.done // progress.total if progress.total else 0
        bar = "#" * filled + "." * (_BAR - filled)
        counts = " ".join(f"{k}={v}" for k, v in progress.counts.items() if v and k != "total")
        line = f"\r{progress.phase:>10} [{bar}] {progress.done}/{progress.total} {counts}"
        self.stream.write(line.ljust(79))
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the line so later output starts on a fresh one."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def say(self, message: str) -> None:
        """Print a closing message, on a terminal only."""
        if self.enabled:
            self.finish()
            print(message, file=self.stream)


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("--tz", f"unknown time zone {name!r}") from None


def parse_when(text: str, zone: tzinfo, *, end_of_day: bool = False) -> int:
    """Read epoch ms, YYYY-MM-DD (midnight in `zone`; the next one if `end_of_day`) or ISO."""
    text = text.strip()
    if _DIGITS.match(text):
        return int(text)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            if end_of_day:
                day += timedelta(days=1)
            moment = datetime(day.year, day.month, day.day, tzinfo=zone)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zone)
    except ValueError:
        raise ValidationError("date", f"{text!r} is not a date, an ISO time or epoch ms") from None
    return int(moment.timestamp() * 1000)


def _client(args: argparse.Namespace) -> AsyncCalendarsClient:
    token = read_token(args)
    if token is None:
        raise ValidationError("--token-file", f"pass --token-file or set {TOKEN_ENV}")
    base_url = (
        getattr(args, "base_url", None) or os.environ.get("HOOPAI_BASE_URL") or DEFAULT_BASE_URL
    )
    return AsyncCalendarsClient(token, base_url=base_url)


def _event_line(event: Event) -> bytes:
    raw = msgspec.to_builtins(event)
    return _encode({k: v for k, v in raw.items() if v is not None}) + b"\n"


def _open_export(
    client: AsyncCalendarsClient, args: argparse.Namespace, bar: ProgressLine
) -> EventExport:
    zone = _zone(args.tz)
    start = parse_when(args.start, zone)
    end = parse_when(args.end, zone, end_of_day=True)
    common: dict[str, Any] = {
        "location_id": args.location,
        "start": start,
        "end": end,
        "window": timedelta(days=args.window_days),
        "concurrency": args.concurrency,
        "allow_partial": True,
        "progress": bar,
    }
    if args.user or args.group:
        opener = iter_blocked_slots if args.blocked_slots else iter_events
        return opener(client, user_id=args.user, group_id=args.group, **common)
    return iter_location_events(
        client, calendar_ids=args.calendar or None, blocked_slots=args.blocked_slots, **common
    )


async def _export(args: argparse.Namespace, out: IO[bytes], bar: ProgressLine) -> EventExport:
    async with _client(args) as client:
        export = _open_export(client, args, bar)
        async for event in export:
            out.write(_event_line(event))
        return export


def cmd_events_export(args: argparse.Namespace) -> int:
    """Write the range's events as JSONL; never pass an incomplete export off as whole."""
    bar = ProgressLine()
    to_stdout = args.out == "-"
    partial_path = f"{args.out}.partial"
    try:
        if to_stdout:
            export = anyio.run(_export, args, sys.stdout.buffer, bar, backend="asyncio")
        else:
            with open(partial_path, "wb") as out:
                export = anyio.run(_export, args, out, bar, backend="asyncio")
                out.flush()
                # On disk before it can be renamed into place: a crash (or power loss)
                # must never leave a complete-looking name over incomplete data.
                os.fsync(out.fileno())
    except HoopAIError as exc:
        bar.finish()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.finish()
        print("interrupted; the output is incomplete", file=sys.stderr)
        return _INTERRUPTED
    bar.finish()
    if not export.complete:
        error = IncompleteListingError(export.failed_windows, export.yielded)
        print(f"error: {error}", file=sys.stderr)
        if not args.allow_partial:
            if not to_stdout:
                print(f"partial output left in {partial_path}", file=sys.stderr)
            return 1
    if not to_stdout:
        publish(partial_path, args.out)
    bar.say(f"exported {export.yielded} event(s) to {args.out}")
    return 0 if export.complete else 1


def _fsync_directory(path: str) -> None:
    if sys.platform == "win32":
        return  # directories cannot be opened for fsync there; NTFS journals the rename
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(partial_path: str, final_path: str) -> None:
    """Rename a written, fsync'd file into place durably: sync the directory around it."""
    _fsync_directory(partial_path)  # the partial file's own entry first
    os.replace(partial_path, final_path)
    _fsync_directory(final_path)  # then the rename itself


async def _sync(args: argparse.Namespace, desired: Sequence[Any], bar: ProgressLine) -> Any:
    async with _client(args) as client:
        return await sync_appointments(
            client,
            desired,
            checkpoint=args.checkpoint,
            concurrency=args.concurrency,
            progress=bar,
            prune=args.prune,
            window=timedelta(days=args.window_days),
        )


def cmd_sync(args: argparse.Namespace) -> int:
    """Bring the location's appointments in line with a desired-state JSONL file."""
    bar = ProgressLine()
    try:
        desired = read_desired(args.input, location_id=args.location)
        report = anyio.run(_sync, args, desired, bar, backend="asyncio")
    except (HoopAIError, OSError) as exc:
        bar.finish()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.finish()
        hint = "the same --checkpoint resumes it" if args.checkpoint else "running again is safe"
        print(f"interrupted; {hint}", file=sys.stderr)
        return _INTERRUPTED
    bar.finish()
    if args.report == "-":
        print(json.dumps(report.to_dict(), indent=2))
    elif args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, indent=2)
    for failure in report.failures[:10]:
        print(f"failed: item {failure.index}: {failure.error}", file=sys.stderr)
    if report.outcome_unknown:
        print(f"outcome unknown: {report.outcome_unknown} (run again to check)", file=sys.stderr)
    if report.prune_skipped and args.prune:
        print(f"prune skipped: {report.prune_skipped}", file=sys.stderr)
    summary = " ".join(f"{k}={v}" for k, v in report.counts().items())
    bar.say(f"sync: {summary}")
    return 0 if report.ok else 1


def _connection(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: left out, these do not override the same options given to the main parser.
    add_token_options(parser, suppress=True)
    parser.add_argument(
        "--base-url", default=argparse.SUPPRESS, help="API base URL ($HOOPAI_BASE_URL)"
    )


def add_export_parser(events: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `events export` under the `events` group."""
    export = events.add_parser("export", help="export events of a time range as JSONL")
    export.add_argument("--location", required=True, help="location id")
    export.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD, ISO time or ms")
    export.add_argument("--to", dest="end", required=True, help="inclusive date, ISO time or ms")
    export.add_argument("--out", required=True, help="output JSONL path, or - for stdout")
    export.add_argument(
        "--calendar", action="append", help="calendar id (repeatable; default: all calendars)"
    )
    export.add_argument("--user", help="list one user's events instead")
    export.add_argument("--group", help="list one group's events instead")
    export.add_argument("--blocked-slots", action="store_true", help="export blocked slots")
    export.add_argument("--tz", default="UTC", help="zone for bare dates (default UTC)")
    export.add_argument("--window-days", type=int, default=7, help="days per request")
    export.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    export.add_argument(
        "--allow-partial", action="store_true", help="keep the output if a window failed"
    )
    _connection(export)
    export.set_defaults(run=cmd_events_export)


def add_sync_parser(root: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `sync` at the top level."""
    sync = root.add_parser("sync", help="create/update/cancel appointments to match a JSONL")
    sync.add_argument("--location", required=True, help="location id (filled in where absent)")
    sync.add_argument("--in", dest="input", required=True, help="desired-state JSONL")
    sync.add_argument("--checkpoint", help="JSONL checkpoint to resume an interrupted run")
    sync.add_argument("--report", help="write the JSON report here (- for stdout)")
    sync.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    sync.add_argument("--window-days", type=int, default=7, help="days per listing request")
    sync.add_argument(
        "--prune", action="store_true", help="cancel undesired appointments in the range"
    )
    _connection(sync)
    sync.set_defaults(run=cmd_sync)
