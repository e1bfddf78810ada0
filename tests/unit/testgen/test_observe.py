"""Observing planned calls through a fake sandbox runner: what two processes agree on
is kept, the rest is dropped with a reason; a crash resumes after the crashing call."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from myagent.quality.execution import ToolContext
from myagent.quality.layout import Interpreter
from myagent.sandbox.runner import SandboxResult
from myagent.testgen.observe import (
    HASH_SEEDS,
    Described,
    ObserveRequest,
    PlannedCall,
    Raised,
    Returned,
    observe,
)

Script = Callable[[dict[str, Any], str], list[dict[str, Any]]]


class FakeRunner:
    """Plays the harness: `script(job, hash_seed)` gives the events it writes."""

    isolated = True

    def __init__(self, script: Script) -> None:
        self.script = script
        self.jobs: list[dict[str, Any]] = []
        self.envs: list[dict[str, str]] = []
        self.writable: list[Path] = []

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
        job = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        self.jobs.append(job)
        self.envs.append(dict(env or {}))
        self.writable.extend(writable)
        assert Path(argv[1]).name == "harness.py" and Path(argv[1]).is_file()
        events = self.script(job, (env or {})["PYTHONHASHSEED"])
        Path(argv[3]).write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
        return SandboxResult(0, "", "", timed_out=False, duration_s=0.01, truncated=False)


def value(text: str, type_name: str = "int") -> dict[str, Any]:
    return {"kind": "value", "repr": text, "type": type_name, "approx": False, "wrap": ""}


def results(job: dict[str, Any], outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for index in range(job["start"], len(job["calls"])):
        if job["only"] is not None and index not in job["only"]:
            continue
        events.append({"event": "started", "index": index})
        events.append({"event": "result", "index": index, "outcome": outcomes[index],
                       "lines": [3, 4], "arcs": [[3, 4]]})  # fmt: skip
    return [*events, {"event": "finished"}]


CALLS = tuple(PlannedCall(f"f({n})", (str(n),)) for n in range(4))


def run(tmp_path: Path, script: Script, calls: tuple[PlannedCall, ...] = CALLS) -> Any:
    runner = FakeRunner(script)
    ctx = ToolContext(runner, tmp_path)
    python = Interpreter(Path("/usr/bin/python3"), (Path("/usr"),), "myagent")
    request = ObserveRequest(("from m import f",), calls, tmp_path / "m.py", (tmp_path / "src",))
    return runner, observe(ctx, python, request)


def test_outcomes_both_processes_agree_on_are_kept_with_the_lines_they_ran(tmp_path: Path):
    outcomes = [
        value("1"),
        {"kind": "object", "type": "Cart", "wrap": "", "len": 2, "attributes": [["owner", "'a'"]]},
        {"kind": "raises", "type": "E", "module": "m", "name": "E", "message": "bad"},
        value("0.5", "float") | {"approx": True},
    ]
    runner, found = run(tmp_path, lambda job, seed: results(job, outcomes))
    assert found.error == "" and found.dropped == {}
    assert [o.outcome for o in found.observations] == [
        Returned("1", "int"),
        Described("Cart", 2, (("owner", "'a'"),)),
        Raised("E", "m", "E", "bad"),
        Returned("0.5", "float", approx=True),
    ]
    assert found.observations[0].lines == {3, 4} and found.observations[0].arcs == {(3, 4)}
    assert [e["PYTHONHASHSEED"] for e in runner.envs] == list(HASH_SEEDS)
    assert runner.envs[0]["PYTHONPATH"] == str(tmp_path / "src")
    assert runner.jobs[0]["setup"] == ["from m import f"]
    assert runner.jobs[0]["calls"][1] == {"expression": "f(1)", "parts": ["1"]}
    assert all(not folder.exists() for folder in runner.writable)  # scratch removed


def test_what_differs_between_processes_is_dropped_as_unstable(tmp_path: Path):
    def script(job: dict[str, Any], seed: str) -> list[dict[str, Any]]:
        message = f"id {seed}"
        return results(
            job,
            [
                value("1"),
                value(seed),  # depends on the hash seed
                {
                    "kind": "raises",
                    "type": "KeyError",
                    "module": "builtins",
                    "name": "KeyError",
                    "message": message,
                },
                value("2"),
            ],
        )

    _, found = run(tmp_path, script)
    assert [o.call.expression for o in found.observations] == ["f(0)", "f(2)", "f(3)"]
    assert found.observations[1].outcome == Raised("KeyError", "builtins", "KeyError", None)
    assert found.dropped == {"unstable": 1}


@pytest.mark.parametrize("kind", ["unstable", "timeout", "bad_input"])
def test_calls_the_harness_could_not_pin_down_are_dropped_with_the_reason(
    tmp_path: Path, kind: str
):
    outcomes = [value("1"), {"kind": kind}, value("2"), value("3")]
    runner, found = run(tmp_path, lambda job, seed: results(job, outcomes))
    assert len(found.observations) == 3 and found.dropped == {kind: 1}
    assert runner.jobs[1]["only"] == [0, 2, 3]  # not waited for twice


def test_a_call_that_ends_the_process_is_dropped_and_the_rest_still_run(tmp_path: Path):
    def script(job: dict[str, Any], seed: str) -> list[dict[str, Any]]:
        events = results(job, [value(str(n)) for n in range(4)])
        if job["start"] <= 1 and (job["only"] is None or 1 in job["only"]):
            return events[:3]  # call 1 kills the process
        return events

    runner, found = run(tmp_path, script)
    # the second process does not run the call that crashed the first one
    assert [(job["start"], job["only"]) for job in runner.jobs] == [
        (0, None),
        (2, None),
        (0, [0, 2, 3]),
    ]
    assert [o.call.expression for o in found.observations] == ["f(0)", "f(2)", "f(3)"]
    assert found.dropped == {"crashed": 1}


def test_an_import_that_fails_is_an_error_not_an_observation(tmp_path: Path):
    def script(job: dict[str, Any], seed: str) -> list[dict[str, Any]]:
        return [{"event": "setup_error", "message": "ModuleNotFoundError: No module named 'm'"}]

    _, found = run(tmp_path, script)
    assert found.observations == ()
    assert found.error == "importing failed: ModuleNotFoundError: No module named 'm'"


def test_a_harness_that_never_starts_is_an_error(tmp_path: Path):
    _, found = run(tmp_path, lambda job, seed: [])
    assert found.error.startswith("the harness did not run")
