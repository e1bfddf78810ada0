"""Timing probes for the benchmarks: where the wall clock of a MyAgent run goes.

A `Recorder` collects `Span`s of three kinds:

* `tool`: one sandboxed command, timed around `SandboxRunner.run` by `TimingRunner`
  (so it includes the runner's host-side preparation and bubblewrap's start-up), named
  from its argv by `tool_name`;
* `git`: one git process, timed around `myagent.memory.git.git` (and the two helpers
  that start git themselves), named by its subcommand;
* `ledger`: one call of a `Ledger` method (a database transaction).

The probes are installed by patching, for the duration of a `with` block only:
`timed_sandbox` makes `myagent.project.open_project` build its runner (and so its
QualityMonitor) on a `TimingRunner`; `timed_git` wraps the git module's functions.
Nothing in `src/` changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

import myagent.project
from myagent.config import SandboxConfig
from myagent.memory import git as git_module
from myagent.memory.ledger import Ledger
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxResult, SandboxRunner

Kind = Literal["tool", "git", "ledger"]
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Span:
    """One timed call: `start`/`end` on the recorder's clock (seconds)."""

    kind: Kind
    name: str
    start: float
    end: float
    process_s: float = 0.0  # tools: the sandboxed process alone (SandboxResult.duration_s)

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Recorder:
    """Thread-safe list of spans (the static tools run in two threads)."""

    clock: Callable[[], float] = time.perf_counter
    spans: list[Span] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, span: Span) -> None:
        with self._lock:
            self.spans.append(span)

    def timed(self, kind: Kind, name: str, call: Callable[[], R]) -> R:
        start = self.clock()
        try:
            return call()
        finally:
            self.add(Span(kind, name, start, self.clock()))

    def between(self, start: float, end: float) -> list[Span]:
        """The spans that overlap [start, end], clipped to it."""
        with self._lock:
            spans = list(self.spans)
        return [
            Span(s.kind, s.name, max(s.start, start), min(s.end, end), s.process_s)
            for s in spans
            if s.end > start and s.start < end
        ]


# ---------------------------------------------------------------------- tools
def tool_name(argv: Sequence[str]) -> str:
    """The tool a sandboxed command runs: `pytest` (under coverage), `coverage`,
    `ruff`, `ruff-format`, `mypy`, `bandit`, `radon` for the measurement;
    `coder:ruff-fix`, `coder:ruff-format` for the Coder's mechanical fixes; `probe`
    for the test-interpreter probe; else the program's name."""
    args = list(argv[1:])
    if args[:1] == ["-c"]:
        return "probe" if "import pytest" in " ".join(args[1:2]) else Path(argv[0]).name
    if len(args) < 2 or args[0] != "-m":
        return Path(argv[0]).name if argv else "?"
    module, rest = args[1], args[2:]
    if module == "coverage":
        return "pytest" if rest[:1] == ["run"] else "coverage"
    if module == "ruff":
        sub = rest[:1]
        if sub == ["check"]:
            return "coder:ruff-fix" if "--fix" in rest else "ruff"
        if sub == ["format"]:
            return "ruff-format" if "--check" in rest else "coder:ruff-format"
    return module


class TimingRunner:
    """A `SandboxRunner` that records every command it runs, then delegates."""

    def __init__(self, inner: SandboxRunner, recorder: Recorder) -> None:
        self.inner = inner
        self.recorder = recorder

    @property
    def isolated(self) -> bool:
        return self.inner.isolated

    def run(
        self,
        argv: Sequence[str],
        *,
        workspace: Path,
        timeout_s: float,
        env: Mapping[str, str] | None = None,
        readable: Sequence[Path] = (),
        writable: Sequence[Path] = (),
    ) -> SandboxResult:
        start = self.recorder.clock()
        result: SandboxResult | None = None
        try:
            result = self.inner.run(
                argv,
                workspace=workspace,
                timeout_s=timeout_s,
                env=env,
                readable=readable,
                writable=writable,
            )
            return result
        finally:
            process = result.duration_s if result is not None else 0.0
            self.recorder.add(Span("tool", tool_name(argv), start, self.recorder.clock(), process))


@contextmanager
def timed_sandbox(recorder: Recorder) -> Iterator[None]:
    """While active, `open_project` builds its runner wrapped in a `TimingRunner`
    (the real runner is still made, and smoke-tested, by `make_runner`)."""
    namespace = vars(myagent.project)  # `make_runner` as open_project looks it up
    real = namespace["make_runner"]

    def make(config: SandboxConfig) -> SandboxRunner:
        return TimingRunner(make_runner(config), recorder)

    namespace["make_runner"] = make
    try:
        yield
    finally:
        namespace["make_runner"] = real


# ---------------------------------------------------------------------- git
def git_name(args: Sequence[str]) -> str:
    """`worktree add`, `status`, `commit`, ... (the `-c key=value` options skipped)."""
    words = list(args)
    while words[:1] == ["-c"]:
        words = words[2:]
    if not words:
        return "?"
    return " ".join(words[:2]) if words[0] == "worktree" else words[0]


@contextmanager
def timed_git(recorder: Recorder) -> Iterator[None]:
    """While active, every git process MyAgent starts is recorded. Every caller goes
    through the module's attributes (`git.git(...)`, `git.add_worktree(...)`), and the
    module's own helpers call `git()` through its globals, so patching three leaves
    catches them all."""
    real_git = git_module.git
    real_root = git_module.repo_root
    real_ancestor = git_module.is_ancestor

    def git(
        cwd: Path,
        *args: str,
        check: bool = True,
        input_text: str | None = None,
        strip: bool = True,
    ) -> str:
        return recorder.timed(
            "git",
            git_name(args),
            lambda: real_git(cwd, *args, check=check, input_text=input_text, strip=strip),
        )

    def repo_root(path: Path) -> Path:
        return recorder.timed("git", "rev-parse", lambda: real_root(path))

    def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
        return recorder.timed(
            "git", "merge-base", lambda: real_ancestor(root, ancestor, descendant)
        )

    git_module.git = git
    git_module.repo_root = repo_root
    git_module.is_ancestor = is_ancestor
    try:
        yield
    finally:
        git_module.git = real_git
        git_module.repo_root = real_root
        git_module.is_ancestor = real_ancestor


# ---------------------------------------------------------------------- ledger
def _timed_method(recorder: Recorder, name: str, method: Callable[P, R]) -> Callable[P, R]:
    @wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        return recorder.timed("ledger", name, lambda: method(*args, **kwargs))

    return call


def time_ledger(ledger: Ledger, recorder: Recorder) -> Ledger:
    """Record every public method call on this `ledger` instance (instance attributes
    shadow the class's methods; other Ledger instances are untouched)."""
    for name in dir(type(ledger)):
        if name.startswith("_"):
            continue
        method = getattr(ledger, name)
        if callable(method):
            setattr(ledger, name, _timed_method(recorder, name, method))
    return ledger


# ---------------------------------------------------------------------- arithmetic
def union_seconds(spans: Iterable[Span]) -> float:
    """Seconds covered by at least one span (concurrent spans counted once)."""
    total, end = 0.0, float("-inf")
    for span in sorted(spans, key=lambda s: s.start):
        if span.end <= end:
            continue
        total += span.end - max(span.start, end)
        end = span.end
    return total
