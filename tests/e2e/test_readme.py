"""Every Python sample in README.md runs as written, each in a fresh interpreter.

Samples that need a server read HOOPAI_TOKEN, HOOPAI_BASE_URL, HOOPAI_LOCATION_ID and
HOOPAI_CONTACT_ID, as a user sets them for the real API; here they point at an emulator.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoopai_calendars.emulator import Emulator

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)

# Samples that cannot run offline, keyed by a string only that sample contains. Keep it short:
# each entry must still match exactly one sample, and every sample must at least compile.
NOT_RUN = {
    'os.environ["HOOPAI_REFRESH_TOKEN"]': "the real API's OAuth (the emulator's is run below)",
    "RedisTokenStore(r)": "needs a Redis server and a real OAuth app",
}


def _samples() -> list[tuple[int, str]]:
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in _BLOCK.finditer(text)]


SAMPLES = _samples()


def _excluded(code: str) -> bool:
    return any(marker in code for marker in NOT_RUN)


@pytest.fixture(scope="module")
def server_env() -> Iterator[dict[str, str]]:
    emu = Emulator(seed="demo:5")
    assert emu.demo is not None
    with emu.running_in_thread():
        yield {
            "HOOPAI_TOKEN": emu.token,
            "HOOPAI_BASE_URL": emu.url,
            "HOOPAI_LOCATION_ID": emu.location_id,
            "HOOPAI_CONTACT_ID": emu.demo.contact_ids[0],
        }


def test_the_readme_has_samples_and_every_exclusion_names_exactly_one() -> None:
    assert len(SAMPLES) >= 5
    for marker in NOT_RUN:
        assert sum(marker in code for _, code in SAMPLES) == 1, marker


@pytest.mark.parametrize(("line", "code"), SAMPLES, ids=[f"line{n}" for n, _ in SAMPLES])
def test_sample_compiles(line: int, code: str) -> None:
    compile(code, f"README.md:{line}", "exec")


@pytest.mark.parametrize(
    ("line", "code"),
    [(n, code) for n, code in SAMPLES if not _excluded(code)],
    ids=[f"line{n}" for n, code in SAMPLES if not _excluded(code)],
)
def test_sample_runs_as_written(
    line: int, code: str, server_env: dict[str, str], tmp_path: Path
) -> None:
    # A sample of pytest tests (the plugin's fixtures) is run the way its reader would run it.
    is_tests = "\ndef test_" in "\n" + code
    script = tmp_path / ("test_sample.py" if is_tests else "sample.py")
    script.write_text(code, encoding="utf-8")
    # `-p`: as the README says for a checkout that is not installed (loaded once either way).
    plugin = ["-p", "hoopai_calendars.testing"]
    runner = ["-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin] if is_tests else []
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOPAI_")}
    env.update(server_env, PYTHONPATH=str(ROOT))
    # -W error: a sample that leaks a session or a socket prints "Exception ignored" below.
    # (Not dev mode: its asyncio debug logs callbacks slower than 100 ms, i.e. a busy CPU.)
    done = subprocess.run(
        [sys.executable, "-W", "error", *runner, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"README.md:{line}\n{done.stderr}"
    assert done.stderr == "", f"README.md:{line}\n{done.stderr}"
    if is_tests:
        assert " passed" in done.stdout, done.stdout
        assert "failed" not in done.stdout, done.stdout
    if "print(" in code:
        assert done.stdout.strip(), f"README.md:{line} printed nothing"
