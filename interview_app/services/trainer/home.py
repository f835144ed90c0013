"""What the trainer page and the dashboard show about a candidate's daily practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from interview_app import routes
from interview_app.clock import local_now, local_today
from interview_app.i18n import formats, t
from interview_app.models import Profile, QuizAttempt, Topic
from interview_app.services.trainer import quiz, streaks, topics
from interview_app.services.trainer.streaks import Streak


@dataclass(frozen=True)
class Glance:
    """Today's quiz, streak and goal: what the dashboard shows."""

    today_status: str
    today_id: int
    total: int
    answered: int
    correct: int
    quiz_time: str
    streak: Streak
    goal_text: str
    goal_done: int
    goal_target: int
    goal_met: bool


@dataclass(frozen=True)
class TrainerHome:
    """Plain values for the trainer page: the glance plus topics, practice choices and recent quizzes."""

    glance: Glance
    due: int
    followed: list[dict[str, str]]
    practice_topics: list[dict[str, str]]
    recent: list[dict[str, str]]


def _lang(profile: Profile | None) -> str:
    return profile.language if profile else "en"


def goal_progress(profile: Profile | None, answered: int, daily_completed: bool) -> tuple[str, int, int, bool]:
    """(sentence, done, target, met) for today's goal, in the profile's language."""
    goal, lang = (profile.daily_goal if profile else 0), _lang(profile)
    met = streaks.goal_met(answered, daily_completed, goal)
    if goal <= 0:
        text = t("trainer.goal.quiz_done", lang) if met else t("trainer.goal.quiz", lang)
        return text, 1 if met else 0, 1, met
    return t("trainer.goal.answers", lang, done=min(answered, goal), goal=goal), min(answered, goal), goal, met


def quiz_title(attempt_kind: str, topic_name: str, lang: str = "en") -> str:
    """How a quiz is named in lists."""
    if attempt_kind == "daily":
        return t("trainer.quiz.daily", lang)
    if topic_name:
        return t("trainer.quiz.practice_topic", lang, topic=topic_name)
    return t("trainer.quiz.practice", lang)


def glance(session: Session, user_id: int, now: datetime, build: bool = False) -> Glance:
    """Today's quiz, streak and goal.

    The quiz's status is "none" before its time, "due" when its time has come but the scheduler has not
    built it yet (with `build`, it is built now instead), then "ready", "in_progress" or "completed".
    """
    profile = session.get(Profile, user_id)
    today = quiz.todays_quiz(session, user_id, now)
    time_reached = quiz.quiz_time_reached(profile, now)
    if today is None and time_reached and build:
        topics.ensure_default_topics(session, user_id)
        try:
            today = quiz.get_todays_quiz(session, user_id, now)
        except quiz.QuizError:
            today = None
    day = streaks.day_of(session, user_id, local_today(profile, now))
    goal_text, done, target, met = goal_progress(profile, day.answered if day else 0, bool(day and day.daily_completed))
    return Glance(
        today_status=today.status if today else ("due" if time_reached else "none"),
        today_id=today.id or 0 if today else 0,
        total=today.total if today else 0,
        answered=today.answered if today else 0,
        correct=today.correct if today else 0,
        quiz_time=profile.trainer_time if profile else "08:00",
        streak=streaks.streak_for(session, user_id, local_today(profile, now)),
        goal_text=goal_text,
        goal_done=done,
        goal_target=target,
        goal_met=met,
    )


@dataclass(frozen=True)
class TrainerOverview:
    """The trainer as data (for the page and the API): the glance, reviews due, every topic, the latest quizzes."""

    glance: Glance
    due: int
    topics: list[topics.TopicView]
    recent: list[QuizAttempt]


def overview(session: Session, user_id: int, now: datetime, recent: int = 8, lang: str = "en") -> TrainerOverview:
    """The glance (today's quiz built once its time has come), reviews due, topics in `lang`, the latest quizzes.

    A candidate who follows nothing yet is given the topics of their target role first.
    """
    topics.ensure_default_topics(session, user_id)
    return TrainerOverview(
        glance=glance(session, user_id, now, build=True),
        due=quiz.due_count(session, user_id, now),
        topics=topics.list_topics(session, user_id, now, lang),
        recent=quiz.recent_quizzes(session, user_id, limit=recent),
    )


def open_today(session: Session, user_id: int, now: datetime) -> QuizAttempt:
    """Today's quiz, built now if its time has not come yet ("Start now").

    A candidate who follows nothing yet is given the topics of their target role first.

    Raises:
        quiz.QuizError: "nothing_to_ask" when the followed topics have no questions left to ask.

    """
    topics.ensure_default_topics(session, user_id)
    return quiz.get_todays_quiz(session, user_id, now)


def streak(session: Session, user_id: int, now: datetime) -> Streak:
    """The streak as of the candidate's today."""
    return streaks.streak_for(session, user_id, local_today(session.get(Profile, user_id), now))


def summary(session: Session, user_id: int, now: datetime) -> TrainerHome:
    """The glance plus followed topics, what can be practised and the latest quizzes, as the page shows them."""
    profile = session.get(Profile, user_id)
    lang = _lang(profile)
    seen = overview(session, user_id, now, lang=lang)
    views = seen.topics
    followed = [
        {
            "name": v.name,
            "due": str(v.due),
            "progress": t("trainer.topics.progress", lang, seen=v.seen, total=v.questions),
        }
        for v in views
        if v.following
    ]
    names = {v.id: v.name for v in views}
    recent = [
        {
            "title": quiz_title(a.kind, names.get(a.topic_id or 0, ""), lang),
            "date": formats.day_month(local_now(profile, a.created_at), lang),
            "score": f"{a.correct}/{a.total}" if a.answered else t("trainer.recent.not_started", lang),
            "href": routes.trainer_quiz(a.id or 0),
        }
        for a in seen.recent
    ]
    return TrainerHome(
        glance=seen.glance,
        due=seen.due,
        followed=followed,
        practice_topics=[{"id": str(v.id), "name": v.name} for v in views if v.questions > 0],
        recent=recent,
    )


def topic_name(session: Session, topic_id: int | None, lang: str = "en") -> str:
    """A topic's name in `lang`, or "" when there is none."""
    topic = session.get(Topic, topic_id) if topic_id else None
    return topics.localised(topic, lang).name if topic else ""
