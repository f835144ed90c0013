"""The analytics page's charts (components/admin_charts.py) name their groups and days in the reader's language."""

from __future__ import annotations

from datetime import date

from interview_app.components import admin_charts
from interview_app.services.admin.platform_analytics import NO_ROLE, OTHER_ROLES, Cohort


def test_score_boxes_name_the_roles_and_the_groups_in_the_reader_language() -> None:
    by_role = {"Backend Engineer": [60, 70], NO_ROLE: [50], OTHER_ROLES: [40, 45]}
    korean = [trace["name"] for trace in admin_charts.scores_figure(by_role, "ko").to_dict()["data"]]
    english = [trace["name"] for trace in admin_charts.scores_figure(by_role, "en").to_dict()["data"]]
    assert korean == ["Backend Engineer", "직무 없음", "그 밖의 직무"]  # a stored title as it was written
    assert english == ["Backend Engineer", "No role", "Other roles"]


def test_day_axes_and_cohort_names_are_written_in_the_reader_language() -> None:
    days = [date(2026, 12, 6), date(2026, 12, 7)]
    figures = [
        admin_charts.active_users_figure(days, [1, 2], [3, 4], "ko"),
        admin_charts.sessions_figure(days, [1, 2], [1, 1], "ko"),
        admin_charts.engines_figure(days, [1, 0], [0, 1], [0, 0], "ko"),
    ]
    for figure in figures:
        axis = figure.to_dict()["layout"]["xaxis"]
        # plotly writes month names only in English: the axis and its hover header spell the month as a number
        assert axis["type"] == "date"
        assert axis["tickformat"] == axis["hoverformat"] == "%-m월 %-d일"
    cohorts = [Cohort(week=date(2026, 11, 30), users=1200, retained=[0.5, None, None, None])]
    korean = admin_charts.retention_figure(cohorts, "ko").to_dict()["data"][0]
    english = admin_charts.retention_figure(cohorts, "en").to_dict()["data"][0]
    assert korean["name"] == "11월 30일부터 한 주 (1,200명)"
    assert english["name"] == "Week of 30 Nov (1,200)"
    assert list(korean["x"]) == ["1주 차"]
