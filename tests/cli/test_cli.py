"""The `hoopai-calendars` command line: demo, emulator, free-slots and events list."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys

import msgspec
import pytest

from hoopai_calendars import CalendarsClient
from hoopai_calendars.cli import main
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.models import AppointmentCreate

# A Monday far enough ahead that "now" never gets in the way.
DAY_ARGS = ["--from", "2030-01-07", "--to", "2030-01-08"]


def json_lines(text: str) -> list[dict[str, str]]:
    return [msgspec.json.decode(line) for line in text.splitlines()]


def test_demo_books_and_verifies_every_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--calendars", "10"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"calendars\s+10\b", out)
    assert re.search(r"bookings\s+10\b", out)
    assert re.search(r"verified\s+10/10\b", out)
    assert re.search(r"429s surfaced\s+0\b", out)
    assert re.search(r"p50 [\d.]+ ms, p95 [\d.]+ ms", out)
    assert re.search(r"wall time\s+[\d.]+ s", out)


def test_free_slots_of_a_demo_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["free-slots", "--emulator", "demo:1", *DAY_ARGS]) == 0
    lines = json_lines(capsys.readouterr().out)
    # Demo calendar 1 is open 9:00-17:00 New York time in 30-minute slots.
    assert len(lines) == 16
    assert lines[0] == {"date": "2030-01-07", "slot": "2030-01-07T09:00:00-05:00"}
    assert lines[-1]["slot"] == "2030-01-07T16:30:00-05:00"


def test_a_bare_date_is_midnight_in_the_timezone(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["free-slots", "--emulator", "demo:1", *DAY_ARGS, "--timezone", "Asia/Kolkata"]
    assert main(args) == 0
    slots = [line["slot"] for line in json_lines(capsys.readouterr().out)]
    # 09:00 New York is 19:30 in Kolkata; the window closes at Kolkata midnight.
    assert slots[0] == "2030-01-07T19:30:00+05:30"
    assert slots[-1] == "2030-01-07T23:30:00+05:30"


@pytest.mark.parametrize(
    "args",
    [
        ["free-slots", "cal_123", *DAY_ARGS],
        ["events", "list", "--location", "loc_1", "--calendar", "cal_123", *DAY_ARGS],
    ],
)
def test_missing_token_is_a_usage_error(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HOOPAI_TOKEN", raising=False)
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "HOOPAI_TOKEN is not set" in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["free-slots", "demo:1", *DAY_ARGS], "add --emulator or --base-url"),
        (["free-slots", "--emulator", "demo:99", *DAY_ARGS], "demo:1 to demo:50"),
        (["free-slots", "--emulator", "demo:1", "--from", "soon", "--to", "2030-01-08"], "ISO"),
        (["free-slots", "--emulator", "demo:1", *DAY_ARGS, "--timezone", "Mars/Base"], "zone"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HOOPAI_TOKEN", "not-used")
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_events_list_against_a_running_emulator(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emu = Emulator(seed="demo:3")
    assert emu.demo is not None
    calendar_id = emu.demo.calendar_ids[1]  # Chicago hours
    slot = "2030-01-07T09:00:00-06:00"
    with emu.running_in_thread(), CalendarsClient(emu.token, base_url=emu.url) as client:
        made = client.appointments.create(
            AppointmentCreate(
                calendar_id=calendar_id,
                location_id=emu.location_id,
                contact_id=emu.demo.contact_ids[0],
                start_time=slot,
            )
        )
        monkeypatch.setenv("HOOPAI_TOKEN", emu.token)
        args = ["events", "list", "--base-url", emu.url, "--location", emu.location_id]
        assert main([*args, "--calendar", "demo:2", *DAY_ARGS]) == 0
    (event,) = json_lines(capsys.readouterr().out)
    assert (event["id"], event["calendarId"], event["startTime"]) == (made.id, calendar_id, slot)
    assert None not in event.values()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_emulator_command_serves_until_ctrl_c() -> None:
    command = [sys.executable, "-m", "hoopai_calendars.cli", "emulator", "--port", "0"]
    proc = subprocess.Popen(
        [*command, "--seed", "demo:4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline() for _ in range(4)]
        url = re.search(r"http://\S+", banner[0])
        token = re.search(r"token: (\S+)", "".join(banner))
        assert url is not None, banner
        assert token is not None, banner
        with CalendarsClient(token.group(1), base_url=url.group(0)) as client:
            assert len(client.calendars.list(location_id="loc_demo")) == 4
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert "Traceback" not in err


def test_free_slots_over_31_days_are_fetched_in_windows(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["free-slots", "--emulator", "demo:1", "--from", "2030-01-01", "--to", "2030-03-01"]
    assert main(args) == 0
    dates = {json.loads(line)["date"] for line in capsys.readouterr().out.splitlines()}
    # The API answers at most 31 days a call: both ends of the 59 days must be there.
    assert "2030-01-02" in dates
    assert "2030-02-28" in dates
