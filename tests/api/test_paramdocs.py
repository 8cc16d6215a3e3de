"""Generated methods document every parameter, with the spec's own descriptions."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest

from hoopai_calendars import ENDPOINTS, Endpoint, _codegen, _paramdocs
from hoopai_calendars._generated import async_services, sync_services

ROOT = Path(__file__).resolve().parents[2]
# The upstream spec sits beside a checkout (or its parent folder); it is not shipped.
SPECS = [up / "shared" / "spec" / "apps" / "calendars.json" for up in ROOT.parents[:2]]
SPEC = next((spec for spec in SPECS if spec.exists()), SPECS[0])
COMMITTED = json.loads(_paramdocs.DATA.read_text(encoding="utf-8"))


def _method(module: ModuleType, row: Endpoint) -> Any:
    asynchronous = module is async_services
    return getattr(
        getattr(module, _codegen._class_name(row.service, asynchronous)), row.method_name
    )


def _args(doc: str) -> dict[str, str]:
    section = doc.split("Args:\n", 1)[1]
    entries: dict[str, str] = {}
    name = ""
    for line in section.splitlines():
        stripped = line.strip()
        if line.startswith(" " * 8) and name:  # a continuation line
            entries[name] += " " + stripped
        elif stripped:
            name, _, text = stripped.partition(": ")
            entries[name] = text
    return entries


@pytest.mark.parametrize("module", [async_services, sync_services], ids=["async", "sync"])
@pytest.mark.parametrize("row", ENDPOINTS, ids=[row.name for row in ENDPOINTS])
def test_every_parameter_has_an_args_entry_in_signature_order(
    module: ModuleType, row: Endpoint
) -> None:
    method = _method(module, row)
    doc = inspect.getdoc(method) or ""
    params = [p for p in inspect.signature(method).parameters if p != "self"]
    entries = _args(doc)
    assert list(entries) == params
    assert all(entries.values()), entries


@pytest.mark.parametrize("row", ENDPOINTS, ids=[row.name for row in ENDPOINTS])
def test_spec_descriptions_reach_the_docstring(row: Endpoint) -> None:
    entries = _args(inspect.getdoc(_method(async_services, row)) or "")
    described = COMMITTED.get(row.operation_id, {})
    python_names = {p.wire: p.python for p in row.path_params}
    if row.query is not None:
        python_names.update({f.encode_name: f.name for f in msgspec.structs.fields(row.query)})
    for wire, text in described.items():
        if text:
            assert entries[python_names[wire]] == " ".join(text.split())


def test_free_slots_carries_the_31_day_warning() -> None:
    row = next(row for row in ENDPOINTS if row.name == "calendars.free_slots")
    entries = _args(inspect.getdoc(_method(async_services, row)) or "")
    assert "cannot be more than 31 days" in entries["start_date"]


@pytest.mark.skipif(not SPEC.exists(), reason="the upstream spec is not beside this checkout")
def test_committed_descriptions_match_the_spec() -> None:
    extracted = _paramdocs.extract(json.loads(SPEC.read_text(encoding="utf-8")))
    committed = {op: params for op, params in COMMITTED.items() if not op.startswith("_")}
    assert committed == extracted, "run: python -m hoopai_calendars._paramdocs SPEC, then codegen"


def test_main_rewrites_the_data_file_from_a_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = {
        "paths": {
            "/x/{xId}": {
                "get": {
                    "operationId": "get-x",
                    "parameters": [
                        {"in": "header", "name": "Version", "description": "API Version"},
                        {"in": "path", "name": "xId", "description": " X Id "},
                        {"in": "query", "name": "limit"},
                    ],
                }
            }
        }
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(_paramdocs, "DATA", tmp_path / "out.json")
    assert _paramdocs.main([str(source)]) == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["get-x"] == {"xId": "X Id", "limit": None}
    assert "_generated" in written
    assert _paramdocs.main([]) == 2
