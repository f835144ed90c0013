"""The analytics page's score boxes (components/admin_charts.py) name their groups in the reader's language."""

from __future__ import annotations

from interview_app.components import admin_charts
from interview_app.services.admin.platform_analytics import NO_ROLE, OTHER_ROLES


def test_score_boxes_name_the_roles_and_the_groups_in_the_reader_language() -> None:
    by_role = {"Backend Engineer": [60, 70], NO_ROLE: [50], OTHER_ROLES: [40, 45]}
    korean = [trace["name"] for trace in admin_charts.scores_figure(by_role, "ko").to_dict()["data"]]
    english = [trace["name"] for trace in admin_charts.scores_figure(by_role, "en").to_dict()["data"]]
    assert korean == ["Backend Engineer", "직무 없음", "그 밖의 직무"]  # a stored title as it was written
    assert english == ["Backend Engineer", "No role", "Other roles"]
