"""Recall in real runs (sandbox, tools, ledger; the hashed embedder): a fix accepted in
one run is stored with links to the ledger, the error graph and the pattern store, the
stores agree, and a later run without the error graph finds it in the vector memory,
tries it first, and the ledger records which memory produced the accepted change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import MemoryConfig, load_settings
from myagent.director.loop import Director
from myagent.director.outcome import RunStatus
from myagent.learning.factory import open_learning
from myagent.memory.consistency import check_memory
from myagent.memory.patterns import PatternStore
from myagent.memory.recall import Recall
from myagent.memory.vector import open_vector_memory
from myagent.project import open_project


def run(root: Path, with_graph: bool) -> RunStatus:
    settings = load_settings(root, environ={})
    project = open_project(root, settings)
    memory = open_vector_memory(root, MemoryConfig(embedder="deterministic"))
    assert memory is not None
    learning, _ = open_learning(settings.learning, project.db, project.project_id)
    graph = project.error_graph if with_graph else None
    director = Director(
        root, settings, project.ledger, project.runner, project.monitor,
        default_agents(settings, graph, learning=learning), MessageBus(), project.env,
        learning=learning, recall=Recall(memory),
    )  # fmt: skip
    return director.run().status


def test_a_fix_is_remembered_everywhere_and_recalled_by_the_next_run(
    tmp_path: Path,
    clamp_files: dict[str, str],
    tests_gate_project: Callable[..., Path],
    run_git: Callable[..., str],
    require_bwrap: None,
) -> None:
    root = tests_gate_project(tmp_path / "clamp", clamp_files, source="clamp.py", max_iterations=2)
    status = run(root, with_graph=True)
    assert status == RunStatus.GATES_MET
    memory = open_vector_memory(root, MemoryConfig(embedder="deterministic"))
    assert memory is not None
    (solution,) = memory.metadata("solutions").values()
    project = open_project(root, load_settings(root, environ={}))
    patterns = PatternStore(project.db, project.project_id)
    assert check_memory(memory, project.error_graph, project.ledger, patterns) == []
    run_id = str(solution["run_id"])
    (checkpoint,) = [c for c in project.ledger.checkpoints(run_id)
                     if c.commit == solution["commit"]]  # fmt: skip
    assert checkpoint.candidate_id == solution["candidate_id"]

    status = run(root, with_graph=False)  # only the vector memory remembers

    assert status == RunStatus.GATES_MET
    runs = project.ledger.list_runs(project.project_id)
    actions = project.ledger.actions(runs[-1].id)
    (accepted,) = [a for a in actions if a.action == "propose" and a.accepted]
    origin = accepted.details["recalled_from"]
    assert origin["source"] == "vector"
    assert origin["error_graph_solution"] == solution["error_graph_solution"]
    history = [e.summary for e in project.ledger.history(project.project_id)]
    assert any("recalled from vector: vector_hit=solutions/" in line for line in history)
