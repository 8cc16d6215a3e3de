"""The seed page's facts, read from the copies under tests/data (the repo stands alone)."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"

_ROW = re.compile(r"^\|?\s*`?(GET|POST|PUT|DELETE)`?\s*\|\s*`?(/[^|`\s]*)`?\s*\|")


def seed_endpoints() -> list[tuple[str, str]]:
    """(method, path) of every row of the seed page's endpoint table, in page order."""
    lines = (DATA / "seed_endpoints.txt").read_text(encoding="utf-8").splitlines()
    return [(m.group(1), m.group(2)) for line in lines if (m := _ROW.match(line))]


def seed_scopes() -> set[str]:
    """Every scope of the seed page's scopes table."""
    lines = (DATA / "seed_scopes.txt").read_text(encoding="utf-8").splitlines()
    return {m.group(1) for line in lines if (m := re.match(r"^([\w/]+\.\w+) \|", line))}
