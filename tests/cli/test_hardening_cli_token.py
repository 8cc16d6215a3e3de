"""The CLI reads its token from a file, stdin or the environment; `--token` warns (issue 15.3)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoopai_calendars.cli import main
from hoopai_calendars.emulator import Emulator

DAY_ARGS = ["--from", "2030-01-07", "--to", "2030-01-08"]
WARNING = "--token is visible to other users in the process list"


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    monkeypatch.delenv("HOOPAI_TOKEN", raising=False)
    served = Emulator(seed="demo:2")
    with served.running_in_thread():
        yield served


def _commands(emu: Emulator, tmp_path: Path) -> dict[str, list[str]]:
    """One invocation of each command that sends requests with a token."""
    assert emu.demo is not None
    where = ["--base-url", emu.url]
    out = str(tmp_path / "events.jsonl")
    desired = tmp_path / "desired.jsonl"
    desired.write_text("")
    return {
        "free-slots": ["free-slots", emu.demo.calendar_ids[0], *DAY_ARGS, *where],
        "events list": [
            "events",
            "list",
            "--location",
            emu.location_id,
            "--calendar",
            emu.demo.calendar_ids[0],
            *DAY_ARGS,
            *where,
        ],
        "events export": [
            "events",
            "export",
            "--location",
            emu.location_id,
            "--from",
            "2030-01-07",
            "--to",
            "2030-01-08",
            "--out",
            out,
            *where,
        ],
        "sync": ["sync", "--location", emu.location_id, "--in", str(desired), *where],
    }


COMMANDS = ["free-slots", "events list", "events export", "sync"]


@pytest.mark.parametrize("command", COMMANDS)
def test_token_file_is_read_and_nothing_warns(
    command: str, emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(emu.token + "\n")
    assert main([*_commands(emu, tmp_path)[command], "--token-file", str(token_file)]) == 0
    assert WARNING not in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_token_from_stdin(
    command: str,
    emu: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(emu.token + "\n"))
    assert main([*_commands(emu, tmp_path)[command], "--token-file", "-"]) == 0
    assert WARNING not in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_token_on_the_command_line_works_but_warns_once(
    command: str, emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_commands(emu, tmp_path)[command], "--token", emu.token]) == 0
    err = capsys.readouterr().err
    assert err.count(WARNING) == 1
    (line,) = [line for line in err.splitlines() if WARNING in line]
    assert "--token-file" in line
    assert "HOOPAI_TOKEN" in line


def test_a_wrong_token_from_a_file_is_refused_by_the_server(
    emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("not-the-emulator-token\n")
    assert main([*_commands(emu, tmp_path)["free-slots"], "--token-file", str(token_file)]) == 1
    err = capsys.readouterr().err
    assert "HTTP 401" in err
    assert "not-the-emulator-token" not in err  # never printed back


@pytest.mark.parametrize("command", COMMANDS)
def test_unusable_token_options_are_refused_before_any_request(
    command: str, emu: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _commands(emu, tmp_path)[command]
    empty = tmp_path / "empty"
    empty.write_text("\n")
    assert main([*argv, "--token-file", str(tmp_path / "missing")]) != 0
    assert "cannot read" in capsys.readouterr().err
    assert main([*argv, "--token-file", str(empty)]) != 0
    assert "empty" in capsys.readouterr().err
    assert main([*argv, "--token-file", str(empty), "--token", "x"]) != 0
    assert "not both" in capsys.readouterr().err
