"""The revenue page's figures (components/revenue_charts.py) from hand-made reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from interview_app.components import revenue_charts
from interview_app.services.billing.revenue import MonthFigures, RevenueReport


def month(
    day: date, *, mrr: dict[str, int], new: int = 0, churned: int = 0, churn: float | None = None
) -> MonthFigures:
    return MonthFigures(
        month=day, mrr=mrr, arpu=mrr, cash=mrr, paying_start=0, paying_end=1, churned=churned, churn=churn, new=new
    )


def plain(fig: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A figure's traces and layout as plain dicts."""
    as_dict = fig.to_dict()
    return as_dict["data"], as_dict["layout"]


REPORT = RevenueReport(
    months=[
        month(date(2026, 11, 1), mrr={"USD": 1200}, new=1),
        month(date(2026, 12, 1), mrr={"USD": 2400, "INR": 99900}, new=2, churned=1, churn=0.5),
    ],
    currencies=["INR", "USD"],
)


def test_mrr_has_a_line_per_currency_in_major_units_with_every_month_named():
    data, layout = plain(revenue_charts.mrr_figure(REPORT))
    lines = {trace["name"]: list(trace["y"]) for trace in data}
    assert lines == {"INR": [0.0, 999.0], "USD": [12.0, 24.0]}
    assert list(data[0]["x"]) == ["Nov 2026", "Dec 2026"]
    assert layout["xaxis"]["type"] == "category"


def test_subscribers_bars_go_up_for_new_and_down_for_lost_in_whole_steps():
    (new, lost), layout = plain(revenue_charts.subscribers_figure(REPORT))
    assert list(new["y"]) == [1, 2] and list(lost["y"]) == [0, -1]
    assert layout["barmode"] == "relative" and layout["yaxis"]["dtick"] == 1


def test_churn_leaves_a_gap_where_nobody_paid_at_the_start():
    data, layout = plain(revenue_charts.churn_figure(REPORT))
    assert list(data[0]["y"]) == [None, 50.0] and layout["yaxis"]["ticksuffix"] == "%"


def test_an_empty_report_still_draws_an_empty_axis():
    empty = RevenueReport(months=[month(date(2026, 12, 1), mrr={})], currencies=[])
    data, _ = plain(revenue_charts.mrr_figure(empty))
    assert len(data) == 1 and list(data[0]["y"]) == [0]


def test_a_korean_admin_reads_korean_months_and_legends():
    data, _ = plain(revenue_charts.subscribers_figure(REPORT, "ko"))
    assert list(data[0]["x"]) == ["2026년 11월", "2026년 12월"]
    assert data[0]["name"] != "New"
