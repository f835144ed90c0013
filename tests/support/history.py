"""Seeded practice history for tests, benchmarks and screenshots: finished interviews and trainer days.

Rows are written the way the app writes them (sessions summed up with a breakdown, trainer days, review
cards), with scores that rise over time, so charts, trends and readiness have something real to show.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from interview_app.models import InterviewSession, QuizQuestion, ReviewCard, TrainerDay
from interview_app.services.progress import analytics
from interview_app.services.scoring.rubric import DIMENSIONS
from interview_app.services.trainer import srs

COMPETENCY_SETS = (
    ("problem-solving", "communication"),
    ("ownership", "collaboration"),
    ("system-design", "technical-depth"),
    ("conflict-resolution", "communication"),
)


def seed_history(
    session: Session,
    user_id: int,
    *,
    sessions: int = 12,
    end: date | None = None,
    start_score: int = 52,
    gain: float = 2.0,
    spoken_every: int = 3,
    trainer_days: int = 20,
    seed: int = 1,
) -> list[InterviewSession]:
    """Finished interviews every other day up to `end`, scores rising by `gain` a session, plus trainer days."""
    rng = random.Random(seed)
    end = end or date.today()
    made = []
    for i in range(sessions):
        day = end - timedelta(days=2 * (sessions - 1 - i))
        overall = max(0, min(100, round(start_score + gain * i + rng.uniform(-4, 4))))
        comps = COMPETENCY_SETS[i % len(COMPETENCY_SETS)]
        breakdown: dict = {
            "dimensions": {d: round(max(0, min(25, overall / 4 + rng.uniform(-3, 3))), 1) for d in DIMENSIONS},
            "competencies": {c: max(0, min(100, overall + rng.randint(-12, 8))) for c in comps},
            "answered": 5,
            "skipped": 0,
        }
        if spoken_every and i % spoken_every == 0:
            breakdown["speech"] = {
                "answers": 5,
                "wpm": round(rng.uniform(125, 165), 1),
                "fillers_per_minute": round(max(0.5, 6 - 0.3 * i + rng.uniform(-1, 1)), 1),
                "pauses_per_minute": round(rng.uniform(0.5, 2.5), 1),
            }
        started = datetime.combine(day, time(18, 0), tzinfo=UTC)
        row = InterviewSession(
            user_id=user_id,
            role_slug="backend-engineer",
            role_title="Backend Engineer",
            interview_type="mixed",
            difficulty="medium",
            question_count=5,
            status="completed",
            overall_score=overall,
            breakdown=breakdown,
            started_at=started,
            ended_at=started + timedelta(minutes=25),
        )
        session.add(row)
        made.append(row)
    had = set(session.exec(select(col(TrainerDay.day)).where(TrainerDay.user_id == user_id)).all())
    for k in range(trainer_days):
        day = end - timedelta(days=k)
        if day in had:
            continue
        session.add(TrainerDay(user_id=user_id, day=day, answered=5, correct=4, daily_completed=True, goal_met=True))
    session.flush()
    analytics.refresh_user_stats(session, user_id)
    return made


def seed_cards(session: Session, user_id: int, per_topic: int = 4, now: datetime | None = None) -> int:
    """Review cards with a few reviews each on the first questions of every topic (some due, some fading).

    Questions the candidate already has a card for are left alone.
    """
    now = now or datetime.now(UTC)
    seen: dict[int, int] = {}
    made = 0
    have = set(session.exec(select(ReviewCard.quiz_question_id).where(ReviewCard.user_id == user_id)).all())
    for q in session.exec(select(QuizQuestion).where(QuizQuestion.status == "active")).all():
        if seen.get(q.topic_id, 0) >= per_topic or q.id in have:
            continue
        seen[q.topic_id] = seen.get(q.topic_id, 0) + 1
        state, due = srs.review(None, srs.Rating.Good, now - timedelta(days=20 + made % 7))
        if made % 3:
            state, due = srs.review(state, srs.Rating.Good, due)
        session.add(
            ReviewCard(user_id=user_id, quiz_question_id=q.id, fsrs=state, due=due, state=2, reps=2, last_rating=3)
        )
        made += 1
    session.flush()
    return made
