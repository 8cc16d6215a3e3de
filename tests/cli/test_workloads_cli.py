"""`hoopai-calendars events export` and `sync`, run in-process against a threaded emulator."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoopai_calendars.cli import main
from hoopai_calendars.cli._progress import Display, _Plain
from hoopai_calendars.cli._time import parse_instant, parse_window
from hoopai_calendars.emulator import DemoData, Emulator
from hoopai_calendars.workloads import Progress


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Emulator, DemoData]]:
    emu = Emulator()
    demo = emu.seed_demo(2)
    monkeypatch.setenv("HOOPAI_TOKEN", emu.token)  # not --token: that one warns
    with emu.running_in_thread():
        yield emu, demo


def _seed(emu: Emulator, demo: DemoData) -> None:
    for n, (day, hour) in enumerate([(20, 9), (3, 15), (3, 11), (31, 23), (12, 8)]):
        event_id = f"evt{n}"
        emu.store.appointments[event_id] = {
            "id": event_id,
            "calendarId": demo.calendar_ids[n % 2],
            "locationId": emu.location_id,
            "contactId": demo.contact_ids[0],
            "startTime": f"2030-01-{day:02d}T{hour:02d}:00:00Z",
            "endTime": f"2030-01-{day:02d}T{hour:02d}:30:00Z",
            "appointmentStatus": "confirmed",
        }


def _connection(emu: Emulator) -> list[str]:
    return ["--base-url", emu.url]


def test_export_writes_every_event_in_start_order(
    served: tuple[Emulator, DemoData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu, demo = served
    _seed(emu, demo)
    out = tmp_path / "events.jsonl"
    argv = ["events", "export", "--location", emu.location_id, "--from", "2030-01-01"]
    # --to is excluded everywhere now: the whole of January ends at February's midnight.
    argv += ["--to", "2030-02-01", "--out", str(out), *_connection(emu)]
    assert main(argv) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["evt2", "evt1", "evt4", "evt0", "evt3"]
    assert rows[0]["startTime"] == "2030-01-03T11:00:00Z"
    assert not (tmp_path / "events.jsonl.partial").exists()
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""  # not a terminal: quiet


def test_an_incomplete_export_is_not_passed_off_as_whole(
    served: tuple[Emulator, DemoData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu, demo = served
    _seed(emu, demo)
    emu.faults.status_5xx("events.list", count=3)  # one window, all three attempts
    out = tmp_path / "events.jsonl"
    argv = ["events", "export", "--location", emu.location_id, "--calendar", demo.calendar_ids[0]]
    argv += ["--from", "2030-01-01", "--to", "2030-01-20", "--concurrency", "1"]
    argv += ["--out", str(out), *_connection(emu)]
    assert main(argv) == 1
    assert not out.exists()
    assert (tmp_path / "events.jsonl.partial").exists()
    assert "listing incomplete: 1 window(s) failed" in capsys.readouterr().err


def test_sync_reads_desired_state_and_reports(
    served: tuple[Emulator, DemoData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu, demo = served
    desired = tmp_path / "desired.jsonl"
    lines = [
        {
            "calendarId": demo.calendar_ids[n % 2],
            "contactId": demo.contact_ids[n % 3],
            "startTime": f"2030-03-{1 + n:02d}T10:00:00+01:00",
            "ignoreFreeSlotValidation": True,
        }
        for n in range(12)
    ]
    lines[-1]["status"] = "cancelled"
    desired.write_text("".join(json.dumps(line) + "\n" for line in lines))
    report_path = tmp_path / "report.json"
    checkpoint = tmp_path / "sync.checkpoint"
    argv = ["sync", "--location", emu.location_id, "--in", str(desired)]
    argv += ["--report", str(report_path), "--checkpoint", str(checkpoint), *_connection(emu)]
    assert main(argv) == 0
    report = json.loads(report_path.read_text())
    assert (report["created"], report["unchanged"], report["total"]) == (11, 1, 12)
    assert report["adds_up"] is True
    assert len(checkpoint.read_text().splitlines()) == 12
    assert len(emu.store.appointments) == 11
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""

    desired.write_text('{"calendarId": "c", "contactId": "p", "startTime": "soon"}\n')
    assert main(argv) == 2  # bad input: refused before anything is sent
    err = capsys.readouterr().err
    assert "--in" in err
    assert "line 1" in err


def test_the_plain_progress_line_shows_counts_rate_and_waits() -> None:
    terminal = io.StringIO()
    now = [0.0]
    display = Display(_Plain(terminal, clock=lambda: now[0]), clock=lambda: now[0])
    display(Progress("applying", 5, 10, {"created": 4, "failed": 1, "total": 10}))
    now[0] = 1.0
    display(Progress("applying", 10, 10, {"created": 9, "failed": 1}))
    display.close()
    text = terminal.getvalue()
    assert text.startswith("\r")
    assert "5/10" in text
    assert "created=9 failed=1" in text
    assert "/s" in text
    assert text.endswith("\n")


def test_progress_is_quiet_off_a_terminal() -> None:
    from hoopai_calendars.cli._progress import open_display

    piped = io.StringIO()  # isatty() is False
    quiet = open_display(piped)
    quiet(Progress("applying", 1, 2))
    quiet.close()
    assert not quiet.enabled
    assert piped.getvalue() == ""


def test_dates_on_the_command_line() -> None:
    from zoneinfo import ZoneInfo

    utc, ny = ZoneInfo("UTC"), ZoneInfo("America/New_York")
    assert parse_instant("2030-01-01", utc, "--from") == 1_893_456_000_000
    assert parse_instant("2030-01-01", ny, "--from") == 1_893_456_000_000 + 5 * 3_600_000
    assert parse_instant("2030-01-01T00:00:00Z", ny, "--from") == 1_893_456_000_000
    assert parse_instant("1893456000000", ny, "--from") == 1_893_456_000_000
    # --to is excluded: a bare date is the midnight that starts it, in every command.
    day = parse_window("2030-01-01", "2030-01-02", None)
    assert (day.start_ms, day.end_ms) == (1_893_456_000_000, 1_893_456_000_000 + 86_400_000)
