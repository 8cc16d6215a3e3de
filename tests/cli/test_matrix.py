"""Every CLI command with bad input: the exit status, one line naming the flag, no traceback,
no file left behind, and no request sent when the input was refused.

The commands run in this process against an emulator served from a thread; the requests
it saw are counted before and after each run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hoopai_calendars.cli import main
from hoopai_calendars.emulator import Emulator
from tests.support.resilience import dead_url

TOKEN_WARNING = "--token is visible"


@dataclass
class Served:
    emu: Emulator
    calendar: str
    tmp: Path

    def requests(self) -> int:
        return len(self.emu.requests)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Served]:
    emu = Emulator(seed="demo:3")
    assert emu.demo is not None
    for name in ("HOOPAI_BASE_URL", "HOOPAI_LOCATION_ID", "HOOPAI_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with emu.running_in_thread():
        monkeypatch.setenv("HOOPAI_TOKEN", emu.token)
        monkeypatch.setenv("HOOPAI_BASE_URL", emu.url)
        monkeypatch.setenv("HOOPAI_LOCATION_ID", emu.location_id)
        work = tmp_path / "work"
        work.mkdir()
        (work / "a-directory").mkdir()
        (work / "desired.jsonl").write_text("")
        (work / "bad.jsonl").write_text('{"calendarId": "c", "contactId": "p", "startTime": "x"}\n')
        (work / "body.json").write_text('{"calendarId": 5}')
        (work / "junk.json").write_text("{not json")
        yield Served(emu, emu.demo.calendar_ids[0], work)


WINDOW = ["--from", "2030-01-07", "--to", "2030-01-14"]

# (id, argv with {cal} {tmp}, exit status, what the message must name). Status 2 rows must
# send nothing; every row must leave no file behind.
CASES: list[tuple[str, list[str], int, str]] = [
    # the time grammar, the same in every command
    (
        "slots-bad-from",
        ["free-slots", "{cal}", "--from", "soon", "--to", "2030-01-08"],
        2,
        "--from",
    ),
    (
        "slots-to-before",
        ["free-slots", "{cal}", "--from", "2030-01-08", "--to", "2030-01-07"],
        2,
        "--to",
    ),
    (
        "slots-same-day",
        ["free-slots", "{cal}", "--from", "2030-01-07", "--to", "2030-01-07"],
        2,
        "--to",
    ),
    ("slots-bad-zone", ["free-slots", "{cal}", *WINDOW, "--tz", "Mars/Base"], 2, "--tz"),
    (
        "list-bad-to",
        ["events", "list", "--calendar", "{cal}", "--from", "2030-01-07", "--to", "13/01/2030"],
        2,
        "--to",
    ),
    (
        "export-bad-from",
        ["events", "export", "--out", "{tmp}/x.jsonl", "--from", "x", "--to", "2030-01-08"],
        2,
        "--from",
    ),
    (
        "export-bad-zone",
        ["events", "export", "--out", "{tmp}/x.jsonl", *WINDOW, "--tz", "Nowhere"],
        2,
        "--tz",
    ),
    (
        "api-bad-time",
        ["api", "events.list", "--calendar-id", "{cal}", "--start-time", "soon", "--end-time", "1"],
        2,
        "--start-time",
    ),
    (
        "api-window-order",
        [
            "api",
            "calendars.free_slots",
            "{cal}",
            "--start-date",
            "2030-01-08",
            "--end-date",
            "2030-01-07",
        ],
        2,
        "--end-date",
    ),
    # connection options
    (
        "slots-url-no-scheme",
        ["free-slots", "{cal}", *WINDOW, "--base-url", "127.0.0.1:8080"],
        2,
        "http://127.0.0.1:8080",
    ),
    ("list-plain-http", ["calendars", "list", "--base-url", "http://example.com"], 2, "--base-url"),
    (
        "api-two-tokens",
        ["api", "calendars.list", "--token", "a", "--token-file", "{tmp}/desired.jsonl"],
        2,
        "--token",
    ),
    (
        "export-missing-token-file",
        ["events", "export", "--out", "{tmp}/x.jsonl", *WINDOW, "--token-file", "{tmp}/nope"],
        2,
        "--token-file",
    ),
    (
        "sync-emulator-and-url",
        ["sync", "--in", "{tmp}/desired.jsonl", "--emulator", "--base-url", "http://127.0.0.1:1"],
        2,
        "--base-url",
    ),
    # selection
    (
        "list-user-and-group",
        ["events", "list", "--user", "u1", "--group", "g1", *WINDOW],
        2,
        "--group",
    ),
    (
        "export-user-and-calendar",
        ["events", "export", "--out", "{tmp}/x.jsonl", "--user", "u", "--calendar", "c", *WINDOW],
        2,
        "--calendar",
    ),
    (
        "list-unknown-calendar",
        ["events", "list", "--calendar", "nope", *WINDOW],
        1,
        "--calendar nope",
    ),
    (
        "export-unknown-calendar",
        ["events", "export", "--out", "{tmp}/x.jsonl", "--calendar", "nope", *WINDOW],
        1,
        "--calendar nope",
    ),
    ("list-unknown-group", ["events", "list", "--group", "nope", *WINDOW], 1, "--group nope"),
    ("slots-unknown-calendar", ["free-slots", "nope", *WINDOW], 1, "404"),
    ("slots-demo-out-of-range", ["free-slots", "demo:0", *WINDOW], 2, "demo:N"),
    (
        "list-window-days-0",
        ["events", "list", "--calendar", "{cal}", *WINDOW, "--window-days", "0"],
        2,
        "--window-days",
    ),
    (
        "export-concurrency-0",
        ["events", "export", "--out", "{tmp}/x.jsonl", *WINDOW, "--concurrency", "0"],
        2,
        "--concurrency",
    ),
    # output paths: checked before any request
    (
        "export-missing-dir",
        ["events", "export", "--out", "{tmp}/missing/x.jsonl", *WINDOW],
        2,
        "--out",
    ),
    ("export-out-is-dir", ["events", "export", "--out", "{tmp}/a-directory", *WINDOW], 2, "--out"),
    (
        "sync-report-missing-dir",
        ["sync", "--in", "{tmp}/desired.jsonl", "--report", "{tmp}/missing/r.json"],
        2,
        "--report",
    ),
    (
        "sync-checkpoint-missing-dir",
        ["sync", "--in", "{tmp}/desired.jsonl", "--checkpoint", "{tmp}/missing/c.jsonl"],
        2,
        "--checkpoint",
    ),
    (
        "sync-report-is-dir",
        ["sync", "--in", "{tmp}/desired.jsonl", "--report", "{tmp}/a-directory"],
        2,
        "--report",
    ),
    # sync input
    (
        "sync-window-days-0",
        ["sync", "--in", "{tmp}/desired.jsonl", "--window-days", "0"],
        2,
        "--window-days",
    ),
    ("sync-missing-input", ["sync", "--in", "{tmp}/nope.jsonl"], 2, "--in"),
    ("sync-input-is-dir", ["sync", "--in", "{tmp}/a-directory"], 2, "--in"),
    ("sync-bad-line", ["sync", "--in", "{tmp}/bad.jsonl"], 2, "line 1"),
    # the table from the shell
    ("api-unknown-endpoint", ["api", "calendars.explode"], 2, "SERVICE.METHOD"),
    ("api-missing-id", ["api", "calendars.get"], 2, "CALENDAR_ID"),
    ("api-missing-body", ["api", "appointments.create"], 2, "--body"),
    ("api-body-not-json", ["api", "appointments.create", "--body", "{tmp}/junk.json"], 2, "--body"),
    (
        "api-body-wrong-shape",
        ["api", "appointments.create", "--body", "{tmp}/body.json"],
        2,
        "--body",
    ),
    (
        "api-body-missing-file",
        ["api", "calendars.create", "--body", "{tmp}/nope.json"],
        2,
        "--body",
    ),
    ("api-limit-too-big", ["api", "notes.list", "appt1", "--limit", "50"], 2, "--limit"),
    ("api-limit-not-int", ["api", "notes.list", "appt1", "--limit", "many"], 2, "--limit"),
    ("api-bad-resource-type", ["api", "resources.list", "chairs"], 2, "RESOURCE_TYPE"),
    ("api-required-query", ["api", "schedules.list"], 2, "--user-id"),
    ("api-unknown-id", ["api", "calendars.get", "nope"], 1, "404"),
    # the local commands
    ("demo-zero-calendars", ["demo", "--calendars", "0"], 2, "--calendars"),
    ("demo-days-not-int", ["demo", "--days", "a week"], 2, "--days"),
    ("emulator-bad-seed", ["emulator", "--seed", "lots", "--port", "0"], 2, "--seed"),
    ("emulator-bad-port", ["emulator", "--port", "99999"], 2, "--port"),
    (
        "webhooks-bad-key",
        ["webhooks", "listen", "--port", "0", "--public-key", "garbage"],
        2,
        "--public-key",
    ),
    ("webhooks-no-port", ["webhooks", "listen"], 2, "--port"),
    ("no-command", [], 2, "COMMAND"),
]


def _argv(served: Served, template: list[str]) -> list[str]:
    return [a.replace("{cal}", served.calendar).replace("{tmp}", str(served.tmp)) for a in template]


@pytest.mark.parametrize(
    ("argv", "status", "names"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input(
    served: Served, argv: list[str], status: int, names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before_files = sorted(served.tmp.rglob("*"))
    before = served.requests()
    assert main(_argv(served, argv)) == status
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if TOKEN_WARNING not in line]
    assert len(lines) == 1, captured.err  # one line, not a usage block or a traceback
    assert names in lines[0]
    assert "Traceback" not in captured.err
    assert "error" in lines[0]
    assert sorted(served.tmp.rglob("*")) == before_files  # nothing written, nothing left
    if status == 2:
        assert served.requests() == before  # refused before anything was sent


def test_internal_parameter_names_never_reach_the_user(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    for template, _, _ in [(c[1], c[2], c[3]) for c in CASES]:
        main(_argv(served, template))
    err = capsys.readouterr().err
    internal_names = (
        "end:",
        "window:",
        "start_date",
        "end_time:",
        "start_time",
        "calendar_ids",
        "query:",
    )
    for internal in internal_names:
        assert internal not in err


def test_a_forbidden_token_leaves_no_partial_file(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    out = served.tmp / "events.jsonl"
    out.write_text("previous good export\n")
    no_scopes = served.emu.mint_token(scopes=[])
    argv = ["events", "export", "--out", str(out), *WINDOW, "--token", no_scopes]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "HTTP 403" in err or "HTTP 401" in err
    assert "Traceback" not in err
    assert out.read_text() == "previous good export\n"  # the previous output survives
    assert not (served.tmp / "events.jsonl.partial").exists()


def test_a_server_that_is_down_leaves_no_partial_file(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    out = served.tmp / "events.jsonl"
    argv = ["events", "export", "--out", str(out), *WINDOW, "--base-url", dead_url()]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not out.exists()
    assert not (served.tmp / "events.jsonl.partial").exists()


def test_sync_with_a_bad_report_path_books_nothing(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    desired = served.tmp / "one.jsonl"
    row = {"calendarId": served.calendar, "contactId": "c1", "startTime": "2030-01-07T15:00:00Z"}
    desired.write_text(json.dumps({**row, "ignoreFreeSlotValidation": True}) + "\n")
    argv = ["sync", "--in", str(desired), "--report", str(served.tmp / "missing" / "r.json")]
    assert main(argv) == 2
    assert "--report" in capsys.readouterr().err
    assert served.emu.store.appointments == {}
    argv[-1] = str(served.tmp / "r.json")
    assert main(argv) == 0
    assert json.loads((served.tmp / "r.json").read_text())["created"] == 1


def test_base_url_and_location_come_from_the_environment_everywhere(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    # HOOPAI_BASE_URL, HOOPAI_LOCATION_ID and HOOPAI_TOKEN are all the fixture sets.
    before = served.requests()
    assert main(["calendars", "list"]) == 0
    assert main(["free-slots", served.calendar, *WINDOW]) == 0
    assert main(["events", "list", "--calendar", served.calendar, *WINDOW]) == 0
    assert main(["api", "calendars.get", served.calendar]) == 0
    assert served.requests() > before
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if '"slug":"demo-0' in line]) == 4


def test_a_failed_window_is_one_line_and_no_partial_file(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    served.emu.faults.status_5xx("events.list", count=3)  # one window, every attempt
    out = served.tmp / "events.jsonl"
    argv = ["events", "export", "--calendar", served.calendar, "--out", str(out)]
    assert main([*argv, "--from", "2030-01-01", "--to", "2030-01-20", "--concurrency", "1"]) == 1
    err = capsys.readouterr().err
    (line,) = err.splitlines()  # the library's warning stays off stderr
    assert "listing incomplete: 1 window(s) failed" in line
    assert sorted(p.name for p in served.tmp.iterdir()) == sorted(
        ["a-directory", "bad.jsonl", "body.json", "desired.jsonl", "junk.json"]
    )
