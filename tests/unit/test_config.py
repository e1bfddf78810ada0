from pathlib import Path

import pytest

from myagent.config import default_toml, load_settings
from myagent.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "myagent.toml").write_text(text)
    return tmp_path


def test_defaults_without_a_file(tmp_path):
    settings = load_settings(tmp_path, environ={})
    assert settings.gates["coverage_line"] == 0.8
    assert settings.budget.stall_iterations == 3
    assert settings.sandbox.enabled


def test_listed_gates_are_the_enforced_gates(tmp_path):
    settings = load_settings(write(tmp_path, "[gates]\nlint_errors = 0\n"), environ={})
    assert settings.gates == {"lint_errors": 0}


def test_test_command_string_is_split(tmp_path):
    settings = load_settings(
        write(tmp_path, '[project]\ntest_command = "pytest -x -q"\n'), environ={}
    )
    assert settings.project.test_command == ["pytest", "-x", "-q"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[gates]\ncoverge_line = 0.8\n", "unknown gate 'coverge_line'"),
        ("[budget]\nmax_iteration = 3\n", "unknown key 'budget.max_iteration'"),
        ("[budget]\nmax_iterations = 'many'\n", "bad value for 'budget.max_iterations'"),
        ("[budget]\nmax_iterations = 0\n", "bad value for 'budget.max_iterations'"),
        ("[gates\n", "not valid TOML"),
        ("[colour]\nred = 1\n", "unknown key 'colour'"),
    ],
)
def test_a_bad_key_or_value_is_one_line_naming_it(tmp_path, text, needle):
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text), environ={})
    message = str(info.value)
    assert needle in message
    assert "\n" not in message


def test_environment_overrides_the_file(tmp_path):
    write(tmp_path, "[budget]\nmax_iterations = 3\n")
    settings = load_settings(
        tmp_path,
        environ={
            "MYAGENT_MAX_ITERATIONS": "7",
            "MYAGENT_DATABASE_URL": "postgresql://x/y",
            "MYAGENT_SANDBOX": "false",
        },
    )
    assert settings.budget.max_iterations == 7
    assert settings.database_url == "postgresql://x/y"
    assert settings.sandbox.enabled is False


def test_bad_environment_values_and_names_are_reported(tmp_path):
    with pytest.raises(
        ConfigError, match=r"^MYAGENT_MAX_ITERATIONS: bad value for 'budget\.max_iterations'"
    ):
        load_settings(tmp_path, environ={"MYAGENT_MAX_ITERATIONS": "lots"})
    with pytest.raises(ConfigError, match="MYAGENT_MAX_ITERATONS"):
        load_settings(tmp_path, environ={"MYAGENT_MAX_ITERATONS": "3"})


def test_flags_override_environment(tmp_path):
    settings = load_settings(
        tmp_path,
        environ={"MYAGENT_MAX_ITERATIONS": "7"},
        overrides={"budget": {"max_iterations": 2}},
    )
    assert settings.budget.max_iterations == 2


def test_init_file_round_trips(tmp_path):
    settings = load_settings(write(tmp_path, default_toml()), environ={})
    assert "tests_pass_rate" in settings.gates
    assert settings.llm.model == "auto"  # local with the 'local' extra, else none


def test_repair_options(tmp_path):
    settings = load_settings(
        write(tmp_path, '[repair]\nformula = "dstar"\nmax_checks = 5\n'), environ={}
    )
    assert settings.repair.formula == "dstar" and settings.repair.max_checks == 5
    with pytest.raises(ConfigError, match=r"repair\.formula"):
        load_settings(write(tmp_path, '[repair]\nformula = "magic"\n'), environ={})
