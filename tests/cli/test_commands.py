"""What the commands do when the input is good: the table from the shell, output, progress."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from hoopai_calendars import ENDPOINTS
from hoopai_calendars.cli import build_parser, main
from hoopai_calendars.cli._output import Output
from hoopai_calendars.cli._progress import open_display
from hoopai_calendars.emulator import Emulator


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    served = Emulator(seed="demo:3")
    for name in ("HOOPAI_BASE_URL", "HOOPAI_LOCATION_ID"):
        monkeypatch.delenv(name, raising=False)
    with served.running_in_thread():
        monkeypatch.setenv("HOOPAI_TOKEN", served.token)
        yield served


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_row_of_the_table_is_a_subcommand() -> None:
    parser = build_parser()
    for row in ENDPOINTS:
        ids = [param.choices[0] if param.choices else "x" for param in row.path_params]
        args = parser.parse_args(["api", row.name, *ids])
        assert args.row is row
        assert [getattr(args, f"p_{p.python}") for p in row.path_params] == ids


def test_api_get_list_and_create_against_a_running_emulator(
    emu: Emulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert emu.demo is not None
    where = ["--base-url", emu.url, "--location", emu.location_id]
    assert main(["api", "calendars.list", *where]) == 0
    calendars = _lines(capsys.readouterr().out)
    assert len(calendars) == 3  # a list: one JSON line per item

    assert main(["api", "calendars.get", "demo:2", *where]) == 0
    (second,) = _lines(capsys.readouterr().out)
    assert second["id"] == emu.demo.calendar_ids[1]

    slot = "2030-01-07T09:00:00-05:00"
    body = {
        "calendarId": emu.demo.calendar_ids[0],
        "locationId": emu.location_id,
        "contactId": emu.demo.contact_ids[0],
        "startTime": slot,
    }
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(body).encode())))
    assert main(["api", "appointments.create", "--body", "-", *where]) == 0
    (made,) = _lines(capsys.readouterr().out)
    assert made["startTime"] == slot
    assert made["id"] in emu.store.appointments

    # Query options are the row's query fields in kebab case; times use the one grammar.
    argv = ["api", "events.list", "--calendar-id", "demo:1", *where]
    assert main([*argv, "--start-time", "2030-01-07", "--end-time", "2030-01-08"]) == 0
    (listed,) = _lines(capsys.readouterr().out)
    assert listed["id"] == made["id"]


def test_api_on_the_in_process_emulator_takes_the_same_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["api", "calendars.free-slots", "--emulator", "demo:1", "--tz", "Europe/Paris"]
    argv += ["--start-date", "2030-01-07", "--end-date", "2030-01-08", "--timezone", "UTC"]
    assert main(argv) == 0
    (answer,) = _lines(capsys.readouterr().out)
    # 09:00 New York is 14:00 UTC; the window is Paris's 7 January (23:00 UTC the 6th on).
    assert answer["days"]["2030-01-07"][0] == "2030-01-07T14:00:00+00:00"  # type: ignore[index]


def test_calendars_list_and_events_list_share_the_connection_options(
    emu: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOPAI_BASE_URL", emu.url)
    monkeypatch.setenv("HOOPAI_LOCATION_ID", emu.location_id)
    assert main(["calendars", "list"]) == 0
    assert [c["slug"] for c in _lines(capsys.readouterr().out)] == ["demo-01", "demo-02", "demo-03"]
    assert (
        main(
            ["events", "list", "--calendar", "demo:1", "--from", "2030-01-07", "--to", "2030-01-08"]
        )
        == 0
    )
    assert capsys.readouterr().out == ""


def test_demo_over_more_than_31_days_is_split_into_windows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--calendars", "3", "--days", "40", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["bookings"] == report["verified"] == 3
    assert report["requests"] >= 3 * 2 + 1  # two free-slot windows per calendar, at least


def test_human_output_on_a_terminal_and_json_lines_otherwise() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    Output(stream=screen).record({"id": "a", "name": "b"}, lambda r: f"{r['id']} {r['name']}")
    assert screen.getvalue() == "a b\n"
    forced = Terminal()
    Output(json=True, stream=forced).record({"id": "a"}, lambda r: "not this")
    assert forced.getvalue() == '{"id":"a"}\n'
    piped = io.StringIO()
    Output(stream=piped).record({"id": "a"}, lambda r: "not this")
    assert piped.getvalue() == '{"id":"a"}\n'


def test_rich_progress_shows_counts_rate_eta_and_rate_limit_waits() -> None:
    screen = io.StringIO()
    display = open_display(screen, enabled=True)

    async def work() -> None:
        display.update("listing", 3, 10, {"events": 42, "failed_windows": 0})
        await display.sleep(0.2)  # what the client's limiter does when the budget is spent
        display.update("listing", 10, 10, {"events": 99})

    anyio.run(work)
    display.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert "3/10" in text
    assert "events=42" in text
    assert "rate limit: wait" in text
    assert "10/10" in text
    assert "/s" in text
    assert (display.waits, display.waited) == (1, 0.2)


MONDAY_MS = "1894003200000"  # 2030-01-07T00:00:00Z, as epoch ms
TUESDAY_MS = "1894089600000"


def _everywhere(emu: Emulator, tmp_path: Path) -> dict[str, list[str]]:
    desired = tmp_path / "desired.jsonl"
    desired.write_text("")
    window = ["--from", MONDAY_MS, "--to", TUESDAY_MS]
    return {
        "calendars list": ["calendars", "list"],
        "free-slots": ["free-slots", "demo:1", *window],
        "events list": ["events", "list", "--calendar", "demo:1", *window],
        "events export": ["events", "export", "--out", str(tmp_path / "x.jsonl"), *window],
        "sync": ["sync", "--in", str(desired)],
        "api": ["api", "calendars.get", "demo:1"],
    }


@pytest.mark.parametrize(
    "command", ["calendars list", "free-slots", "events list", "events export", "sync", "api"]
)
@pytest.mark.parametrize("how", ["--emulator", "flags", "environment", "token-file"])
def test_every_command_takes_every_connection_option(
    command: str,
    how: str,
    emu: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = _everywhere(emu, tmp_path)[command]
    monkeypatch.delenv("HOOPAI_TOKEN")
    if how == "--emulator":
        argv += ["--emulator"]
    elif how == "flags":
        argv += ["--base-url", emu.url, "--location", emu.location_id, "--token", emu.token]
    elif how == "environment":
        monkeypatch.setenv("HOOPAI_BASE_URL", emu.url)
        monkeypatch.setenv("HOOPAI_LOCATION_ID", emu.location_id)
        monkeypatch.setenv("HOOPAI_TOKEN", emu.token)
    else:
        token = tmp_path / "token"
        token.write_text(emu.token + "\n")
        argv += ["--base-url", emu.url, "--location", emu.location_id]
        argv += ["--token-file", str(token)]
    assert main(argv) == 0, capsys.readouterr().err
    assert "error" not in capsys.readouterr().err


def test_sync_help_documents_the_input_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--help"]) == 0
    text = capsys.readouterr().out
    for needed in ("calendarId", "contactId", "startTime", '"status": "cancelled"', "checkpoint"):
        assert needed in text


def test_free_slots_help_says_which_zone_slots_come_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["free-slots", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "slots in the calendar's own zone" in text
    assert "--to is excluded" in text


def test_without_rich_a_terminal_gets_the_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "rich", None)  # as if the `cli` extra were not installed
    screen = io.StringIO()
    display = open_display(screen, enabled=True)
    display.update("applying", 4, 8, {"created": 4})
    display.close()
    assert "applying 4/8" in screen.getvalue()
    assert "created=4" in screen.getvalue()


def test_rich_is_imported_only_to_draw_progress() -> None:
    import subprocess
    import sys

    code = "import sys, hoopai_calendars, hoopai_calendars.cli; print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
