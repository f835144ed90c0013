"""The daily trainer: topics, quiz questions, quizzes and their items, review cards, streak days, reports."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class Topic(SQLModel, table=True):
    """A subject of quiz questions: a default one (seeded) or a candidate's own (owner_id set)."""

    __tablename__ = "topics"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    name: str = Field(max_length=80)
    category: str = Field(default="", max_length=40)
    description: str = Field(default="", max_length=300)
    is_default: bool = True
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


class UserTopic(SQLModel, table=True):
    """A topic a candidate follows, with its priority (1 low, 2 normal, 3 high)."""

    __tablename__ = "user_topics"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("user_id", "topic_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    topic_id: int = Field(foreign_key="topics.id", index=True, ondelete="CASCADE")
    active: bool = True
    priority: int = 2
    created_at: datetime = Field(default_factory=utcnow)


class QuizQuestion(SQLModel, table=True):
    """One quiz question: single or multi choice, true/false, or a short answer scored by the offline engine.

    `options` is a list of {"text", "correct", "why"}. `owner_id` is set for questions a candidate wrote
    for their own topic; only they see those.
    """

    __tablename__ = "quiz_questions"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100, unique=True, index=True)
    topic_id: int = Field(foreign_key="topics.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=12)
    difficulty: str = Field(default="medium", max_length=10)
    prompt: str = Field(max_length=1000)
    options: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    answer: str = Field(default="", max_length=2000)
    key_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    explanation: str = Field(default="", max_length=2000)
    source_note: str = Field(default="", max_length=300)
    # The language the question is written in ("en", "ko"); a quiz draws in the candidate's language.
    language: str = Field(default="en", max_length=8, index=True)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # curated (data files), admin, generated (LLM) or user (a candidate's own topic)
    source: str = Field(default="curated", max_length=20)
    # active, flagged (enough reports: kept out of quizzes until reviewed) or retired
    status: str = Field(default="active", max_length=20, index=True)
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    version: int = 1
    content_hash: str = Field(default="", max_length=64)
    report_count: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ReviewCard(SQLModel, table=True):
    """A candidate's spaced-repetition card (FSRS) for a quiz question or a key point missed in an interview.

    `fsrs` holds the fsrs.Card as a dict; `due` repeats its due time so the next cards can be found by index.
    A missed-point card links back to the interview answer it came from (`answer_id`, `session_id`).
    """

    __tablename__ = "review_cards"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_question_id"),
        UniqueConstraint("user_id", "interview_question_id", "point_key"),
        Index("ix_review_cards_user_due", "user_id", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    quiz_question_id: int | None = Field(default=None, foreign_key="quiz_questions.id", ondelete="CASCADE")
    interview_question_id: int | None = Field(default=None, foreign_key="questions.id", ondelete="CASCADE")
    # Missed-point cards: the key point, a short hash of it (for the unique key), and where it was missed.
    key_point: str = Field(default="", max_length=500)
    point_key: str = Field(default="", max_length=16)
    session_id: int | None = Field(default=None, foreign_key="interview_sessions.id", ondelete="SET NULL")
    answer_id: int | None = Field(default=None, foreign_key="answers.id", ondelete="SET NULL")
    fsrs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    due: datetime = Field(default_factory=utcnow)
    state: int = 0
    reps: int = 0
    lapses: int = 0
    last_rating: int | None = None
    last_review: datetime | None = None
    suspended: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class QuizAttempt(SQLModel, table=True):
    """One quiz: the daily one (one per candidate and local day, `daily_key`) or extra practice."""

    __tablename__ = "quiz_attempts"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(default="daily", max_length=10)
    # The candidate's own calendar day (their time zone) the quiz belongs to.
    local_date: date = Field(index=True)
    # "<user id>:<local date>" for daily quizzes: unique, so a day's quiz is built exactly once.
    daily_key: str | None = Field(default=None, max_length=40, unique=True)
    topic_id: int | None = Field(default=None, foreign_key="topics.id", ondelete="SET NULL")
    status: str = Field(default="ready", max_length=12, index=True)
    total: int = 0
    answered: int = 0
    correct: int = 0
    timer_enabled: bool = False
    seconds_per_item: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    completed_at: datetime | None = None


class QuizItem(SQLModel, table=True):
    """One question of a quiz, and how the candidate answered it."""

    __tablename__ = "quiz_items"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="quiz_attempts.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    position: int
    quiz_question_id: int | None = Field(default=None, foreign_key="quiz_questions.id", ondelete="CASCADE")
    card_id: int | None = Field(default=None, foreign_key="review_cards.id", ondelete="CASCADE")
    # review (a due card), new (a question not seen before), missed_point (from an interview), practice
    source: str = Field(default="new", max_length=14)
    # The order the options are shown in (indexes into the question's options), shuffled per quiz.
    option_order: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    response: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    correct: bool | None = None
    score: int | None = None
    rating: int | None = None
    feedback: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    shown_at: datetime | None = None
    answered_at: datetime | None = None
    seconds: float | None = None


class TrainerDay(SQLModel, table=True):
    """What a candidate did in the trainer on one of their local days (for goals and streaks)."""

    __tablename__ = "trainer_days"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    day: date
    answered: int = 0
    correct: int = 0
    daily_completed: bool = False
    goal_met: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class QuestionReport(SQLModel, table=True):
    """A candidate's report of a problem with a quiz question; it waits in the admins' review queue."""

    __tablename__ = "question_reports"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="SET NULL")
    quiz_question_id: int = Field(foreign_key="quiz_questions.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=20)
    comment: str = Field(default="", max_length=1000)
    # open, fixed, dismissed or retired (what the admin did)
    status: str = Field(default="open", max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    resolved_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    resolution_note: str = Field(default="", max_length=1000)
