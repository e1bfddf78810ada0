"""What the Coder works on: one `Job` per unit of work, derived from a task.

* `implement_stub`: one unfinished function (`report.stubs`, or the task's targets
  "path:line:qualname"); done when the `stubs` count falls.
* `implement_requirement`: the first open requirement of `requirements.md` / `--goal`;
  the candidate adds code and tests, and ticks the item.
* `refactor`: the most complex function above the `max_complexity` target; split it
  without changing behaviour.
* `fix_types`: the mypy errors of one file; `fix_security`: its high-severity bandit
  findings.

Each job names the files to show whole, the identifiers to focus the repository map
on, the function it is about (when it is one: the "rewrite" strategy needs it) and the
tests that check it (`checks`), chosen from the last report: the failing tests whose
traceback passes through the file, and the passing tests that execute it.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from myagent.protocol import LintIssue, QualityReport, Task, TestStatus
from myagent.quality.requirements import Requirement, read_requirements

STUB_TASK = "implement_stub"
REQUIREMENT_TASK = "implement_requirement"
REFACTOR_TASK = "refactor"
TYPES_TASK = "fix_types"
SECURITY_TASK = "fix_security"
LLM_TASKS = (STUB_TASK, REQUIREMENT_TASK, REFACTOR_TASK, TYPES_TASK, SECURITY_TASK)

_CODE_SPAN = re.compile(r"`([^`]+)`")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_CAMEL = re.compile(r"[A-Z][a-z0-9]+[A-Z]")


@dataclass(frozen=True)
class Job:
    key: str  # stable identity across attempts ("stub:calc.py:mean")
    kind: str
    instruction: str
    files: tuple[str, ...]
    names: tuple[str, ...] = ()
    function: tuple[str, str] | None = None  # (path, qualname) for one-function jobs
    requirement: Requirement | None = None
    failing: tuple[str, ...] = ()  # tests failing now that the job should make pass
    covering: tuple[str, ...] = ()  # tests passing now that must keep passing
    notes: tuple[str, ...] = field(default_factory=tuple)


def _tests_for(
    report: QualityReport, path: str, lines: range | None
) -> tuple[list[str], list[str]]:
    failing = [
        t.nodeid
        for t in report.tests
        if t.status in (TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT)
        and any(f.split(":", 1)[0] == path for f in t.frames)
    ]
    passed = {t.nodeid for t in report.tests if t.status == TestStatus.PASSED}
    covering: set[str] = set()
    if report.coverage is not None:
        for where, nodeids in report.coverage.covered_by.items():
            file, _, line = where.rpartition(":")
            if file == path and (lines is None or (line.isdigit() and int(line) in lines)):
                covering.update(n for n in nodeids if n in passed)
    return failing, sorted(covering)


def _function_lines(workspace: Path, path: str, qualname: str) -> range | None:
    from myagent.agents.coder.splice import find_function

    target = workspace / path
    if not target.is_file():
        return None
    site = find_function(target.read_text(encoding="utf-8"), qualname)
    return None if site is None else range(site.start, site.end + 1)


def _stub_jobs(task: Task, report: QualityReport, workspace: Path) -> list[Job]:
    targets = list(task.targets) or [f"{s.path}:{s.line}:{s.message}" for s in report.stubs]
    jobs = []
    for target in targets:
        path, _, rest = target.partition(":")
        _, _, qualname = rest.partition(":")
        if not qualname:
            continue
        failing, covering = _tests_for(report, path, _function_lines(workspace, path, qualname))
        jobs.append(
            Job(
                key=f"stub:{path}:{qualname}",
                kind=STUB_TASK,
                instruction=(
                    f"Implement `{qualname}` in {path}. Its body is a placeholder; write the "
                    "real implementation its name, signature, docstring and callers ask for. "
                    "Keep its signature and docstring."
                ),
                files=(path,),
                names=(qualname.rsplit(".", 1)[-1],),
                function=(path, qualname),
                failing=tuple(failing),
                covering=tuple(covering),
            )
        )
    return jobs


def _refactor_jobs(report: QualityReport, target: float, workspace: Path) -> list[Job]:
    jobs = []
    for where, value in sorted(report.complexity.items(), key=lambda kv: -kv[1]):
        if value <= target:
            break
        path, _, qualname = where.partition(":")
        _, covering = _tests_for(report, path, _function_lines(workspace, path, qualname))
        jobs.append(
            Job(
                key=f"refactor:{where}",
                kind=REFACTOR_TASK,
                instruction=(
                    f"`{qualname}` in {path} has cyclomatic complexity {value}; the limit is "
                    f"{target:g}. Split it into smaller helper functions (defined in the same "
                    "file, next to it) so that no function exceeds the limit. Behaviour must "
                    "not change: same results, same exceptions, same signature."
                ),
                files=(path,),
                names=(qualname.rsplit(".", 1)[-1],),
                function=(path, qualname),
                covering=tuple(covering),
            )
        )
    return jobs


def _finding_jobs(kind: str, issues: list[LintIssue], report: QualityReport) -> list[Job]:
    """One job per file: fix its type errors, or its high-severity security findings."""
    by_file: dict[str, list[str]] = {}
    for issue in issues:
        by_file.setdefault(issue.path, []).append(
            f"{issue.path}:{issue.line}: {issue.code} {issue.message}".replace("  ", " ")
        )
    what = {
        TYPES_TASK: (
            "types",
            "Fix these mypy errors in {path} without changing behaviour (add or correct "
            "annotations, narrow types; no `# type: ignore`)",
        ),
        SECURITY_TASK: (
            "security",
            "Fix these high-severity security findings (bandit) in {path} without changing "
            "what the code does for valid input (no `# nosec`)",
        ),
    }
    prefix, text = what[kind]
    jobs = []
    for path, found in sorted(by_file.items(), key=lambda kv: -len(kv[1])):
        _, covering = _tests_for(report, path, None)  # tests failing now may stay failing
        listed = "\n".join(found[:20])
        jobs.append(
            Job(
                key=f"{prefix}:{path}",
                kind=kind,
                instruction=f"{text.format(path=path)}:\n{listed}",
                files=(path,),
                covering=tuple(covering),
            )
        )
    return jobs


def requirement_names(text: str) -> tuple[str, ...]:
    """Identifiers a requirement mentions: inside `code spans`, and snake_case or
    CamelCase words in the prose."""
    found = [n for span in _CODE_SPAN.findall(text) for n in _WORD.findall(span)]
    prose = _CODE_SPAN.sub(" ", text)
    found += [w for w in _WORD.findall(prose) if "_" in w.strip("_") or _CAMEL.match(w)]
    names: list[str] = []
    for name in found:
        if name not in names and not keyword.iskeyword(name) and not hasattr(builtins, name):
            names.append(name)
    return tuple(names[:8])


def _requirement_jobs(workspace: Path, file: str, goal: str) -> list[Job]:
    jobs = []
    for requirement in read_requirements(workspace, file, goal):
        if requirement.done:
            continue
        context = f" (section: {requirement.context})" if requirement.context else ""
        jobs.append(
            Job(
                key=f"requirement:{requirement.key}",
                kind=REQUIREMENT_TASK,
                instruction=(
                    f"Implement this requirement{context}:\n{requirement.text}\n\n"
                    "Change or add source files as needed, and add pytest tests for the new "
                    "behaviour in a new test file under the tests folder. Do not edit or "
                    "delete existing tests."
                ),
                files=(),
                names=requirement_names(requirement.text),
                requirement=requirement,
            )
        )
    return jobs


def jobs_for(
    task: Task,
    report: QualityReport,
    workspace: Path,
    *,
    complexity_target: float = 15,
    requirements_file: str = "requirements.md",
    goal: str = "",
    skip: Collection[str] = (),
) -> list[Job]:
    """The jobs of `task`, most useful first, without those in `skip` (given up)."""
    if task.kind == STUB_TASK:
        jobs = _stub_jobs(task, report, workspace)
    elif task.kind == REFACTOR_TASK:
        jobs = _refactor_jobs(report, complexity_target, workspace)
    elif task.kind == TYPES_TASK:
        jobs = _finding_jobs(TYPES_TASK, list(report.type_errors), report)
    elif task.kind == SECURITY_TASK:
        high = [s for s in report.security if s.code.upper() == "HIGH"]
        jobs = _finding_jobs(SECURITY_TASK, high, report)
    elif task.kind == REQUIREMENT_TASK:
        jobs = _requirement_jobs(workspace, requirements_file, goal)
    else:
        jobs = []
    return [j for j in jobs if j.key not in skip]
