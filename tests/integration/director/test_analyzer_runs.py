"""The Analyzer across runs: a regression made between two runs is reported at the
start of the next, with the forecasts, in the ledger and the HTML report."""

from __future__ import annotations

from myagent.reporting.views import write_report


def add_unused_import(project, run_git, name):
    calc = project / "calc.py"
    calc.write_text(f"import {name}\n" + calc.read_text())
    run_git(project, "commit", "-qam", f"import {name}")


def analysis_of(director, run_id):
    (found,) = [
        a for a in director.ledger.actions(run_id)
        if a.agent == "analyzer" and a.action == "analyze"
    ]  # fmt: skip
    return found


def test_regressions_between_runs_are_reported_with_the_forecasts(project, make_director, run_git):
    first = make_director(project).run()
    assert first.accepted >= 1
    assert all(g.met for g in first.gates if g.name == "lint_errors")

    # the user merges the run's branch, then adds an unused import
    run_git(project, "merge", "-q", "--ff-only", first.branch)
    add_unused_import(project, run_git, "json")
    director = make_director(project)
    second = director.run()
    analysis = analysis_of(director, second.run_id)
    assert analysis.details["past_runs"] == 1
    lint = [r for r in analysis.details["regressions"] if r["gate"] == "lint_errors"]
    assert lint == [
        {"gate": "lint_errors", "before": 0.0, "now": 1.0, "run_id": first.run_id,
         "since": "ended"}
    ]  # fmt: skip
    assert analysis.reason.startswith(f"lint_errors got worse since run {first.run_id} ended")
    assert "; forecasts " in analysis.reason

    # the second run's branch is not merged: the third compares with where it started
    add_unused_import(project, run_git, "abc")  # sorted before json
    director = make_director(project)
    third = director.run()
    analysis = analysis_of(director, third.run_id)
    assert analysis.details["past_runs"] == 2
    assert analysis.reason.startswith(
        f"lint_errors got worse since run {second.run_id} started: 1 -> 2"
    )
    html = write_report(project, third.run_id, None, third).read_text()
    assert "<h2>Trends and forecast</h2>" in html
    assert f"since run {second.run_id} started: 1 -&gt; 2" in html
    assert "<h3>Across runs</h3>" in html
    assert f"<tr><td>{first.run_id}</td>" in html and f"<tr><td>{second.run_id}</td>" in html
    # an earlier run's report does not list the runs after it
    earlier = write_report(project, first.run_id, project / "first.html").read_text()
    assert "<h3>Across runs</h3>" not in earlier
