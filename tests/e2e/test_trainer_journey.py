"""The daily trainer end to end: topics, the scheduled quiz and its reminder, answers, report, streak, reviews."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import (
    Notification,
    Profile,
    QuestionReport,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    ReviewCard,
    TrainerDay,
    User,
)
from tests.support import live_server
from tests.support.browser import open_page, wait_path
from tests.support.journeys import signed_up_user

pytestmark = pytest.mark.e2e


def run_job(live: live_server.LiveServer, name: str) -> str:
    """Run a scheduled job against the live app's database, as the scheduler would."""
    done = subprocess.run(
        [sys.executable, "-m", "interview_app", "run-job", name],
        cwd=live_server.ROOT,
        env=live.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def current_item(db: Session, attempt_id: int) -> tuple[QuizItem, QuizQuestion]:
    db.expire_all()
    item = db.exec(
        select(QuizItem)
        .where(QuizItem.attempt_id == attempt_id, col(QuizItem.answered_at).is_(None))
        .order_by(col(QuizItem.position))
    ).first()
    assert item is not None and item.quiz_question_id is not None
    question = db.get(QuizQuestion, item.quiz_question_id)
    assert question is not None
    return item, question


def answer(page: Page, db: Session, attempt_id: int, right: bool) -> QuizQuestion:
    """Answer the question on screen, rightly or wrongly, using what the database knows is correct."""
    expect(page.locator("#quiz-prompt")).to_be_visible()
    item, question = current_item(db, attempt_id)
    # `Backticked` names show as code, without the backticks.
    expect(page.locator("#quiz-prompt")).to_have_text(question.prompt.replace("`", ""))
    expect(page.locator("#quiz-prompt code")).to_have_count(question.prompt.count("`") // 2)
    if question.kind == "short":
        page.fill("#quiz-text", question.answer if right else "I am not sure, maybe restart the server.")
    else:
        shown = [question.options[i] for i in item.option_order]
        picks = [i for i, o in enumerate(shown) if bool(o["correct"]) == right]
        for i in picks if question.kind == "multi" else picks[:1]:
            page.click(f"label[for='quiz-option-{i}']")
    page.click("#quiz-submit")
    expect(page.locator("#quiz-verdict")).to_have_text("Right." if right else "Not quite.")
    return question


def test_topics_daily_quiz_reminder_report_streak_and_review(
    live: live_server.LiveServer, live_db: Session, page: Page
) -> None:
    email = signed_up_user(page, live.url, "Tess Trainer")
    db = live_db
    db.expire_all()
    user = db.exec(select(User).where(User.email == email)).one()

    # Choose topics: the backend role starts with five; drop Python, add Git at high priority.
    open_page(page, live.url + "/trainer/topics")
    python = page.locator("#topic-list > div", has_text="Python 3.11+")
    # Each switch is named after its topic (not "Follow this topic" twenty times) and has a visible label.
    expect(page.get_by_role("switch", name="Follow Python", exact=True)).to_have_count(1)
    expect(python.get_by_text("Follow", exact=True)).to_be_visible()
    expect(python.get_by_role("switch")).to_have_attribute("data-state", "checked")
    python.get_by_role("switch").click()
    expect(python.get_by_role("switch")).to_have_attribute("data-state", "unchecked")
    git = page.locator("#topic-list > div", has_text="Version control with Git")
    git.get_by_role("switch").click()
    expect(git.get_by_role("switch")).to_have_attribute("data-state", "checked")
    git.get_by_role("combobox").select_option("3")
    expect(git.get_by_role("combobox")).to_have_value("3")

    # The quiz time has come (00:00 local): the scheduler's job builds it and the in-app reminder arrives.
    open_page(page, live.url + "/settings")
    page.fill("#field-trainer_time", "00:00")
    page.click("#settings-save")
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    built = int(run_job(live, "build_daily_quizzes").split(":")[1])
    assert built >= 1  # every candidate of the shared test app whose quiz time has come
    open_page(page, live.url + "/dashboard")
    expect(page.locator("#bell-count")).to_have_text("1")
    page.click("#bell")
    expect(page.get_by_text("Your daily quiz is ready")).to_be_visible()
    page.get_by_text("Your daily quiz is ready").click()
    wait_path(page, "/trainer")
    expect(page.locator("#bell-count")).to_have_count(0)

    attempt = db.exec(select(QuizAttempt).where(QuizAttempt.user_id == user.id)).one()
    items = db.exec(select(QuizItem).where(QuizItem.attempt_id == attempt.id)).all()
    topics = {db.get(QuizQuestion, i.quiz_question_id).topic_id for i in items}  # type: ignore[union-attr]
    assert len(items) == 5 and len(topics) == 5  # one question per followed topic

    # Take it: the first answer wrong (see why, report it), the rest right.
    page.click("#trainer-start")
    page.wait_for_url(re.compile(r"/trainer/quiz/\d+/?$"))
    expect(page.locator("#quiz-progress")).to_have_text("Question 1 / 5")
    missed = answer(page, db, attempt.id or 0, right=False)
    expect(page.locator("#quiz-explanation")).to_have_text(missed.explanation.replace("`", ""))
    expect(page.locator("#quiz-comes-back")).to_have_text("Comes back tomorrow.")
    page.click("#quiz-report")
    page.click("#report-send")
    expect(page.locator("#report-error")).to_have_text("Choose what is wrong with the question.")
    page.click("label[for='report-typo']")
    page.fill("#report-comment", "The second option has a typo.")
    page.click("#report-send")
    expect(page.get_by_text("Thank you. An admin will look at it.")).to_be_visible()
    page.click("#quiz-next")
    for n in range(2, 6):
        expect(page.locator("#quiz-progress")).to_have_text(f"Question {n} / 5")
        if n == 3:  # a reload mid-quiz resumes at the same question
            page.reload()
            expect(page.locator("#quiz-progress")).to_have_text("Question 3 / 5")
        answer(page, db, attempt.id or 0, right=True)
        page.click("#quiz-next")
    expect(page.locator("#summary-score")).to_have_text("4 / 5")
    expect(page.locator("#summary-streak")).to_have_text("Your streak: 1 day")
    report = db.exec(select(QuestionReport).where(QuestionReport.user_id == user.id)).one()
    assert (report.reason, report.quiz_question_id) == ("typo", missed.id)

    open_page(page, live.url + "/dashboard")
    expect(page.locator("#dashboard-streak")).to_have_text("1 day")
    expect(page.locator("#dashboard-goal")).to_have_text("Today's goal is met: the daily quiz is done.")

    # Move the clock a day on: today's quiz becomes yesterday's and the missed card falls due.
    db.expire_all()
    yesterday = attempt.local_date - timedelta(days=1)
    done = db.get(QuizAttempt, attempt.id)
    assert done is not None
    done.local_date, done.daily_key = yesterday, f"{user.id}:{yesterday.isoformat()}"
    day = db.exec(select(TrainerDay).where(TrainerDay.user_id == user.id)).one()
    day.day = yesterday
    card = db.exec(
        select(ReviewCard).where(ReviewCard.user_id == user.id, ReviewCard.quiz_question_id == missed.id)
    ).one()
    card.due = utcnow() - timedelta(minutes=1)
    db.add_all([done, day, card])
    db.commit()

    open_page(page, live.url + "/trainer")
    expect(page.locator("#trainer-streak")).to_have_text("1")
    page.click("#trainer-start")
    page.wait_for_url(re.compile(r"/trainer/quiz/\d+/?$"))
    expect(page.locator("#quiz-source")).to_have_text("Review")
    expect(page.locator("#quiz-prompt")).to_have_text(missed.prompt.replace("`", ""))
    assert db.exec(select(Notification).where(Notification.user_id == user.id)).all()
    profile = db.get(Profile, user.id)
    assert profile is not None and profile.trainer_time == "00:00"
