"""The pytest plugin, run as a user's suite would run it (pytester)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PLUGIN = ("-p", "hoopai_calendars.testing", "-W", "error")


def _run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user=source)
    return pytester.runpytest(*PLUGIN, *args)


def test_a_blocking_test_reads_the_seeded_demo(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        def test_demo(hoopai_sync_client, hoopai_emulator):
            found = hoopai_sync_client.calendars.list(location_id=hoopai_emulator.location_id)
            assert {c.id for c in found} == set(hoopai_emulator.demo.calendar_ids)
            assert len(found) == 3
        """,
    )
    result.assert_outcomes(passed=1)


def test_an_async_test_on_anyio_uses_the_async_client(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        import pytest

        @pytest.mark.anyio
        async def test_async(hoopai_client, hoopai_emulator):
            calendar_id = hoopai_emulator.demo.calendar_ids[0]
            assert (await hoopai_client.calendars.get(calendar_id)).id == calendar_id
        """,
    )
    result.assert_outcomes(passed=1)


def test_each_test_gets_a_fresh_state(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        from hoopai_calendars.models import CalendarCreate

        def _add_and_count(client, emu):
            client.calendars.create(CalendarCreate(location_id=emu.location_id, name="x"))
            emu.faults.add("status_5xx", "groups.list", count=5)
            emu.mint_token(["calendars.readonly"])
            return len(client.calendars.list(location_id=emu.location_id))

        def test_first(hoopai_sync_client, hoopai_emulator):
            assert _add_and_count(hoopai_sync_client, hoopai_emulator) == 4

        def test_second(hoopai_sync_client, hoopai_emulator):
            assert hoopai_emulator.faults.rules == []
            assert _add_and_count(hoopai_sync_client, hoopai_emulator) == 4
        """,
    )
    result.assert_outcomes(passed=2)


def test_the_shared_server_keeps_state_across_tests(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        from hoopai_calendars import CalendarsClient
        from hoopai_calendars.models import CalendarCreate

        def _count_after_adding(emu):
            with CalendarsClient(emu.token, base_url=emu.url) as client:
                client.calendars.create(CalendarCreate(location_id=emu.location_id, name="x"))
                return len(client.calendars.list(location_id=emu.location_id))

        def test_first(hoopai_emulator_server):
            assert _count_after_adding(hoopai_emulator_server) == 4

        def test_second(hoopai_emulator_server):
            assert _count_after_adding(hoopai_emulator_server) == 5
        """,
    )
    result.assert_outcomes(passed=2)


def test_faults_injected_from_a_test_reach_the_client(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        import pytest
        from hoopai_calendars import ServerError

        def test_fault(hoopai_sync_client, hoopai_emulator):
            hoopai_emulator.faults.add("status_5xx", "calendars.list", status=503, count=9)
            with pytest.raises(ServerError):
                hoopai_sync_client.calendars.list(location_id=hoopai_emulator.location_id)
        """,
    )
    result.assert_outcomes(passed=1)


def test_the_seed_is_an_ini_option(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhoopai_emulator_seed = none\n")
    result = _run(
        pytester,
        """
        def test_empty(hoopai_sync_client, hoopai_emulator):
            assert hoopai_emulator.demo is None
            assert hoopai_sync_client.calendars.list(location_id="loc_demo") == []
        """,
    )
    result.assert_outcomes(passed=1)


def test_a_bad_seed_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nhoopai_emulator_seed = lots\n")
    result = _run(pytester, "def test_x(hoopai_emulator):\n    pass\n")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*hoopai_emulator_seed*expected demo*"])


def test_the_entry_point_and_an_explicit_p_load_it_once(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed distribution whose pytest11 entry point is the one pyproject declares.
    dist = tmp_path / "site" / "hoopai_calendars_fake-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: hoopai-calendars-fake\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[pytest11]\nhoopai_calendars.testing = hoopai_calendars.testing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    source = "def test_x(hoopai_emulator):\n    assert hoopai_emulator.url\n"
    pytester.makepyfile(test_user=source)
    for args in ((), PLUGIN):
        result = pytester.runpytest(*args)
        result.assert_outcomes(passed=1)
