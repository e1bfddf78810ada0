"""Pynguin alone: its own venv, one run per module in MyAgent's sandbox, its tests kept.

Pynguin 0.48.0 pins pytest 8 (MyAgent uses 9), so it lives in a venv of its own
(`ensure_pynguin`: created with `python3.11 -m venv` and `pip install pynguin==0.48.0`
when missing, default `~/.cache/myagent-bench/pynguin-venv`).

`run_pynguin` gives the arm's wall-clock budget to the subject's modules in turn (those
that define a function or class at top level): each module gets what is left divided by
the modules left, so time a module does not use goes to the next ones. Of a module's
share, 60% is Pynguin's search (`--maximum-search-time`) and 20% its assertion
generation by mutation analysis (`--maximum_mutation_time`); the rest is start-up,
minimisation and writing. Both limits are soft (checked between steps), so each run is
also killed at its share plus `GRACE_S`. Every run is a `SandboxRunner` command (the
bubblewrap sandbox MyAgent runs project code in), on a scratch copy of the project,
with `PYNGUIN_DANGER_AWARE=1`, the venv and its base interpreter bound read-only.

The test files Pynguin writes go into the project's `tests/` folder as they are.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from myagent.quality.layout import interpreter_at
from myagent.sandbox.runner import SandboxRunner
from myagent.testgen.units import module_name

PYNGUIN = "pynguin==0.48.0"
DEFAULT_VENV = Path.home() / ".cache" / "myagent-bench" / "pynguin-venv"
SEARCH_SHARE = 0.6
MUTATION_SHARE = 0.2
GRACE_S = 60.0
MIN_SHARE_S = 10.0  # a module is not started with less than this left


@dataclass(frozen=True)
class ModuleRun:
    """One Pynguin run on one module."""

    module: str
    share_s: float
    seconds: float
    status: str  # "ok", "exit N", "timeout", "skipped: ..."
    test_file: str  # where its tests went in the project ("" when none)
    tests: int  # test functions in it


def pynguin_version(venv: Path) -> str:
    """The installed Pynguin's version in `venv`, "" when there is none."""
    python = venv / "bin" / "python"
    if not python.exists():
        return ""
    argv = [str(python), "-c", "import importlib.metadata as m; print(m.version('pynguin'))"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else ""


def ensure_pynguin(venv: Path, python: str, say: Callable[[str], None]) -> Path:
    """`venv` holding Pynguin 0.48.0, created with `python` (3.11) when it does not."""
    wanted = PYNGUIN.partition("==")[2]
    found = pynguin_version(venv)
    if found == wanted:
        return venv
    say(f"creating Pynguin's venv at {venv} ({python} -m venv; pip install {PYNGUIN})")
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    for argv in ([python, "-m", "venv", str(venv)], [*pip, "--disable-pip-version-check", PYNGUIN]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{' '.join(argv[:3])} ... failed: {tail}")
    if pynguin_version(venv) != wanted:
        raise RuntimeError(f"{venv} still has no {PYNGUIN} after installing it")
    return venv


def target_modules(root: Path, files: Sequence[str], import_root: str) -> list[str]:
    """The dotted names of the source `files` that define a top-level function or class."""
    names: list[str] = []
    for path in files:
        tree = ast.parse((root / path).read_text(encoding="utf-8"))
        defines = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        if not any(isinstance(node, defines) for node in tree.body):
            continue
        name = module_name(path, (import_root,))
        if name is not None:
            names.append(name)
    return names


def module_share(left_s: float, modules_left: int) -> float:
    """A module's wall-clock share: what is left over the modules left."""
    return left_s / max(1, modules_left)


def pynguin_argv(
    venv: Path, project: Path, module: str, out: Path, share_s: float, seed: int
) -> list[str]:
    search = max(1, int(share_s * SEARCH_SHARE))
    mutation = max(1, int(share_s * MUTATION_SHARE))
    return [
        str(venv / "bin" / "python"), "-m", "pynguin", "--no-rich",
        "--project-path", str(project), "--module-name", module, "--output-path", str(out),
        "--maximum-search-time", str(search), "--maximum_mutation_time", str(mutation),
        "--seed", str(seed),
    ]  # fmt: skip


def count_tests(path: Path) -> int:
    """Test functions (`test_*`) defined in the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(
        isinstance(node, ast.FunctionDef) and node.name.startswith("test_") for node in tree.body
    )


def run_pynguin(
    runner: SandboxRunner,
    venv: Path,
    project: Path,
    import_root: str,
    modules: Sequence[str],
    budget_s: float,
    seed: int,
    log: Path,
    clock: Callable[[], float] = time.monotonic,
) -> list[ModuleRun]:
    """Pynguin on each of `modules` of the project at `project` within `budget_s`
    seconds, its test files copied into `project/tests` (see the module docstring)."""
    scratch = project.parent / f"{project.name}-pynguin-ws"
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns(".git", ".myagent"))
    readable = interpreter_at(venv / "bin" / "python", "pynguin").readable
    started = clock()
    runs: list[ModuleRun] = []
    for index, module in enumerate(modules):
        left = budget_s - (clock() - started)
        share = module_share(left, len(modules) - index)
        if share < MIN_SHARE_S:
            runs.append(ModuleRun(module, round(share, 1), 0.0, "skipped: budget spent", "", 0))
            continue
        out = scratch / ".pynguin-out" / module
        out.mkdir(parents=True)
        argv = pynguin_argv(venv, scratch / import_root, module, out, share, seed)
        result = runner.run(
            argv,
            workspace=scratch,
            timeout_s=share + GRACE_S,
            env={"PYNGUIN_DANGER_AWARE": "1"},
            readable=readable,
        )
        with log.open("a", encoding="utf-8") as text:
            text.write(f"== {module} ({share:.0f} s)\n{result.stdout}\n{result.stderr}\n")
        status = (
            "timeout"
            if result.timed_out
            else "ok"
            if result.returncode == 0
            else f"exit {result.returncode}"
        )
        written = sorted(out.glob("test_*.py"))
        test_file, tests = "", 0
        if written:
            target = _free_name(project / "tests", written[0].name)
            shutil.copyfile(written[0], target)
            test_file = target.relative_to(project).as_posix()
            tests = count_tests(target)
        runs.append(
            ModuleRun(
                module, round(share, 1), round(result.duration_s, 1), status, test_file, tests
            )
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return runs


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/<stem>_pynguin.py` when that file exists."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists():
        target = folder / f"{Path(name).stem}_pynguin.py"
    return target
