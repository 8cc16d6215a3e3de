"""Project tasks: `nox` runs what CI runs; also `nox -s tests_all`, `codegen`, `bench`."""

from __future__ import annotations

import glob
import re
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
# What CI runs (.ci/run calls plain `nox`); README names the same command.
nox.options.sessions = ["lint", "typecheck", "tests", "tests_lowest", "package", "docs"]
nox.options.reuse_venv = "yes"
# CI=true makes a missing interpreter an error; a machine with only some of SUPPORTED should
# still run the ones it has (each missing one is reported as skipped).
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")
SUPPORTED = ["3.10", "3.11", "3.12", "3.13"]
EXTRAS = "httpx,webhooks,redis"


def _group(*groups: str) -> list[str]:
    return [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]


def _install(session: nox.Session, *groups: str, extras: str = EXTRAS) -> None:
    session.install("-e", f".[{extras}]", *_group(*groups))


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and formatter check, and the import layers contract (pyproject)."""
    tools = ("ruff", "import-linter")
    session.install(*[dep for dep in _group("lint") if dep.startswith(tools)])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict on the package and on the typing test of the public API."""
    _install(session, "lint")
    session.run("mypy", "--strict", "hoopai_calendars")
    session.run("mypy", "--strict", "tests/api/typing_public_api.py")
    # The README's samples too, so code copied from it type-checks (tests/e2e/test_readme.py runs
    # them). One file per sample: each is a separate program.
    out = Path(tempfile.mkdtemp(prefix="hoopai-readme-"))
    try:
        text = Path("README.md").read_text(encoding="utf-8")
        for n, match in enumerate(re.finditer(r"^```python\n(.*?)^```$", text, re.M | re.S)):
            if "\ndef test_" not in match.group(1):  # pytest samples: fixtures go untyped
                (out / f"readme_sample_{n}.py").write_text(match.group(1), encoding="utf-8")
        session.run("mypy", "--strict", *sorted(str(path) for path in out.glob("*.py")))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _pytest(session: nox.Session) -> None:
    # Exit code 5 means "no tests collected": a filtered run (-k) may legitimately select none.
    session.run("pytest", "-W", "error", *session.posargs, success_codes=[0, 5])


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (codegen drift test and README samples included)."""
    _install(session, "test")
    _pytest(session)


@nox.session(python=SUPPORTED)
def tests_all(session: nox.Session) -> None:
    """Run the test suite on every supported Python found here; missing ones are skipped."""
    _install(session, "test")
    _pytest(session)


@nox.session(python=SUPPORTED, venv_backend="uv")
def tests_lowest(session: nox.Session) -> None:
    """Run the test suite on the lowest versions the lower bounds in pyproject.toml allow."""
    # lowest-direct: every direct requirement (dependencies, extras, test group) at its
    # lower bound; what those pull in resolves normally. A bound that fails here is a lie.
    session.install("--resolution", "lowest-direct", "-e", f".[{EXTRAS}]", *_group("test"))
    _pytest(session)


@nox.session
def package(session: nox.Session) -> None:
    """Build the sdist and wheel and check their metadata as PyPI would (twine --strict)."""
    session.install(*_group("package"))
    out = tempfile.mkdtemp(prefix="hoopai-dist-")
    try:
        session.run("python", "-m", "build", "--outdir", out, silent=True)
        session.run("twine", "check", "--strict", *sorted(glob.glob(f"{out}/*")))
    finally:
        shutil.rmtree(out, ignore_errors=True)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the API reference site into site/; any warning fails the build."""
    _install(session, "docs")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def codegen(session: nox.Session) -> None:
    """Re-render hoopai_calendars/_generated/ from the endpoint table."""
    _install(session)
    session.run("python", "-m", "hoopai_calendars._codegen")
    session.run("python", "-m", "hoopai_calendars._codegen", "--check")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and write benchmarks/README.md."""
    _install(session, "bench")
    session.run("python", "-m", "benchmarks", *session.posargs)
