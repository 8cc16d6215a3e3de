"""Project tasks: CI runs `nox -s lint typecheck tests`; also `nox -s codegen`, `nox -s bench`."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_venv = "yes"

PYPROJECT = nox.project.load_toml("pyproject.toml")
SUPPORTED = ["3.10", "3.11", "3.12", "3.13"]


def _install(session: nox.Session, *groups: str, extras: str = "httpx,webhooks,redis") -> None:
    deps = [dep for group in groups for dep in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", f".[{extras}]", *deps)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and formatter check, and the import layers contract (pyproject)."""
    tools = ("ruff", "import-linter")
    lint_deps = nox.project.dependency_groups(PYPROJECT, "lint")
    session.install(*[dep for dep in lint_deps if dep.startswith(tools)])
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict on the package and on the typing test of the public API."""
    _install(session, "lint")
    session.run("mypy", "--strict", "hoopai_calendars")
    session.run("mypy", "--strict", "tests/api/typing_public_api.py")


def _pytest(session: nox.Session) -> None:
    # Exit code 5 means "no tests collected": a filtered run (-k) may legitimately select none.
    session.run("pytest", "-W", "error", *session.posargs, success_codes=[0, 5])


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (codegen drift test included) on the interpreter running nox."""
    _install(session, "test")
    _pytest(session)


@nox.session(python=SUPPORTED)
def tests_all(session: nox.Session) -> None:
    """Run the test suite on every supported Python (locally; CI runs `tests` on its one)."""
    _install(session, "test")
    _pytest(session)


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
