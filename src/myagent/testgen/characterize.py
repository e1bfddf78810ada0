"""Characterization tests: pin down what a function does today.

`characterize(ctx, layout, gap)` takes one `FunctionGap` and:

1. plans calls from the function's signature (`plan`, `inputs`): boundary values,
   constants it compares with, seeded random values, at most `max_calls`;
2. runs them in the sandbox with the project's interpreter (`observe`): each call's
   result or exception, and the lines it ran, keeping only what four runs agree on;
3. keeps, per behaviour, the calls that cover gap lines or branches first (at most
   `max_per_test` per test; a result only known by its type is kept only if it adds
   coverage), and renders them as a pytest file (`render`).

It returns a `GeneratedTest` (or a `NoTest` with the reason): the file's text, where
to put it (`path_hint`: in the project's first test folder, `test_<module>_<function>
_characterization.py`, with a number added if that file exists), and the gap lines and
branches the kept calls ran (`covered_lines_expected`, `covered_branches_expected`:
measured by the harness's tracer, a hint; the Tester measures real coverage). It does
not write the file or judge the tests: the Tester runs them three times, times them
and checks the coverage they add.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from myagent.quality.execution import ToolContext
from myagent.quality.layout import Interpreter, ProjectLayout
from myagent.quality.pytest_interpreter import choose_interpreter
from myagent.testgen.gaps import Arc, FunctionGap
from myagent.testgen.hints import HintReader
from myagent.testgen.observe import Described, Observation, ObserveRequest, observe
from myagent.testgen.plan import plan_calls
from myagent.testgen.render import MAX_PER_TEST, behaviour, function_stem, render_tests
from myagent.testgen.sources import ProjectIndex
from myagent.testgen.units import MODULE, units_in


@dataclass(frozen=True)
class GeneratedTest:
    """A characterization test file for one function (see the module docstring)."""

    path_hint: str  # workspace-relative
    source: str
    tests: int  # test functions in `source`
    calls: int  # calls asserted
    covered_lines_expected: tuple[int, ...]
    covered_branches_expected: tuple[Arc, ...]
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> calls not kept
    notes: tuple[str, ...] = ()
    duration_s: float = 0.0


@dataclass(frozen=True)
class NoTest:
    """Why no characterization test was written for a gap."""

    reason: str
    duration_s: float = 0.0


def characterize(
    ctx: ToolContext,
    layout: ProjectLayout,
    gap: FunctionGap,
    *,
    python: Interpreter | None = None,
    max_calls: int = 20,
    max_per_test: int = MAX_PER_TEST,
    seed: int = 0,
    call_timeout_s: float = 0.5,
    slow_call_s: float = 0.1,
    timeout_s: float = 120.0,
) -> GeneratedTest | NoTest:
    """Characterization tests for `gap` (see the module docstring). `ctx` runs in
    `layout.root`; `python` defaults to the interpreter the tests run with
    (`choose_interpreter`, probed in the sandbox: pass it when calling this often).
    A call that runs past `call_timeout_s` is stopped and dropped ("timeout"); one
    that takes over `slow_call_s` is dropped too ("slow"), so that a test of
    `max_per_test` calls stays well under a second."""
    started = time.monotonic()

    def no(reason: str) -> NoTest:
        return NoTest(reason, round(time.monotonic() - started, 3))

    if gap.qualname == MODULE:
        return no("module-level code: importing the module runs it")
    index = ProjectIndex(layout.root, layout.import_roots)
    module = index.module_at(gap.path)
    if module is None:
        return no(f"{gap.path} is not an importable module of the project")
    unit = next((u for u in units_in(module.tree) if u.qualname == gap.qualname), None)
    if unit is None:
        return no(f"{gap.qualname} is not a function or method of {gap.path}")
    plan = plan_calls(unit, module, HintReader(index), max_calls=max_calls, seed=seed)
    if plan.reason:
        return no(plan.reason)
    if python is None:
        python, note = choose_interpreter(ctx, layout)
        if python is None:
            return no(note)
    request = ObserveRequest(
        setup=plan.imports, calls=plan.calls, target=layout.root / gap.path,
        import_roots=tuple(layout.root / r for r in layout.import_roots),
        call_timeout_s=call_timeout_s, timeout_s=timeout_s,
    )  # fmt: skip
    result = observe(ctx, python, request)
    if result.error:
        return no(result.error)
    fast = tuple(o for o in result.observations if o.seconds <= slow_call_s)
    kept = select(fast, gap, max_per_test)
    if not kept:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(result.dropped.items()))
        return no(f"no call gave a result worth asserting ({why or 'none kept'})")
    source = render_tests(module.name, gap.qualname, kept, imports=plan.imports,
                          first_party=first_party(layout))  # fmt: skip
    lines = set().union(*(o.lines for o in kept)) & set(gap.uncovered_lines)
    arcs = set().union(*(o.arcs for o in kept)) & set(gap.missing_branches)
    dropped = dict(result.dropped)
    if len(fast) < len(result.observations):
        dropped["slow"] = len(result.observations) - len(fast)
    if len(kept) < len(fast):
        dropped["redundant"] = len(fast) - len(kept)
    return GeneratedTest(
        path_hint=characterization_path(layout, module.name, gap.qualname),
        source=source,
        tests=source.count("\ndef test_"),
        calls=len(kept),
        covered_lines_expected=tuple(sorted(lines)),
        covered_branches_expected=tuple(sorted(arcs)),
        dropped=dropped,
        notes=plan.notes,
        duration_s=round(time.monotonic() - started, 3),
    )


def first_party(layout: ProjectLayout) -> set[str]:
    """The project's top-level module and package names (under its import roots)."""
    names: set[str] = set()
    for root in layout.import_roots:
        folder = layout.root / root
        if folder.is_dir():
            names.update(p.name.removesuffix(".py") for p in folder.iterdir()
                         if p.suffix == ".py" or (p / "__init__.py").is_file())  # fmt: skip
    return names


def select(
    observations: tuple[Observation, ...], gap: FunctionGap, max_per_test: int
) -> list[Observation]:
    """The observations worth asserting, those that add gap coverage first, at most
    `max_per_test` per behaviour; a result known only by its type must add coverage."""
    wanted: set[object] = {("line", n) for n in gap.uncovered_lines}
    wanted |= {("arc", a) for a in gap.missing_branches}

    def gain(o: Observation) -> set[object]:
        ran: set[object] = {("line", n) for n in o.lines}
        return (ran | {("arc", a) for a in o.arcs}) & wanted

    order: list[Observation] = []
    left = list(observations)
    seen: set[object] = set()
    while left:
        best = max(left, key=lambda o: len(gain(o) - seen))
        if not gain(best) - seen:
            break
        order.append(best)
        seen |= gain(best)
        left.remove(best)
    order += [o for o in left if not _weak(o)]
    per_behaviour: dict[tuple[str, str], int] = {}
    kept = []
    for observation in order:
        key = behaviour(observation)
        if per_behaviour.get(key, 0) < max_per_test:
            per_behaviour[key] = per_behaviour.get(key, 0) + 1
            kept.append(observation)
    position = {id(o): i for i, o in enumerate(observations)}
    return sorted(kept, key=lambda o: position[id(o)])  # in the order planned


def _weak(observation: Observation) -> bool:
    outcome = observation.outcome
    return isinstance(outcome, Described) and outcome.length is None and not outcome.attributes


def characterization_path(layout: ProjectLayout, module: str, qualname: str) -> str:
    """Where the test file goes: the project's first test folder (else `tests/`),
    `test_<module>_<function>_characterization.py`, numbered if it exists."""
    folders = [d for d in layout.test_dirs if (layout.root / d).is_dir()]
    folder = folders[0] if folders else "tests"
    last = module.rsplit(".", 1)[-1]
    stem = function_stem(qualname)
    name = stem if stem == last or stem.startswith(f"{last}_") else f"{last}_{stem}"
    path = f"{folder}/test_{name}_characterization.py"
    n = 2
    while (layout.root / path).exists():
        path, n = f"{folder}/test_{name}_characterization_{n}.py", n + 1
    return path
