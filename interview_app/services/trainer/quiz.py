"""The daily quiz and extra practice: building quizzes, answering them, spaced repetition and reports.

A daily quiz is built once per candidate and local day (unique `daily_key`), at the time they chose in
their own time zone, by the scheduler (`build_daily_quizzes`) or on request when they open the trainer
early. It mixes review cards that are due (FSRS, see srs.py; missed interview key points too) with new
questions from the topics they follow, shared out by priority. Missed days are not made up: only today's
quiz is ever built, and due cards wait, oldest first, for the next one.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from interview_app import clock
from interview_app.clock import local_now, local_today, utcnow
from interview_app.db import insert_ignore
from interview_app.i18n import keys, t
from interview_app.models import (
    Profile,
    Question,
    QuestionReport,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    ReviewCard,
    Topic,
    User,
    UserTopic,
)
from interview_app.services.scoring import offline
from interview_app.services.scoring.rubric import ScoringInput
from interview_app.services.trainer import srs, streaks, topics
from interview_app.settings import get_settings

DIFFICULTIES = ("easy", "medium", "hard")
REPORT_REASONS = ("wrong_answer", "unclear", "typo", "other")
MAX_SHORT_ANSWER = 2000
PRACTICE_SIZES = (5, 10, 15, 20)
TIMER_GRACE_SECONDS = 3
BUILD_CHUNK = 500


class QuizError(ValueError):
    """A quiz request that cannot be done; `code` is a catalogue key (interview_app/i18n) under "trainer.error."."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def parse_hhmm(value: str, default: time = time(8, 0)) -> time:
    """Parse "HH:MM" as a time; `default` when malformed."""
    return clock.parse_hhmm(value) or default


def quiz_time_reached(profile: Profile | None, now: datetime) -> bool:
    """True once the candidate's chosen quiz time has passed today (on their clock)."""
    clock = local_now(profile, now)
    return clock.time().replace(second=0, microsecond=0) >= parse_hhmm(profile.trainer_time if profile else "08:00")


def end_of_local_day(profile: Profile | None, now: datetime) -> datetime:
    """The last moment of the candidate's day, in UTC (cards due any time today are due now)."""
    tz = clock.zone(profile.timezone if profile else "UTC")
    day = local_today(profile, now)
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz).astimezone(UTC) - timedelta(seconds=1)


def daily_key(user_id: int, day: date) -> str:
    """The unique key of a candidate's daily quiz for one day."""
    return f"{user_id}:{day.isoformat()}"


def quiz_length(profile: Profile | None, active_topics: int) -> int:
    """Questions in a daily quiz: the candidate's setting, or one per followed topic (at least 3)."""
    cap = get_settings().quiz_max_length
    wanted = profile.quiz_length if profile and profile.quiz_length > 0 else max(3, active_topics)
    return max(1, min(cap, wanted))


@dataclass(frozen=True)
class Candidate:
    """A question that could be asked: id, topic, difficulty and language."""

    id: int
    topic_id: int
    difficulty: str
    language: str = "en"


@dataclass(frozen=True)
class DueCard:
    """A review card that is due, and when."""

    id: int
    due: datetime
    topic_id: int | None


@dataclass(frozen=True)
class Slot:
    """One planned quiz item: a review card, or a new question."""

    source: str
    question_id: int | None = None
    card_id: int | None = None


def _difficulty_rank(wanted: str) -> dict[str, int]:
    w = DIFFICULTIES.index(wanted) if wanted in DIFFICULTIES else 1
    return {d: abs(i - w) for i, d in enumerate(DIFFICULTIES)}


def share_slots(count: int, priorities: dict[int, int], available: dict[int, int]) -> dict[int, int]:
    """Share `count` new-question slots among topics by priority (D'Hondt), within what each topic has left."""
    given = {t: 0 for t in priorities}
    for _ in range(count):
        open_topics = [t for t in priorities if given[t] < available.get(t, 0)]
        if not open_topics:
            break
        best = max(open_topics, key=lambda t: (priorities[t] / (given[t] + 1), priorities[t], -t))
        given[best] += 1
    return {t: n for t, n in given.items() if n}


def plan_slots(
    length: int,
    due: list[DueCard],
    pools: dict[int, list[Candidate]],
    priorities: dict[int, int],
    difficulty: str,
    rng: random.Random,
    early: list[DueCard] | None = None,
) -> list[Slot]:
    """Plan a quiz of `length` items, reviews and new questions interleaved.

    Due reviews come first in line (oldest first, up to half the quiz), new questions are shared out by
    priority, more reviews fill in when new questions run out, and early reviews are the last resort.
    """
    due = sorted(due, key=lambda c: c.due)
    reviews = due[: min(len(due), max(1, length // 2))] if due else []
    new_count = length - len(reviews)
    rank = _difficulty_rank(difficulty)
    shares = share_slots(new_count, priorities, {t: len(pools.get(t, [])) for t in priorities})
    new: list[Slot] = []
    for topic_id, n in shares.items():
        pool = sorted(pools[topic_id], key=lambda q: (rank.get(q.difficulty, 1), rng.random()))
        new += [Slot("new", question_id=q.id) for q in pool[:n]]
    missing = length - len(reviews) - len(new)
    if missing > 0:
        reviews += due[len(reviews) : len(reviews) + missing]
        missing = length - len(reviews) - len(new)
    review_slots = [Slot("review", card_id=c.id) for c in reviews]
    if missing > 0 and early:
        review_slots += [Slot("review", card_id=c.id) for c in sorted(early, key=lambda c: c.due)[:missing]]
    # Interleave so the quiz neither starts with every review nor ends with every new question.
    rng.shuffle(new)
    out: list[Slot] = []
    while review_slots or new:
        if review_slots:
            out.append(review_slots.pop(0))
        if new:
            out.append(new.pop(0))
    return out[:length]


@dataclass
class _UserPlanInput:
    user_id: int
    profile: Profile | None
    priorities: dict[int, int]
    due: list[DueCard] = field(default_factory=list)
    early: list[DueCard] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)


def _pools(session: Session, owner_ids: set[int]) -> tuple[dict[int, list[Candidate]], dict[int, list[Candidate]]]:
    """Active questions by topic: the shared bank, and candidates' own questions by owner."""
    rows = session.execute(
        sa_select(
            col(QuizQuestion.id),
            col(QuizQuestion.topic_id),
            col(QuizQuestion.difficulty),
            col(QuizQuestion.owner_id),
            col(QuizQuestion.language),
        ).where(
            col(QuizQuestion.status) == "active",
            (col(QuizQuestion.owner_id).is_(None)) | (col(QuizQuestion.owner_id).in_(owner_ids or {0})),
        )
    ).all()
    shared: dict[int, list[Candidate]] = defaultdict(list)
    own: dict[int, list[Candidate]] = defaultdict(list)
    for qid, topic_id, difficulty, owner, language in rows:
        cand = Candidate(qid or 0, topic_id, difficulty, language)
        (own[owner] if owner else shared[topic_id]).append(cand)
    return shared, own


def _gather(session: Session, users: list[tuple[int, Profile | None]], now: datetime) -> list[_UserPlanInput]:
    """Everything planning needs for a batch of candidates, in a handful of queries."""
    ids = [u for u, _ in users]
    following = set(session.exec(select(UserTopic.user_id).where(col(UserTopic.user_id).in_(ids)).distinct()).all())
    for user_id in ids:
        if user_id not in following:
            topics.ensure_default_topics(session, user_id)
    prio: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, topic_id, priority in session.exec(
        select(UserTopic.user_id, UserTopic.topic_id, UserTopic.priority).where(
            col(UserTopic.user_id).in_(ids),
            UserTopic.active == True,  # noqa: E712
        )
    ).all():
        prio[user_id][topic_id] = priority
    inputs = {u: _UserPlanInput(u, p, prio.get(u, {})) for u, p in users}
    cards = session.execute(
        sa_select(
            col(ReviewCard.id),
            col(ReviewCard.user_id),
            col(ReviewCard.due),
            col(ReviewCard.quiz_question_id),
            col(QuizQuestion.topic_id),
        )
        .join(QuizQuestion, col(QuizQuestion.id) == col(ReviewCard.quiz_question_id), isouter=True)
        .where(
            col(ReviewCard.user_id).in_(ids),
            col(ReviewCard.suspended).is_(False),
            (col(ReviewCard.quiz_question_id).is_(None)) | (QuizQuestion.status == "active"),
        )
    ).all()
    day_ends = {u: end_of_local_day(p, now) for u, p in users}
    for card_id, user_id, due_at, question_id, topic_id in cards:
        inp = inputs[user_id]
        if question_id is not None:
            inp.seen.add(question_id)
        due_at = clock.aware(due_at)
        target = inp.due if due_at <= day_ends[user_id] else inp.early
        target.append(DueCard(card_id or 0, due_at, topic_id))
    return [inputs[u] for u in ids]


def in_language(pool: list[Candidate], language: str) -> list[Candidate]:
    """A topic's shared questions in `language`, or its English ones when it has none in that language."""
    return [q for q in pool if q.language == language] or [q for q in pool if q.language == "en"]


def _plan(
    inp: _UserPlanInput,
    shared: dict[int, list[Candidate]],
    own: dict[int, list[Candidate]],
    length: int,
    rng: random.Random,
) -> list[Slot]:
    pools: dict[int, list[Candidate]] = {}
    mine = defaultdict(list)
    for cand in own.get(inp.user_id, []):
        mine[cand.topic_id].append(cand)
    language = inp.profile.language if inp.profile else "en"
    for topic_id in inp.priorities:
        topic_pool = in_language(shared.get(topic_id) or [], language) or mine.get(topic_id) or []
        pools[topic_id] = [q for q in topic_pool if q.id not in inp.seen]
    difficulty = inp.profile.difficulty if inp.profile else "medium"
    return plan_slots(length, inp.due, pools, inp.priorities, difficulty, rng, early=inp.early)


def _option_order(question_options: int, rng: random.Random, kind: str) -> list[int]:
    order = list(range(question_options))
    if kind in ("single", "multi"):
        rng.shuffle(order)
    return order


def _timer(profile: Profile | None) -> tuple[bool, int | None]:
    if profile is None or not profile.quiz_timer:
        return False, None
    return True, max(10, min(600, profile.quiz_seconds))


def _items_for(
    session: Session,
    attempt_id: int,
    user_id: int,
    slots: list[Slot],
    rng: random.Random,
    option_counts: dict[int, tuple[int, str]],
) -> list[dict[str, Any]]:
    rows = []
    for position, slot in enumerate(slots):
        count, kind = option_counts.get(slot.question_id or 0, (0, ""))
        rows.append(
            {
                "attempt_id": attempt_id,
                "user_id": user_id,
                "position": position,
                "quiz_question_id": slot.question_id,
                "card_id": slot.card_id,
                "source": slot.source,
                "option_order": _option_order(count, rng, kind),
                "response": {},
                "feedback": {},
            }
        )
    return rows


def _option_counts(session: Session, question_ids: set[int]) -> dict[int, tuple[int, str]]:
    if not question_ids:
        return {}
    rows = session.exec(
        select(QuizQuestion.id, QuizQuestion.options, QuizQuestion.kind).where(col(QuizQuestion.id).in_(question_ids))
    ).all()
    return {qid or 0: (len(opts or []), kind) for qid, opts, kind in rows}


def _card_questions(session: Session, card_ids: set[int]) -> dict[int, int | None]:
    if not card_ids:
        return {}
    rows = session.exec(select(ReviewCard.id, ReviewCard.quiz_question_id).where(col(ReviewCard.id).in_(card_ids)))
    return {cid or 0: qid for cid, qid in rows.all()}


def build_for_users(
    session: Session, users: list[tuple[int, Profile | None]], now: datetime, rng: random.Random | None = None
) -> int:
    """Build today's daily quiz for each of `users` that has none yet; returns how many were built.

    Safe to run in several processes at once: the attempt rows are inserted with "on conflict do nothing"
    on the daily key, and items are added only for the rows this call inserted.
    """
    if not users:
        return 0
    rng = rng or random.Random()  # noqa: S311 - shuffling questions, not security
    inputs = _gather(session, users, now)
    shared, own = _pools(session, {u for u, _ in users})
    plans: dict[str, tuple[_UserPlanInput, list[Slot]]] = {}
    rows = []
    for inp in inputs:
        slots = _plan(inp, shared, own, quiz_length(inp.profile, len(inp.priorities)), rng)
        if not slots:
            continue
        key = daily_key(inp.user_id, local_today(inp.profile, now))
        timer_on, seconds = _timer(inp.profile)
        plans[key] = (inp, slots)
        rows.append(
            {
                "user_id": inp.user_id,
                "kind": "daily",
                "local_date": local_today(inp.profile, now),
                "daily_key": key,
                "status": "ready",
                "total": len(slots),
                "answered": 0,
                "correct": 0,
                "timer_enabled": timer_on,
                "seconds_per_item": seconds,
                "created_at": clock.aware(now),
            }
        )
    inserted = insert_ignore(session, QuizAttempt, rows, ["daily_key"], returning=["id", "daily_key"])
    question_ids = {s.question_id for _, slots in plans.values() for s in slots if s.question_id}
    card_ids = {s.card_id for _, slots in plans.values() for s in slots if s.card_id}
    card_questions = _card_questions(session, card_ids)
    counts = _option_counts(session, question_ids | {q for q in card_questions.values() if q})
    item_rows: list[dict[str, Any]] = []
    for attempt_id, key in inserted:
        inp, slots = plans[key]
        resolved = [
            Slot(s.source, question_id=s.question_id or card_questions.get(s.card_id or 0), card_id=s.card_id)
            for s in slots
        ]
        item_rows += _items_for(session, attempt_id, inp.user_id, resolved, rng, counts)
    for start in range(0, len(item_rows), 2000):
        session.execute(QuizItem.__table__.insert(), item_rows[start : start + 2000])  # type: ignore[attr-defined]
    session.flush()
    return len(inserted)


def eligible_users(session: Session) -> list[tuple[int, Profile | None]]:
    """Active, onboarded candidates with their profiles."""
    rows = session.exec(
        select(User.id, Profile)
        .join(Profile, col(Profile.user_id) == col(User.id))
        .where(User.is_active == True, col(User.onboarded_at).is_not(None))  # noqa: E712
    ).all()
    return [(uid or 0, p) for uid, p in rows]


def build_daily_quizzes(session: Session, now: datetime | None = None, rng: random.Random | None = None) -> int:
    """The scheduled job: build the day's quiz for every candidate whose quiz time has come and has none.

    Only today's quiz is built (no pile-up after days the server was down).
    """
    now = clock.aware(now or utcnow())
    users = [(u, p) for u, p in eligible_users(session) if quiz_time_reached(p, now)]
    days = {local_today(p, now) for _, p in users}
    built = (
        set(
            session.exec(
                select(QuizAttempt.daily_key).where(QuizAttempt.kind == "daily", col(QuizAttempt.local_date).in_(days))
            ).all()
        )
        if days
        else set()
    )
    todo = [(u, p) for u, p in users if daily_key(u, local_today(p, now)) not in built]
    made = 0
    for start in range(0, len(todo), BUILD_CHUNK):
        made += build_for_users(session, todo[start : start + BUILD_CHUNK], now, rng)
        session.commit()
    return made


def todays_quiz(session: Session, user_id: int, now: datetime) -> QuizAttempt | None:
    """The candidate's daily quiz for their today, if it was built."""
    profile = session.get(Profile, user_id)
    key = daily_key(user_id, local_today(profile, now))
    return session.exec(select(QuizAttempt).where(QuizAttempt.daily_key == key)).first()


def get_todays_quiz(session: Session, user_id: int, now: datetime) -> QuizAttempt:
    """Today's quiz, built now if the scheduler has not done it yet (the candidate asked for it early).

    Raises:
        QuizError: "nothing_to_ask" when the followed topics have no questions left to ask.

    """
    existing = todays_quiz(session, user_id, now)
    if existing is not None:
        return existing
    build_for_users(session, [(user_id, session.get(Profile, user_id))], now)
    built = todays_quiz(session, user_id, now)
    if built is None:
        raise QuizError("nothing_to_ask")
    return built


def start_practice(session: Session, user_id: int, topic_id: int | None, count: int, now: datetime) -> QuizAttempt:
    """Extra practice beyond the daily quiz: one topic (or every followed topic), `count` questions.

    Raises:
        QuizError: for a bad size or a topic with nothing to ask.

    """
    if count not in PRACTICE_SIZES:
        raise QuizError("practice_size", "count")
    profile = session.get(Profile, user_id)
    if topic_id is not None:
        try:
            topics.visible_topic(session, user_id, topic_id)
        except topics.TopicError as exc:
            raise QuizError(exc.code) from None
        priorities = {topic_id: 2}
    else:
        priorities = topics.active_topic_ids(session, user_id)
        if not priorities:
            raise QuizError("no_topics")
    inp = _gather(session, [(user_id, profile)], now)[0]
    inp.priorities = priorities
    wanted = set(priorities)
    inp.due = [c for c in inp.due if c.topic_id in wanted or (c.topic_id is None and topic_id is None)]
    inp.early = [c for c in inp.early if c.topic_id in wanted]
    shared, own = _pools(session, {user_id})
    rng = random.Random()  # noqa: S311 - shuffling questions, not security
    slots = _plan(inp, shared, own, count, rng)
    if not slots:
        raise QuizError("nothing_to_ask")
    timer_on, seconds = _timer(profile)
    attempt = QuizAttempt(
        user_id=user_id,
        kind="practice",
        local_date=local_today(profile, now),
        topic_id=topic_id,
        total=len(slots),
        timer_enabled=timer_on,
        seconds_per_item=seconds,
        created_at=clock.aware(now),
    )
    session.add(attempt)
    session.flush()
    card_questions = _card_questions(session, {s.card_id for s in slots if s.card_id})
    resolved = [
        Slot(
            "practice" if s.source == "new" else s.source,
            s.question_id or card_questions.get(s.card_id or 0),
            s.card_id,
        )
        for s in slots
    ]
    counts = _option_counts(session, {s.question_id for s in resolved if s.question_id})
    session.execute(
        QuizItem.__table__.insert(),  # type: ignore[attr-defined]
        _items_for(session, attempt.id or 0, user_id, resolved, rng, counts),
    )
    session.flush()
    return attempt


def owned_attempt(session: Session, user_id: int, attempt_id: int) -> QuizAttempt:
    """The candidate's own quiz; anyone else's is "not found"."""
    attempt = session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise QuizError("quiz_not_found")
    return attempt


def items_of(session: Session, attempt_id: int) -> list[QuizItem]:
    """A quiz's items in order."""
    return list(
        session.exec(select(QuizItem).where(QuizItem.attempt_id == attempt_id).order_by(col(QuizItem.position))).all()
    )


@dataclass(frozen=True)
class ItemView:
    """What the quiz page shows for one item (never the correct answer before it is answered)."""

    id: int
    position: int
    kind: str
    source: str
    topic: str
    difficulty: str
    prompt: str
    options: list[str]
    question_id: int | None
    # Missed interview key point: the interview question it came from and where to read the report.
    interview_prompt: str = ""
    key_point: str = ""
    interview_session_id: int | None = None
    seconds_left: int | None = None
    limit_seconds: int | None = None
    answered: bool = False
    result: dict[str, Any] = field(default_factory=dict)
    # The options as the reader sees them (a true/false question's "True"/"False" in their language).
    labels: list[str] = field(default_factory=list)


def item_limit(attempt: QuizAttempt, kind: str) -> int | None:
    """Seconds allowed for an item when the quiz has a timer (short answers get three times as long)."""
    if not attempt.timer_enabled or not attempt.seconds_per_item:
        return None
    return attempt.seconds_per_item * (3 if kind in ("short", "missed_point") else 1)


def option_label(kind: str, text: str, lang: str) -> str:
    """An option as a reader of `lang` sees it.

    A true/false question's options are stored, scored and given by the API as "True" and "False" in every
    language; a reader sees them in their words (참 / 거짓). Every other option reads as written.
    """
    if kind == "true_false" and text in keys.TRAINER_TRUE_FALSE:
        return t(keys.TRAINER_TRUE_FALSE[text], lang)
    return text


def feedback_options(feedback: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The options marked after an answer (stored with the item), each with its `label` for a reader of `lang`."""
    kind = str(feedback.get("kind", ""))
    return [{**o, "label": option_label(kind, str(o.get("text", "")), lang)} for o in feedback.get("options", [])]


def _kind_of(item: QuizItem, question: QuizQuestion | None) -> str:
    return question.kind if question is not None else "missed_point"


def item_view(session: Session, attempt: QuizAttempt, item: QuizItem, now: datetime, lang: str = "en") -> ItemView:
    """One item as plain values for the page; its topic named in `lang`."""
    question = session.get(QuizQuestion, item.quiz_question_id) if item.quiz_question_id else None
    card = session.get(ReviewCard, item.card_id) if item.card_id else None
    kind = _kind_of(item, question)
    topic = session.get(Topic, question.topic_id) if question else None
    limit = item_limit(attempt, kind)
    left = None
    if limit is not None and item.answered_at is None:
        started = clock.aware(item.shown_at) if item.shown_at else clock.aware(now)
        left = max(0, round(limit - (clock.aware(now) - started).total_seconds()))
    options = [question.options[i]["text"] for i in item.option_order] if question else []
    interview_prompt = ""
    if card is not None and card.interview_question_id:
        iq = session.get(Question, card.interview_question_id)
        interview_prompt = iq.prompt if iq else ""
    return ItemView(
        id=item.id or 0,
        position=item.position,
        kind=kind,
        source=item.source,
        topic=topics.localised(topic, lang).name if topic else t("trainer.quiz.from_interviews", lang),
        difficulty=question.difficulty if question else "",
        prompt=question.prompt if question else (card.key_point if card else ""),
        options=options,
        question_id=question.id if question else None,
        interview_prompt=interview_prompt,
        key_point=card.key_point if card and not question else "",
        interview_session_id=card.session_id if card and not question else None,
        seconds_left=left,
        limit_seconds=limit,
        answered=item.answered_at is not None,
        result=dict(item.feedback) if item.answered_at else {},
        labels=[option_label(kind, text, lang) for text in options],
    )


def current_item(session: Session, user_id: int, attempt_id: int, now: datetime) -> tuple[QuizAttempt, QuizItem | None]:
    """The first unanswered item of the candidate's quiz, its clock started (None when all are answered)."""
    attempt = owned_attempt(session, user_id, attempt_id)
    item = session.exec(
        select(QuizItem)
        .where(QuizItem.attempt_id == attempt_id, col(QuizItem.answered_at).is_(None))
        .order_by(col(QuizItem.position))
        .limit(1)
    ).first()
    if item is not None and item.shown_at is None:
        item.shown_at = clock.aware(now)
        session.add(item)
        if attempt.started_at is None:
            attempt.started_at = clock.aware(now)
            attempt.status = "in_progress"
            session.add(attempt)
        session.flush()
    return attempt, item


def _judge_choice(question: QuizQuestion, item: QuizItem, response: dict[str, Any]) -> tuple[bool, list[int]]:
    """(correct, chosen option indexes into question.options) for a choice question."""
    order = item.option_order or list(range(len(question.options)))
    if question.kind == "multi":
        raw = response.get("choices")
        if not isinstance(raw, list) or not raw:
            raise QuizError("choose_options")
        picked = sorted({int(i) for i in raw if isinstance(i, int | str) and str(i).isdigit() and int(i) < len(order)})
        if not picked:
            raise QuizError("choose_options")
        chosen = [order[i] for i in picked]
        right = {i for i, o in enumerate(question.options) if o.get("correct")}
        return set(chosen) == right, chosen
    raw = response.get("choice")
    if not isinstance(raw, int) or not 0 <= raw < len(order):
        raise QuizError("choose_option")
    chosen = [order[raw]]
    return bool(question.options[chosen[0]].get("correct")), chosen


def judge_short(prompt: str, reference: str, key_points: list[str], answer: str) -> dict[str, Any]:
    """Score a short answer with the offline engine: {score 0-100, passed, covered, missed, contradiction}."""
    analysis = offline.analyse(
        ScoringInput(question=prompt, answer=answer, reference_answer=reference, key_points=list(key_points))
    )
    score = round(100 * max(0.0, min(1.0, (analysis.content - 0.12) / 0.6)))
    contradiction = bool(analysis.contradictions)
    threshold = get_settings().quiz_short_pass_score
    return {
        "score": score,
        "passed": score >= threshold and not contradiction,
        "narrow": threshold <= score < threshold + 10,
        "covered": [k.point for k in analysis.key_points if k.covered],
        "missed": [k.point for k in analysis.key_points if not k.covered],
        "contradiction": contradiction,
    }


@dataclass(frozen=True)
class AnswerResult:
    """The outcome of one answer, for immediate feedback."""

    correct: bool
    timed_out: bool
    feedback: dict[str, Any]
    next_due: datetime | None
    finished: bool


def answer_item(session: Session, user_id: int, item_id: int, response: dict[str, Any], now: datetime) -> AnswerResult:
    """Judge one answer, update its review card (FSRS), the day's goal and the quiz; give feedback at once.

    `response` is {"choice": i} (single, true/false; an index into the options as shown), {"choices": [...]}
    (multi), {"text": "..."} (short answers and missed points) or {"skipped": True} ("I don't know").

    Raises:
        QuizError: not_found for another user's item, already_answered, not_current, or what is missing.

    """
    item = session.get(QuizItem, item_id)
    if item is None or item.user_id != user_id:
        raise QuizError("item_not_found")
    attempt = owned_attempt(session, user_id, item.attempt_id)
    if item.answered_at is not None:
        raise QuizError("already_answered")
    first_open = session.exec(
        select(QuizItem.id)
        .where(QuizItem.attempt_id == attempt.id, col(QuizItem.answered_at).is_(None))
        .order_by(col(QuizItem.position))
        .limit(1)
    ).first()
    if first_open != item.id:
        raise QuizError("not_current")
    question = session.get(QuizQuestion, item.quiz_question_id) if item.quiz_question_id else None
    card = session.get(ReviewCard, item.card_id) if item.card_id else None
    kind = _kind_of(item, question)
    now = clock.aware(now)
    shown = clock.aware(item.shown_at) if item.shown_at else now
    seconds = max(0.0, (now - shown).total_seconds())
    limit = item_limit(attempt, kind)
    timed_out = limit is not None and seconds > limit + TIMER_GRACE_SECONDS
    skipped = bool(response.get("skipped"))
    feedback: dict[str, Any] = {"kind": kind, "skipped": skipped, "timed_out": timed_out}
    narrow = False
    if skipped or timed_out:
        correct = False
        chosen: list[int] = []
    elif kind in ("short", "missed_point"):
        text = str(response.get("text", "")).strip()
        if not text:
            raise QuizError("answer_empty", "text")
        if len(text) > MAX_SHORT_ANSWER:
            raise QuizError("answer_too_long", "text")
        if question is not None:
            judged = judge_short(question.prompt, question.answer, question.key_points or [question.answer], text)
        else:
            point = card.key_point if card else ""
            judged = judge_short(point, point, [point], text)
        correct, narrow = bool(judged["passed"]), bool(judged["narrow"])
        feedback.update(judged, answer_text=text)
        chosen = []
    else:
        assert question is not None
        correct, chosen = _judge_choice(question, item, response)
    claimed = session.exec(  # type: ignore[call-overload]
        update(QuizItem).where(col(QuizItem.id) == item.id, col(QuizItem.answered_at).is_(None)).values(answered_at=now)
    )
    if not claimed.rowcount:
        raise QuizError("already_answered")
    if question is not None:
        feedback["explanation"] = question.explanation
        feedback["source"] = question.source_note
        if question.kind == "short":
            feedback["model_answer"] = question.answer
        feedback["options"] = [
            {
                "text": question.options[i]["text"],
                "correct": bool(question.options[i].get("correct")),
                "chosen": i in chosen,
                "why": question.options[i].get("why", ""),
            }
            for i in (item.option_order or range(len(question.options)))
        ]
    elif card is not None:
        feedback["model_answer"] = card.key_point
        feedback["interview_session_id"] = card.session_id
    difficulty = question.difficulty if question else "medium"
    rating = srs.rating_for(correct, seconds, kind, difficulty, narrow_pass=narrow)
    card = card or _card_for(session, user_id, question, now)
    card.fsrs, card.due = srs.review(card.fsrs, rating, now)
    card.state = int(card.fsrs.get("state", 0) or 0)
    card.reps += 1
    card.lapses += 1 if not correct and card.reps > 1 else 0
    card.last_rating, card.last_review = int(rating), now
    session.add(card)
    session.flush()
    feedback["next_due"] = card.due.isoformat()
    item.card_id = card.id
    item.response = {k: v for k, v in response.items() if k in ("choice", "choices", "text", "skipped")}
    item.correct, item.rating, item.seconds = correct, int(rating), round(seconds, 1)
    item.score = feedback.get("score")
    item.feedback = feedback
    item.answered_at = now
    session.add(item)
    attempt.answered += 1
    attempt.correct += 1 if correct else 0
    finished = attempt.answered >= attempt.total
    if finished:
        attempt.status, attempt.completed_at = "completed", now
    elif attempt.status == "ready":
        attempt.status = "in_progress"
    session.add(attempt)
    profile = session.get(Profile, user_id)
    streaks.record(
        session,
        user_id,
        local_today(profile, now),
        answered=1,
        correct=1 if correct else 0,
        daily_completed=finished and attempt.kind == "daily",
        goal=profile.daily_goal if profile else 0,
    )
    session.flush()
    return AnswerResult(correct, timed_out, feedback, card.due, finished)


def _card_for(session: Session, user_id: int, question: QuizQuestion | None, now: datetime) -> ReviewCard:
    assert question is not None and question.id is not None
    insert_ignore(
        session,
        ReviewCard,
        [
            {
                "user_id": user_id,
                "quiz_question_id": question.id,
                "fsrs": srs.new_card_state(now),
                "due": now,
                "created_at": now,
                "key_point": "",
                "point_key": "",
                "state": 0,
                "reps": 0,
                "lapses": 0,
                "suspended": False,
            }
        ],
        ["user_id", "quiz_question_id"],
    )
    return session.exec(
        select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.quiz_question_id == question.id)
    ).one()


def point_key(point: str) -> str:
    """A short stable hash of a key point (part of a missed-point card's unique key)."""
    return hashlib.sha256(" ".join(point.lower().split()).encode()).hexdigest()[:16]


def add_missed_points(
    session: Session,
    *,
    user_id: int,
    question_id: int | None,
    session_id: int | None,
    answer_id: int | None,
    missed: list[str],
    now: datetime | None = None,
) -> int:
    """Turn key points missed in an interview answer into review cards, due at once; returns how many are new.

    A point already on a card (from an earlier interview) keeps its card and schedule.
    """
    if not question_id or not missed:
        return 0
    now = clock.aware(now or utcnow())
    rows = [
        {
            "user_id": user_id,
            "interview_question_id": question_id,
            "key_point": point[:500],
            "point_key": point_key(point),
            "session_id": session_id,
            "answer_id": answer_id,
            "fsrs": srs.new_card_state(now),
            "due": now,
            "state": 0,
            "reps": 0,
            "lapses": 0,
            "suspended": False,
            "created_at": now,
        }
        for point in dict.fromkeys(p.strip() for p in missed if p.strip())
    ]
    made = insert_ignore(session, ReviewCard, rows, ["user_id", "interview_question_id", "point_key"], returning=["id"])
    return len(made)


def missed_point_cards(session: Session, user_id: int, session_id: int) -> list[ReviewCard]:
    """The review cards an interview session added to the trainer."""
    return list(
        session.exec(select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.session_id == session_id)).all()
    )


@dataclass(frozen=True)
class QuizSummary:
    """The end of a quiz: how it went, by topic, and when each item comes back."""

    total: int
    answered: int
    correct: int
    seconds: float
    by_topic: list[dict[str, Any]]
    items: list[dict[str, Any]]


def summary(session: Session, user_id: int, attempt_id: int, now: datetime, lang: str = "en") -> QuizSummary:
    """A quiz's results for its owner, its topics named in `lang`."""
    attempt = owned_attempt(session, user_id, attempt_id)
    per_topic: dict[str, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    seconds = 0.0
    for item in items_of(session, attempt.id or 0):
        view = item_view(session, attempt, item, now, lang)
        bucket = per_topic.setdefault(view.topic, {"topic": view.topic, "correct": 0, "total": 0})
        bucket["total"] += 1
        bucket["correct"] += 1 if item.correct else 0
        seconds += item.seconds or 0.0
        due = item.feedback.get("next_due") if item.answered_at else None
        lines.append(
            {
                "prompt": view.prompt,
                "topic": view.topic,
                "answered": item.answered_at is not None,
                "correct": bool(item.correct),
                "next_due": due or "",
                "days": _days_until(due, now) if due else None,
            }
        )
    return QuizSummary(attempt.total, attempt.answered, attempt.correct, seconds, list(per_topic.values()), lines)


def _days_until(iso: str, now: datetime) -> int:
    try:
        due = datetime.fromisoformat(iso)
    except ValueError:
        return 0
    return max(0, round((clock.aware(due) - clock.aware(now)).total_seconds() / 86400))


def recent_quizzes(session: Session, user_id: int, limit: int = 10) -> list[QuizAttempt]:
    """The candidate's latest quizzes, newest first."""
    return list(
        session.exec(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id)
            .order_by(col(QuizAttempt.created_at).desc())
            .limit(limit)
        ).all()
    )


def due_count(session: Session, user_id: int, now: datetime) -> int:
    """Review cards due for the candidate now."""
    return len(
        session.exec(
            select(ReviewCard.id).where(
                ReviewCard.user_id == user_id,
                col(ReviewCard.due) <= clock.aware(now),
                ReviewCard.suspended == False,  # noqa: E712
            )
        ).all()
    )


def report_question(session: Session, user_id: int, question_id: int, reason: str, comment: str) -> QuestionReport:
    """Report a problem with a quiz question; enough reports from different people flag it for review.

    Raises:
        QuizError: unknown question, bad reason, missing or too long comment, or an open report by this user.

    """
    question = session.get(QuizQuestion, question_id)
    if question is None or (question.owner_id is not None and question.owner_id != user_id):
        raise QuizError("question_not_found")
    if reason not in REPORT_REASONS:
        raise QuizError("report_reason", "reason")
    comment = " ".join((comment or "").split())
    if len(comment) > 1000:
        raise QuizError("report_comment_long", "comment")
    if reason == "other" and len(comment) < 5:
        raise QuizError("report_comment_needed", "comment")
    mine = session.exec(
        select(QuestionReport.id).where(
            QuestionReport.user_id == user_id,
            QuestionReport.quiz_question_id == question_id,
            QuestionReport.status == "open",
        )
    ).first()
    if mine is not None:
        raise QuizError("already_reported")
    report = QuestionReport(user_id=user_id, quiz_question_id=question_id, reason=reason, comment=comment)
    session.add(report)
    session.flush()
    reporters = session.exec(
        select(QuestionReport.user_id)
        .where(QuestionReport.quiz_question_id == question_id, QuestionReport.status == "open")
        .distinct()
    ).all()
    question.report_count += 1
    if question.status == "active" and len(reporters) >= get_settings().quiz_report_flag_threshold:
        question.status = "flagged"
    session.add(question)
    session.flush()
    return report
