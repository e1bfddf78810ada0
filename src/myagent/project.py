"""Open a project's state: its ledger, sandbox runner, quality monitor and layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from myagent.agents.base import ToolEnv
from myagent.config import ProjectSettings
from myagent.director.loop import ProjectEnv
from myagent.memory import git
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.ledger import Ledger
from myagent.quality.layout import detect_layout, tool_readable_paths
from myagent.quality.monitor import QualityMonitor
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxRunner
from myagent.storage.db import Database, open_database, sqlite_url_for


@dataclass(frozen=True)
class Project:
    root: Path
    db: Database
    ledger: Ledger
    project_id: int
    error_graph: ErrorGraph
    runner: SandboxRunner
    monitor: QualityMonitor
    env: ProjectEnv


def open_project_database(root: Path, settings: ProjectSettings) -> Database:
    """The project's database (SQLite under PATH/.myagent/ unless a database URL is set)."""
    state_dir = settings.state_dir(root)
    state_dir.mkdir(parents=True, exist_ok=True)
    git.exclude_state_dir(root)
    return open_database(settings.database_url or sqlite_url_for(state_dir))


def open_ledger(root: Path, settings: ProjectSettings) -> Ledger:
    """The project's ledger."""
    return Ledger(open_project_database(root, settings))


def open_project(root: Path, settings: ProjectSettings) -> Project:
    runner = make_runner(settings.sandbox)
    db = open_project_database(root, settings)
    ledger = Ledger(db)
    project_id = ledger.ensure_project(root, root.name)
    layout = detect_layout(root, settings.project)
    tools = ToolEnv(python=layout.tool_python, readable=tuple(tool_readable_paths()))
    # Worktrees have no .venv of their own: pin the interpreter found at the project root.
    project_config = settings.project
    if not layout.python.is_own:
        project_config = project_config.model_copy(update={"python": str(layout.python.path)})
    cache = settings.state_dir(root) / "cache" / "mypy"
    cache.mkdir(parents=True, exist_ok=True)
    monitor = QualityMonitor(
        runner,
        project_config,
        settings.gates,
        cache_dir=cache,
        architecture=settings.architecture,
        ui=settings.ui,
    )
    env = ProjectEnv(
        source_dirs=tuple(layout.source_dirs), test_dirs=tuple(layout.test_dirs), tools=tools
    )
    return Project(
        root=root,
        db=db,
        ledger=ledger,
        project_id=project_id,
        error_graph=ErrorGraph(db, project_id),
        runner=runner,
        monitor=monitor,
        env=env,
    )
