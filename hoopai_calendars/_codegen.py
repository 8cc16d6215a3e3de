"""Render the async and sync service classes from the endpoint table (run: nox -s codegen)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args, get_origin

import msgspec

from . import models
from ._config import CALL_OPTIONS
from ._paramdocs import args_section
from .api import ENDPOINTS, SERVICE_DOCS, Endpoint

GENERATED_DIR = Path(__file__).parent / "_generated"
HEADER = "# Generated from the endpoint table by `nox -s codegen`; do not edit by hand.\n"
_IDENT = re.compile(r"[A-Za-z_]\w*")
# The formatter's line length (pyproject [tool.ruff]): the output is already formatted.
LINE_LENGTH = 100


def _type_text(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is list:
        # `builtins.`: inside a service class, a bare `list` names its `list` method.
        return f"builtins.list[{_type_text(get_args(tp)[0])}]"
    return str(tp.__name__)


def _field_annotation(struct: type[msgspec.Struct], name: str) -> str:
    # Model modules use postponed annotations, so these are the strings as written.
    for klass in struct.__mro__:
        annotation = getattr(klass, "__annotations__", {}).get(name)
        if annotation is not None:
            return str(annotation)
    raise LookupError(f"{struct.__name__}.{name} has no annotation")


def _parameters(row: Endpoint[Any]) -> Iterator[tuple[str, str, str | None]]:
    """Yield (name, annotation, default) in signature order; '*' marks keyword-only."""
    for param in row.path_params:
        choices = ", ".join(f'"{c}"' for c in param.choices)
        yield param.python, f"Literal[{choices}]" if choices else "str", None
    if row.body is not None:
        body = row.body
        text = f"Sequence[{_type_text(get_args(body)[0])}]" if get_origin(body) is list else None
        text = text or _type_text(body)
        yield (
            "body",
            text if row.body_required else f"{text} | None",
            (None if row.body_required else "None"),
        )
    yield "*", "", None
    if row.query is not None:
        for field in msgspec.structs.fields(row.query):
            default = None if field.required else repr(field.default)
            # As the Struct declares it, so the method passes it on unchanged (a repeated key
            # is a `Sequence[...]`: a bare `list` would name a method of the class).
            annotation = _field_annotation(row.query, field.name)
            yield field.name, annotation, default
    yield "options", "RequestOptions | None", "None"
    taken = {p.python for p in row.path_params}
    taken |= set(row.query.__struct_fields__ if row.query else ())
    for name, annotation, _ in CALL_OPTIONS:
        if name in taken:
            raise ValueError(f"{row.name}: parameter {name!r} clashes with a per-call option")
        yield name, annotation, "None"


def _docstring(row: Endpoint[Any], indent: str) -> str:
    where = f"{row.method} {row.path} (scope {row.scope})."
    if len(indent) + len(where) > LINE_LENGTH:
        where = f"{row.method} {row.path}\n{indent}(scope {row.scope})."
    notes = [where]
    if not row.idempotent:
        notes.append("Not repeated once it may have been sent: see OutcomeUnknownError.")
    body = f"\n{indent}".join(notes)
    args = args_section(row, indent)
    return f'{indent}"""{row.doc}\n\n{indent}{body}\n\n{args}\n{indent}"""\n'


def _signature(row: Endpoint[Any], asynchronous: bool, raw: bool = False) -> str:
    keyword = "async def" if asynchronous else "def"
    lines = [f"    {keyword} {row.method_name}(\n", "        self,\n"]
    for name, annotation, default in _parameters(row):
        if name == "*":
            lines.append("        *,\n")
        else:
            suffix = f" = {default}" if default is not None else ""
            lines.append(f"        {name}: {annotation}{suffix},\n")
    returns = _type_text(row.returns)
    lines.append(f"    ) -> {f'RawResponse[{returns}]' if raw else returns}:\n")
    return "".join(lines)


def _query(row: Endpoint[Any]) -> str:
    """Build the row's query Struct in the method: its checks name the row when they refuse."""
    if row.query is None:
        return ""
    fields = "".join(f"                {f}={f},\n" for f in row.query.__struct_fields__)
    return (
        "        try:\n"
        f"            query = {row.query.__name__}(\n{fields}            )\n"
        "        except ValidationError as exc:\n"
        f"            raise refused({row.constant}, exc) from None\n"
    )


def _fold_options() -> str:
    """Fold the per-call keywords into `options` only when one is given (the plain path tests)."""
    tests = "".join(
        f"            {'or ' if i else ''}{name} is not None\n"
        for i, (name, _, _) in enumerate(CALL_OPTIONS)
    )
    names = ", ".join(name for name, _, _ in CALL_OPTIONS)
    return (
        f"        if (\n{tests}        ):\n            options = call_options(options, {names})\n"
    )


def _call_statement(row: Endpoint[Any], asynchronous: bool) -> str:
    """The `return self._call(...)` line, wrapped the way the formatter wraps it."""
    names = [p.python for p in row.path_params]
    path_args = f"({names[0]},)" if len(names) == 1 else f"({', '.join(names)})"
    args = [
        row.constant,
        path_args,
        "query" if row.query is not None else "None",
        "body" if row.body is not None else "None",
        "options",
    ]
    head = f"        return {'await ' if asynchronous else ''}self._call("
    one_line = f"{head}{', '.join(args)})\n"
    if len(one_line) <= LINE_LENGTH + 1:
        return one_line
    hugged = f"            {', '.join(args)}\n"
    if len(hugged) <= LINE_LENGTH + 1:
        return f"{head}\n{hugged}        )\n"
    return f"{head}\n" + "".join(f"            {a},\n" for a in args) + "        )\n"


def _method(row: Endpoint[Any], asynchronous: bool, raw: bool = False) -> str:
    return (
        _signature(row, asynchronous, raw)
        + _docstring(row, "        ")
        + _query(row)
        + _fold_options()
        + _call_statement(row, asynchronous)
    )


def _class_name(service: str, asynchronous: bool, raw: bool = False) -> str:
    name = "".join(part.title() for part in service.split("_"))
    name += "RawService" if raw else "Service"
    return f"Async{name}" if asynchronous else name


def _raw_module(asynchronous: bool) -> str:
    return "async_raw_services" if asynchronous else "sync_raw_services"


def _raw_property(service: str, asynchronous: bool) -> str:
    raw = _class_name(service, asynchronous, raw=True)
    return (
        "\n    @property\n"
        f"    def with_raw_response(self) -> {raw}:\n"
        '        """The same methods, answering a RawResponse (status, headers, trace_id)."""\n'
        "        # Imported on first use: most programs never ask, and imports stay light.\n"
        f"        from .{_raw_module(asynchronous)} import {raw}\n\n"
        f"        return {raw}(self._raw)\n"
    )


def render(asynchronous: bool, raw: bool = False) -> str:
    """Return the full text of one generated module (`raw`: the raw-response twins)."""
    services: dict[str, list[Endpoint[Any]]] = {}
    for row in ENDPOINTS:
        services.setdefault(row.service, []).append(row)
    kind = "Async" if asynchronous else "Sync"
    body: list[str] = []
    for service, rows in services.items():
        if raw:
            body.append(f"\n\nclass {_class_name(service, asynchronous, raw=True)}")
            body.append(f"({kind}RawService):\n")
            doc = f"The methods of `{service}`, answering RawResponse."
            body.append(f'    """{doc}"""\n\n    __slots__ = ()\n')
        else:
            body.append(f"\n\nclass {_class_name(service, asynchronous)}({kind}Service):\n")
            body.append(f'    """{SERVICE_DOCS[service]}"""\n\n    __slots__ = ()\n')
            body.append(_raw_property(service, asynchronous))
        for row in rows:
            body.append("\n" + _method(row, asynchronous, raw=raw))
    if not raw:
        body.append(f"\n\nclass {kind}Services:\n")
        body.append('    """Every service of the table, bound to one call path."""\n\n')
        body.extend(f"    {s}: {_class_name(s, asynchronous)}\n" for s in services)
        body.append(
            f"\n    def _bind_services(self, call: {kind}Call, raw: {kind}RawCall) -> None:\n"
        )
        body.extend(
            f"        self.{s} = {_class_name(s, asynchronous)}(call, raw)\n" for s in services
        )
    text = "".join(body)
    used = sorted(set(_IDENT.findall(text)) & set(models.__all__), key=str.lower)  # as isort
    constants = sorted((row.constant for row in ENDPOINTS), key=str.lower)
    typing_names = ", ".join(
        n
        for n, used_here in (("TYPE_CHECKING", not raw), ("Literal", "Literal[" in text))
        if used_here
    )
    service_names = (
        f"{kind}RawService, refused"
        if raw
        else f"{kind}Call, {kind}RawCall, {kind}Service, refused"
    )
    imports = [
        "from __future__ import annotations\n\nimport builtins\n",
        "from collections.abc import Mapping, Sequence\n"
        if "Sequence[" in text
        else "from collections.abc import Mapping\n",
        f"from typing import {typing_names}\n\n" if typing_names else "\n",
        "from .._config import RequestOptions, call_options\n",
        "from .._errors import ValidationError\n",
        "from .._raw import RawResponse\n" if raw else "",
        f"from .._service import {service_names}\n",
        "from .._transport import Timeout\n",
        "from ..api._table import (\n" + "".join(f"    {c},\n" for c in constants) + ")\n",
        "from ..models import (\n" + "".join(f"    {n},\n" for n in used) + ")\n",
    ]
    if not raw:
        twins = [_class_name(s, asynchronous, raw=True) for s in services]
        imports.append(
            f"\nif TYPE_CHECKING:\n    from .{_raw_module(asynchronous)} import (\n"
            + "".join(f"        {t},\n" for t in sorted(twins, key=str.lower))
            + "    )\n"
        )
    what = "raw-response twins of the " if raw else ""
    return (
        HEADER
        + '"""'
        + f"{kind} {what}service classes, one method per table row."
        + '"""\n\n'
        + ("".join(imports) + text)
    )


def rendered_files() -> dict[Path, str]:
    """Map each generated file to the text it must have."""
    return {
        GENERATED_DIR / "async_services.py": render(asynchronous=True),
        GENERATED_DIR / "sync_services.py": render(asynchronous=False),
        GENERATED_DIR / "async_raw_services.py": render(asynchronous=True, raw=True),
        GENERATED_DIR / "sync_raw_services.py": render(asynchronous=False, raw=True),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the generated files, or with --check report the ones that drifted."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = [path for path, text in rendered_files().items() if _read(path) != text]
    if check:
        for path in stale:
            print(f"stale: {path.name} (run: nox -s codegen)")
        return 1 if stale else 0
    for path, text in rendered_files().items():
        path.write_text(text, encoding="utf-8")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    raise SystemExit(main())
