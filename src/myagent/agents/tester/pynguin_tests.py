"""The Tester's search-based generator: Pynguin's tests for a module with gaps.

Pynguin is a separate installation (`[testgen] pynguin`, else `pynguin` on PATH; see
`testgen.pynguin`). It searches the whole module for `[testgen] pynguin_budget_s`
seconds in the sandbox, with the project bound read-only. Its tests come back as one
tidied pytest file, which the Tester judges like any other generator's (`keep.py`):
only tests that pass three times, run fast and add coverage are kept.

When no Pynguin is found this generator gives nothing and says so once per run;
`pynguin = "off"` turns it off without a word.
"""

from __future__ import annotations

from pathlib import Path

from myagent.agents.base import AgentContext
from myagent.agents.tester.generators import GeneratedFile, ModuleTarget
from myagent.quality.execution import ToolContext
from myagent.quality.layout import detect_layout
from myagent.testgen.pynguin import OFF, find_pynguin, run_pynguin

INSTALL_HINT = (
    "install it apart (pipx install pynguin==0.48.0) and put it on PATH, "
    'or set [testgen] pynguin = "/path/to/pynguin"'
)


class PynguinTests:
    """Tests Pynguin finds by search for the module of `target`."""

    name = "pynguin"

    def __init__(
        self, pynguin: Path | None = None, *, budget_s: int | None = None, seed: int = 0
    ) -> None:
        """`pynguin` and `budget_s` default to the project's `[testgen]` settings."""
        self.pynguin = pynguin
        self.budget_s = budget_s
        self.seed = seed
        self._told_missing = False

    def generate(self, target: ModuleTarget, ctx: AgentContext) -> list[GeneratedFile]:
        config = ctx.settings.testgen
        pynguin = self.pynguin or find_pynguin(config.pynguin)
        if pynguin is None:
            if not self._told_missing and config.pynguin.strip().lower() != OFF:
                where = f"{config.pynguin} not found" if config.pynguin else "not on PATH"
                ctx.log.note(f"tester (pynguin): Pynguin {where}: {INSTALL_HINT}")
                self._told_missing = True
            return []
        layout = detect_layout(ctx.workspace, ctx.settings.project)
        result = run_pynguin(
            ToolContext(ctx.runner, layout.root),
            layout,
            target.module,
            pynguin=pynguin,
            budget_s=self.budget_s or config.pynguin_budget_s,
            seed=self.seed,
        )
        if not result.files:
            ctx.log.note(f"tester (pynguin) {target.module}: {result.reason}")
            return []
        ctx.log.note(
            f"tester (pynguin) {target.module}: {result.tests} test(s) in {result.duration_s:.0f}s"
        )
        return [GeneratedFile(f.source) for f in result.files]
