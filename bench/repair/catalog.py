"""The repair corpus on disk: each bug's files, its `bug.toml`, and the one-statement diff.

    bench/repair/corpus/<bug-id>/    (or bench/repair/holdout/<bug-id>/, the held-out set)
        bug.toml                 id, defect_class, description, file, line, kind
        buggy/                   the project MyAgent gets (src/, tests/, myagent.toml, pyproject.toml)
        reference/<file>         the fixed module(s), same relative paths as in buggy/
        hidden_tests/test_hidden.py   behavioural tests the agent never sees

Standard library only, no subprocess: the unit test `tests/unit/bench/test_repair_corpus.py`
imports this module to check the corpus.
"""

from __future__ import annotations

import ast
import copy
import difflib
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

CORPUS = Path(__file__).resolve().parent / "corpus"
# Bugs written blind to MyAgent's fix templates, to measure how its repairs generalise.
HOLDOUT = Path(__file__).resolve().parent / "holdout"

DefectClass = Literal[
    "operator",  # wrong arithmetic, comparison or boolean operator
    "off-by-one",  # in an index, a range or a bound
    "condition",  # negated, missing or too weak condition
    "swapped-arguments",
    "wrong-variable",  # another variable of the same scope
    "wrong-constant",  # wrong constant or literal
    "wrong-return",  # wrong return value
    "missing-guard",  # missing None/empty guard
    "wrong-method",  # wrong method of the same object (append/extend, keys/values/items)
    "int-float-division",
    "missing-mirror",  # a missing statement that should mirror a nearby one
    "missing-loop-update",  # a missing increment or update in a loop
]
Kind = Literal["wrong-result", "hang", "crash"]
DEFECT_CLASSES: tuple[str, ...] = get_args(DefectClass)
KINDS: tuple[str, ...] = get_args(Kind)
BUG_FIELDS = ("id", "defect_class", "description", "file", "line", "kind")
HIDDEN_TEST = Path("hidden_tests") / "test_hidden.py"


@dataclass(frozen=True)
class Minimums:
    """What a set of bugs as a whole must hold."""

    bugs: int
    per_class: int
    hang: int
    crash: int


# The corpus (the Debugger issue, part 6), and the smaller held-out set.
CORPUS_MINIMUMS = Minimums(bugs=40, per_class=3, hang=4, crash=6)
HOLDOUT_MINIMUMS = Minimums(bugs=24, per_class=2, hang=3, crash=4)
# What each bug must hold: a small module, and tests that fail on the bug and pass elsewhere.
MIN_MODULE_LINES, MAX_MODULE_LINES, MIN_VISIBLE_TESTS = 15, 60, 3


class CorpusError(Exception):
    """A bug directory that does not follow the corpus format."""


@dataclass(frozen=True)
class Bug:
    id: str
    defect_class: DefectClass
    description: str
    file: str  # the buggy module, relative to buggy/ (e.g. src/pricing/discount.py)
    line: int  # the buggy line; for a missing statement, the line it belongs before
    kind: Kind
    root: Path  # corpus/<id>

    @property
    def buggy(self) -> Path:
        return self.root / "buggy"

    @property
    def reference(self) -> Path:
        return self.root / "reference"

    @property
    def hidden_test(self) -> Path:
        return self.root / HIDDEN_TEST

    def reference_files(self) -> list[str]:
        """The fixed files, relative to reference/ (and to buggy/)."""
        found = (p for p in self.reference.rglob("*") if p.is_file())
        return sorted(p.relative_to(self.reference).as_posix() for p in found)


def load_bug(root: Path) -> Bug:
    """Read `root/bug.toml`; raises CorpusError naming the bad field."""
    try:
        data = tomllib.loads((root / "bug.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{root.name}: bug.toml: {exc}") from exc
    missing = [name for name in BUG_FIELDS if name not in data]
    extra = sorted(set(data) - set(BUG_FIELDS))
    if missing or extra:
        raise CorpusError(f"{root.name}: bug.toml: missing {missing}, unknown {extra}")
    if data["id"] != root.name:
        raise CorpusError(f"{root.name}: bug.toml id {data['id']!r} is not the folder name")
    if data["defect_class"] not in DEFECT_CLASSES:
        raise CorpusError(f"{root.name}: unknown defect_class {data['defect_class']!r}")
    if data["kind"] not in KINDS:
        raise CorpusError(f"{root.name}: unknown kind {data['kind']!r}")
    if not isinstance(data["line"], int) or data["line"] < 1:
        raise CorpusError(f"{root.name}: line must be a positive integer")
    for name in ("description", "file"):
        if not isinstance(data[name], str) or not data[name].strip():
            raise CorpusError(f"{root.name}: {name} must be a non-empty string")
    return Bug(
        id=data["id"],
        defect_class=data["defect_class"],
        description=data["description"],
        file=data["file"],
        line=data["line"],
        kind=data["kind"],
        root=root,
    )


def load_corpus(corpus: Path = CORPUS) -> list[Bug]:
    """Every bug under `corpus`, sorted by id."""
    return [load_bug(d) for d in sorted(corpus.iterdir()) if d.is_dir()]


def minimums_for(corpus: Path) -> Minimums:
    """The corpus's minimums for `CORPUS`, the held-out set's for any other folder."""
    return CORPUS_MINIMUMS if corpus.resolve() == CORPUS else HOLDOUT_MINIMUMS


# -- the one-statement diff -------------------------------------------------------------

_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _header(node: ast.AST) -> str:
    """The statement without its nested statement lists (an `if`'s test, not its body)."""
    bare = copy.copy(node)
    for name in _BODIES:
        if hasattr(bare, name):
            setattr(bare, name, [])
    return ast.dump(bare)


def _children(node: ast.AST) -> list[list[ast.AST]]:
    return [list(getattr(node, name, None) or []) for name in _BODIES]


def _count(a: Sequence[ast.AST], b: Sequence[ast.AST]) -> int:
    """How many statements differ between two statement lists (recursively).

    An inserted or deleted statement counts once, with whatever it nests (a missing
    `if x is None: return 0` is one statement); a changed compound statement counts its
    header once, plus the differences in its bodies.
    """
    matcher = difflib.SequenceMatcher(
        a=[ast.dump(s) for s in a], b=[ast.dump(s) for s in b], autojunk=False
    )
    changed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1:
            changed += max(i2 - i1, j2 - j1)
            continue
        for old, new in zip(a[i1:i2], b[j1:j2], strict=True):
            if type(old) is not type(new):
                changed += 1
                continue
            changed += int(_header(old) != _header(new))
            for old_body, new_body in zip(_children(old), _children(new), strict=True):
                changed += _count(old_body, new_body)
    return changed


def changed_statements(buggy_source: str, fixed_source: str) -> int:
    """The number of statements that differ between two versions of a module."""
    return _count(ast.parse(buggy_source).body, ast.parse(fixed_source).body)


def changed_lines(buggy_source: str, fixed_source: str) -> list[tuple[int, int, int, int]]:
    """The differing line ranges (0-based, buggy i1:i2 against fixed j1:j2)."""
    matcher = difflib.SequenceMatcher(
        a=buggy_source.splitlines(), b=fixed_source.splitlines(), autojunk=False
    )
    return [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def diff_problems(bug: Bug) -> list[str]:
    """What is wrong with the buggy/reference pair (empty when it is one statement at `line`)."""
    files = bug.reference_files()
    if files != [bug.file]:
        return [f"reference/ holds {files}, expected exactly [{bug.file!r}]"]
    buggy_path = bug.buggy / bug.file
    if not buggy_path.is_file():
        return [f"buggy/{bug.file} does not exist"]
    buggy = buggy_path.read_text(encoding="utf-8")
    fixed = (bug.reference / bug.file).read_text(encoding="utf-8")
    problems = []
    statements = changed_statements(buggy, fixed)
    if statements != 1:
        problems.append(f"{statements} statements differ, expected exactly 1")
    hunks = changed_lines(buggy, fixed)
    if len(hunks) != 1:
        problems.append(f"{len(hunks)} changed line ranges, expected 1")
    elif hunks[0][0] + 1 != bug.line:
        problems.append(f"bug.toml says line {bug.line}, the change is at line {hunks[0][0] + 1}")
    return problems


def layout_problems(bug: Bug) -> list[str]:
    """Files a bug directory must have, and the gates and budget its myagent.toml must set."""
    required = [
        bug.buggy / "myagent.toml",
        bug.buggy / "pyproject.toml",
        bug.buggy / bug.file,
        bug.hidden_test,
    ]
    problems = [f"missing {p.relative_to(bug.root)}" for p in required if not p.is_file()]
    module = Path(bug.file)
    test = bug.buggy / "tests" / f"test_{module.stem}.py"
    if module.parts[0] != "src" or len(module.parts) != 3:
        problems.append(f"file {bug.file} is not src/<pkg>/<module>.py")
    if not test.is_file():
        problems.append(f"missing {test.relative_to(bug.root)}")
    if problems:
        return problems
    config = tomllib.loads((bug.buggy / "myagent.toml").read_text(encoding="utf-8"))
    if config.get("gates") != {"tests_pass_rate": 1.0}:
        problems.append(f"gates are {config.get('gates')}, expected tests_pass_rate = 1.0 only")
    budget = config.get("budget", {})
    expected_budget = {"max_iterations": 3, "stall_iterations": 1, "max_minutes": 3}
    if {k: budget.get(k) for k in expected_budget} != expected_budget:
        problems.append(f"budget is {budget}, expected {expected_budget}")
    if config.get("project", {}).get("source") != ["src"]:
        problems.append('[project] source must be ["src"]')
    pyproject = tomllib.loads((bug.buggy / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = pyproject.get("tool", {}).get("pytest", {}).get("ini_options", {})
    if pytest_options.get("pythonpath") != ["src"]:
        problems.append('pyproject.toml lacks [tool.pytest.ini_options] pythonpath = ["src"]')
    package = module.parts[1]
    hidden = bug.hidden_test.read_text(encoding="utf-8")
    if f"{package}.{module.stem}" not in hidden:
        problems.append(f"hidden tests do not import {package}.{module.stem}")
    lines = len((bug.buggy / bug.file).read_text(encoding="utf-8").splitlines())
    if not MIN_MODULE_LINES <= lines <= MAX_MODULE_LINES:
        problems.append(
            f"{bug.file} has {lines} lines, expected {MIN_MODULE_LINES}-{MAX_MODULE_LINES}"
        )
    if _test_functions(test.read_text(encoding="utf-8")) < MIN_VISIBLE_TESTS:
        problems.append(
            f"fewer than {MIN_VISIBLE_TESTS} visible tests (one failing, the rest passing)"
        )
    if _test_functions(hidden) < 1:
        problems.append("no hidden test")
    return problems


def _test_functions(source: str) -> int:
    tree = ast.parse(source)
    return sum(isinstance(n, ast.FunctionDef) and n.name.startswith("test") for n in tree.body)


def corpus_problems(bugs: Sequence[Bug], minimums: Minimums = CORPUS_MINIMUMS) -> list[str]:
    """The corpus as a whole: size, every class covered, enough hangs and crashes."""
    problems = []
    per_class: Counter[str] = Counter(b.defect_class for b in bugs)
    kinds: Counter[str] = Counter(b.kind for b in bugs)
    if len(bugs) < minimums.bugs:
        problems.append(f"{len(bugs)} bugs, expected at least {minimums.bugs}")
    for name in DEFECT_CLASSES:
        if per_class[name] < minimums.per_class:
            problems.append(
                f"{per_class[name]} bugs of class {name}, expected {minimums.per_class}"
            )
    if kinds["hang"] < minimums.hang:
        problems.append(f"{kinds['hang']} hanging bugs, expected at least {minimums.hang}")
    if kinds["crash"] < minimums.crash:
        problems.append(f"{kinds['crash']} crashing bugs, expected at least {minimums.crash}")
    return problems
