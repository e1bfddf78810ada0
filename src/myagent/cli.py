"""The `myagent` command line: init, run, status, history, rollback, report, errors, memory.

Exit codes: 0 every gate met (or the command succeeded), 1 the run stopped short,
2 a usage or configuration error, with one line saying what to fix.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer._click.exceptions import ClickException, NoArgsIsHelpError  # not re-exported

from myagent.config import CONFIG_FILE, default_toml
from myagent.errors import MyAgentError, UserError
from myagent.memory import git

app = typer.Typer(
    name="myagent",
    help="Continuous development for Python projects: measure, improve, keep only what is better.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _console(stderr: bool = False) -> Console:
    """A console that never breaks a line in two when writing to a pipe or a log file.

    Rich wraps at 80 columns when the output is not a terminal, which would split a
    one-line error, a path or a run id; a terminal keeps its usual wrapping."""
    out = Console(stderr=stderr)
    out.soft_wrap = not out.is_terminal
    return out


console = _console()
err = _console(stderr=True)

PathArg = Annotated[Path, typer.Argument(help="The project: the top folder of a git repository.")]


def _error(message: str) -> None:
    """Print one error line (never wrapped, never a traceback)."""
    err.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _error(message)
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
    llm: Annotated[
        str | None,
        typer.Option(
            help="auto (default: local when the 'local' extra is installed, else none) | "
            "none | local | a LiteLLM model string."
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(help="A requirement to implement, besides those in requirements.md."),
    ] = None,
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

    overrides: dict[str, dict[str, object]] = {"budget": {}, "llm": {}, "project": {}}
    if goal is not None:
        if not goal.strip():
            raise UserError("--goal must not be empty")
        overrides["project"]["goal"] = goal.strip()
    if max_iterations is not None:
        overrides["budget"]["max_iterations"] = max_iterations
    if max_minutes is not None:
        overrides["budget"]["max_minutes"] = max_minutes
    if llm is not None:
        overrides["llm"]["model"] = llm
    try:
        code = execute(path.resolve(), overrides, json_report, resume, live, console)
    except KeyboardInterrupt:
        err.print(
            f"interrupted: continue with `myagent run {path} --resume`",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
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


@app.command()
def errors(path: PathArg) -> None:
    """The error knowledge graph: errors seen, fixes tried and how often they worked."""
    from myagent.reporting.errors_view import show_errors

    show_errors(path.resolve(), console)


memory_app = typer.Typer(
    help="The vector memory: what MyAgent recalls (code, past errors, their fixes).",
    no_args_is_help=True,
)
app.add_typer(memory_app, name="memory")


@memory_app.command("search")
def memory_search(
    path: PathArg,
    query: Annotated[str, typer.Argument(help="What to look for, in words or code.")],
    collection: Annotated[
        str | None,
        typer.Option(
            help="code_snippets | error_patterns | solutions | requirements (default: all)."
        ),
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, help="How many results.")] = 5,
) -> None:
    """Show what the vector memory would recall for QUERY."""
    from myagent.reporting.memory_view import search_memory

    search_memory(path, query, collection, k, console)


@memory_app.command("index")
def memory_index(path: PathArg) -> None:
    """Bring the code index up to date (only changed functions are embedded again)."""
    from myagent.reporting.memory_view import index_memory

    index_memory(path, console)


@memory_app.command("check")
def memory_check(path: PathArg) -> None:
    """Check that the vector memory, error graph, ledger and pattern store agree."""
    from myagent.reporting.memory_view import check_memory_view

    if check_memory_view(path, console):
        raise typer.Exit(1)


@app.command()
def architecture(path: PathArg) -> None:
    """The import graph: cycles, layer violations, hot spots; writes the design review."""
    from myagent.architecture.command import show_review

    show_review(path, console)


def main() -> None:
    """Entry point: every usage or MyAgent error ends with one line and exit code 2.

    Typer runs in non-standalone mode so that a usage error (an unknown flag, a bad
    number) is printed here as one line too, instead of a multi-line panel."""
    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError:
        sys.exit(2)  # the help text is already printed
    except ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        _error(f"{exc.format_message()}{hint}")
        sys.exit(exc.exit_code)
    except typer.Abort:
        _error("aborted")
        sys.exit(1)
    except MyAgentError as exc:
        _error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
