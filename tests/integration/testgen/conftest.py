"""The sandboxed project each test module of this folder works on: the module names it
(`PROJECT`), its files (`FILES`) and its `ProjectConfig` (`CONFIG`); built once per
module, with a monitor and the suite's first coverage run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.quality.tests_runner import TestsResult
from myagent.sandbox.runner import SandboxRunner


@pytest.fixture(scope="module")
def root(
    tmp_path_factory: pytest.TempPathFactory,
    make_project: Callable[[Path, dict[str, str]], Path],
    request: pytest.FixtureRequest,
) -> Path:
    name: str = request.module.PROJECT
    return make_project(tmp_path_factory.mktemp(name) / name, request.module.FILES)


@pytest.fixture(scope="module")
def monitor(sandbox: SandboxRunner, request: pytest.FixtureRequest) -> QualityMonitor:
    return QualityMonitor(sandbox, request.module.CONFIG, DEFAULT_GATES)


@pytest.fixture(scope="module")
def before(monitor: QualityMonitor, root: Path) -> TestsResult:
    """The suite's run under coverage before anything is generated."""
    return monitor.run_selected(root, None, coverage=True)
