"""/api/v1/trainer: the daily trainer over HTTP (today's quiz, practice by topic, answers with feedback, streak).

The same services as the trainer pages (`services/trainer/`): a quiz is built, shown and judged exactly as
in the web app, and an answer given here counts towards the day's goal and the streak there.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlmodel import Session

from interview_app import clock
from interview_app import routes as app_routes
from interview_app.api.contract import ApiProblem, Id, responses
from interview_app.api.language import request_language, t
from interview_app.api.v1.deps import CurrentUser, Db
from interview_app.i18n import keys
from interview_app.models import QuizAttempt
from interview_app.services.trainer import home, quiz, streaks

router = APIRouter(prefix=f"{app_routes.API_PREFIX}/trainer", tags=["trainer"])
# Ids in a JSON body: the largest integer every JSON reader keeps exactly (2^53-1; a double's precision).
JSON_ID_MAX = 2**53 - 1


def _json_number(value: object) -> object:
    """A JSON number only: `"3"` and `true` are not 3 (the bodies are strict), but `3.0` is (JSON Schema's integer)."""
    if isinstance(value, str | bool):
        raise ValueError("a number is expected")
    return value


JsonInt = Annotated[int, BeforeValidator(_json_number), Field(strict=False)]
# An optional one with bounds: the bounds in the same Field, before the validator, so they reach the schema
# (on the optional field, or after the validator, OpenAPI would show no minimum and clients would send -5).
TopicId = Annotated[int, Field(strict=False, ge=1, le=JSON_ID_MAX), BeforeValidator(_json_number)]
OptionIndex = Annotated[int, Field(strict=False, ge=0, le=9), BeforeValidator(_json_number)]

_STATUS = {
    "quiz_not_found": 404,
    "item_not_found": 404,
    "topic_not_found": 404,
    "already_answered": 409,
    "not_current": 409,
    "nothing_to_ask": 409,
    "no_topics": 409,
}


def _refuse(exc: quiz.QuizError) -> ApiProblem:
    """A trainer refusal in the API's shape: the page's own message, its code, and the field when there is one."""
    details = {"fields": [f"body.{exc.field}"]} if exc.field else {}
    return ApiProblem(_STATUS.get(exc.code, 422), exc.code, t(keys.TRAINER_ERRORS[exc.code]), details=details)


# ---------------------------------------------------------------- models


class StreakOut(BaseModel):
    """Days in a row with the daily goal met (a missed day can be covered by the week's freeze)."""

    current: int
    best: int
    today_met: bool = Field(description="Today's goal is met.")
    at_risk: bool = Field(description="The streak ends tonight unless today's goal is met.")
    freeze_available: bool = Field(description="This week's freeze is unused.")
    frozen_days: list[date]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "current": 6,
                "best": 14,
                "today_met": False,
                "at_risk": True,
                "freeze_available": True,
                "frozen_days": ["2026-12-02"],
            }
        }
    )


def streak_of(value: streaks.Streak) -> StreakOut:
    """The API's view of a streak."""
    return StreakOut(
        current=value.current,
        best=value.best,
        today_met=value.today_met,
        at_risk=value.at_risk,
        freeze_available=value.freeze_available,
        frozen_days=list(value.frozen_days),
    )


class TodayOut(BaseModel):
    """Today's quiz and goal."""

    quiz_status: Literal["none", "due", "ready", "in_progress", "completed"] = Field(
        description="`none` before the candidate's quiz time (`POST /trainer/today` builds it early), then the quiz's."
    )
    quiz_id: int | None
    total: int
    answered: int
    correct: int
    quiz_time: str = Field(description="When the daily quiz is ready, on the candidate's clock (HH:MM).")
    goal: str = Field(description="Today's goal in words.")
    goal_done: int
    goal_target: int
    goal_met: bool


class TopicOut(BaseModel):
    """A trainer topic as this candidate sees it."""

    id: int
    slug: str
    name: str
    category: str
    description: str
    own: bool = Field(description="A topic the candidate wrote.")
    following: bool
    priority: int = Field(description="1 low, 2 normal, 3 high.")
    questions: int = Field(description="Questions that can be asked (0: nothing to practise).")
    seen: int = Field(description="Questions the candidate has answered at least once.")
    due: int = Field(description="Reviews due now.")

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 3,
                "slug": "python",
                "name": "Python",
                "category": "Languages",
                "description": "The language, its data model and standard library.",
                "own": False,
                "following": True,
                "priority": 2,
                "questions": 48,
                "seen": 12,
                "due": 2,
            }
        }
    )


class QuizListItem(BaseModel):
    """A quiz in a list."""

    id: int
    kind: Literal["daily", "practice"]
    title: str
    topic_id: int | None
    status: Literal["ready", "in_progress", "completed"]
    total: int
    answered: int
    correct: int
    created_at: datetime


_QUIZ_EXAMPLE = {
    "id": 812,
    "kind": "daily",
    "title": "Daily quiz",
    "topic_id": None,
    "status": "in_progress",
    "total": 5,
    "answered": 2,
    "correct": 1,
    "created_at": "2026-12-07T08:00:00Z",
}


class TrainerOut(BaseModel):
    """The trainer at a glance: today's quiz, the streak, reviews due, the topics and the latest quizzes."""

    today: TodayOut
    streak: StreakOut
    reviews_due: int
    topics: list[TopicOut] = Field(description="Every topic the candidate can follow (`id` for practice).")
    recent: list[QuizListItem] = Field(description="The latest quizzes, newest first.")

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "today": {
                    "quiz_status": "in_progress",
                    "quiz_id": 812,
                    "total": 5,
                    "answered": 2,
                    "correct": 1,
                    "quiz_time": "08:00",
                    "goal": "2 of 10 answers today",
                    "goal_done": 2,
                    "goal_target": 10,
                    "goal_met": False,
                },
                "streak": StreakOut.model_config["json_schema_extra"]["example"],  # type: ignore[index]
                "reviews_due": 4,
                "topics": [TopicOut.model_config["json_schema_extra"]["example"]],  # type: ignore[index]
                "recent": [_QUIZ_EXAMPLE],
            }
        }
    )


class ItemOut(BaseModel):
    """One question of a quiz, as shown before it is answered (never the right answer)."""

    id: int
    position: int
    kind: Literal["single", "multi", "true_false", "short", "missed_point"]
    source: str = Field(description="Why it is asked: new, review, practice or missed_point.")
    topic: str
    difficulty: str
    prompt: str
    options: list[str] = Field(description="For choice questions: answer with their indexes in this order.")
    option_labels: list[str] = Field(
        description="The options as a reader of the response's language sees them, in the same order: a true/false "
        'question\'s options stay "True" and "False" in `options` and read "참" and "거짓" here in Korean.'
    )
    key_point: str = Field(description="For a missed key point of an interview: the point to explain.")
    interview_prompt: str = Field(description="For a missed key point: the interview question it came from.")
    interview_session_id: int | None
    limit_seconds: int | None = Field(description="Seconds allowed when the quiz has a timer.")
    seconds_left: int | None


class QuizOut(BaseModel):
    """A quiz, its current question (its clock starts when it is first shown) and, once done, the summary."""

    id: int
    kind: Literal["daily", "practice"]
    title: str
    topic_id: int | None
    status: Literal["ready", "in_progress", "completed"]
    total: int
    answered: int
    correct: int
    created_at: datetime
    current: ItemOut | None = Field(description="The next question to answer; null when every one is answered.")
    by_topic: list[dict[str, Any]] = Field(description="Correct answers per topic (`topic`, `correct`, `total`).")
    results: list[dict[str, Any]] = Field(
        description="Per question: `prompt`, `topic`, `answered`, `correct`, `next_due` and `days` until it is back."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_QUIZ_EXAMPLE,
                "current": {
                    "id": 4051,
                    "position": 3,
                    "kind": "single",
                    "source": "new",
                    "topic": "Python",
                    "difficulty": "medium",
                    "prompt": "What does `functools.lru_cache` need from the arguments of the function it wraps?",
                    "options": [
                        "They must be hashable",
                        "They must be immutable",
                        "Nothing",
                        "They must be positional",
                    ],
                    "option_labels": [
                        "They must be hashable",
                        "They must be immutable",
                        "Nothing",
                        "They must be positional",
                    ],
                    "key_point": "",
                    "interview_prompt": "",
                    "interview_session_id": None,
                    "limit_seconds": None,
                    "seconds_left": None,
                },
                "by_topic": [{"topic": "Python", "correct": 1, "total": 2}],
                "results": [
                    {
                        "prompt": "Which statement about the GIL is true?",
                        "topic": "Python",
                        "answered": True,
                        "correct": True,
                        "next_due": "2026-12-11T08:02:10Z",
                        "days": 4,
                    }
                ],
            }
        }
    )


class PracticeRequest(BaseModel):
    """Extra practice beyond the daily quiz."""

    topic_id: TopicId | None = Field(
        default=None, description="One topic (see `GET /trainer`); null for every followed topic."
    )
    count: Literal[5, 10, 15, 20] = 10

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"example": {"topic_id": 3, "count": 10}})


class AnswerRequest(BaseModel):
    """An answer to the quiz's current question: one of `choice`, `choices`, `text`, or `skipped`."""

    item_id: JsonInt = Field(ge=1, le=JSON_ID_MAX, description="The `current.id` of the quiz.")
    choice: OptionIndex | None = Field(default=None, description="single, true_false: the option's index.")
    choices: list[JsonInt] | None = Field(
        default=None, max_length=10, description="multi: the indexes of every option chosen."
    )
    text: str | None = Field(default=None, max_length=quiz.MAX_SHORT_ANSWER + 1000, description="short, missed_point.")
    skipped: bool = Field(default=False, description='"I don\'t know": counts as a miss, shows the answer.')

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"example": {"item_id": 4051, "choice": 0}}
    )

    def response(self) -> dict[str, Any]:
        """What `quiz.answer_item` takes."""
        if self.skipped:
            return {"skipped": True}
        sent: dict[str, Any] = {}
        if self.choice is not None:
            sent["choice"] = self.choice
        if self.choices is not None:
            sent["choices"] = [i for i in self.choices if i >= 0]
        if self.text is not None:
            sent["text"] = self.text
        return sent


class OptionFeedback(BaseModel):
    """An option of a choice question after the answer."""

    text: str = Field(description='The option as stored (a true/false question\'s: "True" or "False").')
    label: str = Field(description="The option as a reader of the response's language sees it.")
    correct: bool
    chosen: bool
    why: str = Field(description="Why this option is right or wrong.")


class FeedbackOut(BaseModel):
    """What the candidate learns at once: the explanation, the options marked, or the short answer's scoring."""

    kind: str
    skipped: bool
    timed_out: bool
    explanation: str = ""
    source: str = Field(default="", description="Where to read more.")
    model_answer: str = ""
    options: list[OptionFeedback] = Field(default_factory=list)
    score: int | None = Field(default=None, description="Short answers: 0-100.")
    covered: list[str] = Field(default_factory=list, description="Short answers: key points covered.")
    missed: list[str] = Field(default_factory=list, description="Short answers: key points missed.")
    contradiction: bool = False
    interview_session_id: int | None = None


class AnswerOut(BaseModel):
    """The outcome of one answer."""

    correct: bool
    timed_out: bool
    finished: bool = Field(description="The quiz is complete (see `GET /trainer/quizzes/{quiz_id}` for the summary).")
    next_due: datetime | None = Field(description="When this question comes back for review.")
    feedback: FeedbackOut
    answered: int
    total: int

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "correct": True,
                "timed_out": False,
                "finished": False,
                "next_due": "2026-12-11T08:02:10Z",
                "feedback": {
                    "kind": "single",
                    "skipped": False,
                    "timed_out": False,
                    "explanation": "lru_cache keys its cache on the arguments, so they must be hashable.",
                    "source": "Python docs: functools.lru_cache",
                    "model_answer": "",
                    "options": [
                        {
                            "text": "They must be hashable",
                            "label": "They must be hashable",
                            "correct": True,
                            "chosen": True,
                            "why": "They are dict keys.",
                        },
                        {
                            "text": "Nothing",
                            "label": "Nothing",
                            "correct": False,
                            "chosen": False,
                            "why": "Lists raise TypeError.",
                        },
                    ],
                    "score": None,
                    "covered": [],
                    "missed": [],
                    "contradiction": False,
                    "interview_session_id": None,
                },
                "answered": 3,
                "total": 5,
            }
        }
    )


# ---------------------------------------------------------------- shaping


def _quiz_row(attempt: QuizAttempt, title: str) -> dict[str, Any]:
    return {
        "id": attempt.id or 0,
        "kind": attempt.kind,
        "title": title,
        "topic_id": attempt.topic_id,
        "status": attempt.status,
        "total": attempt.total,
        "answered": attempt.answered,
        "correct": attempt.correct,
        "created_at": clock.aware(attempt.created_at),
    }


def _item_of(view: quiz.ItemView) -> ItemOut:
    return ItemOut(
        id=view.id,
        position=view.position,
        kind=view.kind,  # type: ignore[arg-type]
        source=view.source,
        topic=view.topic,
        difficulty=view.difficulty,
        prompt=view.prompt,
        options=view.options,
        option_labels=view.labels,
        key_point=view.key_point,
        interview_prompt=view.interview_prompt,
        interview_session_id=view.interview_session_id,
        limit_seconds=view.limit_seconds,
        seconds_left=view.seconds_left,
    )


def _quiz_out(session: Session, user_id: int, quiz_id: int) -> QuizOut:
    """The quiz with its current item shown (its clock started, as the quiz page does)."""
    now = clock.utcnow()
    attempt, item = quiz.current_item(session, user_id, quiz_id, now)
    lang = request_language()
    title = home.quiz_title(attempt.kind, home.topic_name(session, attempt.topic_id, lang), lang)
    result = quiz.summary(session, user_id, quiz_id, now, lang)
    return QuizOut(
        **_quiz_row(attempt, title),
        current=_item_of(quiz.item_view(session, attempt, item, now, lang)) if item is not None else None,
        by_topic=result.by_topic,
        results=[{**line, "next_due": line["next_due"] or None} for line in result.items],
    )


# ---------------------------------------------------------------- routes


@router.get("", response_model=TrainerOut, responses=responses(401))
def get_trainer(user: CurrentUser, session: Db) -> TrainerOut:
    """Today's quiz and goal, the streak, reviews due, every topic and the latest quizzes (the trainer page)."""
    assert user.id is not None
    lang = request_language()
    seen = home.overview(session, user.id, clock.utcnow(), lang=lang)
    g = seen.glance
    names = {v.id: v.name for v in seen.topics}
    return TrainerOut(
        today=TodayOut(
            quiz_status=g.today_status,  # type: ignore[arg-type]
            quiz_id=g.today_id or None,
            total=g.total,
            answered=g.answered,
            correct=g.correct,
            quiz_time=g.quiz_time,
            goal=g.goal_text,
            goal_done=g.goal_done,
            goal_target=g.goal_target,
            goal_met=g.goal_met,
        ),
        streak=streak_of(g.streak),
        reviews_due=seen.due,
        topics=[TopicOut(**{k: getattr(v, k) for k in TopicOut.model_fields}) for v in seen.topics],
        recent=[
            QuizListItem(**_quiz_row(a, home.quiz_title(a.kind, names.get(a.topic_id or 0, ""), lang)))
            for a in seen.recent
        ],
    )


@router.get("/streak", response_model=StreakOut, responses=responses(401))
def get_streak(user: CurrentUser, session: Db) -> StreakOut:
    """The streak of days with the daily goal met, as of the candidate's today."""
    assert user.id is not None
    return streak_of(home.streak(session, user.id, clock.utcnow()))


@router.post(
    "/today",
    response_model=QuizOut,
    responses=responses(401, 409, s409="The followed topics have no questions left (`nothing_to_ask`)."),
)
def open_today(user: CurrentUser, session: Db) -> QuizOut:
    """Today's quiz with its current question; built now if its time has not come yet (as "Start now" does)."""
    assert user.id is not None
    try:
        attempt = home.open_today(session, user.id, clock.utcnow())
        return _quiz_out(session, user.id, attempt.id or 0)
    except quiz.QuizError as exc:
        raise _refuse(exc) from None


@router.post(
    "/practice",
    response_model=QuizOut,
    status_code=201,
    responses=responses(
        401, 404, 409, 422, s404="No such topic, or another candidate's.", s409="Nothing to ask, or no followed topics."
    ),
)
def start_practice(body: PracticeRequest, user: CurrentUser, session: Db) -> QuizOut:
    """Start extra practice: `count` questions of one topic, or of every followed topic."""
    assert user.id is not None
    try:
        attempt = quiz.start_practice(session, user.id, body.topic_id, body.count, clock.utcnow())
        return _quiz_out(session, user.id, attempt.id or 0)
    except quiz.QuizError as exc:
        raise _refuse(exc) from None


@router.get("/quizzes/{quiz_id}", response_model=QuizOut, responses=responses(401, 404, 422))
def get_quiz(quiz_id: Id, user: CurrentUser, session: Db) -> QuizOut:
    """One of the candidate's quizzes: its current question (its clock starts now if it has a timer) and results."""
    assert user.id is not None
    try:
        return _quiz_out(session, user.id, quiz_id)
    except quiz.QuizError as exc:
        raise _refuse(exc) from None


@router.post(
    "/quizzes/{quiz_id}/answers",
    response_model=AnswerOut,
    responses=responses(
        401,
        404,
        409,
        422,
        s404="No such quiz or question, or another candidate's.",
        s409="Already answered (`already_answered`), or not the current question (`not_current`).",
        s422="Malformed, or no answer given (`choose_option`, `choose_options`, `answer_empty`, `answer_too_long`).",
    ),
)
def answer(quiz_id: Id, body: AnswerRequest, user: CurrentUser, session: Db) -> AnswerOut:
    """Answer the quiz's current question; the feedback (right or wrong, the explanation) comes back at once."""
    assert user.id is not None
    try:
        attempt = quiz.owned_attempt(session, user.id, quiz_id)
        if body.item_id not in {item.id for item in quiz.items_of(session, quiz_id)}:
            raise quiz.QuizError("item_not_found")
        result = quiz.answer_item(session, user.id, body.item_id, body.response(), clock.utcnow())
    except quiz.QuizError as exc:
        raise _refuse(exc) from None
    feedback: dict[str, Any] = {
        **result.feedback,
        "options": quiz.feedback_options(result.feedback, request_language()),
    }
    return AnswerOut(
        correct=result.correct,
        timed_out=result.timed_out,
        finished=result.finished,
        next_due=clock.aware(result.next_due) if result.next_due else None,
        feedback=FeedbackOut(**{k: v for k, v in feedback.items() if k in FeedbackOut.model_fields}),
        answered=attempt.answered,
        total=attempt.total,
    )
