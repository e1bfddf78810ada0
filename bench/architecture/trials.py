"""The split codemod on every large module, each split alone, judged by the library.

Independent of the ratchet: for each module of the base tree with at least `min_lines`
lines (largest first, at most `cap`), `split_module(root, graph, module, thresholds)` is
called directly, with the subject's thresholds, as the Architect calls it for a god
module. A refusal is tallied by its kind (`refusal_kind`). A proposed split is written
alone into a fresh worktree of the base commit, and judged there:

- ruff (`--select E,F,I`, ruff's defaults) on the module before, and on the module and
  the new sibling after: the codes that grew (`checks.new_findings`);
- the library's whole test suite (`checks.run_suite`): the tests that passed on the base
  tree and no longer pass are the split's breakage.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from checks import SuiteRun, broken_tests, new_findings, ruff_codes, run_suite
from figures import git

from myagent.architecture.breaking import Fix
from myagent.architecture.findings import Findings, Thresholds, is_god
from myagent.architecture.splitting import split_module

BROKEN_SHOWN = 20  # broken tests kept per split (their count is always kept)

# refusal texts of `split_module` and `choose_group`, most specific first
_KINDS: tuple[tuple[str, str], ...] = (
    (r"package's __init__\.py", "a package's __init__.py"),
    (r"star import", "a star import"),
    (r"`global` statement", "a `global` statement"),
    (r"calls globals\(\)", "calls globals()"),
    (r"calls locals\(\) at module level", "locals() at module level"),
    (r"defines __\w+__ at module level", "a module-level __getattr__/__dir__"),
    (r"uses \S+, which stays in", "a group uses a name that stays"),
    (r"needs an import of a module that imports", "a group needs a cyclic import"),
    (r"bound twice at the top level", "a name bound twice"),
    (r"shares a line with another statement", "a statement sharing a line"),
    (r"comes before the imports", "a definition before the imports"),
    (r"only constants", "only constants can move"),
    (r"would move every function and class", "it would move everything"),
    (r"too small to move", "the movable group is too small"),
    (r"already exists", "the new module's name is taken"),
    (r"would not parse", "the split would not parse"),
    (r"cannot be read or parsed", "the module does not parse"),
)


def refusal_kind(reason: str) -> str:
    """The kind of a refusal of `split_module`, for the tally (the text itself when
    it is of no known kind)."""
    for pattern, kind in _KINDS:
        if re.search(pattern, reason):
            return kind
    return reason


@dataclass(frozen=True)
class Trial:
    """One module given to the codemod, and what came of it."""

    module: str
    path: str
    lines: int
    definitions: int
    god: bool  # a god module by the subject's thresholds
    proposed: bool
    reason: str = ""  # the refusal ("" when a split was proposed)
    kind: str = ""  # `refusal_kind(reason)`
    moved: str = ""  # "pkg.m -> pkg.m_x: a, b"
    files: dict[str, int] = field(default_factory=dict)  # path -> lines after the split
    ruff_before: dict[str, int] = field(default_factory=dict)
    ruff_after: dict[str, int] = field(default_factory=dict)
    ruff_new: dict[str, int] = field(default_factory=dict)
    suite: str = ""  # the suite's status on the split tree
    passed: int = 0
    failed: int = 0
    broken: int = 0  # tests passing on the base tree that do not pass after
    broken_tests: dict[str, str] = field(default_factory=dict)  # up to BROKEN_SHOWN: message
    seconds: float = 0.0  # the suite on the split tree

    @property
    def safe(self) -> bool:
        """Proposed, the suite ran, nothing broke and ruff found nothing new."""
        return self.proposed and self.suite == "ok" and not self.broken and not self.ruff_new


def large_modules(findings: Findings, min_lines: int, cap: int) -> list[str]:
    """The modules with at least `min_lines` lines, largest first (then by name), at
    most `cap`."""
    infos = [i for i in findings.graph.modules.values() if i.lines >= min_lines]
    infos.sort(key=lambda i: (-i.lines, i.name))
    return [i.name for i in infos[:cap]]


def tally(trials: Sequence[Trial]) -> dict[str, object]:
    """The figures of a subject's trials: proposed, refused by kind, safe, broken."""
    proposed = [t for t in trials if t.proposed]
    return {
        "modules": len(trials),
        "proposed": len(proposed),
        "refused": len(trials) - len(proposed),
        "refusals": dict(Counter(t.kind for t in trials if not t.proposed).most_common()),
        "suite_ok": sum(t.suite == "ok" and not t.broken for t in proposed),
        "broke_tests": sum(t.broken > 0 or t.suite != "ok" for t in proposed),
        "ruff_new": sum(bool(t.ruff_new) for t in proposed),
        "safe": sum(t.safe for t in proposed),
    }


class Trials:
    """The trials of one subject: `base` checked out in `base_tree`, its suite run
    there (`baseline`), fresh worktrees of the project under `scratch`."""

    def __init__(
        self,
        project: Path,
        base: str,
        base_tree: Path,
        baseline: SuiteRun,
        import_root: str,
        scratch: Path,
        timeout_s: float,
    ) -> None:
        self.project, self.base, self.base_tree = project, base, base_tree
        self.baseline, self.import_root = baseline, import_root
        self.scratch, self.timeout_s = scratch, timeout_s

    def run(
        self,
        findings: Findings,
        modules: Sequence[str],
        thresholds: Thresholds,
        say: Callable[[str], None],
    ) -> list[Trial]:
        out = []
        for module in modules:
            trial = self.one(findings, module, thresholds)
            out.append(trial)
            say(f"    {_line(trial)}")
        return out

    def one(self, findings: Findings, module: str, thresholds: Thresholds) -> Trial:
        info = findings.graph.modules[module]
        god = any(c.module == module and is_god(c, thresholds) for c in findings.god_modules)
        head = Trial(module, info.path, info.lines, info.definitions, god, proposed=False)
        fix = split_module(self.base_tree, findings.graph, module, thresholds)
        if isinstance(fix, str):
            return replace(head, reason=fix, kind=refusal_kind(fix))
        return self._judge(head, fix)

    def _judge(self, head: Trial, fix: Fix) -> Trial:
        tree = self.scratch / head.module
        if tree.exists():
            shutil.rmtree(tree)
        git(self.project, "worktree", "add", "-q", "--detach", str(tree), self.base)
        try:
            before = ruff_codes(tree, [head.path])
            for path, text in fix.files.items():
                (tree / path).write_text(text, encoding="utf-8")
            after = ruff_codes(tree, sorted(fix.files))
            suite = run_suite(tree, self.import_root, self.timeout_s)
        finally:
            git(self.project, "worktree", "remove", "--force", str(tree))
        broken = broken_tests(self.baseline.outcomes, suite.outcomes)
        shown = {t: suite.messages.get(t, "") for t in broken[:BROKEN_SHOWN]}
        return replace(
            head,
            proposed=True,
            moved="; ".join(fix.moved),
            files={p: len(t.splitlines()) for p, t in sorted(fix.files.items())},
            ruff_before=dict(before),
            ruff_after=dict(after),
            ruff_new=new_findings(before, after),
            suite=suite.status,
            passed=suite.passed,
            failed=suite.failed,
            broken=len(broken),
            broken_tests=shown,
            seconds=suite.seconds,
        )


def _line(t: Trial) -> str:
    if not t.proposed:
        return f"{t.module}: refused ({t.kind})"
    ruff = ", ".join(f"{c} +{n}" for c, n in t.ruff_new.items()) or "no new ruff finding"
    return (
        f"{t.module}: split ({t.moved[:80]}); suite {t.suite}, {t.broken} broken; {ruff}; "
        f"{t.seconds:.0f} s"
    )
