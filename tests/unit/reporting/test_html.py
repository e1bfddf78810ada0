from myagent.llm.budget import AgentUsage
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


def test_a_run_without_a_model_says_so_in_the_llm_section():
    html = render(data())
    assert "<h2>LLM usage</h2><p>no LLM (--llm none)</p>" in html


def test_llm_usage_shows_model_budget_and_per_agent_calls_tokens_and_cost():
    usage = {
        "debugger": AgentUsage(
            calls=3, prompt_tokens=1200, completion_tokens=300, cost_usd=0.0123, seconds=4.26
        ),
        "coder": AgentUsage(calls=1, prompt_tokens=100, completion_tokens=20, seconds=1.0),
    }
    html = render(
        data(
            llm_model="openai/gpt-4o-mini",
            llm_usage=usage,
            llm_limits="200,000 tokens, no call limit, $1, 30 min",
        )
    )
    assert "model <code>openai/gpt-4o-mini</code>" in html
    assert "budget for the run: 200,000 tokens, no call limit, $1, 30 min" in html
    assert (
        "<tr><td>debugger</td><td>3</td><td>1,200</td><td>300</td><td>1,500</td>"
        "<td>$0.0123</td><td>4.3</td></tr>"
    ) in html
    assert "<tr><td>coder</td><td>1</td><td>100</td><td>20</td><td>120</td>" in html
    assert "<tr><td><b>total</b></td><td>4</td><td>1,300</td><td>320</td><td>1,620</td>" in html
    assert html.index("<td>coder</td>") < html.index("<td>debugger</td>")  # sorted by agent


def test_a_model_that_was_never_called_is_named_with_no_calls():
    html = render(data(llm_model="local/gemma3-270m-q4_k_m"))
    assert "model <code>local/gemma3-270m-q4_k_m</code>" in html
    assert "no LLM call was made" in html and "no LLM (--llm none)" not in html


def test_the_outlook_shows_each_gates_trend_forecast_and_the_analysis():
    html = render(
        data(
            outlook=[("lint_errors", "improving", "met"), ("coverage_line", "flat", "no progress")],
            analysis=["lint_errors got worse since run r0: 0 -> 2; forecasts off by 0.50 ..."],
        )
    )
    assert "<h2>Trends and forecast</h2>" in html
    assert "<td>coverage_line</td><td>flat</td><td>no progress</td>" in html
    assert "lint_errors got worse since run r0: 0 -&gt; 2" in html
    assert "Trends and forecast" not in render(data())


def test_across_runs_shows_where_each_earlier_run_ended_and_this_one_is():
    html = render(
        data(
            outlook=[("lint_errors", "improving", "met")],
            across_runs=[("r0", {"lint_errors": 4, "coverage_line": 0.25})],
        )
    )
    assert "<h3>Across runs</h3>" in html
    assert "<tr><td>r0</td><td>4</td><td>25.0%</td></tr>" in html
    assert "<tr><td>r1 (this run)</td><td>0</td><td>50.0%</td></tr>" in html
