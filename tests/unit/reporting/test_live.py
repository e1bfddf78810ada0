"""The live view renders what the Director and the Analyzer say on the bus."""

from rich.console import Console

from myagent.protocol import AgentMessage, MessageType
from myagent.reporting.live import LiveView


def status(event: str, **payload: object) -> AgentMessage:
    return AgentMessage(
        type=MessageType.STATUS, sender="director", recipient="observer",
        payload={"event": event, **payload},
    )  # fmt: skip


def test_the_live_view_shows_forecasts_and_regressions():
    console = Console(record=True, width=120, force_terminal=False)
    with LiveView(console) as view:
        view.on_message(status("iteration", iteration=2, tasks=["raise_coverage"]))
        view.on_message(
            status("gates", gates=[
                {"name": "coverage_line", "value": 0.6, "target": 0.8, "met": False},
                {"name": "lint_errors", "value": 0, "target": 0, "met": True},
            ])
        )  # fmt: skip
        view.on_message(
            status("trends", trends={
                "coverage_line": {"trend": "improving", "forecast": "~2 more"},
                "lint_errors": {"trend": "improving", "forecast": "met"},
            })
        )  # fmt: skip
        view.on_message(
            status("analysis", regressions=["lint_errors got worse since run r1: 0 -> 2"],
                   forecast_error="off by 0.50 iterations on average over 4 past forecasts")
        )  # fmt: skip
    text = console.export_text()
    assert "forecast" in text and "~2 more" in text
    assert "regression: lint_errors got worse since run r1: 0 -> 2" in text
    assert "forecasts: off by 0.50 iterations" in text
