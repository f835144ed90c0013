"""Admin management of the question banks: checks, saving with revisions, restoring versions, stats, seeding."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import (
    Answer,
    Feedback,
    InterviewSession,
    Question,
    QuestionReport,
    QuestionRevision,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    SessionQuestion,
    User,
)
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin.questions import QuestionError, QuestionFilter
from interview_app.services.bank import checks as question_checks
from interview_app.services.bank import questions
from interview_app.services.bank import stats as question_stats
from interview_app.services.bank.files import load_bank
from interview_app.services.trainer import quiz, topics
from tests.support.bank_data import BANK, interview_data, make_sql_topic, quiz_data
from tests.support.handlers import events


@pytest.fixture
def admin(make_user) -> User:
    return make_user("root@example.com", "Root Admin", role="admin")


def test_a_valid_question_passes_and_each_bank_rule_is_enforced(session: Session):
    assert question_checks.check_interview(session, interview_data()).ok
    cases = {
        "key_points": interview_data(key_points=[*BANK[1]["key_points"][:3], "Mention quantum annealing"]),
        "roles": interview_data(roles=["astronaut"]),
        "prompt": interview_data(prompt="Too short?"),
        "model_answer": interview_data(model_answer="Short."),
        "competencies": interview_data(competencies=["juggling"]),
        "follow_ups": interview_data(follow_ups=[]),
        "id": interview_data(id="Not A Slug"),
        "time_limit_seconds": interview_data(time_limit_seconds="soon"),
    }
    for field, data in cases.items():
        checked = question_checks.check_interview(session, data)
        assert not checked.ok
        assert field in {p.field for p in checked.problems}, (field, checked.messages())
    design = question_checks.check_interview(session, interview_data(type="system_design", roles=["any"]))
    assert "system design questions must name engineering roles" in " ".join(design.messages())
    missing = question_checks.check_interview(session, {k: v for k, v in interview_data().items() if k != "prompt"})
    assert "prompt: is required" in missing.messages()
    extra = question_checks.check_interview(session, interview_data(colour="red"))
    assert "colour: is not a known field" in extra.messages()


def test_saving_creates_a_question_with_a_revision_and_an_audit_event(session: Session, admin: User):
    row, changed = admin_questions.save_question(session, admin, "interview", interview_data())
    session.commit()
    assert changed and row.source == "admin" and row.status == "active" and row.version == 1
    assert row.search_text.startswith("a cinema booking")
    revisions = admin_questions.history(session, "interview", row.id or 0)
    assert [(r.action, r.version, name) for r, name in revisions] == [("created", 1, "Root Admin")]
    assert revisions[0][0].content["prompt"] == row.prompt
    assert events(session, "question.created")[0].detail["slug"] == "admin-seat-race"
    # The same id or the same prompt cannot be used twice.
    again = question_checks.check_interview(session, interview_data())
    assert {p.field for p in again.problems} == {"id", "prompt"}
    with pytest.raises(QuestionError) as err:
        admin_questions.save_question(session, admin, "interview", interview_data(id="another-id"))
    assert err.value.code == "invalid" and err.value.problems[0].field == "prompt"


def test_editing_a_curated_question_keeps_the_original_and_seeding_leaves_it_alone(session: Session, admin: User):
    questions.seed_questions(session)
    row = session.exec(select(Question).where(Question.slug == BANK[1]["id"])).one()
    original_prompt = row.prompt
    edited = {**admin_questions.content_of(session, row), "difficulty": "medium"}
    row, changed = admin_questions.save_question(session, admin, "interview", edited, question_id=row.id)
    session.commit()
    assert changed and row.version == 2 and row.source == "admin" and row.difficulty == "medium"
    actions = [
        (r.action, r.version, r.actor_user_id) for r, _ in admin_questions.history(session, "interview", row.id or 0)
    ]
    assert actions == [("edited", 2, admin.id), ("original", 1, None)]
    # An identical save makes no new version.
    _, changed = admin_questions.save_question(session, admin, "interview", edited, question_id=row.id)
    assert not changed
    assert questions.seed_questions(session)["updated"] == 0
    session.refresh(row)
    assert row.difficulty == "medium"
    # Restoring the original version saves it as version 3.
    original = next(r for r, _ in admin_questions.history(session, "interview", row.id or 0) if r.action == "original")
    row = admin_questions.revert(session, admin, "interview", row.id or 0, original.id or 0)
    assert row.version == 3 and row.difficulty == "hard" and row.prompt == original_prompt
    with pytest.raises(QuestionError) as err:
        admin_questions.revert(session, admin, "interview", row.id or 0, original.id or 0)
    assert err.value.code == "revision_current"
    assert [e.event for e in events(session) if e.event.startswith("question.")] == [
        "question.edited",
        "question.reverted",
    ]


def test_retired_questions_leave_interviews_and_seeding_does_not_bring_them_back(
    session: Session, admin: User, make_user
):
    questions.seed_questions(session)
    row = session.exec(select(Question).where(Question.slug == BANK[1]["id"])).one()
    admin_questions.retire(session, admin, "interview", row.id or 0)
    session.commit()
    questions.seed_questions(session)
    session.refresh(row)
    assert row.status == "retired" and row.source == "admin"
    candidate = make_user()
    for _ in range(3):
        picked = questions.choose_questions(
            session,
            user_id=candidate.id,
            role="backend-engineer",
            interview_type="technical",
            difficulty="hard",
            focus=[],
            count=20,
            rng=random.Random(1),
        )
        assert row.id not in {q.id for q in picked}
    admin_questions.restore(session, admin, "interview", row.id or 0)
    assert row.status == "active"
    assert [r.action for r, _ in admin_questions.history(session, "interview", row.id or 0)] == [
        "restored",
        "retired",
        "original",
    ]


def test_drafts_never_reach_interviews_or_the_candidate_bank(session: Session, admin: User, make_user):
    draft, _ = admin_questions.save_question(
        session, admin, "interview", interview_data(roles=["backend-engineer"]), status="draft", source="generated"
    )
    candidate = make_user()
    picked = questions.choose_questions(
        session,
        user_id=candidate.id,
        role="backend-engineer",
        interview_type="technical",
        difficulty="hard",
        focus=[],
        count=5,
    )
    assert draft.id not in {q.id for q in picked}
    assert questions.browse(session, questions.BankFilter(text="cinema"))[1] == 0
    with pytest.raises(QuestionError) as err:
        admin_questions.restore(session, admin, "interview", draft.id)
    assert err.value.code == "approve_drafts"


def test_quiz_questions_follow_the_topic_file_rules(session: Session, admin: User):
    make_sql_topic(session)
    assert question_checks.check_quiz(session, quiz_data()).ok
    wrong_prefix = question_checks.check_quiz(session, quiz_data(id="admin-null-check"))
    assert "id: ids start with the topic slug (sql-)" in wrong_prefix.messages()
    two_right = quiz_data(options=[{**o, "correct": True} for o in quiz_data()["options"]])
    assert "single-choice questions need exactly one correct option" in " ".join(
        question_checks.check_quiz(session, two_right).messages()
    )
    assert question_checks.check_quiz(session, quiz_data(topic="knitting")).problems[0].field == "topic"
    row, _ = admin_questions.save_question(session, admin, "quiz", quiz_data())
    assert row.source == "admin" and row.kind == "single" and len(row.options) == 4
    assert admin_questions.content_of(session, row)["topic"] == "sql"


def test_form_strings_round_trip_for_both_kinds():
    data = interview_data()
    assert question_checks.interview_form_data(question_checks.interview_form(data)) == data
    quiz_item = quiz_data()
    assert question_checks.quiz_form_data(question_checks.quiz_form(quiz_item)) == {
        **quiz_item,
        "answer": "",
        "key_points": [],
    }
    true_false = question_checks.quiz_form_data(
        {"kind": "true_false", "opt1_text": "ignored", "opt1_correct": "true", "opt2_why": "Because it is."}
    )
    assert [o["text"] for o in true_false["options"]] == ["True", "False"]


def test_seeding_the_quiz_bank_leaves_admin_edited_questions_alone(session: Session, admin: User):
    topics.seed_quiz_bank(session)
    row = session.exec(select(QuizQuestion).where(QuizQuestion.slug == "sql-null-equality-comparison")).one()
    content = admin_questions.content_of(session, row)
    content["explanation"] += " Admins added this sentence."
    admin_questions.save_question(session, admin, "quiz", content, question_id=row.id)
    session.commit()
    counts = topics.seed_quiz_bank(session)  # used to fail: the seeder tried to insert the slug again
    assert counts["updated"] == 0 and counts["added"] == 0
    session.refresh(row)
    assert row.explanation.endswith("Admins added this sentence.") and row.source == "admin"


def test_the_list_filters_and_hides_candidates_own_questions(session: Session, admin: User, make_user):
    questions.seed_questions(session)
    topics.seed_quiz_bank(session)
    candidate = make_user()
    own = topics.create_topic(session, candidate.id or 0, "My secrets")
    topics.add_own_question(
        session,
        candidate.id or 0,
        own.id or 0,
        kind="short",
        prompt="What is my zanzibar SQL question about?",
        answer="It is about something only I should see in my own topic.",
        options=[],
        explanation="",
    )
    assert session.exec(select(QuizQuestion).where(QuizQuestion.owner_id == candidate.id)).one().prompt
    rows, total = admin_questions.list_questions(session, QuestionFilter(kind="quiz", text="zanzibar"))
    assert total == 0 and rows == []
    rows, total = admin_questions.list_questions(
        session, QuestionFilter(kind="quiz", group="sql", type="short", language="en")
    )
    assert total == 2 and {r.kind for r in rows} == {"short"}
    rows, total = admin_questions.list_questions(
        session, QuestionFilter(kind="quiz", group="sql", type="short", language="ko")
    )
    assert total >= 1 and {(r.kind, r.language) for r in rows} == {("short", "ko")}
    rows, total = admin_questions.list_questions(
        session, QuestionFilter(kind="interview", group="backend-engineer", type="technical", difficulty="hard")
    )
    assert total > 0 and all("backend-engineer" in r.roles and r.difficulty == "hard" for r in rows)
    rows, _ = admin_questions.list_questions(session, QuestionFilter(kind="interview", text="theatre seat"))
    assert [r.slug for r in rows] == [BANK[1]["id"]]
    _, curated = admin_questions.list_questions(session, QuestionFilter(kind="interview", source="curated"))
    _, admin_made = admin_questions.list_questions(session, QuestionFilter(kind="interview", source="admin"))
    assert curated == len(load_bank()[0]) and admin_made == 0


def test_stats_count_asks_scores_skips_and_reports(session: Session, admin: User, make_user):
    row, _ = admin_questions.save_question(session, admin, "interview", interview_data())
    user = make_user()
    interview = InterviewSession(user_id=user.id or 0, interview_type="technical", difficulty="hard")
    session.add(interview)
    session.flush()
    for position, (status, total) in enumerate([("answered", 60), ("answered", 80), ("skipped", None)]):
        sq = SessionQuestion(
            session_id=interview.id or 0, position=position, question_id=row.id, prompt=row.prompt, status=status
        )
        session.add(sq)
        session.flush()
        if total is not None:
            answer = Answer(session_question_id=sq.id or 0, user_id=user.id or 0, text="...", status="scored")
            session.add(answer)
            session.flush()
            session.add(
                Feedback(
                    answer_id=answer.id or 0, user_id=user.id or 0, total=total, engine="offline", rubric_version="1"
                )
            )
    session.add(
        SessionQuestion(session_id=interview.id or 0, position=9, question_id=row.id, prompt="", status="pending")
    )
    session.flush()
    stats = question_stats.interview_stats(session, [row.id or 0])[row.id or 0]
    assert (stats.asked, stats.answered, stats.skipped, stats.average) == (3, 2, 1, 70.0)
    assert stats.skip_rate == pytest.approx(1 / 3)

    make_sql_topic(session)
    quiz_row, _ = admin_questions.save_question(session, admin, "quiz", quiz_data())
    attempt = QuizAttempt(user_id=user.id or 0, local_date=utcnow().date(), total=4)
    session.add(attempt)
    session.flush()
    for position, (correct, skipped) in enumerate([(True, False), (True, False), (False, False), (False, True)]):
        session.add(
            QuizItem(
                attempt_id=attempt.id or 0,
                user_id=user.id or 0,
                position=position,
                quiz_question_id=quiz_row.id,
                correct=correct,
                response={"skipped": True} if skipped else {"choice": 1},
                answered_at=utcnow() - timedelta(minutes=position),
            )
        )
    quiz.report_question(session, user.id or 0, quiz_row.id or 0, "typo", "")
    session.add(QuestionReport(user_id=None, quiz_question_id=quiz_row.id or 0, reason="unclear", status="dismissed"))
    session.flush()
    stats = question_stats.quiz_stats(session, [quiz_row.id or 0])[quiz_row.id or 0]
    assert (stats.asked, stats.skipped, stats.average, stats.reports, stats.open_reports) == (4, 1, 50.0, 2, 1)


def test_revision_content_is_a_full_copy_that_later_edits_do_not_change(session: Session, admin: User):
    row, _ = admin_questions.save_question(session, admin, "interview", interview_data())
    admin_questions.save_question(
        session, admin, "interview", interview_data(follow_ups=["What would you monitor?"]), question_id=row.id
    )
    first = session.exec(select(QuestionRevision).where(QuestionRevision.version == 1)).one()
    assert first.content["follow_ups"] == BANK[1]["follow_ups"]
    assert first.content["meta"] == {"status": "active", "source": "admin"}
