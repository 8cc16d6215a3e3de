"""The "Args:" section of each generated method, from the spec's parameter descriptions.

The descriptions live in `_spec_params.json` (operationId -> wire name -> description),
extracted from the upstream OpenAPI spec, which is not part of this package. Refresh it with
`python -m hoopai_calendars._paramdocs PATH/TO/calendars.json`, then re-render the services.
"""

from __future__ import annotations

import json
import sys
import textwrap
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

import msgspec

from ._config import CALL_OPTIONS
from .api import Endpoint

DATA = Path(__file__).parent / "_spec_params.json"
_WIDTH = 100
_SKIPPED = frozenset({"header"})  # Version is a client setting, not a method parameter

# Wire names the spec leaves undescribed everywhere (or, like noteId, omits). Ours, not the
# spec's; a description the spec gives for the name in any operation is preferred.
_FALLBACK = {
    "noteId": "Note ID",
    "notificationId": "Notification ID",
    "isActive": "Filter by whether the notification is active",
    "deleted": "Filter by whether the notification is deleted",
}
_OPTIONS = "Per-call overrides (timeout, deadline, retries, extra headers): see RequestOptions."


def extract(spec: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """Map each operationId to its path and query parameters' descriptions, in spec order."""
    found: dict[str, dict[str, str | None]] = {}
    for operations in spec["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            found[operation["operationId"]] = {
                p["name"]: (p.get("description") or "").strip() or None
                for p in operation.get("parameters", [])
                if p.get("in") not in _SKIPPED
            }
    return found


@cache
def _load() -> dict[str, dict[str, str | None]]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return {op: params for op, params in data.items() if not op.startswith("_")}


def _describe(row: Endpoint[Any], wire: str, spec: dict[str, dict[str, str | None]]) -> str:
    own = spec.get(row.operation_id, {}).get(wire)
    if own:
        return own
    elsewhere = (params.get(wire) for params in spec.values())
    return next((text for text in elsewhere if text), None) or _FALLBACK.get(wire, wire)


def _body_doc(row: Endpoint[Any]) -> str:
    body = row.body
    if get_origin(body) is list:
        name = f"a sequence of {get_args(body)[0].__name__}"
    else:
        name = getattr(body, "__name__", None) or str(body)
    return f"The request body ({name})." if row.body_required else f"Optional body ({name})."


def args_section(row: Endpoint[Any], indent: str) -> str:
    """Return the Google-style "Args:" block of `row`'s method, indented for its docstring."""
    spec = _load()
    entries: list[tuple[str, str]] = [
        (param.python, _describe(row, param.wire, spec)) for param in row.path_params
    ]
    if row.body is not None:
        entries.append(("body", _body_doc(row)))
    if row.query is not None:
        entries.extend(
            (field.name, _describe(row, field.encode_name, spec))
            for field in msgspec.structs.fields(row.query)
        )
    entries.append(("options", _OPTIONS))
    entries.extend((name, doc) for name, _, doc in CALL_OPTIONS)
    lines = [f"{indent}Args:"]
    for name, text in entries:
        lines.append(
            textwrap.fill(
                f"{name}: {text}",
                _WIDTH,
                initial_indent=indent + "    ",
                subsequent_indent=indent + "        ",
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Rewrite _spec_params.json from the spec file named on the command line."""
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m hoopai_calendars._paramdocs PATH/TO/calendars.json")
        return 2
    spec = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    data: dict[str, Any] = {
        "_generated": "by `python -m hoopai_calendars._paramdocs calendars.json` from the "
        "upstream OpenAPI spec (CC0); do not edit by hand",
        **extract(spec),
    }
    DATA.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
