"""The Architect agent on a small git project, with fake tests and scripted models."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from myagent.agents.architect import (
    CYCLES_TASK,
    FAN_OUT_TASK,
    LAYERS_TASK,
    SPLIT_TASK,
    Architect,
)
from myagent.agents.base import AgentContext, Attempt
from myagent.agents.testing import unit_context
from myagent.config import ArchitectureConfig, ProjectConfig, ProjectSettings
from myagent.llm.testing import ScriptedLLM
from myagent.memory import git
from myagent.protocol import Task

FILES = {
    "shop/__init__.py": "",
    "shop/customers.py": """\
        from shop.orders import count


        class Customer:
            name = "c"


        def lookup(name: str) -> Customer:
            return Customer() if count() >= 0 else Customer()
        """,
    "shop/orders.py": """\
        from shop.customers import Customer, lookup


        def count() -> int:
            return 0


        def place(name: str) -> Customer:
            return lookup(name)
        """,
    "shop/a.py": "from shop.b import B\nA = B\n",
    "shop/b.py": "from shop.a import A\nB = 1\nC = A\n",
}
CYCLES = Task(kind=CYCLES_TASK, agent="architect", gate="import_cycles")
MODEL_FIX = """shop/b.py
<<<<<<< SEARCH
from shop.a import A
B = 1
C = A
=======
B = 1
>>>>>>> REPLACE
"""


def project(tmp_path: Path, files: dict[str, str] = FILES) -> Path:
    root = tmp_path / "shop-project"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True
        )
    git.exclude_state_dir(root)  # as `myagent init` does
    return root


def context(
    root: Path,
    attempts: tuple[Attempt, ...] = (),
    layers: tuple[str, ...] = (),
    gates: dict[str, float] | None = None,
    architecture: ArchitectureConfig | None = None,
) -> AgentContext:
    settings = ProjectSettings(
        project=ProjectConfig(source=["shop"]),
        architecture=architecture or ArchitectureConfig(layers=list(layers)),
        gates=gates or {"import_cycles": 0},
    )
    return unit_context(
        root, settings=settings, source_dirs=("shop",), test_dirs=(), attempts=attempts
    )


def dirty(root: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def test_a_cycle_the_codemod_can_break_becomes_a_candidate(tmp_path: Path) -> None:
    root = project(tmp_path)
    ctx = context(root)
    candidates = Architect().propose(CYCLES, ctx)
    assert [c.strategy for c in candidates] == ["defer-imports:shop.customers"]
    [edit] = candidates[0].edits
    assert edit.path == "shop/customers.py"
    assert "    from shop.orders import count\n" in (edit.content or "")
    assert candidates[0].summary.startswith(
        "Fix the import cycle shop.customers -> shop.orders -> shop.customers by moving imports"
    )
    # the other cycle uses its import at import time: only a model could fix it
    assert any("shop.a -> shop.b -> shop.a needs a model" in n for n in ctx.log.notes)
    review = root / ".myagent" / "reports" / "architecture.md"
    assert "- import cycles (at import time): 2" in review.read_text()
    assert dirty(root) == ""  # the scratch tree is left as it was


def test_a_model_fixes_what_the_codemod_cannot(tmp_path: Path) -> None:
    root = project(tmp_path)
    llm = ScriptedLLM([MODEL_FIX, "I would rather not."])
    tried = (Attempt(CYCLES_TASK, "defer-imports:shop.customers", False, "rejected"),)
    ctx = context(root, attempts=tried)
    candidates = Architect(llm).propose(CYCLES, ctx)
    llm.assert_consumed()  # one call per cycle: the rejected codemod's cycle goes to it too
    assert [c.strategy for c in candidates] == ["model-cycle:shop.a"]
    assert candidates[0].edits[0].content == "B = 1\n"
    prompt = llm.prompts[0][-1].content
    assert "the import cycle shop.a -> shop.b -> shop.a" in prompt and "shop/a.py" in prompt
    assert any("model-cycle:shop.customers" in n and "not usable" in n for n in ctx.log.notes)


def test_a_model_answer_that_leaves_the_cycle_is_not_proposed(tmp_path: Path) -> None:
    root = project(tmp_path)
    useless = MODEL_FIX.replace("B = 1\n>>>>>>>", "from shop.a import A\nB = 1\n>>>>>>>")
    tried = (Attempt(CYCLES_TASK, "defer-imports:shop.customers", False, "rejected"),)
    llm = ScriptedLLM([useless, "no edit blocks"])
    ctx = context(root, attempts=tried)
    assert Architect(llm).propose(CYCLES, ctx) == []
    assert any("the graph still shows the problem" in n for n in ctx.log.notes)


def test_a_layer_violation_of_annotations_only_is_moved_under_type_checking(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    ctx = context(root, layers=("shop.orders", "shop.customers"))
    task = Task(kind=LAYERS_TASK, agent="architect", gate="layer_violations")
    assert Architect().propose(task, ctx) == []  # customers calls count(): needs a model
    assert any("shop.customers breaks the declared layers" in n for n in ctx.log.notes)
    assert any("needs a model" in n for n in ctx.log.notes)
    review = (root / ".myagent/reports/architecture.md").read_text()
    assert "shop.customers (layer 2) imports shop.orders (layer 1)" in review


FAN_OUT = Task(kind=FAN_OUT_TASK, agent="architect", gate="max_fan_out")
A_WITHOUT_B = (
    "shop/a.py\n<<<<<<< SEARCH\nfrom shop.b import B\nA = B\n=======\nA = 1\n>>>>>>> REPLACE\n"
)


def test_fan_out_over_the_gates_target_goes_to_the_model_module_by_module(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    ctx = context(root, gates={"max_fan_out": 0})  # every module importing one is over
    assert not Architect().can_handle(FAN_OUT)  # no codemod: without a model, not its task
    llm = ScriptedLLM([A_WITHOUT_B, "no", "no", "no"])
    candidates = Architect(llm).propose(FAN_OUT, ctx)
    llm.assert_consumed()
    assert [c.strategy for c in candidates] == ["model-fan-out:shop.a"]
    assert candidates[0].edits[0].content == "A = 1\n"
    prompt = llm.prompts[0][-1].content
    assert "shop.a imports 1 project modules (shop.b; the target is at most 0)" in prompt
    assert dirty(root) == ""


GOD_FILES = {
    "shop/__init__.py": "",
    "shop/x.py": "X = 1\n",
    "shop/y.py": "Y = 2\n",
    "shop/a.py": "from shop.core import ex\n",
    "shop/b.py": "from shop.core import why\n",
    "shop/core.py": """\
        from shop.x import X
        from shop.y import Y

        COUNT = 0


        def bump() -> int:
            global COUNT
            COUNT += 1
            return COUNT


        def ex() -> int:
            return X


        def why() -> int:
            return Y
        """,
}
# small limits, so shop.core (18 lines, 3 functions, in 2, out 2) is a god module
GOD_LIMITS = ArchitectureConfig(god_lines=10, god_definitions=3, god_fan_in=2, god_fan_out=2)
MODEL_SPLIT = """shop/core_values.py
<<<<<<< SEARCH
=======
from shop.x import X
from shop.y import Y


def ex() -> int:
    return X


def why() -> int:
    return Y
>>>>>>> REPLACE

shop/core.py
<<<<<<< SEARCH
from shop.x import X
from shop.y import Y
=======
from shop.core_values import ex as ex
from shop.core_values import why as why
>>>>>>> REPLACE

shop/core.py
<<<<<<< SEARCH
def ex() -> int:
    return X


def why() -> int:
    return Y
=======
>>>>>>> REPLACE
"""


def test_a_god_module_the_codemod_refuses_goes_to_the_model(tmp_path: Path) -> None:
    root = project(tmp_path, GOD_FILES)
    split = Task(kind=SPLIT_TASK, agent="architect", gate="god_modules")
    ctx = context(root, gates={"god_modules": 0}, architecture=GOD_LIMITS)
    assert Architect().propose(split, ctx) == []  # `global` in the module: no safe split
    assert any("no codemod for the god module shop.core" in n for n in ctx.log.notes)
    assert any("needs a model" in n for n in ctx.log.notes)

    llm = ScriptedLLM([MODEL_SPLIT])
    ctx = context(root, gates={"god_modules": 0}, architecture=GOD_LIMITS)
    candidates = Architect(llm).propose(split, ctx)
    llm.assert_consumed()
    assert [c.strategy for c in candidates] == ["model-split:shop.core"]
    edits = {e.path: e.content or "" for e in candidates[0].edits}
    assert set(edits) == {"shop/core.py", "shop/core_values.py"}
    assert "global COUNT" in edits["shop/core.py"] and "def ex" not in edits["shop/core.py"]
    prompt = llm.prompts[0][-1].content
    assert "the god module shop.core (" in prompt and "split it along the groups" in prompt
    assert dirty(root) == ""  # the new file was written only to check, then removed
