"""Where a project keeps its code, its tests and its interpreter.

Detection only reads the file system; it never runs the project's interpreter (that
would execute project-controlled code outside the sandbox).

- **Source**: `ProjectConfig.source` if set; else the packages and modules under
  `src/`; else the top-level packages (folders with `__init__.py`) and modules, leaving
  out tests, docs, examples, build output and files such as `setup.py`/`conftest.py`.
- **Tests**: `ProjectConfig.tests` if set; else `tests/` and `test/`, and top-level
  `test_*.py` / `*_test.py` files.
- **Interpreter**: `ProjectConfig.python` (relative paths are taken from the project
  root); else `ROOT/.venv/bin/python` if it exists; else MyAgent's own interpreter.
  Its `readable` paths are what the sandbox must bind read-only for it to start: the
  virtualenv (from `pyvenv.cfg`) and the base installation it points to, resolved
  through symlinks, each only if it looks like a Python installation. Paths inside
  the project root are left out (the workspace is bound anyway).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from myagent.config import ProjectConfig

_NOT_SOURCE_DIRS = frozenset(
    {
        "tests", "test", "testing", "docs", "doc", "examples", "example", "build", "dist",
        "scripts", "bench", "benchmarks", "node_modules", "venv", "env", "site-packages",
    }
)  # fmt: skip
_NOT_SOURCE_FILES = frozenset({"setup.py", "conftest.py", "noxfile.py", "fabfile.py"})
_TEST_DIRS = ("tests", "test")


@dataclass(frozen=True)
class Interpreter:
    """A Python interpreter and what the sandbox must make readable for it."""

    path: Path
    readable: tuple[Path, ...]
    origin: str  # "config", "project venv" or "myagent"

    @property
    def is_own(self) -> bool:
        return self.origin == "myagent"


@dataclass(frozen=True)
class ProjectLayout:
    """A project's measured code, its tests and the interpreters that run on it."""

    root: Path
    source_dirs: tuple[str, ...]  # root-relative packages, folders or modules
    test_dirs: tuple[str, ...]  # root-relative test folders or files
    import_roots: tuple[str, ...]  # root-relative folders to put on PYTHONPATH
    python: Interpreter  # the project's interpreter (tests, coverage)
    tools: Interpreter  # MyAgent's own interpreter (ruff, mypy, bandit, radon)

    @property
    def tool_python(self) -> Path:
        """The interpreter that runs MyAgent's own tools."""
        return self.tools.path


def detect_layout(
    root: Path, project: ProjectConfig, *, own: Interpreter | None = None
) -> ProjectLayout:
    """Detect the layout of the project at `root` (see the module docstring)."""
    root = root.resolve()
    tools = own or own_interpreter(root)
    source, import_roots = _source(root, project)
    return ProjectLayout(
        root=root,
        source_dirs=source,
        test_dirs=_tests(root, project),
        import_roots=import_roots,
        python=_project_interpreter(root, project, tools),
        tools=tools,
    )


def tool_readable_paths() -> tuple[Path, ...]:
    """What the sandbox must make readable to run MyAgent's own tools."""
    return own_interpreter().readable


def own_interpreter(root: Path | None = None) -> Interpreter:
    """MyAgent's interpreter: its venv and base installation are readable."""
    executable = Path(sys.executable)
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    paths = [Path(p) for p in prefixes] + [_install_prefix(executable.resolve())]
    return Interpreter(executable, _outside(_minimal(paths), root), "myagent")


def interpreter_at(path: Path, origin: str, root: Path | None = None) -> Interpreter:
    """The interpreter at `path`, with the paths it needs read from `pyvenv.cfg`.

    `pyvenv.cfg` and the interpreter's symlinks belong to the project, so a path is
    only made readable if it looks like a Python installation (it has
    `lib/python3*` or `lib/pypy*`): a crafted venv cannot get, say, `/root` bound
    into the sandbox."""
    paths: list[Path] = []
    venv = path.parent.parent
    config = venv / "pyvenv.cfg"
    if config.is_file():
        paths.append(venv)
        home = _pyvenv_home(config.read_text(encoding="utf-8", errors="replace"))
        if home is not None:
            paths.append(home.resolve().parent)
    if path.exists():
        paths.append(_install_prefix(path.resolve()))
    safe = [p for p in paths if is_python_prefix(p)]
    return Interpreter(path, _outside(_minimal(safe), root), origin)


def is_python_prefix(path: Path) -> bool:
    """True when `path` holds a Python installation or virtualenv (`lib/python3*`)."""
    lib = path / "lib"
    if not lib.is_dir():
        return False
    return any(lib.glob("python3*")) or any(lib.glob("pypy*"))


def _project_interpreter(root: Path, project: ProjectConfig, own: Interpreter) -> Interpreter:
    if project.python:
        configured = Path(project.python).expanduser()
        return interpreter_at(configured if configured.is_absolute() else root / configured,
                              "config", root)  # fmt: skip
    venv_python = root / ".venv" / "bin" / "python"
    if venv_python.exists():
        return interpreter_at(venv_python, "project venv", root)
    return own


def _pyvenv_home(text: str) -> Path | None:
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home" and value.strip():
            return Path(value.strip())
    return None


def _install_prefix(python: Path) -> Path:
    """`/opt/py/bin/python3` -> `/opt/py` (the folder holding bin/ and lib/)."""
    return python.parent.parent


def _minimal(paths: Iterable[Path]) -> tuple[Path, ...]:
    """Absolute, resolved, de-duplicated paths, dropping those inside another one."""
    unique: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if resolved == Path(resolved.anchor) or resolved in unique:
            continue
        unique.append(resolved)
    return tuple(p for p in unique if not any(p != q and p.is_relative_to(q) for q in unique))


def _outside(paths: tuple[Path, ...], root: Path | None) -> tuple[Path, ...]:
    if root is None:
        return paths
    return tuple(p for p in paths if not p.is_relative_to(root.resolve()))


def _has_python(folder: Path) -> bool:
    return next(iter(folder.rglob("*.py")), None) is not None


def _is_test_file(name: str) -> bool:
    return name.startswith("test_") or name.endswith("_test.py")


def _is_source_dir(path: Path) -> bool:
    name = path.name
    return (
        path.is_dir()
        and not name.startswith((".", "_"))
        and name not in _NOT_SOURCE_DIRS
        and not name.startswith("test")
        and not name.endswith(".egg-info")
    )


def _is_source_module(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and path.suffix == ".py"
        and name not in _NOT_SOURCE_FILES
        and not _is_test_file(name)
    )


def _source(root: Path, project: ProjectConfig) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Source paths and the folders they are imported from."""
    if project.source:
        source = tuple(_relative(root, s) for s in project.source)
        return source, tuple(dict.fromkeys(_import_root(root, s) for s in source))
    src = root / "src"
    if src.is_dir():
        found = sorted(
            f"src/{p.name}"
            for p in src.iterdir()
            if (_is_source_dir(p) and _has_python(p)) or _is_source_module(p)
        )
        if found:
            return tuple(found), ("src",)
    found = sorted(
        p.name
        for p in root.iterdir()
        if (_is_source_dir(p) and (p / "__init__.py").is_file()) or _is_source_module(p)
    )
    return tuple(found), (".",)


def _import_root(root: Path, source: str) -> str:
    path = root / source
    if path.is_dir() and not (path / "__init__.py").is_file():
        return source  # a folder of packages, such as src/
    parent = Path(source).parent.as_posix()
    return parent or "."


def _tests(root: Path, project: ProjectConfig) -> tuple[str, ...]:
    if project.tests:
        return tuple(_relative(root, t) for t in project.tests)
    found = [d for d in _TEST_DIRS if (root / d).is_dir()]
    found += sorted(p.name for p in root.glob("*.py") if _is_test_file(p.name))
    return tuple(found)


def _relative(root: Path, path: str) -> str:
    """Normalise a configured path to a root-relative one ("./src/" -> "src")."""
    given = Path(path)
    if given.is_absolute() and given.is_relative_to(root):
        given = given.relative_to(root)
    return given.as_posix() or "."
