"""Readiness sentences, recommendations and the study plan in the candidate's language (English as before)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from interview_app.i18n import t
from interview_app.services.interviews import reports
from interview_app.services.progress import progress, study_plan
from interview_app.services.progress.analytics import ReadinessItem

HANGUL = re.compile("[\uac00-\ud7a3]")
TODAY = date(2026, 12, 1)


def test_readiness_sentences_in_english_and_korean() -> None:
    item = ReadinessItem("overall", 72.4, "nearly", "improving", projected=81.2, projected_band="ready")
    english = progress.readiness_sentence(item, 12, 2.0)
    assert english == (
        "Nearly there: your recent average is 72/100 and improving. With 12 days to go and about 2 sessions a "
        "week, you are on course for about 81 (ready) on the day."
    )
    korean = progress.readiness_sentence(item, 12, 2.0, "ko")
    assert korean.startswith("거의 다 왔어요. 최근 평균은 72/100점이고 오르고 있어요.")
    assert "면접까지 12일 남았어요." in korean and "약 81점(준비됨)" in korean
    one = ReadinessItem("overall", 40, "early", "not_enough", projected=45, projected_band="early")
    assert "With 1 day to go and about 0.5 sessions a week" in progress.readiness_sentence(one, 1, 0.5)
    assert progress.readiness_sentence(one, None, 0).endswith(
        "Set your interview date in Settings to see where this leads."
    )
    assert "설정에서 면접 날짜를" in progress.readiness_sentence(one, None, 0, "ko")
    assert "최근에는 연습 기록이 없어요." in progress.readiness_sentence(one, 3, 0, "ko")


def test_the_study_plan_is_written_in_the_candidates_language() -> None:
    args = {
        "today": TODAY,
        "interview_date": TODAY + timedelta(days=20),
        "weak_competencies": ["system-design", "communication"],
        "weak_topic_names": [],
        "followed_topics": [],
        "role_title": "Backend Engineer",
    }
    english = study_plan.build_plan(**args)
    korean = study_plan.build_plan(**args, lang="ko")
    assert english["summary"].startswith("3 weeks of practice for your Backend Engineer interview on 21 December 2026")
    assert korean["summary"].startswith("2026년 12월 21일 Backend Engineer 면접까지 3주 동안 연습해요.")
    assert [w["sessions"] for w in english["weeks"]] == [w["sessions"] for w in korean["weeks"]]
    assert english["weeks"][0]["focus"] == ["System design", "Communication"]
    assert korean["weeks"][0]["focus"] == ["시스템 설계", "커뮤니케이션"]
    assert korean["weeks"][0]["topics"] == ["인성 면접 답변 구조"]
    for week in korean["weeks"]:
        assert not week["checkpoint"] or HANGUL.search(week["checkpoint"])
    undated = study_plan.build_plan(**{**args, "interview_date": None, "role_title": ""}, lang="ko")
    assert undated["summary"].startswith("4주 동안 연습해요.") and "설정에서 면접 날짜를 정하면" in undated["summary"]


def test_the_reports_notes_follow_the_readers_language() -> None:
    report = {"counted": 3, "answered": 2, "skipped": 1, "answered_average": 70}
    english = reports.counted_text(report)
    korean = reports.counted_text(report, "ko")
    assert english == t("interview.report.counted_skipped", counted=3, answered=2, skipped=1, average=70)
    assert korean == t("interview.report.counted_skipped", "ko", counted=3, answered=2, skipped=1, average=70)
    assert HANGUL.search(korean) and not HANGUL.search(english)
    assert reports.counted_text({"counted": 0}) == ""
