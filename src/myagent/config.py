"""Configuration: `PATH/myagent.toml` merged with `MYAGENT_*` environment variables.

Precedence (highest first): command-line flags, environment, `myagent.toml`, defaults.
A bad key or value raises `ConfigError` with one line naming it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from myagent.errors import ConfigError
from myagent.quality.a11y.page_entry import parse_page_entry
from myagent.quality.gates import DEFAULT_GATES, GATES

CONFIG_FILE = "myagent.toml"
STATE_DIR = ".myagent"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BudgetConfig(_Section):
    max_iterations: int = Field(default=10, ge=1)
    max_minutes: float = Field(default=30.0, gt=0)
    max_tokens: int = Field(default=200_000, ge=0)  # LLM tokens for the run; 0: no limit
    stall_iterations: int = Field(default=3, ge=1)
    max_calls: int = Field(default=0, ge=0)  # LLM calls for the run; 0: no limit
    max_cost_usd: float = Field(default=1.0, gt=0)  # LLM spend for the run (local models: 0)


class ProjectConfig(_Section):
    test_command: list[str] = Field(default_factory=lambda: ["pytest"])
    source: list[str] = Field(default_factory=list)  # empty: detect (src/ or the package dirs)
    tests: list[str] = Field(default_factory=list)  # empty: detect (tests/ or test/)
    python: str = ""  # empty: PATH/.venv/bin/python if present, else MyAgent's interpreter
    test_timeout_s: float = Field(default=30.0, gt=0)  # per test
    suite_timeout_s: float = Field(default=600.0, gt=0)  # whole measurement step
    requirements: str = "requirements.md"  # what to build, as a Markdown list (the Coder)
    goal: str = ""  # one more requirement (`myagent run --goal`)
    max_mutants: int = Field(default=40, ge=1)  # sampled when the mutation_score gate is listed

    @field_validator("test_command", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            import shlex

            return shlex.split(value)
        return value


class SandboxConfig(_Section):
    enabled: bool = True  # false runs project code unsandboxed: an explicit opt-out
    memory_mb: int = Field(default=4096, ge=128)
    max_processes: int = Field(default=256, ge=8)
    max_output_bytes: int = Field(default=4_000_000, ge=10_000)


class RepairConfig(_Section):
    """How the Debugger looks for fixes."""

    formula: Literal["ochiai", "dstar", "tarantula"] = "ochiai"  # fault localisation
    max_checks: int = Field(default=60, ge=1)  # fixes checked in the sandbox per task
    parallel: int = Field(default=2, ge=1, le=16)  # checks at once (one worktree each)


class LearningConfig(_Section):
    """The Learning Engine (`myagent.learning`): learned order of fix strategies and agents."""

    enabled: bool = True
    # a second store shared by every project: a file path (e.g.
    # "~/.local/share/myagent/learning.db") or a database URL; empty: this project only
    user_store: str = ""
    threshold: float = Field(default=0.3, ge=0.0, le=1.0)  # least confidence to suggest a fix


class TestgenConfig(_Section):
    """How the Tester generates tests."""

    __test__ = False  # not a pytest class

    # the pynguin command (a separate install, e.g. with pipx); empty: `pynguin` on PATH;
    # "off": never run it
    pynguin: str = ""
    pynguin_budget_s: int = Field(default=20, ge=1, le=600)  # Pynguin's search time per module


class MemoryConfig(_Section):
    """The vector memory (`myagent.memory.vector`)."""

    enabled: bool = True
    # auto (MiniLM with the 'memory' extra, else no vector memory) | minilm |
    # deterministic (hashed words, for tests) | a LiteLLM embedding model string
    embedder: str = "auto"
    chroma_url: str = ""  # a Chroma server, e.g. "http://127.0.0.1:8000"; empty: embedded


class ArchitectureConfig(_Section):
    """The Architect (`myagent.architecture`): layers the imports must respect, and what
    makes a god module (all four limits reached: `myagent.architecture.findings`)."""

    # module names, highest layer first; "a | b" puts independent siblings in one layer
    layers: list[str] = Field(default_factory=list)
    # groups of modules that must not import each other
    independent: list[list[str]] = Field(default_factory=list)
    god_lines: int = Field(default=500, ge=1)
    god_definitions: int = Field(default=30, ge=1)  # functions, methods and classes
    god_fan_in: int = Field(default=5, ge=0)  # project modules importing it
    god_fan_out: int = Field(default=8, ge=0)  # project modules it imports


class UiConfig(_Section):
    """The UI Refiner (`myagent.agents.ui_refiner`) and the pages axe-core checks."""

    lang: str = Field(default="en", min_length=1)  # the language <html lang> gets when missing
    # callables rendering one page each, "module:callable" or "module:callable(1250)"
    # (`myagent.quality.a11y.page_entry`); axe checks their output (`a11y.rendered`)
    pages: list[str] = Field(default_factory=list)

    @field_validator("pages")
    @classmethod
    def _page_entries(cls, value: list[str]) -> list[str]:
        for entry in value:
            parse_page_entry(entry)  # a ValueError names the entry and what is wrong
        return value


class LlmConfig(_Section):
    # auto (local with the 'local' extra, else none) | none | local | a LiteLLM model string
    model: str = "auto"
    api_base: str = ""  # an OpenAI-compatible server, e.g. "http://127.0.0.1:8000/v1"
    timeout_s: float = Field(default=60.0, gt=0)  # per call
    max_retries: int = Field(default=3, ge=0)  # on rate limits, timeouts, 5xx


class ProjectSettings(_Section):
    """The validated content of one `myagent.toml`."""

    gates: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_GATES))
    learning: LearningConfig = Field(default_factory=LearningConfig)
    budget: BudgetConfig = Field(default_factory=BudgetConfig)
    project: ProjectConfig = Field(default_factory=ProjectConfig)
    sandbox: SandboxConfig = Field(default_factory=SandboxConfig)
    llm: LlmConfig = Field(default_factory=LlmConfig)
    repair: RepairConfig = Field(default_factory=RepairConfig)
    testgen: TestgenConfig = Field(default_factory=TestgenConfig)
    memory: MemoryConfig = Field(default_factory=MemoryConfig)
    ui: UiConfig = Field(default_factory=UiConfig)
    architecture: ArchitectureConfig = Field(default_factory=ArchitectureConfig)
    database_url: str = ""  # empty: sqlite under PATH/.myagent/

    @field_validator("gates")
    @classmethod
    def _known_gates(cls, value: dict[str, float]) -> dict[str, float]:
        for name in value:
            if name not in GATES:
                known = ", ".join(sorted(GATES))
                raise ValueError(f"unknown gate {name!r} (known: {known})")
        return value

    @model_validator(mode="after")
    def _layers_for_their_gate(self) -> ProjectSettings:
        rules = self.architecture.layers or self.architecture.independent
        if "layer_violations" in self.gates and not rules:
            raise ValueError("the layer_violations gate needs [architecture] layers")
        return self

    def state_dir(self, root: Path) -> Path:
        return root / STATE_DIR


# Environment variable -> (section, key). MYAGENT_DATABASE_URL is top-level.
ENV_KEYS: dict[str, tuple[str | None, str]] = {
    "MYAGENT_DATABASE_URL": (None, "database_url"),
    "MYAGENT_LLM": ("llm", "model"),
    "MYAGENT_LLM_API_BASE": ("llm", "api_base"),
    "MYAGENT_MAX_ITERATIONS": ("budget", "max_iterations"),
    "MYAGENT_MAX_MINUTES": ("budget", "max_minutes"),
    "MYAGENT_MAX_TOKENS": ("budget", "max_tokens"),
    "MYAGENT_STALL_ITERATIONS": ("budget", "stall_iterations"),
    "MYAGENT_MAX_CALLS": ("budget", "max_calls"),
    "MYAGENT_MAX_COST_USD": ("budget", "max_cost_usd"),
    "MYAGENT_SANDBOX": ("sandbox", "enabled"),
    "MYAGENT_PYTHON": ("project", "python"),
    "MYAGENT_EMBEDDER": ("memory", "embedder"),
    "MYAGENT_CHROMA_URL": ("memory", "chroma_url"),
}


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    kind = first["type"]
    if kind == "extra_forbidden":
        return f"{source}: unknown key {where!r}"
    return f"{source}: bad value for {where!r}: {first['msg']}"


def _apply_env(data: dict[str, Any], environ: dict[str, str]) -> dict[str, Any]:
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for var, (section, key) in ENV_KEYS.items():
        if var not in environ:
            continue
        raw = environ[var]
        if section is None:
            merged[key] = raw
        else:
            merged.setdefault(section, {})[key] = raw
    unknown = sorted(
        v for v in environ if v.startswith("MYAGENT_") and v not in ENV_KEYS and v not in _IGNORED
    )
    if unknown:
        raise ConfigError(
            f"unknown environment variable {unknown[0]} (known: {', '.join(ENV_KEYS)})"
        )
    return merged


# Variables read elsewhere (by tests and CI), not part of the project settings.
_IGNORED = {"MYAGENT_REQUIRE_SERVICES", "MYAGENT_TEST_DATABASE_URL"}


def load_settings(
    root: Path,
    environ: dict[str, str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> ProjectSettings:
    """Load `root/myagent.toml` (if present), then environment, then overrides."""
    path = root / CONFIG_FILE
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        ProjectSettings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(path))) from None
    env = dict(os.environ) if environ is None else environ
    merged = _apply_env(data, env)
    for section, values in (overrides or {}).items():
        merged.setdefault(section, {}).update(values)
    try:
        settings = ProjectSettings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, _source_of(exc, env, overrides or {}))) from None
    return with_requirements_gate(settings, root)


def with_requirements_gate(settings: ProjectSettings, root: Path) -> ProjectSettings:
    """Enforce `requirements_open = 0` when there is something to build: a `--goal`, or
    open items in the requirements file (`[project] requirements = ""` turns it off).
    A target set in `[gates]` is kept."""
    from myagent.quality.requirements import open_count

    project = settings.project
    if "requirements_open" in settings.gates or not (project.requirements or project.goal):
        return settings
    if not project.goal and open_count(root, project.requirements) == 0:
        return settings
    gates = {**settings.gates, "requirements_open": 0.0}
    return settings.model_copy(update={"gates": gates})


def _source_of(
    error: ValidationError, environ: dict[str, str], overrides: dict[str, dict[str, Any]]
) -> str:
    """Name what set the bad value: the flag, else the MYAGENT_* variable."""
    loc = tuple(str(p) for p in error.errors()[0]["loc"])
    if len(loc) >= 2 and loc[1] in overrides.get(loc[0], {}):
        return f"--{loc[1].replace('_', '-')}"
    for var, (section, key) in ENV_KEYS.items():
        if var in environ and loc[: 2 if section else 1] == ((section, key) if section else (key,)):
            return var
    return "environment or flags"


def default_toml() -> str:
    """The `myagent.toml` that `myagent init` writes."""
    gates = "\n".join(f"{name} = {value:g}" for name, value in DEFAULT_GATES.items())
    budget = BudgetConfig()
    return f"""# MyAgent configuration. The gates listed here are the gates enforced.
[gates]
{gates}
# mutation_score = 0.6   # share of sampled mutants the tests kill (slower: runs tests per mutant)

[budget]
max_iterations = {budget.max_iterations}
max_minutes = {budget.max_minutes:g}
max_tokens = {budget.max_tokens}   # LLM tokens for the run (0: no limit)
max_calls = {budget.max_calls}   # LLM calls for the run (0: no limit)
max_cost_usd = {budget.max_cost_usd:g}   # LLM spend for the run, from LiteLLM's price table
stall_iterations = {budget.stall_iterations}

[project]
test_command = "pytest"
# source = ["src"]          # detected when absent
# max_mutants = 40          # mutants sampled for the mutation_score gate
# python = ".venv/bin/python"  # default: the project's .venv if present

[sandbox]
enabled = true   # false runs project code without bubblewrap: only on a machine you trust

[repair]
formula = "ochiai"   # fault localisation: ochiai | dstar | tarantula
max_checks = 60      # candidate fixes checked in the sandbox per task

[learning]
enabled = true       # order fix templates and agents by what worked before
# user_store = "~/.local/share/myagent/learning.db"   # also learn across projects
# threshold = 0.3    # least confidence (a lower credible bound) to suggest a known solution

[testgen]
# pynguin = ""          # search-based tests with Pynguin (run in the sandbox): the path of
                        # its command; empty: `pynguin` on PATH when installed; "off": never
# pynguin_budget_s = 20 # Pynguin's search time per module

[memory]
enabled = true
embedder = "auto"   # auto: all-MiniLM-L6-v2 when the 'memory' extra is installed, else off
                    # minilm | deterministic (hashed words, tests only) | a LiteLLM embedding
                    # model ("openai/text-embedding-3-small", "ollama/nomic-embed-text")
# chroma_url = "http://127.0.0.1:8000"   # a Chroma server; default: PATH/.myagent/vectors/

[llm]
model = "auto"   # auto: local when the 'local' extra is installed, else none
                 # none | local | any LiteLLM model string ("openai/gpt-4o-mini", "ollama/llama3")
# api_base = "http://127.0.0.1:8000/v1"   # an OpenAI-compatible server (vLLM, LM Studio, ...)

[architecture]
# layers = ["pkg.cli", "pkg.services", "pkg.storage"]   # highest first; with the gates
#   import_cycles = 0 and layer_violations = 0, the Architect keeps the imports in line
"""
