"""The Director on a real project: real sandbox, tools, git and ledger."""

from __future__ import annotations

import subprocess
from pathlib import Path

from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import load_settings
from myagent.director.outcome import RunStatus
from myagent.protocol import AgentMessage, FileEdit, MessageType


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_lint_fixes_land_as_checkpoints_and_the_user_branch_is_untouched(project, make_director):
    user_head = git(project, "rev-parse", "HEAD")
    bus = MessageBus()
    seen: list[AgentMessage] = []
    bus.subscribe(seen.append)
    director = make_director(project, bus=bus)

    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET
    assert outcome.accepted >= 1
    assert {g.name: g.met for g in outcome.gates} == {
        "tests_pass_rate": True,
        "lint_errors": True,
        "type_errors": True,
    }
    # the user's branch, HEAD and files are as they were
    assert git(project, "rev-parse", "HEAD") == user_head
    assert git(project, "branch", "--show-current") == "main"
    assert "import os" in (project / "calc.py").read_text()
    assert git(project, "status", "--porcelain") == ""
    # the run branch holds the fix, one commit per accepted candidate
    fixed = git(project, "show", f"{outcome.branch}:calc.py")
    assert "import os" not in fixed and "list[float]" in fixed
    commits = git(project, "rev-list", f"{user_head}..{outcome.branch}").split()
    assert len(commits) == outcome.accepted
    # the ledger tells the same story
    ledger = director.ledger
    checkpoints = ledger.checkpoints(outcome.run_id)
    assert [c.commit for c in checkpoints][::-1] == commits
    proposals = [a for a in ledger.actions(outcome.run_id) if a.action == "propose"]
    assert proposals[0].metrics_before["lint_errors"] == 3  # F401, UP035, UP006
    assert proposals[0].metrics_after["lint_errors"] == 0
    assert proposals[0].accepted is True
    milestones = {m.gate for m in ledger.milestones(outcome.run_id)}
    assert milestones == {"tests_pass_rate", "lint_errors", "type_errors"}
    run = ledger.get_run(outcome.run_id)
    assert run is not None and run.status == "gates_met" and run.head_commit == outcome.head
    # every bus message is a ledger record
    recorded = ledger.messages(outcome.run_id)
    assert len(recorded) == len(seen)
    assert {m.type for m in recorded} >= {MessageType.TASK, MessageType.RESULT, MessageType.STATUS}


def test_a_candidate_that_breaks_a_test_is_rejected_with_the_reason(
    project, make_director, scripted
):
    broken = (project / "calc.py").read_text().replace("return a + b", "return a - b")
    broken = broken.replace("import os\n", "")
    agent = scripted("coder", "lint_fix", [FileEdit(path="calc.py", content=broken)], "break-add")
    director = make_director(project, agents=[agent])

    outcome = director.run()

    assert outcome.accepted == 0
    assert outcome.status == RunStatus.STALLED
    assert git(project, "rev-parse", outcome.branch) == outcome.base
    actions = [a for a in director.ledger.actions(outcome.run_id) if a.action == "propose"]
    assert actions and all(a.accepted is False for a in actions)
    assert actions[0].reason.startswith("test no longer passes: tests/test_calc.py::test_add")
    assert agent.calls == 2  # stall_iterations = 2
    assert [v.accepted for v in agent.verdicts] == [False, False]  # the agent hears the verdicts


def test_deleting_or_weakening_a_test_is_rejected(project, make_director, scripted):
    fixed = "def add(a: int, b: int) -> int:\n    return a + b\n\n\ndef mean(values: list[float]) -> float:\n    return sum(values) / len(values)\n"
    weaker = (
        (project / "tests/test_calc.py").read_text().replace("    assert add(-1, 1) == 0\n", "")
    )
    weaken = scripted(
        "coder",
        "lint_fix",
        [
            FileEdit(path="calc.py", content=fixed),
            FileEdit(path="tests/test_calc.py", content=weaker),
        ],
        "weaken",
    )
    outcome = make_director(project, agents=[weaken]).run()
    assert outcome.accepted == 0

    delete = scripted(
        "coder",
        "lint_fix",
        [
            FileEdit(path="calc.py", content=fixed),
            FileEdit(path="tests/test_calc.py", content=None),
        ],
        "delete",
    )
    director = make_director(project, agents=[delete])
    outcome = director.run()
    assert outcome.accepted == 0
    reasons = [a.reason for a in director.ledger.actions(outcome.run_id) if a.action == "propose"]
    assert reasons[0].startswith("test disappeared: tests/test_calc.py::test_")


def test_an_edit_escaping_the_workspace_is_refused(project, make_director, scripted, tmp_path):
    outside = tmp_path / "outside.txt"
    agent = scripted(
        "coder", "lint_fix", [FileEdit(path="../outside.txt", content="pwned")], "escape"
    )
    director = make_director(project, agents=[agent])
    outcome = director.run()
    assert outcome.accepted == 0
    assert not outside.exists()
    reasons = [a.reason for a in director.ledger.actions(outcome.run_id) if a.action == "propose"]
    assert reasons[0].startswith("unsafe edit refused")


def test_a_gap_no_agent_works_on_stops_the_run_with_the_reason(project, make_director):
    config = (
        (project / "myagent.toml")
        .read_text()
        .replace("[gates]\n", "[gates]\ncoverage_line = 1.0\n")
    )
    (project / "myagent.toml").write_text(config)
    (project / "calc.py").write_text(
        (project / "calc.py").read_text() + "\n\ndef unused(x: int) -> int:\n    return x * 2\n"
    )
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "uncovered code")
    settings = load_settings(project, environ={})
    no_tester = [a for a in default_agents(settings, None) if a.name != "tester"]
    outcome = make_director(project, agents=no_tester).run()
    assert outcome.status == RunStatus.STALLED
    assert outcome.unaddressed == ["coverage_line: no tester strategy for 'raise_coverage' yet"]
    assert outcome.reason.startswith("no agent can improve the unmet gates (coverage_line")
    assert {g.name: g.met for g in outcome.gates}["lint_errors"] is True  # the rest got done


def test_a_failing_test_the_debugger_cannot_fix_is_explained(project, make_director):
    (project / "tests/test_calc.py").write_text(
        "from calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 5\n"
    )
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "a wrong test")
    director = make_director(project)
    outcome = director.run()
    assert outcome.status == RunStatus.STALLED
    assert outcome.reason == "2 iterations without an accepted change"
    notes = [
        note
        for a in director.ledger.actions(outcome.run_id)
        if a.action == "diagnose"
        for note in a.details["notes"]
    ]
    assert notes[0].startswith("suspects (ochiai): calc.py:")
    assert any(n.startswith("no fix found: checked ") for n in notes)


class ExplodingAgent:
    name = "coder"

    def can_handle(self, task):
        return task.kind == "lint_fix"

    def propose(self, task, ctx):
        raise RuntimeError("agent bug")

    def learn(self, candidate, verdict, commit):
        raise AssertionError("never called: no candidate was proposed")


def test_a_crash_is_recorded_and_the_run_resumes(project, make_director):
    crashed = make_director(project, agents=[ExplodingAgent()])
    outcome = crashed.run()
    assert outcome.status == RunStatus.ERROR
    assert outcome.reason.startswith("RuntimeError: agent bug (traceback in ")
    log = project / ".myagent" / "logs" / f"{outcome.run_id}.log"
    assert "agent bug" in log.read_text()
    run = crashed.ledger.get_run(outcome.run_id)
    assert run is not None and run.status == "error"
    errors = [a for a in crashed.ledger.actions(outcome.run_id) if a.action == "error"]
    assert "RuntimeError" in errors[0].details["traceback"]

    resumed = make_director(project).run(resume=True)
    assert resumed.run_id == outcome.run_id
    assert resumed.status == RunStatus.GATES_MET
    assert resumed.accepted >= 1


def test_a_candidate_made_after_the_time_budget_is_not_validated(project, make_director, scripted):
    now = [0.0]
    fixed = (project / "calc.py").read_text().replace("import os\n", "")
    agent = scripted("coder", "lint_fix", [FileEdit(path="calc.py", content=fixed)], "slow")
    director = make_director(project, agents=[agent])
    director.clock = lambda: now[0]
    propose = agent.propose

    def slow_propose(task, ctx):
        assert not ctx.out_of_time()
        now[0] += 3600  # the agent took an hour; max_minutes is the default
        assert ctx.out_of_time()
        return propose(task, ctx)

    agent.propose = slow_propose
    outcome = director.run()

    assert outcome.status == RunStatus.BUDGET_EXHAUSTED
    assert "max_minutes" in outcome.reason
    assert outcome.accepted == outcome.rejected == 0
    assert git(project, "rev-parse", outcome.branch) == outcome.base
    proposed = [a for a in director.ledger.actions(outcome.run_id) if a.action == "propose"]
    assert len(proposed) == 1 and proposed[0].accepted is None
    assert proposed[0].reason.startswith("not validated: max_minutes (")
