"""The `myagent` command line: init, run, status, history, rollback, report.

Exit codes: 0 every gate met (or the command succeeded), 1 the run stopped short,
2 a usage or configuration error, with one line saying what to fix.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from myagent.config import CONFIG_FILE, default_toml
from myagent.errors import MyAgentError
from myagent.memory import git

app = typer.Typer(
    name="myagent",
    help="Continuous development for Python projects: measure, improve, keep only what is better.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

PathArg = Annotated[Path, typer.Argument(help="The project: the top folder of a git repository.")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(code)


@app.command()
def init(
    path: PathArg, force: bool = typer.Option(False, help="Overwrite an existing myagent.toml.")
) -> None:
    """Write PATH/myagent.toml with the default gates."""
    root = git.repo_root(path.resolve())
    target = root / CONFIG_FILE
    if target.exists() and not force:
        raise _fail(f"{target} exists already (use --force to overwrite it)")
    target.write_text(default_toml(), encoding="utf-8")
    git.exclude_state_dir(root)
    console.print(f"wrote {target}")


@app.command()
def run(
    path: PathArg,
    llm: Annotated[str | None, typer.Option(help="none | local | a LiteLLM model string.")] = None,
    max_iterations: Annotated[int | None, typer.Option(min=1)] = None,
    max_minutes: Annotated[float | None, typer.Option(min=0.01)] = None,
    json_report: Annotated[
        Path | None, typer.Option(help="Write a machine-readable result here.")
    ] = None,
    resume: Annotated[
        bool, typer.Option(help="Continue the last run from its last checkpoint.")
    ] = False,
    live: Annotated[
        bool, typer.Option(help="Show the live view (off when not a terminal).")
    ] = True,
) -> None:
    """Improve the project until its gates are met, the budget is spent or it stalls."""
    from myagent.run_command import execute

    overrides: dict[str, dict[str, object]] = {"budget": {}, "llm": {}}
    if max_iterations is not None:
        overrides["budget"]["max_iterations"] = max_iterations
    if max_minutes is not None:
        overrides["budget"]["max_minutes"] = max_minutes
    if llm is not None:
        overrides["llm"]["model"] = llm
    code = execute(path.resolve(), overrides, json_report, resume, live, console)
    raise typer.Exit(code)


@app.command()
def status(path: PathArg) -> None:
    """The last run of the project: status, gates, branch."""
    from myagent.reporting.views import show_status

    show_status(path.resolve(), console)


@app.command()
def history(
    path: PathArg,
    run_id: Annotated[
        str | None, typer.Option("--run", help="One run's actions in detail.")
    ] = None,
) -> None:
    """Every run of the project, or every action of one run."""
    from myagent.reporting.views import show_history

    show_history(path.resolve(), run_id, console)


@app.command()
def rollback(
    path: PathArg,
    to: Annotated[str | None, typer.Option(help="The checkpoint commit to go back to.")] = None,
    steps: Annotated[int, typer.Option(min=1, help="Checkpoints to undo when --to is absent.")] = 1,
    run_id: Annotated[str | None, typer.Option("--run", help="Default: the last run.")] = None,
    reason: Annotated[
        str, typer.Option(help="Why (kept in the ledger).")
    ] = "rolled back by the user",
) -> None:
    """Move the run branch back to an earlier checkpoint; the undone commits stay in history."""
    from myagent.reporting.views import do_rollback

    do_rollback(path.resolve(), run_id, to, steps, reason, console)


@app.command()
def report(
    path: PathArg,
    run_id: Annotated[str | None, typer.Option("--run", help="Default: the last run.")] = None,
    output: Annotated[Path | None, typer.Option(help="Where to write the HTML report.")] = None,
) -> None:
    """(Re)write the HTML report of a run from the ledger."""
    from myagent.reporting.views import write_report

    written = write_report(path.resolve(), run_id, output)
    console.print(f"report: {written}")


def main() -> None:
    """Entry point: every MyAgent error ends with one line and exit code 2.

    Usage errors (an unknown flag, a bad number) are reported by Typer, also with 2."""
    try:
        app()
    except MyAgentError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted: continue with `myagent run PATH --resume`")
        sys.exit(130)
