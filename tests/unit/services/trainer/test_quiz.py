"""The daily trainer's services: building quizzes, answering them, FSRS, reports and missed interview points."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.db import get_engine
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
)
from interview_app.services.trainer import quiz, srs, streaks, topics
from interview_app.services.trainer.quiz import Candidate, DueCard, QuizError
from interview_app.services.trainer.quiz_bank import curated_topics

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def bank(session: Session) -> dict[str, int]:
    """The curated quiz bank, seeded."""
    counts = topics.seed_quiz_bank(session)
    session.commit()
    return counts


@pytest.fixture
def trainee(session: Session, make_user: Callable[..., User]) -> Callable[..., User]:
    """An onboarded candidate with trainer settings."""

    def make(email: str = "ada@example.com", role: str = "backend-engineer", **profile: object) -> User:
        user = make_user(email)
        user.onboarded_at = utcnow()
        row = session.get(Profile, user.id)
        assert row is not None
        row.target_role_slug = role
        row.trainer_time = str(profile.pop("trainer_time", "08:00"))
        for key, value in profile.items():
            setattr(row, key, value)
        session.add_all([user, row])
        session.commit()
        return user

    return make


def items(session: Session, attempt: QuizAttempt) -> list[QuizItem]:
    return quiz.items_of(session, attempt.id or 0)


def question_of(session: Session, item: QuizItem) -> QuizQuestion:
    q = session.get(QuizQuestion, item.quiz_question_id)
    assert q is not None
    return q


def right_response(session: Session, item: QuizItem) -> dict[str, object]:
    """The correct answer to an item, as the page would send it (indexes into the options as shown)."""
    q = question_of(session, item)
    shown = [q.options[i] for i in item.option_order]
    if q.kind == "multi":
        return {"choices": [i for i, o in enumerate(shown) if o["correct"]]}
    if q.kind == "short":
        return {"text": q.answer}
    return {"choice": next(i for i, o in enumerate(shown) if o["correct"])}


def wrong_response(session: Session, item: QuizItem) -> dict[str, object]:
    q = question_of(session, item)
    shown = [q.options[i] for i in item.option_order]
    if q.kind == "multi":
        return {"choices": [i for i, o in enumerate(shown) if not o["correct"]]}
    if q.kind == "short":
        return {"text": "I would reboot the computer and hope for the best."}
    return {"choice": next(i for i, o in enumerate(shown) if not o["correct"])}


def answer_current(session: Session, user: User, attempt: QuizAttempt, now: datetime, right: bool = True):
    _, item = quiz.current_item(session, user.id or 0, attempt.id or 0, now)
    assert item is not None
    response = right_response(session, item) if right else wrong_response(session, item)
    result = quiz.answer_item(session, user.id or 0, item.id or 0, response, now + timedelta(seconds=12))
    session.commit()
    return item, result


# ---- the bank -----------------------------------------------------------------------------------------


def test_seeding_loads_every_topic_file_and_is_idempotent(session: Session, bank: dict[str, int]) -> None:
    assert bank["topics"] >= 16 and bank["added"] >= 260
    again = topics.seed_quiz_bank(session)
    assert again["added"] == 0 and again["updated"] == 0 and again["unchanged"] == bank["added"]


def test_a_changed_question_gets_a_new_version_and_a_removed_one_retires(session: Session, bank: dict) -> None:
    from interview_app.services.trainer.quiz_bank import load_quiz_bank

    files, _ = load_quiz_bank()
    first = files[0].questions[0]
    files[0].questions[0] = first.model_copy(update={"explanation": first.explanation + " Edited."})
    removed = files[0].questions.pop(1)
    counts = topics.seed_quiz_bank(session, files)
    assert counts["updated"] == 1 and counts["retired"] == 1
    row = session.exec(select(QuizQuestion).where(QuizQuestion.slug == first.id)).one()
    assert row.version == 2 and row.explanation.endswith("Edited.")
    gone = session.exec(select(QuizQuestion).where(QuizQuestion.slug == removed.id)).one()
    assert gone.status == "retired"


# ---- topics -----------------------------------------------------------------------------------------


def test_new_candidates_follow_the_topics_of_their_role(session: Session, bank: dict, trainee) -> None:
    user = trainee(role="data-analyst")
    assert topics.ensure_default_topics(session, user.id or 0)
    followed = topics.active_topic_ids(session, user.id or 0)
    slugs = {session.get(Topic, t).slug for t in followed}  # type: ignore[union-attr]
    assert slugs == set(topics.ROLE_TOPICS["data-analyst"])
    assert max(followed.values()) == 3  # the first topic of the role gets a high priority
    assert not topics.ensure_default_topics(session, user.id or 0)  # only once


def test_following_topics_validates_priority_and_visibility(session: Session, bank: dict, trainee) -> None:
    ada, bob = trainee(), trainee("bob@example.com")
    own = topics.create_topic(session, bob.id or 0, "Kotlin coroutines")
    with pytest.raises(topics.TopicError, match="topic_not_found"):
        topics.follow_topic(session, ada.id or 0, own.id or 0, True)
    sql = session.exec(select(Topic).where(Topic.slug == "sql")).one()
    with pytest.raises(topics.TopicError, match="priority_invalid"):
        topics.follow_topic(session, ada.id or 0, sql.id or 0, True, priority=7)
    topics.follow_topic(session, ada.id or 0, sql.id or 0, True, priority=3)
    topics.follow_topic(session, ada.id or 0, sql.id or 0, False, priority=1)
    assert sql.id not in topics.active_topic_ids(session, ada.id or 0)
    views = {v.slug: v for v in topics.list_topics(session, ada.id or 0)}
    assert "sql" in views and own.slug not in views  # nobody sees another candidate's topics
    assert views["sql"].questions >= 16


def test_own_topics_and_questions_are_validated_and_private(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    with pytest.raises(topics.TopicError, match="topic_name_length"):
        topics.create_topic(session, user.id or 0, " x ")
    with pytest.raises(topics.TopicError, match="topic_name_taken"):
        topics.create_topic(session, user.id or 0, "SQL")
    with pytest.raises(topics.TopicError, match="topic_name_taken"):
        topics.create_topic(session, user.id or 0, "시스템 설계")  # a shared topic's Korean name
    own = topics.create_topic(session, user.id or 0, "Company history", "What I should know about Acme")
    named = {v.slug: v for v in topics.list_topics(session, user.id or 0, lang="ko")}
    assert named["system-design"].name == "시스템 설계" and named["system-design"].category == "엔지니어링 실무"
    assert named[own.slug].name == "Company history" and named[own.slug].own  # their own words in every language
    assert next(iter(named.values())).own  # their own topics first, as in English
    with pytest.raises(topics.TopicError, match="options_invalid"):
        topics.add_own_question(
            session,
            user.id or 0,
            own.id or 0,
            kind="single",
            prompt="When was Acme founded?",
            options=[{"text": "1999", "correct": True}, {"text": "2004", "correct": True}, {"text": "2010"}],
        )
    with pytest.raises(topics.TopicError, match="answer_length"):
        topics.add_own_question(session, user.id or 0, own.id or 0, kind="short", prompt="Who founded Acme?")
    q = topics.add_own_question(
        session,
        user.id or 0,
        own.id or 0,
        kind="single",
        prompt="When was Acme founded?",
        options=[{"text": "1999", "correct": True}, {"text": "2004"}, {"text": "2010"}],
        explanation="In 1999.",
    )
    tf = topics.add_own_question(
        session,
        user.id or 0,
        own.id or 0,
        kind="true_false",
        prompt="Acme is based in Leeds.",
        options=[{"text": "True", "correct": False}],
        explanation="It is based in York.",
    )
    assert q.owner_id == user.id and [o["text"] for o in tf.options] == ["True", "False"]
    assert tf.options[1]["correct"] is True
    attempt = quiz.start_practice(session, user.id or 0, own.id, 5, NOON)
    assert {i.quiz_question_id for i in items(session, attempt)} == {q.id, tf.id}
    question_id = q.id
    topics.delete_topic(session, user.id or 0, own.id or 0)
    session.expire_all()
    assert session.get(QuizQuestion, question_id) is None


# ---- planning (pure) --------------------------------------------------------------------------------


def test_slots_are_shared_by_priority_within_what_each_topic_has() -> None:
    assert quiz.share_slots(4, {1: 3, 2: 1}, {1: 10, 2: 10}) == {1: 3, 2: 1}
    assert quiz.share_slots(3, {1: 2, 2: 2, 3: 2}, {1: 5, 2: 5, 3: 5}) == {1: 1, 2: 1, 3: 1}
    assert quiz.share_slots(4, {1: 3, 2: 1}, {1: 1, 2: 10}) == {1: 1, 2: 3}
    assert quiz.share_slots(5, {1: 2}, {1: 2}) == {1: 2}


def test_a_plan_mixes_due_reviews_and_new_questions_and_falls_back() -> None:
    rng = random.Random(1)
    due = [DueCard(i, NOON - timedelta(days=i), 1) for i in range(1, 6)]
    pools = {1: [Candidate(100 + i, 1, "medium") for i in range(5)], 2: [Candidate(200, 2, "hard")]}
    plan = quiz.plan_slots(6, due, pools, {1: 2, 2: 2}, "medium", rng)
    reviews = [s for s in plan if s.source == "review"]
    assert len(plan) == 6 and len(reviews) == 3
    assert [s.card_id for s in reviews] == [5, 4, 3]  # the most overdue first
    assert plan[0].source == "review" and plan[1].source == "new"  # interleaved
    only_reviews = quiz.plan_slots(4, due, {}, {1: 2}, "medium", rng)
    assert [s.source for s in only_reviews] == ["review"] * 4
    early = quiz.plan_slots(2, [], {}, {1: 2}, "medium", rng, early=[DueCard(9, NOON + timedelta(days=3), 1)])
    assert [s.card_id for s in early] == [9]
    assert quiz.plan_slots(3, [], {}, {1: 2}, "medium", rng) == []


def test_new_questions_prefer_the_candidates_difficulty() -> None:
    pools = {1: [Candidate(1, 1, "easy"), Candidate(2, 1, "hard"), Candidate(3, 1, "medium")]}
    plan = quiz.plan_slots(1, [], pools, {1: 2}, "hard", random.Random(3))
    assert [s.question_id for s in plan] == [2]


def test_quiz_length_follows_the_setting_or_the_topics() -> None:
    assert quiz.quiz_length(Profile(user_id=1), 5) == 5
    assert quiz.quiz_length(Profile(user_id=1), 1) == 3
    assert quiz.quiz_length(Profile(user_id=1, quiz_length=12), 2) == 12
    assert quiz.quiz_length(Profile(user_id=1, quiz_length=99), 2) == 20


# ---- building on schedule ------------------------------------------------------------------------------


def test_the_daily_quiz_is_built_at_the_chosen_local_time_once(session: Session, bank: dict, trainee) -> None:
    user = trainee(trainer_time="09:30", timezone="Europe/Berlin")  # 09:30 in Berlin is 08:30 UTC in December
    early, late = datetime(2026, 12, 1, 8, 29, tzinfo=UTC), datetime(2026, 12, 1, 8, 31, tzinfo=UTC)
    assert quiz.build_daily_quizzes(session, early) == 0
    assert quiz.build_daily_quizzes(session, late) == 1
    assert quiz.build_daily_quizzes(session, late + timedelta(hours=3)) == 0
    attempt = quiz.todays_quiz(session, user.id or 0, late)
    assert attempt is not None and attempt.local_date == date(2026, 12, 1) and attempt.status == "ready"
    followed = topics.active_topic_ids(session, user.id or 0)
    built = items(session, attempt)
    assert len(built) == len(followed) == 5  # one question per followed topic by default
    topic_ids = {question_of(session, i).topic_id for i in built}
    assert topic_ids == set(followed)
    assert all(i.source == "new" for i in built)


def test_the_local_day_is_the_candidates_own(session: Session, bank: dict, trainee) -> None:
    user = trainee(trainer_time="08:00", timezone="Asia/Tokyo")
    now = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 08:30 on 2 December in Tokyo
    assert quiz.build_daily_quizzes(session, now) == 1
    attempt = quiz.todays_quiz(session, user.id or 0, now)
    assert attempt is not None and attempt.local_date == date(2026, 12, 2)
    assert attempt.daily_key == f"{user.id}:2026-12-02"


def test_missed_days_do_not_pile_up(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    quiz.build_daily_quizzes(session, NOON)
    later = NOON + timedelta(days=4)  # the server was down for three days
    assert quiz.build_daily_quizzes(session, later) == 1
    days = session.exec(select(col(QuizAttempt.local_date)).where(QuizAttempt.user_id == user.id)).all()
    assert sorted(days) == [date(2026, 12, 1), date(2026, 12, 5)]


def test_inactive_or_unfinished_accounts_get_no_quiz(session: Session, bank: dict, trainee, make_user) -> None:
    off = trainee("off@example.com")
    off.is_active = False
    session.add(off)
    make_user("new@example.com")  # never finished onboarding
    session.commit()
    assert quiz.build_daily_quizzes(session, NOON) == 0


def test_two_schedulers_racing_build_each_quiz_once(session: Session, bank: dict, trainee) -> None:
    users = [trainee(f"u{i}@example.com") for i in range(12)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            with Session(get_engine(), expire_on_commit=False) as own:
                barrier.wait()
                quiz.build_daily_quizzes(own, NOON)
                own.commit()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    session.expire_all()
    for user in users:
        attempts = session.exec(select(QuizAttempt).where(QuizAttempt.user_id == user.id)).all()
        assert len(attempts) == 1
        assert len(items(session, attempts[0])) == attempts[0].total == 5


def test_opening_the_trainer_early_builds_todays_quiz(session: Session, bank: dict, trainee) -> None:
    user = trainee(trainer_time="23:00")
    assert quiz.todays_quiz(session, user.id or 0, NOON) is None
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    assert attempt.kind == "daily" and quiz.get_todays_quiz(session, user.id or 0, NOON).id == attempt.id


# ---- answering -------------------------------------------------------------------------------------------


def test_answers_are_judged_with_explanations_and_update_the_card(session: Session, bank: dict, trainee) -> None:
    user = trainee(daily_goal=0)
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    item, result = answer_current(session, user, attempt, NOON, right=False)
    assert result.correct is False and not result.finished
    assert result.feedback["explanation"] and result.feedback["source"]
    if result.feedback["kind"] != "short":
        assert all(o["why"] for o in result.feedback["options"])
        assert any(o["chosen"] and not o["correct"] for o in result.feedback["options"])
    card = session.exec(select(ReviewCard).where(ReviewCard.quiz_question_id == item.quiz_question_id)).one()
    assert card.last_rating == int(Rating.Again) and card.reps == 1
    assert timedelta(hours=20) <= card.due - NOON <= timedelta(days=2)  # a wrong answer comes back tomorrow
    for _ in range(attempt.total - 1):
        _, result = answer_current(session, user, attempt, NOON)
    assert result.finished
    session.refresh(attempt)
    assert attempt.status == "completed" and attempt.answered == attempt.total
    assert attempt.correct == attempt.total - 1
    day = streaks.day_of(session, user.id or 0, date(2026, 12, 1))
    assert day is not None and day.daily_completed and day.goal_met and day.answered == attempt.total


def test_bad_and_repeated_answers_are_refused(session: Session, bank: dict, trainee) -> None:
    ada, bob = trainee(), trainee("bob@example.com")
    attempt = quiz.get_todays_quiz(session, ada.id or 0, NOON)
    _, item = quiz.current_item(session, ada.id or 0, attempt.id or 0, NOON)
    assert item is not None
    later = items(session, attempt)[1]
    with pytest.raises(QuizError, match="item_not_found"):
        quiz.answer_item(session, bob.id or 0, item.id or 0, right_response(session, item), NOON)
    with pytest.raises(QuizError, match="quiz_not_found"):
        quiz.current_item(session, bob.id or 0, attempt.id or 0, NOON)
    with pytest.raises(QuizError, match="not_current"):
        quiz.answer_item(session, ada.id or 0, later.id or 0, right_response(session, later), NOON)
    kind = question_of(session, item).kind
    empty = {"text": "   "} if kind == "short" else ({"choices": []} if kind == "multi" else {"choice": 99})
    with pytest.raises(QuizError):
        quiz.answer_item(session, ada.id or 0, item.id or 0, empty, NOON)
    quiz.answer_item(session, ada.id or 0, item.id or 0, right_response(session, item), NOON)
    with pytest.raises(QuizError, match="already_answered"):
        quiz.answer_item(session, ada.id or 0, item.id or 0, right_response(session, item), NOON)


def _item_of_kind(session: Session, user: User, kind: str) -> QuizItem:
    """A practice item of the given kind, current, for the user."""
    q = session.exec(
        select(QuizQuestion).where(
            QuizQuestion.kind == kind,
            QuizQuestion.topic_id.in_(  # type: ignore[attr-defined]
                select(Topic.id).where(Topic.slug == "sql")
            ),
        )
    ).first()
    assert q is not None
    attempt = QuizAttempt(user_id=user.id or 0, kind="practice", local_date=NOON.date(), total=1)
    session.add(attempt)
    session.flush()
    item = QuizItem(
        attempt_id=attempt.id or 0,
        user_id=user.id or 0,
        position=0,
        quiz_question_id=q.id,
        source="practice",
        option_order=list(range(len(q.options)))[::-1],
        shown_at=NOON,
    )
    session.add(item)
    session.flush()
    return item


def test_multi_choice_needs_exactly_the_right_set(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    item = _item_of_kind(session, user, "multi")
    q = question_of(session, item)
    shown = [q.options[i] for i in item.option_order]
    right = [i for i, o in enumerate(shown) if o["correct"]]
    result = quiz.answer_item(session, user.id or 0, item.id or 0, {"choices": right[:1]}, NOON)
    assert result.correct is False
    item2 = _item_of_kind(session, trainee("b@example.com"), "multi")
    result2 = quiz.answer_item(session, item2.user_id, item2.id or 0, {"choices": right}, NOON)
    assert result2.correct is True


def test_short_answers_are_scored_by_the_offline_engine(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    item = _item_of_kind(session, user, "short")
    q = question_of(session, item)
    good = quiz.answer_item(session, user.id or 0, item.id or 0, {"text": q.answer}, NOON + timedelta(seconds=60))
    assert good.correct and good.feedback["score"] >= 55 and good.feedback["model_answer"] == q.answer
    other = _item_of_kind(session, trainee("c@example.com"), "short")
    bad = quiz.answer_item(
        session, other.user_id, other.id or 0, {"text": "Paint the walls blue and water the plants."}, NOON
    )
    assert not bad.correct and bad.feedback["missed"]


def test_skipping_or_running_out_of_time_counts_as_wrong(session: Session, bank: dict, trainee) -> None:
    user = trainee(quiz_timer=True, quiz_seconds=20)
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    assert attempt.timer_enabled and attempt.seconds_per_item == 20
    _, item = quiz.current_item(session, user.id or 0, attempt.id or 0, NOON)
    assert item is not None
    skipped = quiz.answer_item(session, user.id or 0, item.id or 0, {"skipped": True}, NOON + timedelta(seconds=5))
    assert not skipped.correct and skipped.feedback["skipped"]
    _, item = quiz.current_item(session, user.id or 0, attempt.id or 0, NOON + timedelta(seconds=6))
    assert item is not None
    view = quiz.item_view(session, attempt, item, NOON + timedelta(seconds=16))
    limit = quiz.item_limit(attempt, view.kind)
    assert limit is not None and view.seconds_left == limit - 10
    late = NOON + timedelta(seconds=6 + limit + 10)
    result = quiz.answer_item(session, user.id or 0, item.id or 0, right_response(session, item), late)
    assert result.timed_out and not result.correct


def test_a_wrong_answer_comes_back_in_a_later_quiz(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    wrong_item, _ = answer_current(session, user, attempt, NOON, right=False)
    for _ in range(attempt.total - 1):
        answer_current(session, user, attempt, NOON)
    tomorrow = NOON + timedelta(days=1)
    quiz.build_daily_quizzes(session, tomorrow)
    next_quiz = quiz.todays_quiz(session, user.id or 0, tomorrow)
    assert next_quiz is not None
    reviews = [i for i in items(session, next_quiz) if i.source == "review"]
    assert [i.quiz_question_id for i in reviews] == [wrong_item.quiz_question_id]
    new_ids = {i.quiz_question_id for i in items(session, next_quiz) if i.source == "new"}
    assert not new_ids & {i.quiz_question_id for i in items(session, attempt)}  # nothing seen is "new" again


def test_summary_counts_by_topic_and_says_when_items_return(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    answer_current(session, user, attempt, NOON, right=False)
    for _ in range(attempt.total - 1):
        answer_current(session, user, attempt, NOON)
    result = quiz.summary(session, user.id or 0, attempt.id or 0, NOON)
    assert result.total == result.answered == attempt.total and result.correct == attempt.total - 1
    assert sum(t["total"] for t in result.by_topic) == attempt.total
    assert all(line["next_due"] for line in result.items)
    assert result.items[0]["days"] == 1
    korean = quiz.summary(session, user.id or 0, attempt.id or 0, NOON, "ko")
    korean_names = {spec.text("ko").name for spec in curated_topics().values()}
    assert {t["topic"] for t in korean.by_topic} <= korean_names and len(korean.by_topic) == len(result.by_topic)


def test_practice_any_topic_and_bad_sizes(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    git = session.exec(select(Topic).where(Topic.slug == "git")).one()
    attempt = quiz.start_practice(session, user.id or 0, git.id, 10, NOON)
    assert attempt.kind == "practice" and attempt.daily_key is None and attempt.total == 10
    assert {question_of(session, i).topic_id for i in items(session, attempt)} == {git.id}
    with pytest.raises(QuizError, match="practice_size"):
        quiz.start_practice(session, user.id or 0, git.id, 7, NOON)
    with pytest.raises(QuizError, match="topic_not_found"):
        quiz.start_practice(session, user.id or 0, 999_999, 5, NOON)


# ---- FSRS ratings -------------------------------------------------------------------------------------


def test_answers_map_to_fsrs_ratings() -> None:
    assert srs.rating_for(False, 3, "single", "easy") == Rating.Again
    assert srs.rating_for(True, 5, "single", "medium") == Rating.Easy
    assert srs.rating_for(True, 20, "single", "medium") == Rating.Good
    assert srs.rating_for(True, 60, "single", "medium") == Rating.Hard
    assert srs.rating_for(True, 5, "short", "medium") == Rating.Good  # typing fast is not "easy"
    assert srs.rating_for(True, 30, "short", "medium", narrow_pass=True) == Rating.Hard


def test_intervals_grow_with_each_good_review() -> None:
    state, due = srs.review(None, Rating.Good, NOON)
    gaps = [due - NOON]
    for _ in range(3):
        previous = due
        state, due = srs.review(state, Rating.Good, due)
        gaps.append(due - previous)
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=7)
    _, again = srs.review(state, Rating.Again, due)
    assert again - due <= timedelta(days=2)


# ---- reports ---------------------------------------------------------------------------------------------


def test_reports_are_validated_and_flag_a_question_after_three_people(session: Session, bank: dict, trainee) -> None:
    q = session.exec(select(QuizQuestion).where(QuizQuestion.slug == "git-rebase-vs-merge")).one()
    people = [trainee(f"r{i}@example.com") for i in range(3)]
    with pytest.raises(QuizError, match="report_reason"):
        quiz.report_question(session, people[0].id or 0, q.id or 0, "boring", "")
    with pytest.raises(QuizError, match="report_comment_needed"):
        quiz.report_question(session, people[0].id or 0, q.id or 0, "other", "")
    quiz.report_question(session, people[0].id or 0, q.id or 0, "typo", "Second option: 'parents'")
    with pytest.raises(QuizError, match="already_reported"):
        quiz.report_question(session, people[0].id or 0, q.id or 0, "unclear", "")
    quiz.report_question(session, people[1].id or 0, q.id or 0, "unclear", "")
    assert session.get(QuizQuestion, q.id).status == "active"  # type: ignore[union-attr]
    quiz.report_question(session, people[2].id or 0, q.id or 0, "wrong_answer", "Rebase keeps hashes?")
    session.refresh(q)
    assert q.status == "flagged" and q.report_count == 3
    assert len(session.exec(select(QuestionReport).where(QuestionReport.quiz_question_id == q.id)).all()) == 3


def test_flagged_questions_stay_out_of_new_quizzes(session: Session, bank: dict, trainee) -> None:
    user = trainee(role="sales")
    topics.ensure_default_topics(session, user.id or 0)
    followed = topics.active_topic_ids(session, user.id or 0)
    flagged = session.exec(select(QuizQuestion).where(col(QuizQuestion.topic_id).in_(list(followed)))).all()
    for q in flagged:
        q.status = "flagged"
        session.add(q)
    session.commit()
    with pytest.raises(QuizError, match="nothing_to_ask"):
        quiz.get_todays_quiz(session, user.id or 0, NOON)


# ---- missed interview key points ------------------------------------------------------------------------


def test_missed_interview_points_become_cards_and_quiz_items(session: Session, bank: dict, trainee) -> None:
    user = trainee()
    question = Question(
        slug="q-demo",
        type="technical",
        difficulty="medium",
        prompt="Explain N+1 queries.",
        model_answer="...",
        key_points=["Batch the lookups with a join"],
    )
    session.add(question)
    session.commit()
    made = quiz.add_missed_points(
        session,
        user_id=user.id or 0,
        question_id=question.id,
        session_id=None,
        answer_id=None,
        missed=["Batch the lookups with a join", "Batch the lookups with a join", "Measure with query logs"],
        now=NOON,
    )
    assert made == 2
    assert (
        quiz.add_missed_points(
            session,
            user_id=user.id or 0,
            question_id=question.id,
            session_id=None,
            answer_id=None,
            missed=["Measure with query logs"],
            now=NOON,
        )
        == 0
    )
    attempt = quiz.get_todays_quiz(session, user.id or 0, NOON)
    missed_items = [i for i in items(session, attempt) if i.card_id and i.quiz_question_id is None]
    assert len(missed_items) == 2
    view = quiz.item_view(session, attempt, missed_items[0], NOON)
    assert view.kind == "missed_point" and view.interview_prompt == "Explain N+1 queries." and view.key_point
    while True:
        _, current = quiz.current_item(session, user.id or 0, attempt.id or 0, NOON)
        assert current is not None
        if current.id == missed_items[0].id:
            break
        quiz.answer_item(session, user.id or 0, current.id or 0, right_response(session, current), NOON)
    result = quiz.answer_item(
        session,
        user.id or 0,
        current.id or 0,
        {"text": f"I would {view.key_point.lower()} so that one query replaces many."},
        NOON + timedelta(seconds=40),
    )
    assert result.correct
    card = session.get(ReviewCard, current.card_id)
    assert card is not None and card.reps == 1 and card.due > NOON + timedelta(hours=20)
    assert quiz.due_count(session, user.id or 0, NOON) == 1  # the other point is still due


# ---- the candidate's language ---------------------------------------------------------------------------


def test_a_korean_profile_practises_in_korean_and_falls_back_to_english(session: Session, bank: dict, trainee) -> None:
    user = trainee(language="ko")
    sql = session.exec(select(Topic).where(Topic.slug == "sql")).one()
    attempt = quiz.start_practice(session, user.id or 0, sql.id, 10, NOON)
    assert {question_of(session, i).language for i in items(session, attempt)} == {"ko"}
    git = session.exec(select(Topic).where(Topic.slug == "git")).one()  # no Korean questions yet
    attempt = quiz.start_practice(session, user.id or 0, git.id, 5, NOON)
    assert {question_of(session, i).language for i in items(session, attempt)} == {"en"}
    english = trainee("grace@example.com")
    attempt = quiz.start_practice(session, english.id or 0, sql.id, 10, NOON)
    assert {question_of(session, i).language for i in items(session, attempt)} == {"en"}


def test_in_language_keeps_a_topics_questions_in_one_language() -> None:
    pool = [Candidate(1, 7, "easy", "en"), Candidate(2, 7, "easy", "ko"), Candidate(3, 7, "hard", "ko")]
    assert [c.id for c in quiz.in_language(pool, "ko")] == [2, 3]
    assert [c.id for c in quiz.in_language(pool, "en")] == [1]
    assert [c.id for c in quiz.in_language(pool[:1], "ko")] == [1]


def test_a_true_false_question_reads_in_the_reader_language_and_is_stored_and_scored_as_before(
    session: Session, bank: dict, trainee
) -> None:
    user = trainee()
    own = topics.create_topic(session, user.id or 0, "회사 공부")
    tf = topics.add_own_question(
        session,
        user.id or 0,
        own.id or 0,
        kind="true_false",
        prompt="Acme의 본사는 서울에 있다.",
        options=[{"text": "True", "correct": True}],
    )
    attempt = quiz.start_practice(session, user.id or 0, own.id, 5, NOON)
    attempt, item = quiz.current_item(session, user.id or 0, attempt.id or 0, NOON)
    assert item is not None and item.quiz_question_id == tf.id
    korean = quiz.item_view(session, attempt, item, NOON, "ko")
    english = quiz.item_view(session, attempt, item, NOON, "en")
    shown = dict(zip(korean.options, korean.labels, strict=True))
    assert shown == {"True": "참", "False": "거짓"}  # in the order shown, whatever it is
    assert english.options == korean.options and english.labels == english.options  # the stored values stay
    chosen = korean.options.index("True")
    result = quiz.answer_item(session, user.id or 0, item.id or 0, {"choice": chosen}, NOON)
    assert result.correct and [o["text"] for o in result.feedback["options"]] == korean.options  # stored as before
    marked = {o["label"]: o["chosen"] for o in quiz.feedback_options(result.feedback, "ko")}
    assert marked == {"참": True, "거짓": False}
    assert quiz.option_label("single", "True", "ko") == "True"  # a choice that happens to read "True" stays
