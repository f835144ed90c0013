"""Everything the progress page shows for one candidate, read in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from interview_app.clock import local_today, utcnow
from interview_app.i18n import t
from interview_app.models import Profile, StudyPlan
from interview_app.services.progress import analytics, study_plan
from interview_app.services.progress.analytics import Percentile, Readiness, SessionPoint, TopicMastery, Trend
from interview_app.services.progress.study_plan import Recommendation
from interview_app.services.trainer import streaks


@dataclass(frozen=True)
class Overview:
    """The candidate's progress in numbers (plain values, ready for charts and tables)."""

    today: date
    points: list[SessionPoint]
    trends: dict[str, Trend]
    levels: dict[str, float]
    mastery: list[TopicMastery]
    speaking: list[dict[str, Any]]
    activity: dict[date, dict[str, int]]
    weekly: list[dict[str, Any]]
    streak: streaks.Streak
    percentile: Percentile
    readiness: Readiness
    recommendations: list[Recommendation]
    plan: StudyPlan | None
    share_progress: bool


def overview(session: Session, user_id: int, now: datetime, lang: str = "en") -> Overview:
    """The whole progress page's data (a handful of indexed queries); its sentences in `lang`."""
    profile = session.get(Profile, user_id)
    today = local_today(profile, now)
    points = analytics.completed_sessions(session, user_id, profile)
    days = analytics.activity(session, user_id, points, today)
    mastery = analytics.topic_mastery(session, user_id, now, lang)
    return Overview(
        today=today,
        points=points,
        trends=analytics.skill_trends(points),
        levels=analytics.competency_levels(points),
        mastery=mastery,
        speaking=analytics.speaking_series(points),
        activity=days,
        weekly=analytics.weekly_counts(points, days, today=today),
        streak=streaks.streak_for(session, user_id, today),
        percentile=analytics.peer_percentile(session, user_id),
        readiness=analytics.readiness(points, profile.interview_date if profile else None, today),
        recommendations=study_plan.recommendations(session, user_id, points, now, mastery, lang),
        plan=study_plan.current_plan(session, user_id),
        share_progress=bool(profile and profile.share_progress),
    )


def set_sharing(session: Session, user_id: int, share: bool) -> None:
    """Opt in to (or out of) peer percentiles."""
    profile = session.get(Profile, user_id)
    if profile is None:
        return
    profile.share_progress = share
    session.add(profile)
    session.flush()
    analytics.refresh_user_stats(session, user_id)


BAND_WORDS = {"ready": "ready", "nearly": "nearly there", "progressing": "getting there", "early": "early days"}


def readiness_sentence(item: analytics.ReadinessItem, days_left: int | None, per_week: float, lang: str = "en") -> str:
    """Where a skill stands for the interview, in plain words in `lang`."""
    now = t("readiness.now", lang, band=item.band, level=round(item.level), trend=item.trend)
    if days_left is None:
        return f"{now} {t('readiness.no_date', lang)}"
    if days_left < 0:
        return f"{now} {t('readiness.date_passed', lang)}"
    if item.projected is None:
        return now
    weekly = round(per_week) if per_week >= 1.5 else round(per_week, 1)
    pace = t("readiness.pace", lang, count=weekly) if per_week else t("readiness.no_sessions", lang)
    projection = t(
        "readiness.projection",
        lang,
        days=days_left,
        pace=pace,
        projected=round(item.projected),
        band=item.projected_band,
    )
    return f"{now} {projection}"


def local_today_for(session: Session, user_id: int, now: datetime | None = None) -> date:
    """Today on the candidate's clock."""
    return local_today(session.get(Profile, user_id), now or utcnow())
