"""Search-based tests with Pynguin, run in MyAgent's sandbox.

Pynguin (written for 0.48) cannot be a dependency of MyAgent: it pins other versions of
pytest. The user installs it apart (`pipx install pynguin==0.48.0`) and MyAgent finds
it (`find_pynguin`): the `[testgen] pynguin` setting, else `pynguin` on PATH.

`run_pynguin(ctx, layout, module, pynguin=..., budget_s=...)` runs it on one module of
the project through the `SandboxRunner`, as every execution of project code does
(Pynguin imports the module and calls its functions; it wants `PYNGUIN_DANGER_AWARE`
set to show it knows). Inside the sandbox:

- the working directory is a scratch folder (bound writable, removed afterwards), as
  is the output folder; the project is bound READ-ONLY, so nothing the search runs
  can change it; the Pynguin installation (its venv and base interpreter) is readable;
- the project's import roots are on PYTHONPATH and the module's import root is
  `--project-path`. The module's third-party imports must be importable by Pynguin's
  own interpreter (a pure module is the case where it helps);
- flags: `--maximum-search-time budget_s`, `--seed`, `--no-xfail True` (an unexpected
  exception becomes `pytest.raises(E)`, a test that passes, rather than a strict
  xfail), the assertion generation's mutation analysis and the slicing capped at the
  budget too, reports into the scratch folder, no statistics, no colours. The
  sandbox's wall clock is `3 * budget_s + 60` seconds unless `timeout_s` says.

It returns a `PynguinResult`: the test files Pynguin wrote, tidied into ordinary
pytest files (`pynguin_tidy`), and how long it took; when Pynguin is missing, crashes,
times out or writes no test, the result has no file and says why (never an
exception). It does not judge the tests: the Tester runs them and keeps the good ones.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from myagent.protocol import ToolRun, ToolStatus
from myagent.quality.execution import ToolContext, crashed, one_line, run_tool
from myagent.quality.layout import Interpreter, ProjectLayout, interpreter_at
from myagent.testgen.pynguin_tidy import count_tests, tidy_pynguin_tests

OFF = "off"  # `[testgen] pynguin = "off"`: never run Pynguin
_TOOL = "pynguin"
_SETUP_FAILED, _NO_TESTS = 1, 2  # Pynguin's exit codes
# "[18:58:42] [ERROR] [Worker-3](pynguin.generator:_setup_test_cluster:176): "
_LOG_PREFIX = re.compile(r"^\[[\d:]+\] \[\w+\] (?:\[[^\]]*\])?\([^)]*\): ")


@dataclass(frozen=True)
class PynguinFile:
    """One test file Pynguin wrote, tidied."""

    name: str  # as Pynguin named it: `test_<module leaf>.py`
    source: str
    tests: int


@dataclass(frozen=True)
class PynguinResult:
    """What one Pynguin run gave: files, or none and the reason."""

    module: str
    status: ToolStatus  # OK: Pynguin ran to its end (it may still have written nothing)
    files: tuple[PynguinFile, ...] = ()
    reason: str = ""  # why there is no file ("" when there are files)
    duration_s: float = 0.0

    @property
    def tests(self) -> int:
        return sum(f.tests for f in self.files)


@dataclass(frozen=True)
class PynguinInstall:
    """The Pynguin command and the interpreter that runs it."""

    script: Path  # resolved
    python: Interpreter

    @property
    def readable(self) -> tuple[Path, ...]:
        """What the sandbox must bind for Pynguin to start."""
        inside = any(self.script.is_relative_to(p) for p in self.python.readable)
        return self.python.readable if inside else (*self.python.readable, self.script)


def find_pynguin(configured: str) -> Path | None:
    """The Pynguin command: `configured` (a path, or a command name looked up on PATH)
    when set, else `pynguin` on PATH; None when there is none or `configured` is "off"."""
    value = configured.strip()
    if value.lower() == OFF:
        return None
    if value and ("/" in value or value.startswith("~")):
        path = Path(value).expanduser()
        return path.absolute() if path.is_file() else None
    found = shutil.which(value or "pynguin")
    return Path(found) if found else None


def pynguin_install(pynguin: Path) -> PynguinInstall | str:
    """The installation behind the command `pynguin`, or why it cannot run: the
    interpreter of its virtualenv, else the one its `#!` line names."""
    script = pynguin.resolve()
    if not script.is_file():
        return f"{pynguin} not found"
    python = script.parent / "python"
    if not ((script.parent.parent / "pyvenv.cfg").is_file() and python.exists()):
        named = _shebang(script)
        if named is None:
            return f"cannot tell which Python runs {script} (its #! line names none)"
        python = named
    interpreter = interpreter_at(python, "pynguin")
    if not interpreter.readable:
        return f"{python}, which runs {script}, is not a Python installation"
    return PynguinInstall(script, interpreter)


def _shebang(script: Path) -> Path | None:
    with script.open("rb") as handle:
        first = handle.readline(512).decode("utf-8", "replace")
    if not first.startswith("#!"):
        return None
    program = Path(first[2:].strip().split(" ")[0])
    return program if program.is_absolute() and "python" in program.name else None


def run_pynguin(
    ctx: ToolContext,
    layout: ProjectLayout,
    module: str,
    *,
    pynguin: Path,
    budget_s: int,
    seed: int = 0,
    output: Path | None = None,
    timeout_s: float | None = None,
) -> PynguinResult:
    """Pynguin's tests for `module` (see the module docstring). `output` keeps
    Pynguin's own files there (created if needed); by default they go to the scratch
    folder and are removed with it."""
    started = time.monotonic()

    def result(status: ToolStatus, reason: str = "", *files: PynguinFile) -> PynguinResult:
        duration = round(time.monotonic() - started, 3)
        return PynguinResult(module, status, files, "" if files else reason, duration)

    install = pynguin_install(pynguin)
    if isinstance(install, str):
        return result(ToolStatus.MISSING, install)
    project_path = import_root_of(layout, module)
    if project_path is None:
        roots = ", ".join(layout.import_roots)
        return result(ToolStatus.SKIPPED, f"{module} is not a module under {roots}")
    scratch = Path(tempfile.mkdtemp(prefix="myagent-pynguin-"))
    out = output if output is not None else scratch / "tests"
    out.mkdir(parents=True, exist_ok=True)
    try:
        argv = [
            str(install.python.path), str(install.script),
            "--project-path", str(project_path), "--module-name", module,
            "--output-path", str(out), "--report-dir", str(scratch / "report"),
            "--maximum-search-time", str(budget_s), "--seed", str(seed),
            "--maximum-mutation-time", str(budget_s), "--maximum-slicing-time", str(budget_s),
            "--no-xfail", "True", "--statistics-backend", "NONE", "--no-rich",
        ]  # fmt: skip
        pythonpath = ":".join(str(layout.root / r) for r in layout.import_roots)
        run_ctx = replace(
            ctx,
            workspace=scratch,
            env=dict(ctx.env, PYNGUIN_DANGER_AWARE="1", PYTHONPATH=pythonpath),
            readable=(*install.readable, layout.root, *ctx.readable),
            writable=(*ctx.writable, *(() if out.is_relative_to(scratch) else (out,))),
        )
        timeout = timeout_s if timeout_s is not None else 3 * budget_s + 60
        executed = run_tool(_TOOL, argv, run_ctx, timeout)
        if isinstance(executed, ToolRun):
            return result(executed.status, f"Pynguin {executed.detail}")
        code = executed.result.returncode
        if code == _SETUP_FAILED:
            why = _LOG_PREFIX.sub("", one_line(executed.result.stderr)) or "no output"
            return result(ToolStatus.CRASHED, f"Pynguin could not set up {module}: {why}")
        if code == _NO_TESTS:
            return result(ToolStatus.OK, "Pynguin generated no tests")
        if code != 0:
            return result(ToolStatus.CRASHED, f"Pynguin {crashed(_TOOL, executed).detail}")
        shadowed = shadows_module(project_path, module)
        files = [_tidied(path, module, shadowed) for path in sorted(out.glob("test_*.py"))]
        kept = [f for f in files if f.tests]
        reason = "Pynguin wrote only empty tests" if files else "Pynguin wrote no test file"
        return result(ToolStatus.OK, reason, *kept)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _tidied(path: Path, module: str, shadowed: bool) -> PynguinFile:
    text = path.read_text(encoding="utf-8", errors="replace")
    source = tidy_pynguin_tests(text, module, shadowed=shadowed)
    return PynguinFile(path.name, source, count_tests(source))


def import_root_of(layout: ProjectLayout, module: str) -> Path | None:
    """The import root (absolute) under which `module` is a file or a package."""
    relative = Path(*module.split("."))
    for root in layout.import_roots:
        base = layout.root / root
        if (base / relative).with_suffix(".py").is_file() or (
            base / relative / "__init__.py"
        ).is_file():
            return base
    return None


def shadows_module(project_path: Path, module: str) -> bool:
    """True when `module`'s package binds the module's name to something else in its
    `__init__.py` (`from .money import money`): then `from package import money`
    would not give the module."""
    package, _, leaf = module.rpartition(".")
    if not package:
        return False
    init = project_path / Path(*package.split(".")) / "__init__.py"
    try:
        tree = ast.parse(init.read_text(encoding="utf-8", errors="replace"))
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            own = (node.module is None and node.level == 1) or node.module == package
            bound = [a.asname or a.name for a in node.names if not (own and a.name == leaf)]
        elif isinstance(node, ast.Import):
            bound = [a.asname or a.name.split(".")[0] for a in node.names]
        else:
            bound = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Store)]  # fmt: skip
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                bound = [node.name]
        if leaf in bound:
            return True
    return False
