"""Pynguin through a fake sandbox runner: finding the command, the installation the
sandbox must see, the flags and environment it runs with, the reasons when it gives
nothing, and the tidying of what it writes (samples of real Pynguin 0.48 output)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from myagent.agents.base import AgentContext
from myagent.agents.tester.generators import GeneratedFile, ModuleTarget
from myagent.agents.tester.pynguin_tests import INSTALL_HINT, PynguinTests
from myagent.agents.testing import unit_context
from myagent.config import ProjectConfig, ProjectSettings, TestgenConfig
from myagent.protocol import ToolStatus
from myagent.quality.execution import ToolContext
from myagent.quality.layout import ProjectLayout, detect_layout
from myagent.sandbox.runner import SandboxResult
from myagent.testgen.pynguin import (
    PynguinInstall,
    find_pynguin,
    import_root_of,
    pynguin_install,
    run_pynguin,
    shadows_module,
)
from myagent.testgen.pynguin_tidy import count_tests, header, tidy_pynguin_tests

MONEY = r"""#  This file was automatically generated using Pynguin.

import pytest
import sys
import invoicing.money

money_ = sys.modules["invoicing.money"]
from invoicing.money import Money
from dataclasses import FrozenInstanceError


def test_0():
    var_0 = 0
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.Money(cents=var_0, currency='"HJ=5\x0bgVb(Hh')
    assert money_.Money.currency == "EUR"
    var_6 = var_1.__str__()
    assert var_6 == '0.00 "HJ=5\x0bgVb(Hh'
    var_45 = money_.Money.parse(text=var_6, currency=None)
    assert var_45 == Money(cents=0, currency=None)


def test_1():
    var_0 = 39
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.Money(cents=2)
    var_6 = var_1.__str__()
    assert var_6 == "0.02 EUR"
    var_58 = money_.Money.parse(text=var_6, currency=None)
    assert var_58 == Money(cents=2, currency=None)
    var_59 = var_1.times(factor=var_0)
    assert var_59 == Money(cents=78, currency="EUR")


def test_2():
    var_1 = money_.Money(cents=-3339)
    assert var_1 == Money(cents=-3339, currency="EUR")
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_57 = "DO7"
    with pytest.raises(KeyError):
        var_1.convert(currency=var_57)


def test_3():
    var_0 = 29
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.Money(cents=var_0, currency="Wu/H<>iFvi\r")
    assert money_.Money.currency == "EUR"
    var_4 = var_1.__add__(other=var_1)
    assert var_4 == Money(cents=58, currency="Wu/H<>iFvi\r")
    with pytest.raises(FrozenInstanceError):
        var_4.__setattr__(name=True, value=var_0)


def test_4():
    1117
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    with pytest.raises(AttributeError):
        money_.total(amounts=["YE", 1255.52])


def test_5():
    var_0 = "\x0c"
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.total(amounts=set(), currency=var_0)
    assert var_1 == Money(cents=0, currency="\x0c")
    assert money_.Money.currency == "EUR"
    var_2 = var_1.__str__()
    assert var_2 == "0.00 \x0c"
    var_3 = -24
    var_4 = money_.Money(cents=var_3)
    with pytest.raises(ValueError):
        var_1.__add__(other=var_4)


def test_6():
    var_0 = -9
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.Money(cents=var_0, currency='\\b;f"L;<@')
    assert money_.Money.currency == "EUR"
    var_6 = var_1.__str__()
    assert var_6 == '-0.09 \\b;f"L;<@'
    var_8 = "J~"
    with pytest.raises(KeyError):
        var_1.convert(currency=var_8)


def test_7():
    var_0 = 39
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_1 = money_.Money(cents=2)
    var_6 = var_1.__str__()
    assert var_6 == "0.02 EUR"
    var_58 = money_.Money.parse(text=var_6, currency=None)
    assert var_58 == Money(cents=2, currency=None)
    var_59 = var_1.times(factor=var_0)
    var_60 = "EUR"
    var_61 = var_59.convert(currency=var_60)
    assert var_61 == Money(cents=78, currency="EUR")
"""

MONEY_XFAIL = r"""#  This file was automatically generated using Pynguin.

import pytest
import sys
import invoicing.money

money_ = sys.modules["invoicing.money"]
from invoicing.money import Money


@pytest.mark.xfail(strict=True)
def test_2():
    bool
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    var_25 = money_.total(amounts={})
    assert var_25 == Money(cents=0, currency="EUR")
    assert money_.Money.currency == "EUR"
    var_25.times(factor=b"\x83!\x9a1")


def test_3():
    var_1 = money_.Money(cents=3, currency='>OV-U9+BZS7\t^Sm"')
    assert money_.RATES == {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}
    assert money_.Money.currency == "EUR"
    var_4 = var_1.__add__(other=var_1)
    assert var_4 == Money(cents=6, currency='>OV-U9+BZS7\t^Sm"')
"""

RANDOM = r"""#  This file was automatically generated using Pynguin.

import random as _pynguin_random
import pytest
import weakref as _pynguin_weakref

_pynguin_orig_seed = getattr(
    _pynguin_random.Random.seed, "__pynguin_orig__", _pynguin_random.Random.seed
)
_pynguin_tracked = _pynguin_weakref.WeakSet()


def _pynguin_deterministic_seed(self, x=None):
    if x is None:
        x = 0
    elif type(x).__hash__ is object.__hash__:
        x = f"{type(x).__module__}.{type(x).__name__}"
    _pynguin_orig_seed(self, x)
    _pynguin_tracked.add(self)


_pynguin_deterministic_seed.__pynguin_patched__ = True
_pynguin_deterministic_seed.__pynguin_orig__ = _pynguin_orig_seed
_pynguin_deterministic_seed.__pynguin_instances__ = _pynguin_tracked
_pynguin_random.Random.seed = _pynguin_deterministic_seed
import sys
import pkg.shadow

shadow_ = sys.modules["pkg.shadow"]


@pytest.fixture(scope="module", autouse=True)
def _pynguin_restore_random():
    yield
    _pynguin_random.Random.seed = _pynguin_orig_seed


@pytest.fixture(autouse=True)
def _pynguin_seed_random():
    _pynguin_random.Random.seed = _pynguin_deterministic_seed
    _pynguin_random.seed(0)
    _pynguin_instances = getattr(
        _pynguin_random.Random.seed, "__pynguin_instances__", None
    )
    if _pynguin_instances is not None:
        for _inst in list(_pynguin_instances):
            _inst.seed(0)
    yield
    _pynguin_random.Random.seed = _pynguin_orig_seed


def test_0():
    var_0 = -211
    var_1 = shadow_.shadow(n=var_0)
    var_2 = shadow_.roll(sides=var_1)
    assert var_2 == 99
"""

# What Pynguin writes when importing the module is all that covers it (export.py).
ONLY_IMPORT = """#  This file was automatically generated using Pynguin.

# Importing this module achieves coverage.
import sys
import pkg.consts  # noqa: F401

consts_ = sys.modules["pkg.consts"]


def test_empty():
    pass
"""


def names(source: str) -> list[str]:
    return [line[4:].split("(")[0] for line in source.splitlines() if line.startswith("def test")]


# ------------------------------------------------------------------ tidying
def test_the_module_is_imported_by_name_instead_of_through_sys_modules():
    tidy = tidy_pynguin_tests(MONEY, "invoicing.money")
    assert tidy.startswith(header("invoicing.money"))
    assert "Generated by Pynguin through MyAgent" in tidy and "using Pynguin." not in tidy
    assert "import pytest\nfrom invoicing import money\nfrom invoicing.money import Money\n" in tidy
    for gone in ("sys.modules", "import sys", "import invoicing.money\n", "money_."):
        assert gone not in tidy
    assert "var_1 = money.Money(cents=var_0, currency='\"HJ=5\\x0bgVb(Hh')" in tidy
    compile(tidy, "test_money.py", "exec")


def test_tests_are_named_after_what_they_call_last_and_keep_their_checks():
    tidy = tidy_pynguin_tests(MONEY, "invoicing.money")
    assert names(tidy) == [
        "test_money_parse",
        "test_times",
        "test_convert_raises_key_error",
        "test_setattr_raises_frozen_instance_error",
        "test_total_raises_attribute_error",
        "test_add_raises_value_error",
        "test_convert_raises_key_error_2",
        "test_convert",
    ]
    assert count_tests(tidy) == count_tests(MONEY) == 8
    assert tidy.count("assert ") == MONEY.count("assert ")
    assert tidy.count("with pytest.raises(") == MONEY.count("with pytest.raises(") == 5
    assert "with pytest.raises(KeyError):\n        var_1.convert(currency=var_57)" in tidy


def test_statements_without_effect_go_and_dunder_calls_read_as_builtins():
    tidy = tidy_pynguin_tests(MONEY, "invoicing.money")
    assert "    1117\n" in MONEY and "    1117\n" not in tidy
    assert "var_6 = str(var_1)" in tidy and "__str__" not in tidy
    assert "var_4 = var_1.__add__(other=var_1)" in tidy  # `+` would not mean the same


def test_strict_xfail_tests_stay_valid_and_lose_only_their_dead_statements():
    tidy = tidy_pynguin_tests(MONEY_XFAIL, "invoicing.money")
    assert names(tidy) == ["test_times", "test_add"]
    assert tidy.count("@pytest.mark.xfail(strict=True)\ndef test_times():") == 1
    assert "    bool\n" not in tidy
    assert "var_25 = money.total(amounts={})" in tidy
    compile(tidy, "test_money.py", "exec")


def test_the_random_reseeding_stays_and_late_imports_are_marked_for_the_linter():
    tidy = tidy_pynguin_tests(RANDOM, "pkg.shadow")
    assert "def _pynguin_seed_random():" in tidy and "_pynguin_random.seed(0)" in tidy
    patch = tidy.index("_pynguin_random.Random.seed = _pynguin_deterministic_seed\n")
    assert tidy.index("from pkg import shadow  # noqa: E402\n") > patch
    assert "import random as _pynguin_random\nimport pytest\n" in tidy  # first block: no mark
    assert names(tidy) == ["test_roll"]
    assert "var_1 = shadow.shadow(n=var_0)" in tidy


def test_a_module_its_package_shadows_is_imported_with_importlib():
    tidy = tidy_pynguin_tests(RANDOM, "pkg.shadow", shadowed=True)
    assert 'import importlib  # noqa: E402\nshadow = importlib.import_module("pkg.shadow")' in tidy
    assert "from pkg import shadow" not in tidy
    compile(tidy, "test_shadow.py", "exec")


def test_the_alias_stays_when_the_module_name_is_taken_in_the_file():
    source = MONEY.replace("var_0 = 0\n", "money = 0\n    var_0 = money\n", 1)
    tidy = tidy_pynguin_tests(source, "invoicing.money")
    assert "from invoicing import money as money_\n" in tidy
    assert "money = 0\n    var_0 = money\n    assert money_.RATES" in tidy


def test_a_top_level_module_is_imported_plainly():
    source = MONEY.replace("invoicing.money", "money")
    tidy = tidy_pynguin_tests(source, "money")
    assert "import pytest\nimport money\nfrom money import Money\n" in tidy


def test_a_file_with_nothing_to_run_or_that_does_not_parse_gives_nothing():
    assert tidy_pynguin_tests(ONLY_IMPORT, "pkg.consts") == ""
    assert tidy_pynguin_tests("def test_0(:\n", "pkg.consts") == ""


# ------------------------------------------------------------------ finding Pynguin
def fake_install(folder: Path) -> Path:
    """A virtualenv holding a `pynguin` script (nothing in it runs)."""
    venv = folder / "pynguin-venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(f"home = {Path(sys.base_prefix) / 'bin'}\n")
    (venv / "bin" / "python").symlink_to(sys.executable)
    script = venv / "bin" / "pynguin"
    script.write_text(f"#!{venv}/bin/python\nfrom pynguin.cli import main\n")
    script.chmod(0o755)
    return script


def test_find_pynguin_takes_the_configured_path_else_the_one_on_path(tmp_path, monkeypatch):
    script = fake_install(tmp_path)
    monkeypatch.setenv("PATH", str(script.parent))
    assert find_pynguin(str(script)) == script
    assert find_pynguin("") == script
    assert find_pynguin("pynguin") == script
    assert find_pynguin(str(tmp_path / "nowhere" / "pynguin")) is None
    assert find_pynguin("off") is None and find_pynguin(" OFF ") is None
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_pynguin("") is None


def test_the_installation_is_its_venv_and_the_base_interpreter(tmp_path):
    script = fake_install(tmp_path)
    link = tmp_path / "bin" / "pynguin"  # as pipx links it
    link.parent.mkdir()
    link.symlink_to(script)
    install = pynguin_install(link)
    assert isinstance(install, PynguinInstall)
    assert install.script == script.resolve()
    assert install.python.path == script.parent / "python"
    assert script.parent.parent.resolve() in install.readable
    assert Path(sys.base_prefix).resolve() in install.readable


def test_an_installation_outside_a_venv_runs_with_the_python_its_shebang_names(tmp_path):
    script = tmp_path / "pynguin"
    script.write_text(f"#!{sys.base_prefix}/bin/python3\nfrom pynguin.cli import main\n")
    install = pynguin_install(script)
    assert isinstance(install, PynguinInstall)
    assert install.python.path == Path(sys.base_prefix) / "bin" / "python3"
    assert install.readable[-1] == script.resolve()  # not inside the interpreter's paths
    script.write_text("#!/usr/bin/env python3\n")
    assert "cannot tell which Python runs" in str(pynguin_install(script))
    assert str(pynguin_install(tmp_path / "missing")).endswith("missing not found")


# ------------------------------------------------------------------ layout helpers
def project(tmp_path: Path, init: str = "") -> ProjectLayout:
    root = tmp_path / "proj"
    (root / "src" / "invoicing").mkdir(parents=True)
    (root / "src" / "invoicing" / "__init__.py").write_text(init)
    (root / "src" / "invoicing" / "money.py").write_text("X = 1\n")
    return detect_layout(root, ProjectConfig())


def test_the_import_root_of_a_module_is_where_its_file_is(tmp_path):
    layout = project(tmp_path)
    assert import_root_of(layout, "invoicing.money") == layout.root / "src"
    assert import_root_of(layout, "invoicing") == layout.root / "src"
    assert import_root_of(layout, "invoicing.tax") is None


@pytest.mark.parametrize(
    ("init", "shadowed"),
    [
        ("", False),
        ("from . import money\n", False),
        ("from invoicing import money\n", False),
        ("from .money import Money\n", False),
        ("from .money import money\n", True),
        ("def money():\n    return 1\n", True),
        ("money = None\n", True),
        ("import decimal as money\n", True),
    ],
)
def test_a_package_shadows_its_module_when_it_binds_the_name_otherwise(tmp_path, init, shadowed):
    assert shadows_module(project(tmp_path, init).root / "src", "invoicing.money") is shadowed


def test_a_top_level_module_or_a_package_without_init_is_never_shadowed(tmp_path):
    assert shadows_module(tmp_path, "money") is False
    assert shadows_module(tmp_path, "nothere.money") is False


# ------------------------------------------------------------------ running it
@dataclass
class Call:
    argv: list[str]
    workspace: Path
    timeout_s: float
    env: dict[str, str]
    readable: list[Path]
    writable: list[Path]


class FakeSandbox:
    """Plays Pynguin: writes `written` (name -> text) into `--output-path` and exits
    with `returncode`."""

    isolated = True

    def __init__(
        self,
        written: Mapping[str, str],
        returncode: int = 0,
        stderr: str = "",
        timed_out: bool = False,
    ) -> None:
        self.written, self.returncode, self.stderr = written, returncode, stderr
        self.timed_out = timed_out
        self.calls: list[Call] = []

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
        self.calls.append(
            Call(list(argv), workspace, timeout_s, dict(env or {}), [*readable], [*writable])
        )
        assert workspace.is_dir()
        out = Path(argv[argv.index("--output-path") + 1])
        for name, text in self.written.items():
            (out / name).write_text(text)
        return SandboxResult(
            self.returncode, "", self.stderr, self.timed_out, duration_s=1.0, truncated=False
        )


def flag(call: Call, name: str) -> str:
    return call.argv[call.argv.index(name) + 1]


def test_pynguin_runs_in_the_sandbox_on_a_scratch_folder_with_the_project_read_only(tmp_path):
    layout = project(tmp_path)
    script = fake_install(tmp_path)
    sandbox = FakeSandbox({"test_money.py": MONEY})
    result = run_pynguin(
        ToolContext(sandbox, layout.root), layout, "invoicing.money",
        pynguin=script, budget_s=7, seed=3,
    )  # fmt: skip
    assert result.status is ToolStatus.OK and result.reason == ""
    assert [(f.name, f.tests) for f in result.files] == [("test_money.py", 8)]
    assert result.files[0].source == tidy_pynguin_tests(MONEY, "invoicing.money")
    assert result.tests == 8 and result.duration_s >= 0
    (call,) = sandbox.calls
    assert call.argv[:2] == [str(script.parent / "python"), str(script.resolve())]
    assert flag(call, "--project-path") == str(layout.root / "src")
    assert flag(call, "--module-name") == "invoicing.money"
    assert flag(call, "--maximum-search-time") == "7" and flag(call, "--seed") == "3"
    assert flag(call, "--no-xfail") == "True"
    assert call.env["PYNGUIN_DANGER_AWARE"] == "1"
    assert call.env["PYTHONPATH"] == str(layout.root / "src")
    assert call.timeout_s == 3 * 7 + 60
    assert call.workspace != layout.root and not call.workspace.exists()  # scratch, removed
    assert layout.root in call.readable and layout.root not in call.writable
    assert script.parent.parent.resolve() in call.readable
    assert Path(flag(call, "--output-path")).is_relative_to(call.workspace)
    assert Path(flag(call, "--report-dir")).is_relative_to(call.workspace)


def test_a_given_output_folder_keeps_pynguins_own_file_and_is_bound_writable(tmp_path):
    layout = project(tmp_path)
    sandbox = FakeSandbox({"test_money.py": MONEY})
    output = tmp_path / "kept"
    run_pynguin(
        ToolContext(sandbox, layout.root), layout, "invoicing.money",
        pynguin=fake_install(tmp_path), budget_s=5, output=output, timeout_s=30,
    )  # fmt: skip
    assert (output / "test_money.py").read_text() == MONEY
    assert output in sandbox.calls[0].writable and sandbox.calls[0].timeout_s == 30


SETUP_FAILED = (
    "[18:58:42] [ERROR] [Worker-3](pynguin.generator:_setup_test_cluster:176): "
    "SUT contains nothing we can test.\n"
)


@pytest.mark.parametrize(
    ("sandbox", "status", "reason"),
    [
        (FakeSandbox({}, 1, SETUP_FAILED), ToolStatus.CRASHED,
         "Pynguin could not set up invoicing.money: SUT contains nothing we can test."),
        (FakeSandbox({}, 2), ToolStatus.OK, "Pynguin generated no tests"),
        (FakeSandbox({}, 0), ToolStatus.OK, "Pynguin wrote no test file"),
        (FakeSandbox({"test_money.py": ONLY_IMPORT}), ToolStatus.OK,
         "Pynguin wrote only empty tests"),
        (FakeSandbox({}, -9, "Killed\n"), ToolStatus.CRASHED,
         "Pynguin exit code -9: Killed"),
        (FakeSandbox({}, -9, timed_out=True), ToolStatus.TIMEOUT, "Pynguin stopped after 75s"),
    ],
)  # fmt: skip
def test_when_pynguin_gives_nothing_the_result_says_why(tmp_path, sandbox, status, reason):
    layout = project(tmp_path)
    result = run_pynguin(
        ToolContext(sandbox, layout.root), layout, "invoicing.money",
        pynguin=fake_install(tmp_path), budget_s=5,
    )  # fmt: skip
    assert (result.status, result.reason, result.files) == (status, reason, ())


def test_a_missing_pynguin_or_module_is_reported_without_running_anything(tmp_path):
    layout = project(tmp_path)
    sandbox = FakeSandbox({"test_money.py": MONEY})
    ctx = ToolContext(sandbox, layout.root)
    missing = run_pynguin(ctx, layout, "invoicing.money", pynguin=tmp_path / "no", budget_s=5)
    assert missing.status is ToolStatus.MISSING and missing.reason.endswith("no not found")
    unknown = run_pynguin(ctx, layout, "invoicing.tax", pynguin=fake_install(tmp_path), budget_s=5)
    assert unknown.status is ToolStatus.SKIPPED
    assert unknown.reason == "invoicing.tax is not a module under src"
    assert sandbox.calls == []


# ------------------------------------------------------------------ the Tester's generator
def agent_context(
    layout: ProjectLayout, sandbox: FakeSandbox, testgen: TestgenConfig
) -> AgentContext:
    return unit_context(layout.root, settings=ProjectSettings(testgen=testgen), runner=sandbox)


TARGET = ModuleTarget("src/invoicing/money.py", "invoicing.money", "X = 1\n", ())


def test_the_generator_runs_the_configured_pynguin_with_the_configured_budget(tmp_path):
    layout = project(tmp_path)
    sandbox = FakeSandbox({"test_money.py": MONEY})
    config = TestgenConfig(pynguin=str(fake_install(tmp_path)), pynguin_budget_s=9)
    ctx = agent_context(layout, sandbox, config)
    files = PynguinTests().generate(TARGET, ctx)
    assert files == [GeneratedFile(tidy_pynguin_tests(MONEY, "invoicing.money"))]
    assert flag(sandbox.calls[0], "--maximum-search-time") == "9"
    assert ctx.log.notes[-1].startswith("tester (pynguin) invoicing.money: 8 test(s) in ")


def test_without_pynguin_the_generator_gives_nothing_and_says_so_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    layout = project(tmp_path)
    sandbox = FakeSandbox({"test_money.py": MONEY})
    ctx = agent_context(layout, sandbox, TestgenConfig())
    generator = PynguinTests()
    assert generator.generate(TARGET, ctx) == [] and generator.generate(TARGET, ctx) == []
    assert ctx.log.notes == [f"tester (pynguin): Pynguin not on PATH: {INSTALL_HINT}"]
    off = agent_context(layout, sandbox, TestgenConfig(pynguin="off"))
    assert PynguinTests().generate(TARGET, off) == [] and off.log.notes == []
    assert sandbox.calls == []


def test_when_pynguin_gives_nothing_the_generator_notes_the_reason(tmp_path):
    layout = project(tmp_path)
    sandbox = FakeSandbox({}, 2)
    ctx = agent_context(layout, sandbox, TestgenConfig(pynguin=str(fake_install(tmp_path))))
    assert PynguinTests(budget_s=3).generate(TARGET, ctx) == []
    assert ctx.log.notes == ["tester (pynguin) invoicing.money: Pynguin generated no tests"]
    assert flag(sandbox.calls[0], "--maximum-search-time") == "3"
