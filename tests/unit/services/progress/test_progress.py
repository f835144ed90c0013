"""Progress: aggregates, trends, percentiles with the group minimum, readiness, recommendations and the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from interview_app.models import Profile, StudyPlan, UserStats
from interview_app.services.interviews import interviews
from interview_app.services.progress import analytics, charts, progress, study_plan
from interview_app.services.progress import pdf as progress_pdf
from interview_app.services.progress.analytics import SessionPoint, theil_sen_slope, trend
from interview_app.services.progress.rows import rows_for
from interview_app.services.trainer import topics
from tests.support.history import seed_cards, seed_history

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def point(day: date, overall: int, comps: dict[str, float] | None = None, speech=None) -> SessionPoint:
    dims = {d: overall / 4 for d in ("relevance", "structure", "specificity", "impact")}
    return SessionPoint(1, datetime.combine(day, datetime.min.time(), tzinfo=UTC), day, overall, dims,
                        comps or {}, 5, "mixed", speech)  # fmt: skip


# ---- trends (pure) ------------------------------------------------------------------------------------


def test_theil_sen_ignores_one_bad_session() -> None:
    assert theil_sen_slope([50, 52, 54, 56, 58]) == pytest.approx(2.0)
    assert theil_sen_slope([50, 52, 10, 56, 58]) == pytest.approx(2.0)  # one outlier barely moves it
    assert theil_sen_slope([70]) == 0.0


def test_trend_labels_and_the_minimum_count() -> None:
    assert trend([50, 53, 55, 58]).label == "improving"
    assert trend([60, 59, 61, 60, 60]).label == "stable"
    assert trend([80, 76, 73, 69]).label == "declining"
    assert trend([50, 60, 70]).label == "not_enough"
    assert trend([10, 11, 12, 13], scale=25).label == "improving"  # 1 point a session on a 25-point scale
    assert trend([1, 2, 3, 4, 5, 6, 7, 8, 9, 40, 40, 40, 40, 40, 40, 40, 40]).label == "stable"  # last 8 only


def test_competency_levels_average_recent_sessions() -> None:
    points = [point(TODAY - timedelta(days=i), 60, {"ownership": 40 + i}) for i in range(12)]
    points.append(point(TODAY, 60, {"communication": 90}))
    levels = analytics.competency_levels(points, recent=10)
    assert levels["communication"] == 90.0
    assert levels["ownership"] == pytest.approx(sum(42 + i for i in range(10)) / 10)


def test_weekly_counts_and_activity_days() -> None:
    points = [point(TODAY, 70), point(TODAY - timedelta(days=1), 70), point(TODAY - timedelta(days=8), 60)]
    days = {TODAY: {"interview": 5, "trainer": 3}, TODAY - timedelta(days=9): {"interview": 0, "trainer": 4}}
    weeks = analytics.weekly_counts(points, days, weeks=3, today=TODAY)
    assert [w["week"] for w in weeks] == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    assert [w["sessions"] for w in weeks] == [0, 1, 2]  # 1 December 2026 is a Tuesday
    assert weeks[-1]["interview_questions"] == 5 and weeks[-1]["trainer_questions"] == 3
    assert weeks[0]["trainer_questions"] == 4


def test_readiness_bands_and_projection() -> None:
    points = [point(TODAY - timedelta(days=3 * (9 - i)), 50 + 2 * i, {"ownership": 40 + 2 * i}) for i in range(10)]
    r = analytics.readiness(points, TODAY + timedelta(days=14), TODAY)
    assert r.overall is not None and r.overall.level == pytest.approx(64.0)
    assert r.overall.band == "nearly" and r.overall.trend == "improving"
    assert r.overall.projected is not None and r.overall.projected > r.overall.level
    assert r.days_left == 14 and r.sessions_per_week == pytest.approx(2.5)
    assert r.skills[0].skill == "ownership" and r.skills[0].band == "progressing"
    no_date = analytics.readiness(points, None, TODAY)
    assert no_date.overall is not None and no_date.overall.projected is None
    sentence = progress.readiness_sentence(r.overall, r.days_left, r.sessions_per_week)
    assert sentence.startswith("Nearly there: your recent average is 64/100 and improving.")
    assert "on course for about" in sentence
    assert "Set your interview date" in progress.readiness_sentence(no_date.overall, None, 0)
    assert analytics.band(75) == "ready" and analytics.band(44.9) == "early"


# ---- with the database --------------------------------------------------------------------------------


@pytest.fixture
def candidate(session: Session, make_user):
    def make(email: str = "ada@example.com", *, role: str = "backend-engineer", level: str = "mid", share=True):
        user = make_user(email)
        profile = session.get(Profile, user.id)
        assert profile is not None
        profile.target_role_slug, profile.level, profile.share_progress = role, level, share
        session.add(profile)
        session.commit()
        return user

    return make


def test_user_stats_follow_finished_sessions(session: Session, candidate) -> None:
    user = candidate()
    seed_history(session, user.id or 0, sessions=4, end=TODAY, start_score=60, gain=0, spoken_every=0)
    stats = session.get(UserStats, user.id)
    assert stats is not None and stats.sessions == 4 and stats.role_slug == "backend-engineer"
    assert 55 <= (stats.avg_score or 0) <= 65 and stats.share_progress
    assert [e[2] for e in stats.history] == [p.overall for p in analytics.completed_sessions(session, user.id)]


def test_the_kept_history_is_rebuilt_when_sessions_change_behind_it(session: Session, candidate) -> None:
    user = candidate()
    made = seed_history(session, user.id or 0, sessions=5, end=TODAY, start_score=50, gain=5, spoken_every=0)
    first = analytics.completed_sessions(session, user.id or 0)
    assert [p.id for p in first] == [s.id for s in made] and first[-1].overall > first[0].overall
    # A session deleted without summing up (e.g. from the history page): the page no longer shows it.
    interviews.delete_session(session, user.id or 0, made[-1].id or 0)
    assert [p.id for p in analytics.completed_sessions(session, user.id or 0)] == [s.id for s in made[:-1]]
    # A row from before the history was kept (empty history): rebuilt on first read.
    stats = session.get(UserStats, user.id)
    assert stats is not None
    stats.history = []
    session.add(stats)
    session.flush()
    assert len(analytics.completed_sessions(session, user.id or 0)) == 4
    assert len(session.get(UserStats, user.id).history) == 4  # type: ignore[union-attr]
    # Read twice (the second from memory), then a new session summed up: the page sees it at once.
    assert analytics.completed_sessions(session, user.id or 0) == analytics.completed_sessions(session, user.id or 0)
    seed_history(session, user.id or 0, sessions=1, end=TODAY + timedelta(days=1), start_score=90, spoken_every=0)
    latest = analytics.completed_sessions(session, user.id or 0)
    assert len(latest) == 5 and latest[-1].overall >= 85


def test_percentile_needs_opt_in_and_a_big_enough_group(session: Session, candidate, override_settings) -> None:
    me = candidate("me@example.com")
    seed_history(session, me.id or 0, sessions=3, end=TODAY, start_score=70, gain=0, spoken_every=0, seed=9)
    for i in range(6):
        peer = candidate(f"p{i}@example.com")
        seed_history(session, peer.id or 0, sessions=2, end=TODAY, start_score=40 + 10 * i, gain=0, spoken_every=0)
    other_level = candidate("senior@example.com", level="senior")
    seed_history(session, other_level.id or 0, sessions=2, end=TODAY, start_score=99, gain=0, spoken_every=0)
    hidden = candidate("hidden@example.com", share=False)
    seed_history(session, hidden.id or 0, sessions=2, end=TODAY, start_score=10, gain=0, spoken_every=0)
    session.commit()
    small = analytics.peer_percentile(session, me.id or 0, min_group=20)
    assert not small.available and small.reason == "group_too_small" and small.group_size == 0
    shown = analytics.peer_percentile(session, me.id or 0, min_group=7)
    assert shown.available and shown.group_size == 7  # me + 6 peers; other levels and non-sharers excluded
    mine = session.get(UserStats, me.id).avg_score  # type: ignore[union-attr]
    below = sum(1 for i in range(6) if (40 + 10 * i) < (mine or 0) - 5)
    assert shown.percentile >= round(100 * below / 6) - 17
    # The group is kept in memory for a few minutes, but a peer summing up a session here refreshes it.
    late = candidate("late@example.com")
    seed_history(session, late.id or 0, sessions=1, end=TODAY, start_score=95, gain=0, spoken_every=0)
    assert analytics.peer_percentile(session, me.id or 0, min_group=7).group_size == 8
    progress.set_sharing(session, me.id or 0, False)
    assert analytics.peer_percentile(session, me.id or 0, min_group=1).reason == "not_shared"
    assert analytics.peer_percentile(session, hidden.id or 0, min_group=1).reason == "not_shared"


def test_topic_mastery_forecasts_forgetting(session: Session, candidate) -> None:
    topics.seed_quiz_bank(session)
    user = candidate()
    assert seed_cards(session, user.id or 0, per_topic=2) == 36
    mastery = analytics.topic_mastery(session, user.id or 0, NOW)
    assert len(mastery) == 18
    for m in mastery:
        assert m.cards == 2 and 0 < m.recall[30] <= m.recall[7] <= m.recall[0] <= 1


def test_recommendations_point_at_weak_skills_missed_points_and_topics(session: Session, candidate) -> None:
    from interview_app.models import Question
    from interview_app.services.trainer import quiz

    topics.seed_quiz_bank(session)
    user = candidate()
    seed_history(session, user.id or 0, sessions=8, end=TODAY, start_score=45, gain=1)
    q = Question(slug="q1", type="technical", difficulty="medium", prompt="Explain caching.", model_answer="...")
    session.add(q)
    session.flush()
    quiz.add_missed_points(session, user_id=user.id or 0, question_id=q.id, session_id=None, answer_id=None,
                           missed=["Name an eviction policy"], now=NOW - timedelta(hours=1))  # fmt: skip
    seed_cards(session, user.id or 0, per_topic=1, now=NOW - timedelta(days=30))
    points = analytics.completed_sessions(session, user.id or 0)
    recs = study_plan.recommendations(session, user.id or 0, points, NOW)
    kinds = [r.kind for r in recs]
    assert kinds[0] == "competency" and "missed_points" in kinds and "topic" in kinds
    assert recs[0].action == "interview" and recs[0].target in {c for p in points for c in p.competencies}
    topic_rec = next(r for r in recs if r.kind == "topic")
    assert topic_rec.action == "practice" and topic_rec.target.isdigit()


def test_plan_counts_back_from_the_interview_date() -> None:
    plan = study_plan.build_plan(
        today=TODAY,
        interview_date=TODAY + timedelta(days=20),
        weak_competencies=["system-design", "communication"],
        weak_topic_names=["SQL"],
        followed_topics=["SQL", "Algorithms", "Python"],
        role_title="Backend Engineer",
    )
    weeks = plan["weeks"]
    assert len(weeks) == 3 and plan["days_left"] == 20
    assert [w["sessions"] for w in weeks] == [3, 4, 5]  # more as the day comes closer
    assert weeks[0]["focus"][0] == "System design" and weeks[0]["topics"][0] == "SQL"
    assert weeks[1]["checkpoint"].startswith("Halfway") and weeks[-1]["checkpoint"].startswith("Final")
    assert weeks[-1]["end"] == (TODAY + timedelta(days=19)).isoformat()
    assert "Backend Engineer interview on 21 December" in plan["summary"]
    undated = study_plan.build_plan(
        today=TODAY, interview_date=None, weak_competencies=[], weak_topic_names=[], followed_topics=[], role_title=""
    )
    assert len(undated["weeks"]) == 4 and "Set your interview date" in undated["summary"]
    far = study_plan.build_plan(
        today=TODAY,
        interview_date=TODAY + timedelta(days=400),
        weak_competencies=["ownership"],
        weak_topic_names=[],
        followed_topics=["Git"],
        role_title="",
    )
    assert len(far["weeks"]) == 12


def test_plan_generate_accept_edit(session: Session, candidate) -> None:
    topics.seed_quiz_bank(session)
    user = candidate()
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.interview_date = TODAY + timedelta(days=10)
    session.add(profile)
    seed_history(session, user.id or 0, sessions=5, end=TODAY)
    with pytest.raises(study_plan.PlanError, match="no_plan"):
        study_plan.accept(session, user.id or 0)
    row = study_plan.generate(session, user.id or 0, TODAY)
    assert row.status == "draft" and row.source == "rules" and len(row.plan["weeks"]) == 2
    study_plan.accept(session, user.id or 0)
    with pytest.raises(study_plan.PlanError, match="sessions_range"):
        study_plan.edit_week(session, user.id or 0, 1, 9, "")
    with pytest.raises(study_plan.PlanError, match="no_week"):
        study_plan.edit_week(session, user.id or 0, 5, 2, "")
    edited = study_plan.edit_week(session, user.id or 0, 1, 2, "  Travelling on Wednesday  ")
    assert edited.edited and edited.plan["weeks"][0]["sessions"] == 2
    assert edited.plan["weeks"][0]["note"] == "Travelling on Wednesday" and edited.status == "accepted"
    again = study_plan.generate(session, user.id or 0, TODAY)
    assert again.id == row.id and again.status == "draft" and not again.edited
    assert len(session.exec(__import__("sqlmodel").select(StudyPlan)).all()) == 1


def test_overview_rows_and_pdf(session: Session, candidate) -> None:
    topics.seed_quiz_bank(session)
    user = candidate()
    seed_history(session, user.id or 0, sessions=10, end=TODAY)
    seed_cards(session, user.id or 0, per_topic=1)
    v = progress.overview(session, user.id or 0, NOW)
    rows = rows_for(v)
    assert len(rows["scores"]) == 10 and rows["scores"][0]["date"] < rows["scores"][-1]["date"]
    assert rows["radar"] and rows["mastery"] and rows["speaking"]
    assert rows["summaries"]["scores"].startswith("10 interviews: from ")
    assert {r["skill"] for r in rows["trends"]} == {"Overall", "Relevance", "Structure", "Specificity",
                                                    "Impact and fit"}  # fmt: skip
    assert v.streak.current == 20 and "Streak: 20 days" in rows["summaries"]["calendar"]
    figures = [
        charts.scores_over_time(v.points, v.trends, "en"),
        charts.skill_radar(v.levels, "en"),
        charts.mastery_heatmap(v.mastery, "en"),
        charts.speaking_chart(v.speaking, "en"),
        charts.activity_calendar(v.activity, v.today, "en"),
        charts.weekly_chart(v.weekly, "en"),
    ]
    dumped = [f.to_dict()["data"] for f in figures]
    assert [len(d) for d in dumped] == [5, 1, 1, 3, 1, 3]
    assert list(dumped[0][0]["y"]) == [p.overall for p in v.points]
    assert len(dumped[4][0]["z"]) == 7 and len(dumped[4][0]["z"][0]) == 18
    pdf = progress_pdf.render(session, user, NOW)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_charts_in_korean(session: Session, candidate) -> None:
    """Every name, axis title, label and hover text of the progress charts is written in the reader's language."""
    topics.seed_quiz_bank(session)
    user = candidate()
    seed_history(session, user.id or 0, sessions=6, end=TODAY)
    seed_cards(session, user.id or 0, per_topic=1)
    v = progress.overview(session, user.id or 0, NOW, "ko")
    scores = charts.scores_over_time(v.points, v.trends, "ko").to_dict()
    assert [trace["name"] for trace in scores["data"]] == ["종합", "질문과의 관련성", "구조", "구체성", "성과와 적합성"]
    assert scores["layout"]["yaxis"]["title"]["text"] == "점수"
    assert scores["layout"]["xaxis"]["tickformat"] == "%-m월 %-d일"
    assert scores["data"][0]["text"][-1].startswith("2026. 12. 1.: ") and "Theil-Sen" in scores["data"][0]["text"][-1]
    mastery = charts.mastery_heatmap(v.mastery, "ko").to_dict()["data"][0]
    assert list(mastery["x"]) == ["지금", "7일 뒤", "30일 뒤"]
    assert all("(카드 " in label for label in mastery["y"])
    assert "기억해 낼 확률" in mastery["customdata"][0][0]
    calendar = charts.activity_calendar(v.activity, v.today, "ko").to_dict()["data"][0]
    assert list(calendar["y"]) == ["월", "화", "수", "목", "금", "토", "일"] and "월" in calendar["x"][0]
    assert "면접 질문" in calendar["text"][0][0]
    weekly = charts.weekly_chart(v.weekly, "ko").to_dict()
    assert [trace["name"] for trace in weekly["data"]] == ["면접 질문", "트레이너 질문", "면접"]
    assert weekly["layout"]["yaxis2"]["title"]["text"] == "면접 수"
    # Dates written out in Korean stay level and few on a phone; interviews are counted in whole steps.
    for layout in (weekly["layout"], charts.activity_calendar(v.activity, v.today, "ko").to_dict()["layout"]):
        assert layout["xaxis"]["tickangle"] == 0 and layout["xaxis"]["nticks"] <= 4
    assert weekly["layout"]["yaxis2"]["dtick"] >= 1
    speaking = charts.speaking_chart(v.speaking, "ko").to_dict()
    assert [trace["name"] for trace in speaking["data"]] == ["분당 단어 수", "분당 군말", "분당 긴 멈춤"]
    # Both second measures on one kind of right-hand axis (charts._right_axis), over the first, from zero.
    for right in (weekly["layout"]["yaxis2"], speaking["layout"]["yaxis2"]):
        assert (right["overlaying"], right["side"], right["rangemode"]) == ("y", "right", "tozero")
    assert speaking["layout"]["yaxis2"]["title"]["text"] and "dtick" not in speaking["layout"]["yaxis2"]
    english = charts.mastery_heatmap(v.mastery, "en").to_dict()["data"][0]
    assert list(english["x"]) == ["Now", "In 7 days", "In 30 days"]
    assert english["y"][0].endswith("(1 card)")


def test_stats_made_meanwhile_by_another_request_are_taken_not_a_unique_key_error(session: Session, candidate) -> None:
    """The progress numbers and an interview's summing up both found no row and inserted one: HTTP 500 under load."""
    user = candidate()
    session.commit()
    assert user.id is not None and session.get(UserStats, user.id) is None
    with Session(session.get_bind()) as other:  # the other request got there first
        other.add(UserStats(user_id=user.id))
        other.commit()
    stats = analytics.refresh_user_stats(session, user.id)
    session.commit()
    assert stats.user_id == user.id and session.get(UserStats, user.id) is stats
