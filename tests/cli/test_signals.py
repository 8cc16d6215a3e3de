"""The CLI in a subprocess: SIGTERM/SIGINT mid-export and mid-sync, and a reader that leaves.

The emulator runs in this process (a thread) with a delay on every request, so the
command is surely in the middle of its work when the signal arrives.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoopai_calendars.cli import main
from hoopai_calendars.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    served = Emulator(seed="demo:2")
    with served.running_in_thread():
        monkeypatch.setenv("HOOPAI_TOKEN", served.token)
        monkeypatch.setenv("HOOPAI_BASE_URL", served.url)
        monkeypatch.setenv("HOOPAI_LOCATION_ID", served.location_id)
        yield served


def _start(argv: list[str], **kwargs: object) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "hoopai_calendars.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,  # type: ignore[call-overload]
    )


def _wait_for_lines(path: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and len(path.read_text().splitlines()) >= count:
            return
        if proc.poll() is not None:
            raise AssertionError(f"ended early: {proc.communicate()}")
        time.sleep(0.05)
    raise AssertionError(f"{path} never reached {count} lines")


def _finish(proc: subprocess.Popen[str]) -> str:
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return err


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_export_keeps_the_old_file_and_the_lines_done(
    emu: Emulator, tmp_path: Path, signum: int, status: int
) -> None:
    assert emu.demo is not None
    calendar = emu.demo.calendar_ids[0]
    for day in range(1, 29):
        emu.store.appointments[f"evt{day}"] = {
            "id": f"evt{day}",
            "calendarId": calendar,
            "locationId": emu.location_id,
            "contactId": emu.demo.contact_ids[0],
            "startTime": f"2030-02-{day:02d}T10:00:00Z",
            "endTime": f"2030-02-{day:02d}T10:30:00Z",
            "appointmentStatus": "confirmed",
        }
    emu.faults.delay(0.2, "events.list", probability=1.0)
    out = tmp_path / "events.jsonl"
    out.write_text("previous good export\n")
    partial = tmp_path / "events.jsonl.partial"
    argv = ["events", "export", "--calendar", calendar, "--from", "2030-02-01"]
    argv += ["--to", "2030-03-01", "--window-days", "1", "--concurrency", "1", "--out", str(out)]
    proc = _start(argv)
    _wait_for_lines(partial, 2, proc)
    proc.send_signal(signum)
    err = _finish(proc)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    assert out.read_text() == "previous good export\n"
    rows = [json.loads(line) for line in partial.read_text().splitlines()]  # whole lines only
    assert 2 <= len(rows) < 28
    assert [row["id"] for row in rows] == [f"evt{n}" for n in range(1, len(rows) + 1)]
    assert f"{len(rows)} event(s) so far are in {partial}" in err
    assert "run the same command again" in err


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_mid_sync_resumes_from_the_checkpoint_without_duplicates(
    emu: Emulator, tmp_path: Path, signum: int, status: int
) -> None:
    assert emu.demo is not None
    desired = tmp_path / "desired.jsonl"
    rows = [
        {
            "calendarId": emu.demo.calendar_ids[n % 2],
            "contactId": emu.demo.contact_ids[n % 3],
            "startTime": f"2030-03-{1 + n // 8:02d}T{9 + n % 8:02d}:00:00Z",
            "ignoreFreeSlotValidation": True,
        }
        for n in range(40)
    ]
    desired.write_text("".join(json.dumps(row) + "\n" for row in rows))
    checkpoint = tmp_path / "sync.checkpoint.jsonl"
    report = tmp_path / "report.json"
    emu.faults.delay(0.2, "appointments.create", probability=1.0)
    argv = ["sync", "--in", str(desired), "--checkpoint", str(checkpoint), "--report", str(report)]
    proc = _start([*argv, "--concurrency", "1"])
    _wait_for_lines(checkpoint, 3, proc)
    proc.send_signal(signum)
    err = _finish(proc)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    assert f"--checkpoint {checkpoint} resumes it" in err
    assert not report.exists()
    assert not Path(f"{report}.partial").exists()
    done = len(checkpoint.read_text().splitlines())
    assert 3 <= done < 40

    emu.faults.clear()
    assert main(argv) == 0
    summary = json.loads(report.read_text())
    assert summary["resumed"] == done  # skipped thanks to the checkpoint
    # A create in flight at the signal may have landed: found by the listing, not re-made.
    assert summary["created"] + summary["unchanged"] == 40
    live = [
        (a["calendarId"], a["contactId"], a["startTime"]) for a in emu.store.appointments.values()
    ]
    assert len(live) == len(set(live)) == 40


@pytest.mark.parametrize("command", ["free-slots", "events export"])
def test_a_reader_that_leaves_early_ends_the_command_quietly(emu: Emulator, command: str) -> None:
    assert emu.demo is not None
    for n in range(400):  # more than a pipe holds, so the writer meets the closed end
        emu.store.appointments[f"evt{n:03d}"] = {
            "id": f"evt{n:03d}",
            "calendarId": emu.demo.calendar_ids[0],
            "locationId": emu.location_id,
            "contactId": emu.demo.contact_ids[0],
            "title": "x" * 200,
            "startTime": f"2030-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
            "endTime": f"2030-01-{1 + n % 28:02d}T{n % 24:02d}:30:00Z",
            "appointmentStatus": "confirmed",
        }
    if command == "free-slots":
        argv = ["free-slots", "--emulator", "demo:1", "--from", "2030-01-01", "--to", "2031-01-01"]
    else:
        argv = ["events", "export", "--out", "-", "--from", "2030-01-01", "--to", "2030-02-01"]
    proc = _start(argv)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 0
    assert json.loads(first)["date" if command == "free-slots" else "id"]
    assert "Traceback" not in err
    assert "BrokenPipe" not in err


def test_the_emulator_command_ends_normally_on_sigterm() -> None:
    proc = _start(["emulator", "--port", "0", "--seed", "demo:1"])
    assert proc.stdout is not None
    assert "listening on" in proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    err = _finish(proc)
    assert proc.returncode == 0
    assert "Traceback" not in err
