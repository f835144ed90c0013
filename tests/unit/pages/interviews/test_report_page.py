"""The report page's dimension chart (plain HTML bars, no chart library) and its polling, which stops once
nothing on the report is still to come."""

from __future__ import annotations

from interview_app.pages.interviews.report import DIMENSION_MAX, ReportState, _bars
from tests.support.handlers import new_state


def test_bars_give_each_dimension_its_value_and_length_in_the_pages_language() -> None:
    bars = _bars({"relevance": 20, "structure": 12.6, "specificity": 0, "impact": 31}, "en")
    assert [b["label"] for b in bars] == ["Relevance", "Structure", "Specificity", "Impact and fit"]
    assert [b["value"] for b in bars] == ["20/25", "13/25", "0/25", f"{DIMENSION_MAX}/25"]
    # A value outside the scale never draws a bar longer than its track (or a negative one).
    assert [b["width"] for b in bars] == ["80.0%", "50.4%", "0.0%", "100.0%"]
    assert _bars({}, "en")[0]["value"] == "0/25"
    assert _bars({"relevance": 10}, "ko")[0]["label"] != "Relevance"


def _report(**values: object) -> ReportState:
    state = new_state(ReportState)
    state.loaded, state.status, state.overall, state.pending, state.refining = True, "completed", 60, 0, 0
    for name, value in values.items():
        setattr(state, name, value)
    return state


def test_polling_goes_on_while_answers_are_scored_and_stops_when_the_report_is_complete() -> None:
    scoring = _report(pending=1, polling=True)
    assert scoring.poll() is not None  # reloads
    assert scoring._waiting()

    done = _report(polling=True)
    assert done.poll() is None
    assert done.polling is False  # the 2-second timer leaves the page

    summing = _report(overall=-1, polling=True)
    assert summing.poll() is not None  # the overall score is still being summed up
    summing._summary_waits = 30
    assert summing.poll() is None and summing.polling is False  # but not for ever

    running = _report(status="in_progress", overall=-1, polling=True)
    assert running.poll() is None and running.polling is False
