"""One sync per checkpoint at a time, and a durable export rename (issue 15.9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from hoopai_calendars.cli import main
from hoopai_calendars.emulator import DemoData, Emulator
from hoopai_calendars.models import AppointmentCreate
from hoopai_calendars.workloads import CheckpointLock, CheckpointLockedError, sync_appointments
from hoopai_calendars.workloads._time import parse_instant
from tests.support.workloads import started

ROOT = Path(__file__).resolve().parents[2]
# Holds the checkpoint's lock until its stdin closes, as a running sync would.
HOLDER = """
import sys
from hoopai_calendars.workloads import CheckpointLock
lock = CheckpointLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Emulator, DemoData]]:
    emu = Emulator()
    demo = emu.seed_demo(2)
    monkeypatch.setenv("HOOPAI_TOKEN", emu.token)
    with emu.running_in_thread():
        yield emu, demo


def _desired_file(emu: Emulator, demo: DemoData, path: Path, count: int) -> Path:
    with path.open("w") as out:
        for n in range(count):
            row = {
                "calendarId": demo.calendar_ids[0],
                "locationId": emu.location_id,
                "contactId": demo.contact_ids[n % 3],
                "startTime": f"2030-02-{1 + n:02d}T15:00:00Z",
                "ignoreFreeSlotValidation": True,
            }
            out.write(json.dumps(row) + "\n")
    return path


def _live(emu: Emulator) -> list[tuple[str, str, int | None]]:
    return [
        (a["calendarId"], a["contactId"], parse_instant(a["startTime"]))
        for a in emu.store.appointments.values()
        if a.get("appointmentStatus") not in ("cancelled", "invalid")
    ]


def _hold(checkpoint: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(checkpoint)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_sync_on_a_checkpoint_another_process_holds_is_refused(
    served: tuple[Emulator, DemoData], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emu, demo = served
    desired = _desired_file(emu, demo, tmp_path / "desired.jsonl", 5)
    checkpoint = tmp_path / "sync.checkpoint.jsonl"
    argv = ["sync", "--location", emu.location_id, "--in", str(desired)]
    argv += ["--checkpoint", str(checkpoint), "--base-url", emu.url]
    holder = _hold(checkpoint)
    try:
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"checkpoint is locked by pid {holder.pid}" in err
        assert f"{checkpoint}.lock" in err
        assert _live(emu) == []  # refused before anything was booked
    finally:
        holder.kill()  # SIGKILL: no cleanup runs; the OS must drop the lock itself
        assert holder.stdin is not None
        assert holder.stdout is not None
        holder.stdin.close()
        holder.stdout.close()
        holder.wait()
    assert main(argv) == 0
    assert len(_live(emu)) == 5
    assert main(argv) == 0  # the lock was released at the end of the run
    assert len(_live(emu)) == 5


def _want(emu: Emulator, demo: DemoData, count: int) -> list[AppointmentCreate]:
    return [
        AppointmentCreate(
            calendar_id=demo.calendar_ids[n % 2],
            location_id=emu.location_id,
            contact_id=demo.contact_ids[n % 5],
            start_time=f"2030-03-{1 + n // 10:02d}T{8 + n % 10:02d}:00:00+00:00",
            ignore_free_slot_validation=True,
        )
        for n in range(count)
    ]


@pytest.mark.anyio
async def test_two_overlapping_syncs_in_one_process_make_no_duplicates(tmp_path: Path) -> None:
    checkpoint = tmp_path / "sync.checkpoint.jsonl"
    async with started(calendars=2) as s:
        desired = _want(s.emu, s.demo, 40)
        outcomes: list[Any] = []

        async def run() -> None:
            try:
                outcomes.append(await sync_appointments(s.client, desired, checkpoint=checkpoint))
            except CheckpointLockedError as exc:
                outcomes.append(exc)

        async with anyio.create_task_group() as group:
            group.start_soon(run)
            group.start_soon(run)
        refused = [o for o in outcomes if isinstance(o, CheckpointLockedError)]
        reports = [o for o in outcomes if not isinstance(o, CheckpointLockedError)]
        assert len(refused) == 1
        assert len(reports) == 1
        assert reports[0].created == 40
        assert refused[0].lock_path == f"{checkpoint}.lock"
        assert f"pid {os.getpid()}" in str(refused[0])
        live = _live(s.emu)
        assert len(live) == len(set(live)) == 40


@pytest.mark.anyio
async def test_the_lock_is_released_when_a_sync_fails(tmp_path: Path) -> None:
    checkpoint = tmp_path / "sync.checkpoint.jsonl"
    async with started(calendars=2) as s:
        desired = _want(s.emu, s.demo, 6)

        def explode(progress: object) -> None:
            raise RuntimeError("progress display crashed")

        with pytest.raises(RuntimeError, match="display crashed"):
            await sync_appointments(s.client, desired, checkpoint=checkpoint, progress=explode)
        report = await sync_appointments(s.client, desired, checkpoint=checkpoint)
        assert report.created + report.unchanged == 6
        with CheckpointLock(checkpoint):  # and after a normal end too
            pass


# --- events export: fsync before and after the rename -------------------------------------------


def test_export_fsyncs_the_file_and_its_directory_around_the_rename(
    served: tuple[Emulator, DemoData], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, demo = served
    for n in range(12):
        emu.store.appointments[f"evt{n}"] = {
            "id": f"evt{n}",
            "calendarId": demo.calendar_ids[n % 2],
            "locationId": emu.location_id,
            "contactId": demo.contact_ids[0],
            "startTime": f"2030-01-{1 + n:02d}T09:00:00Z",
            "endTime": f"2030-01-{1 + n:02d}T09:30:00Z",
            "appointmentStatus": "confirmed",
        }
    out = tmp_path / "events.jsonl"
    calls: list[tuple[str, bool]] = []
    real_fsync = os.fsync
    directory = os.stat(tmp_path)

    def recording_fsync(fd: int) -> None:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) == (directory.st_dev, directory.st_ino):
            what = "dir"
        else:
            what = f"file:{info.st_ino}"
        calls.append((what, out.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    argv = ["events", "export", "--location", emu.location_id, "--from", "2030-01-01"]
    argv += ["--to", "2030-01-31", "--out", str(out), "--base-url", emu.url]
    assert main(argv) == 0

    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == [f"evt{n}" for n in range(12)]
    inode = os.stat(out).st_ino
    # The data is on disk under the partial name, then the directory before and after
    # the rename: a crash at any point leaves either no file or the whole file.
    assert calls == [(f"file:{inode}", False), ("dir", False), ("dir", True)]
