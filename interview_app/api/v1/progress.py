"""/api/v1/progress: the numbers the dashboard and the progress page show (`services/progress/progress.py`).

Scores over time, the skill breakdown with trends, readiness for the interview date, trainer topic mastery,
activity per week, the streak, and the peer percentile (only for candidates who share their progress, and
only the percentile and the group's size: nothing about anyone else).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from interview_app import clock, routes
from interview_app.api.contract import responses
from interview_app.api.language import request_language
from interview_app.api.v1.deps import CurrentUser, Db
from interview_app.api.v1.trainer import StreakOut, streak_of
from interview_app.services.progress import progress
from interview_app.services.progress.analytics import ReadinessItem

router = APIRouter(prefix=f"{routes.API_PREFIX}/progress", tags=["progress"])

TrendLabel = Literal["improving", "stable", "declining", "not_enough"]


class SessionScore(BaseModel):
    """One finished, scored interview."""

    id: int
    at: datetime
    day: date = Field(description="The day on the candidate's clock.")
    overall: int = Field(description="0-100.")
    dimensions: dict[str, float] = Field(description="The rubric's four dimensions, 0-25 each.")
    competencies: dict[str, float] = Field(description="Per competency asked, 0-100.")
    answered: int
    interview_type: str


class SkillOut(BaseModel):
    """A skill (overall, a rubric dimension or a competency): its recent level and its trend."""

    skill: str
    level: float | None = Field(description="Recent average (competencies over the last 10 sessions that asked it).")
    trend: TrendLabel
    slope: float = Field(description="Points per session (Theil-Sen over the recent sessions).")
    points: int = Field(description="Sessions the trend is fitted on (4 needed).")


class ReadinessSkill(BaseModel):
    """Where a skill stands now and where it heads by the interview date."""

    skill: str
    level: float
    band: Literal["ready", "nearly", "progressing", "early"]
    trend: TrendLabel
    projected: float | None
    projected_band: str
    sentence: str = Field(description="The same in words, as the progress page says it.")


class ReadinessOut(BaseModel):
    """Readiness for the interview date (set in the profile)."""

    overall: ReadinessSkill | None
    skills: list[ReadinessSkill]
    days_left: int | None
    sessions_per_week: float


class TopicMasteryOut(BaseModel):
    """How well the candidate recalls a trainer topic: predicted recall now, in 7 and in 30 days (0-1)."""

    topic_id: int
    topic: str
    cards: int
    due: int
    recall_now: float | None
    recall_7_days: float | None
    recall_30_days: float | None


class WeekOut(BaseModel):
    """One ISO week (starting Monday) of practice."""

    week: date
    sessions: int
    interview_questions: int
    trainer_questions: int


class PercentileOut(BaseModel):
    """Where the candidate's average stands among peers of the same role and level who share their progress."""

    available: bool
    reason: Literal["", "not_shared", "no_score", "no_role", "group_too_small"] = Field(
        description="Why it is not available (share progress in the profile; a group needs enough members)."
    )
    percentile: int | None
    group_size: int | None


class ProgressOut(BaseModel):
    """Everything the progress page shows, as numbers."""

    today: date
    sessions: list[SessionScore] = Field(description="Scores over time, oldest first.")
    skills: list[SkillOut]
    readiness: ReadinessOut
    topic_mastery: list[TopicMasteryOut]
    weeks: list[WeekOut] = Field(description="The last 12 weeks, oldest first.")
    streak: StreakOut
    percentile: PercentileOut
    share_progress: bool

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "today": "2026-12-07",
                "sessions": [
                    {
                        "id": 311,
                        "at": "2026-12-05T18:20:00Z",
                        "day": "2026-12-05",
                        "overall": 72,
                        "dimensions": {"structure": 18.5, "relevance": 19.0, "depth": 16.0, "clarity": 18.5},
                        "competencies": {"communication": 75.0, "problem_solving": 68.0},
                        "answered": 5,
                        "interview_type": "behavioural",
                    }
                ],
                "skills": [{"skill": "overall", "level": 70.2, "trend": "improving", "slope": 1.5, "points": 6}],
                "readiness": {
                    "overall": {
                        "skill": "overall",
                        "level": 70.2,
                        "band": "nearly",
                        "trend": "improving",
                        "projected": 76.0,
                        "projected_band": "ready",
                        "sentence": "Nearly there: your recent average is 70/100 and improving.",
                    },
                    "skills": [],
                    "days_left": 39,
                    "sessions_per_week": 1.5,
                },
                "topic_mastery": [
                    {
                        "topic_id": 3,
                        "topic": "Python",
                        "cards": 12,
                        "due": 2,
                        "recall_now": 0.91,
                        "recall_7_days": 0.78,
                        "recall_30_days": 0.52,
                    }
                ],
                "weeks": [{"week": "2026-11-30", "sessions": 2, "interview_questions": 10, "trainer_questions": 35}],
                "streak": {
                    "current": 6,
                    "best": 14,
                    "today_met": False,
                    "at_risk": True,
                    "freeze_available": True,
                    "frozen_days": [],
                },
                "percentile": {"available": True, "reason": "", "percentile": 64, "group_size": 41},
                "share_progress": True,
            }
        }
    )


def _readiness_skill(item: ReadinessItem, days_left: int | None, per_week: float) -> ReadinessSkill:
    return ReadinessSkill(
        skill=item.skill,
        level=item.level,
        band=item.band,  # type: ignore[arg-type]
        trend=item.trend,  # type: ignore[arg-type]
        projected=item.projected,
        projected_band=item.projected_band,
        sentence=progress.readiness_sentence(item, days_left, per_week, request_language()),
    )


@router.get("", response_model=ProgressOut, responses=responses(401))
def get_progress(user: CurrentUser, session: Db) -> ProgressOut:
    """The candidate's progress in numbers: scores over time, skills, readiness, topic mastery, percentile."""
    assert user.id is not None
    seen = progress.overview(session, user.id, clock.utcnow(), request_language())
    ready = seen.readiness
    per_week = ready.sessions_per_week
    return ProgressOut(
        today=seen.today,
        sessions=[
            SessionScore(
                id=p.id,
                at=clock.aware(p.when),
                day=p.day,
                overall=p.overall,
                dimensions=p.dimensions,
                competencies=p.competencies,
                answered=p.answered,
                interview_type=p.interview_type,
            )
            for p in seen.points
        ],
        skills=[
            SkillOut(
                skill=name,
                level=seen.levels.get(name),
                trend=value.label,  # type: ignore[arg-type]
                slope=value.slope,
                points=value.points,
            )
            for name, value in seen.trends.items()
        ],
        readiness=ReadinessOut(
            overall=_readiness_skill(ready.overall, ready.days_left, per_week) if ready.overall else None,
            skills=[_readiness_skill(item, ready.days_left, per_week) for item in ready.skills],
            days_left=ready.days_left,
            sessions_per_week=per_week,
        ),
        topic_mastery=[
            TopicMasteryOut(
                topic_id=m.topic_id,
                topic=m.topic,
                cards=m.cards,
                due=m.due,
                recall_now=m.recall.get(0),
                recall_7_days=m.recall.get(7),
                recall_30_days=m.recall.get(30),
            )
            for m in seen.mastery
        ],
        weeks=[WeekOut(**week) for week in seen.weekly],
        streak=streak_of(seen.streak),
        percentile=PercentileOut(
            available=seen.percentile.available,
            reason=seen.percentile.reason,  # type: ignore[arg-type]
            percentile=seen.percentile.percentile if seen.percentile.available else None,
            group_size=seen.percentile.group_size if seen.percentile.available else None,
        ),
        share_progress=seen.share_progress,
    )
