"""The generated service modules: in step with the endpoint table, documented, logic-free."""

from __future__ import annotations

import ast
import difflib
import inspect
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import get_type_hints

import pytest

from hoopai_calendars import ENDPOINTS, Endpoint, _codegen
from hoopai_calendars._config import CALL_OPTIONS
from hoopai_calendars._generated import (
    async_raw_services,
    async_services,
    sync_raw_services,
    sync_services,
)
from hoopai_calendars._generated.async_services import AsyncServices
from hoopai_calendars._generated.sync_services import SyncServices

REGENERATE = "nox -s codegen"
GENERATED = sorted(_codegen.rendered_files().items())
GENERATED_IDS = [path.name for path, _ in GENERATED]

# The generated modules: the services and, imported on first use, their raw-response twins.
MODULES = [async_services, sync_services, async_raw_services, sync_raw_services]


def _diff(committed: str, rendered: str, name: str) -> str:
    lines = difflib.unified_diff(
        committed.splitlines(keepends=True),
        rendered.splitlines(keepends=True),
        f"{name} (committed)",
        f"{name} (from the table)",
    )
    return "".join(list(lines)[:40])


@pytest.mark.parametrize(("path", "rendered"), GENERATED, ids=GENERATED_IDS)
def test_committed_file_matches_the_table(path: Path, rendered: str) -> None:
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    if committed != rendered:
        pytest.fail(
            f"hoopai_calendars/_generated/{path.name} is stale: the endpoint table or the "
            f"generator changed since it was rendered. Run `{REGENERATE}` and commit the "
            f"result.\n{_diff(committed, rendered, path.name)}",
            pytrace=False,
        )


def test_check_mode_reports_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_codegen, "GENERATED_DIR", tmp_path)
    assert _codegen.main([]) == 0
    assert _codegen.main(["--check"]) == 0
    stale = tmp_path / "sync_services.py"
    stale.write_text(stale.read_text(encoding="utf-8") + "# a hand edit\n", encoding="utf-8")
    capsys.readouterr()

    assert _codegen.main(["--check"]) == 1
    assert capsys.readouterr().out == f"stale: sync_services.py (run: {REGENERATE})\n"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_generated_module_says_so_at_the_top(module: ModuleType) -> None:
    first = inspect.getsource(module).splitlines()[0]
    assert first.startswith("# Generated from the endpoint table")
    assert "do not edit" in first
    assert REGENERATE in first


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_row_appears_exactly_once(module: ModuleType) -> None:
    text = inspect.getsource(module)
    tree = ast.parse(text)
    calls = [
        node.args[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "_call"
        and node.args
        and isinstance(node.args[0], ast.Name)
    ]
    # Each module holds one method per row: the services, or their raw-response twins.
    assert Counter(calls) == {row.constant: 1 for row in ENDPOINTS}


@pytest.mark.parametrize("services", [AsyncServices, SyncServices], ids=lambda c: c.__name__)
def test_every_row_has_one_method_on_its_service(services: type) -> None:
    classes = get_type_hints(services)
    methods = [
        (service, name)
        for service, cls in classes.items()
        for name, value in vars(cls).items()
        if inspect.isfunction(value)
    ]
    assert sorted(methods) == sorted((row.service, row.method_name) for row in ENDPOINTS)


@pytest.mark.parametrize("services", [AsyncServices, SyncServices], ids=lambda c: c.__name__)
@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda row: row.name)
def test_method_docstring_names_http_method_path_and_scope(services: type, row: Endpoint) -> None:
    method = getattr(get_type_hints(services)[row.service], row.method_name)
    doc = inspect.getdoc(method) or ""
    assert doc.splitlines()[0] == row.doc
    assert f"{row.method} {row.path} (scope {row.scope})." in " ".join(doc.split())


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_generated_methods_only_delegate_to_the_call_path(module: ModuleType) -> None:
    # Encoding, decoding, validation and retries belong to the one call path, not here.
    tree = ast.parse(inspect.getsource(module))
    service_classes = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name.endswith("Service")
    ]
    assert len(service_classes) == len({row.service for row in ENDPOINTS})
    for cls in service_classes:
        for method in (
            n
            for n in cls.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.decorator_list
        ):
            row = next(
                r
                for r in ENDPOINTS
                if r.method_name == method.name
                and cls.name.replace("RawService", "Service").endswith(
                    "".join(part.title() for part in r.service.split("_")) + "Service"
                )
            )
            docstring, *building, fold, statement = method.body
            assert isinstance(docstring, ast.Expr), method.name
            # The per-call keywords fold into `options`, only when one is given.
            assert isinstance(fold, ast.If), method.name
            assert ast.unparse(fold.body[0]) == (
                "options = call_options(options, "
                + ", ".join(name for name, _, _ in CALL_OPTIONS)
                + ")"
            )
            # At most: build the row's query Struct, naming the row if its checks refuse.
            if row.query is None:
                assert building == [], method.name
            else:
                (attempt,) = building
                assert isinstance(attempt, ast.Try), method.name
                (assign,) = attempt.body
                assert isinstance(assign, ast.Assign)
                assert isinstance(assign.value, ast.Call)
                assert ast.unparse(assign.value.func) == row.query.__name__
                (handler,) = attempt.handlers
                assert ast.unparse(handler.body[0]).startswith(f"raise refused({row.constant}, ")
            assert isinstance(statement, ast.Return), method.name
            inner = statement.value
            if isinstance(inner, ast.Await):
                inner = inner.value
            assert isinstance(inner, ast.Call)
            assert ast.unparse(inner.args[0]) == row.constant
            assert ast.unparse(inner.func) == "self._call", f"{cls.name}.{method.name}"
