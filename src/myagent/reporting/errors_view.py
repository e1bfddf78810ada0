"""`myagent errors PATH`: the project's error knowledge graph, readably.

For each error (most recently seen first): its type, masked message, location,
occurrences and when it was last seen; the fixes tried for it with their strategy,
attempts, successes and success rate, and the diff in short; the patterns it belongs
to with their causes and prevention. Then the success of each strategy overall.

The view only reads: a project MyAgent never ran on gets a one-line answer, and no
`.myagent/` folder or ledger file is created for it.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from myagent.config import ProjectSettings, load_settings
from myagent.memory import git
from myagent.memory.error_graph import ErrorGraph, ErrorNodeRecord, SolutionRecord
from myagent.memory.ledger import Ledger
from myagent.storage.db import LEDGER_FILE, database_url, open_database

DIFF_LINES = 6  # changed lines of a fix shown
_LINE = 110  # characters of one shown line


def _short(text: str, limit: int = _LINE) -> str:
    text = " ".join(text.split()) if "\n" in text else text.rstrip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_summary(diff: str, lines: int = DIFF_LINES) -> list[str]:
    """The changed lines of a unified diff (no headers, no context), at most `lines`,
    then how many more there are."""
    changed = [
        line
        for line in diff.splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    shown = [_short(line) for line in changed[:lines]]
    if len(changed) > lines:
        shown.append(f"… {len(changed) - lines} more changed line(s)")
    return shown


def _rate(attempts: int, successes: int) -> str:
    percent = f"{100 * successes / attempts:.0f}%" if attempts else "-"
    return f"{successes}/{attempts} worked ({percent})"


def _print_solution(console: Console, solution: SolutionRecord) -> None:
    colour = "green" if solution.successes else "red"
    used = f"last used {solution.last_used:%Y-%m-%d %H:%M}"
    commit = f" · commit {solution.commit[:12]}" if solution.commit else ""
    console.print(
        f"    [bold]{escape(solution.strategy)}[/bold] "
        f"[{colour}]{_rate(solution.attempts, solution.successes)}[/{colour}] · {used}{commit}"
    )
    if solution.description:
        console.print(f"      {escape(_short(solution.description))}")
    for line in diff_summary(solution.diff):
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
        console.print(f"        [{style}]{escape(line)}[/{style}]")


def _print_error(console: Console, graph: ErrorGraph, number: int, error: ErrorNodeRecord) -> None:
    console.print(
        f"[bold]{number}. {escape(error.error_type)}[/bold] · seen {error.occurrences} time(s) · "
        f"last {error.last_seen:%Y-%m-%d %H:%M}"
    )
    console.print(f"  message   {escape(error.message_pattern) or '(none)'}")
    console.print(f"  at        {escape(error.location) or '(unknown)'}")
    solutions = graph.solutions(error.id)
    console.print("  fixes" if solutions else "  fixes     none tried yet")
    for solution in solutions:
        _print_solution(console, solution)
    for pattern in graph.patterns(error.id):
        console.print(f"  pattern   [bold]{escape(pattern.name)}[/bold]")
        if pattern.causes:
            console.print(f"    causes      {escape(pattern.causes)}")
        if pattern.prevention:
            console.print(f"    prevention  {escape(pattern.prevention)}")
    console.print()


def _strategy_table(stats: dict[str, tuple[int, int]]) -> Table:
    table = Table(title="Fix strategies")
    for column in ("strategy", "attempts", "successes", "success rate"):
        table.add_column(column, justify="left" if column == "strategy" else "right")
    for strategy, (attempts, successes) in sorted(
        stats.items(), key=lambda item: (-item[1][1], item[0])
    ):
        rate = f"{100 * successes / attempts:.0f}%" if attempts else "-"
        table.add_row(escape(strategy), str(attempts), str(successes), rate)
    return table


def _print_nothing(console: Console, root: Path) -> None:
    console.print(
        f"no errors recorded yet for {escape(str(root))}", highlight=False, soft_wrap=True
    )


def _ledger_exists(root: Path, settings: ProjectSettings) -> bool:
    return bool(settings.database_url) or (settings.state_dir(root) / LEDGER_FILE).is_file()


def show_errors(path: Path, console: Console) -> None:
    """Print the error knowledge graph of the project at `path` (see the module doc)."""
    root = git.repo_root(path)
    settings = load_settings(root)
    if not _ledger_exists(root, settings):
        _print_nothing(console, root)
        return
    # The same database `project.open_ledger` opens, without creating anything.
    with open_database(database_url(settings.state_dir(root), settings.database_url)) as db:
        project = Ledger(db).find_project(root)
        graph = ErrorGraph(db, project.id) if project is not None else None
        errors = graph.errors() if graph is not None else []
        if graph is None or not errors:
            _print_nothing(console, root)
            return
        stats = graph.strategy_stats()
        fixes = sum(len(graph.solutions(e.id)) for e in errors)
        console.print(
            f"[bold]Error knowledge graph of {escape(root.name)}[/bold]: {len(errors)} error(s), "
            f"{fixes} fix(es), {len(graph.patterns())} pattern(s)",
            highlight=False,
        )
        console.print()
        for number, error in enumerate(errors, start=1):
            _print_error(console, graph, number, error)
        if stats:
            console.print(_strategy_table(stats))
