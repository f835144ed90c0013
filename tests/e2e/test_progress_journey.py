"""Progress end to end: a candidate with a practice history sees the charts, opens a recommendation, plans."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from interview_app.models import InterviewSession, Profile, StudyPlan, User
from interview_app.services.trainer import topics
from tests.support import live_server
from tests.support.browser import open_page
from tests.support.history import seed_cards, seed_history
from tests.support.journeys import signed_up_user

pytestmark = pytest.mark.e2e


def test_charts_recommendation_plan_and_pdf(live: live_server.LiveServer, live_db: Session, page: Page) -> None:
    email = signed_up_user(page, live.url, "Priya Progress")
    live_db.expire_all()
    user = live_db.exec(select(User).where(User.email == email)).one()
    profile = live_db.get(Profile, user.id)
    assert profile is not None
    profile.interview_date = date.today() + timedelta(days=16)
    live_db.add(profile)
    topics.ensure_default_topics(live_db, user.id or 0)
    seed_history(live_db, user.id or 0, sessions=12, start_score=48, gain=2.5)
    seed_cards(live_db, user.id or 0, per_topic=2)
    live_db.commit()

    open_page(page, live.url + "/progress")
    expect(page.locator("#progress-readiness")).to_contain_text("your recent average is")
    expect(page.locator("#progress-readiness")).to_contain_text("16 days to go")
    for chart in ("scores", "radar", "mastery", "speaking", "calendar", "weekly"):
        card = page.locator(f"#chart-{chart}")
        expect(card.locator(".js-plotly-plot")).to_be_visible()
    expect(page.locator("#chart-scores")).to_contain_text("12 interviews: from ")
    # Every chart can be read as numbers.
    page.locator("#chart-scores summary").click()
    expect(page.locator("#chart-scores table tbody tr")).to_have_count(12)
    expect(page.locator("#progress-percentile")).to_contain_text("Switch comparison on")
    page.click("#progress-share")
    expect(page.locator("#progress-percentile")).to_contain_text("Not enough candidates")

    # A study plan counted back from the interview date: make it, change a week, accept it.
    page.click("#plan-make")
    expect(page.locator("#plan-summary")).to_contain_text("3 weeks of practice")
    page.get_by_role("button", name="Change").first.click()
    page.select_option("#plan-sessions", "2")
    page.fill("#plan-note", "Conference on Thursday")
    page.click("#plan-save")
    expect(page.get_by_text("Your note: Conference on Thursday")).to_be_visible()
    page.click("#plan-accept")
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    live_db.expire_all()
    plan = live_db.exec(select(StudyPlan).where(StudyPlan.user_id == user.id)).one()
    assert plan.status == "accepted" and plan.edited and plan.plan["weeks"][0]["sessions"] == 2

    with page.expect_download() as download:
        page.click("#progress-pdf")
    assert download.value.suggested_filename == "interview-coach-progress.pdf"
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"

    # One click on the weakest skill starts an interview focused on it.
    before = len(live_db.exec(select(InterviewSession).where(InterviewSession.user_id == user.id)).all())
    page.locator("#progress-recommendations .progress-start").first.click()
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    live_db.expire_all()
    sessions = live_db.exec(select(InterviewSession).where(InterviewSession.user_id == user.id)).all()
    assert len(sessions) == before + 1
    newest = max(sessions, key=lambda s: s.id or 0)
    assert newest.status == "in_progress" and len(newest.focus) == 1
