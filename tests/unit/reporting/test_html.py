from myagent.reporting.charts import line_chart
from myagent.reporting.html import ActionRow, ReportData, render


def data(**kw):
    base = dict(
        project="/p",
        run_id="r1",
        status="stalled",
        reason="no agent",
        branch="myagent/r1",
        base="a" * 40,
        head="b" * 40,
        duration_s=3.5,
        gates={"lint_errors": 0, "coverage_line": 0.8},
        history=[
            {"lint_errors": 12, "coverage_line": 0.5},
            {"lint_errors": 0, "coverage_line": 0.5},
        ],
        scores=[40.0, 55.0],
        actions=[
            ActionRow(1, "coder", "propose", "ruff-fix", True, "lint_errors improved: 12 -> 0")
        ],
        checkpoints=[(1, "c" * 40, "Apply ruff's safe fixes")],
        milestones=[("lint_errors", 0.0, 1)],
        unaddressed=["coverage_line: no tester strategy for 'raise_coverage' yet"],
    )
    base.update(kw)
    return ReportData(**base)


def test_report_is_self_contained_with_a_chart_per_gate_and_score():
    html = render(data())
    assert html.count("<svg") == 3  # score + two gates
    assert "<script" not in html and "http" not in html.replace('lang="en"', "")
    assert "lint_errors improved: 12 -&gt; 0" in html
    assert "coverage_line: no tester strategy" in html
    assert "cccccccccccc" in html


def test_gate_table_shows_start_now_target_and_status():
    html = render(data())
    assert '<td>lint_errors</td><td>12</td><td>0</td><td>0</td><td class="yes">met</td>' in html
    assert (
        '<td>coverage_line</td><td>50.0%</td><td>50.0%</td><td>80.0%</td><td class="no">not met</td>'
        in html
    )


def test_text_is_escaped():
    html = render(data(reason="<script>alert(1)</script>"))
    assert "<script>alert" not in html


def test_chart_of_unmeasured_values():
    assert "not measured" in line_chart("type_errors", [None, None])
    chart = line_chart("lint", [3, None, 1], target=0)
    assert chart.count("<circle") == 2 and "target 0" in chart
