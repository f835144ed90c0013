"""The admin pages end to end: import with a bad row, edit, approve an AI draft, resolve a report, deactivate a
user, find it all in the audit log; and a candidate reaches none of it."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import uuid
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, col, select

from interview_app.models import AuditEvent, Notification, Question, QuestionReport, QuizQuestion, User
from interview_app.services.bank.importer import INTERVIEW_COLUMNS
from interview_app.services.trainer import quiz
from tests.support import fake_openai, live_server
from tests.support.bank_data import GENERATED, interview_data
from tests.support.browser import open_page, wait_path
from tests.support.fake_openai import FakeOpenAI
from tests.support.journeys import PASSWORD, signed_up_user
from tests.support.two_factor_browser import enrol_in_browser

pytestmark = pytest.mark.e2e

ADMIN_PATHS = (
    "/admin",
    "/admin/users",
    "/admin/users/1",
    "/admin/questions",
    "/admin/questions/interview/1",
    "/admin/questions/import",
    "/admin/generate",
    "/admin/reports",
    "/admin/sessions",
    "/admin/analytics",
    "/admin/audit",
    "/admin/settings",
)


def set_role(live: live_server.LiveServer, email: str, role: str) -> None:
    """Change a role with the operator CLI against the live app's database."""
    subprocess.run(
        [sys.executable, "-m", "interview_app", "set-role", email, role],
        cwd=live_server.ROOT,
        env=live.env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def user_by_email(db: Session, email: str) -> User:
    db.expire_all()
    return db.exec(select(User).where(User.email == email)).one()


def events_of(db: Session, name: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.exec(select(AuditEvent).where(AuditEvent.event == name)).all())


def import_file(tag: str) -> tuple[bytes, str]:
    """A CSV of two interview questions, the second without a model answer; returns it and the good row's id."""
    good = interview_data(
        id=f"e2e-import-{tag}",
        prompt=f"A stadium ticket shop ({tag}) sells one seat twice when two fans click at once. Why, and how do "
        "you stop it?",
    )
    bad = interview_data(id=f"e2e-broken-{tag}", prompt=f"Why would question {tag} break the import?", model_answer="")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INTERVIEW_COLUMNS)
    for data in (good, bad):
        writer.writerow([" | ".join(v) if isinstance(v := data.get(c, ""), list) else v for c in INTERVIEW_COLUMNS])
    return out.getvalue().encode(), good["id"]


def generation_only(request: dict[str, Any]) -> fake_openai.Reply:
    """The fake LLM answers the admin's generation request with one good draft and refuses anything else."""
    schema = (request.get("response_format") or {}).get("json_schema") or {}
    if schema.get("name") == "generated_interview_questions":
        return fake_openai.ok({"questions": [GENERATED]})
    return fake_openai.status(500, "not scripted in this test")


def candidate_is_kept_out(page: Page, base: str, db: Session, email: str) -> None:
    """Every admin page sends a candidate back to the dashboard; the handlers the pages call are refused."""
    candidate = user_by_email(db, email)
    before = len(events_of(db, "admin.denied"))
    for path in ADMIN_PATHS:
        page.goto(base + path)
        wait_path(page, "/dashboard")
        expect(page.locator("#admin-title")).to_have_count(0)
    open_page(page, base + "/admin/users")
    wait_path(page, "/dashboard")
    expect(page.get_by_text("Only administrators can open that page.")).to_be_visible()
    # One message, not a second one from the page's own load.
    page.wait_for_timeout(500)
    expect(page.locator("[data-sonner-toast]")).to_have_count(1)
    expect(page.get_by_text("Only administrators can do that.")).to_have_count(0)
    denied = [e for e in events_of(db, "admin.denied")[before:] if e.actor_user_id == candidate.id]
    actions = {e.detail["action"] for e in denied}
    # The pages' own load handlers went over the websocket by name, and were refused on the server.
    assert {"AdminHomeState.load", "UsersState.load", "AuditState.load"} <= actions, actions
    expect(page.locator("#menu-admin")).to_have_count(0)


def test_admin_journey(
    live: live_server.LiveServer, live_db: Session, fake_llm: FakeOpenAI, context: BrowserContext, page: Page
) -> None:
    base, tag = live.url, uuid.uuid4().hex[:6]
    # A candidate, who reports a quiz question and is kept out of every admin page.
    candidate_page = context.browser.new_context(viewport={"width": 1280, "height": 800}).new_page()  # type: ignore[union-attr]
    candidate_email = signed_up_user(candidate_page, base, "Cora Candidate")
    candidate_is_kept_out(candidate_page, base, live_db, candidate_email)
    candidate = user_by_email(live_db, candidate_email)
    reported = live_db.exec(select(QuizQuestion).where(QuizQuestion.slug == "sql-null-equality-comparison")).one()
    quiz.report_question(live_db, candidate.id or 0, reported.id or 0, "wrong_answer", f"Option B is right ({tag}).")
    live_db.commit()

    # The admin: registered like anyone, promoted with the CLI.
    admin_email = signed_up_user(page, base, "Ada Admin")
    set_role(live, admin_email, "admin")
    open_page(page, base + "/dashboard")
    page.click("#user-menu")
    page.click("#menu-admin")
    # Admins need two-factor sign-in: the admin area sends a new admin to set it up first.
    wait_path(page, "/settings/security")
    enrol_in_browser(page)
    page.click("#user-menu")
    page.click("#menu-admin")
    wait_path(page, "/admin")
    expect(page.locator("#admin-title")).to_have_text("Admin overview")

    # Import: one good row, one without a model answer (its error shows on its row), then the valid one only.
    raw, imported_id = import_file(tag)
    open_page(page, base + "/admin/questions/import")
    page.set_input_files(
        "#import-upload input[type=file]", files=[{"name": "bank.csv", "mimeType": "text/csv", "buffer": raw}]
    )
    report = page.locator("#import-report")
    expect(report.locator(".import-row")).to_have_count(2)
    expect(report.locator(".import-row").nth(0)).to_contain_text("New")
    expect(report.locator(".import-row-error")).to_contain_text(
        "model_answer: String should have at least 200 characters"
    )
    page.click("#import-apply")
    expect(page.get_by_text("Imported: 1 new, 0 updated.")).to_be_visible()
    live_db.expire_all()
    row = live_db.exec(select(Question).where(Question.slug == imported_id)).one()
    assert (
        row.source == "admin"
        and live_db.exec(select(Question).where(Question.slug == f"e2e-broken-{tag}")).first() is None
    )

    # Edit the imported question: live checks, a new version in the history.
    open_page(page, base + "/admin/questions")
    page.fill("#questions-search", imported_id)
    expect(page.locator(".admin-question-row")).to_have_count(1)
    page.locator(".admin-question-row").get_by_role("link", name="Edit").click()
    wait_path(page, f"/admin/questions/interview/{row.id}")
    # Typing only once the loaded question fills the form (typing earlier would land beside the loaded text).
    expect(page.locator("#edit-prompt")).to_have_value(row.prompt)
    expect(page.locator("#edit-ok")).to_be_visible()
    page.fill("#edit-prompt", "Too short?")
    expect(page.locator("#edit-problems")).to_contain_text("prompt")
    page.fill("#edit-prompt", row.prompt + " Assume one database.")
    expect(page.locator("#edit-ok")).to_be_visible()
    page.select_option("#edit-difficulty", "easy")
    expect(page.locator("#preview-prompt")).to_contain_text("Assume one database.")
    page.click("#edit-save")
    expect(page.get_by_text("Saved as a new version.")).to_be_visible()
    expect(page.locator("#edit-history")).to_contain_text("Edited")
    live_db.expire_all()
    edited = live_db.get(Question, row.id)
    assert edited is not None and (edited.version, edited.difficulty) == (2, "easy")

    # AI generation against the fake LLM: a draft in the review queue, approved.
    fake_llm.reset()
    fake_llm.script(*[generation_only] * 20)
    try:
        open_page(page, base + "/admin/generate")
        page.select_option("#generate-role", "backend-engineer")
        page.select_option("#generate-count", "1")
        page.click("#generate-go")
        card = page.locator(".draft-card", has_text=GENERATED["prompt"][:40])
        expect(card).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Comparing with the bank")).to_have_count(0, timeout=60_000)
        card.locator(".draft-approve").click()
        expect(page.get_by_text("Approved: the question is in the bank.")).to_be_visible()
        expect(card).to_have_count(0)
        asked = [r for r in fake_llm.requests if (r.get("response_format") or {}).get("type") == "json_schema"]
        assert asked and asked[-1]["response_format"]["json_schema"]["name"] == "generated_interview_questions"
    finally:
        fake_llm.reset()
    live_db.expire_all()
    approved = live_db.exec(select(Question).where(Question.prompt == GENERATED["prompt"])).one()
    assert (approved.status, approved.source, approved.roles) == ("active", "generated", ["backend-engineer"])

    # Resolve the candidate's report; they are told.
    open_page(page, base + "/admin/reports")
    report_row = page.locator(".report-row", has_text=f"Option B is right ({tag}).")
    report_row.locator(".report-fix").click()
    page.fill("#report-note", "We reworded option B.")
    page.click("#report-confirm")
    expect(page.get_by_text("Resolved 1 report; the reporter was notified.")).to_be_visible()
    expect(report_row).to_have_count(0)
    live_db.expire_all()
    assert live_db.exec(select(QuestionReport).where(QuestionReport.user_id == candidate.id)).one().status == "fixed"
    open_page(candidate_page, base + "/notifications")
    expect(candidate_page.get_by_text("We reworded option B.", exact=False)).to_be_visible()

    # Deactivate the candidate: signed out, and sign-in is refused.
    open_page(page, base + "/admin/users")
    page.fill("#users-search", candidate_email)
    expect(page.locator(".admin-user-row")).to_have_count(1)
    page.locator(".admin-user-row").click()
    wait_path(page, f"/admin/users/{candidate.id}")
    page.click("#user-deactivate")
    page.click("#user-deactivate-confirm")
    expect(page.get_by_text("The account is deactivated.")).to_be_visible()
    expect(page.locator("#user-badges")).to_contain_text("Deactivated")
    candidate_page.goto(base + "/dashboard")
    candidate_page.wait_for_url(re.compile(r"/sign-in\?next=/dashboard/?$"))
    candidate_page.fill("#field-email", candidate_email)
    candidate_page.fill("#field-password", PASSWORD)
    candidate_page.click("#sign-in-submit")
    expect(candidate_page.get_by_text("This account has been deactivated.")).to_be_visible()
    assert not user_by_email(live_db, candidate_email).is_active

    # Each action is in the audit log, and the filtered log downloads as CSV.
    open_page(page, base + "/admin/audit")
    table = page.locator("#audit-table")
    for name in (
        "questions.imported",
        "question.edited",
        "questions.generated",
        "question.approved",
        "report.resolved",
        "user.deactivated",
        "signin.inactive",
    ):
        expect(table).to_contain_text(name)
    # At 1280 px the table fits its area: no column (the details last) is cut off or scrolled away.
    assert page.evaluate("el => el.scrollWidth <= el.parentElement.clientWidth + 1", table.element_handle())
    page.select_option("#audit-event", "user.deactivated")
    expect(table.locator(".audit-row")).to_have_count(len(events_of(live_db, "user.deactivated")))
    expect(table).to_contain_text(candidate_email)
    with page.expect_download() as download:
        page.click("#audit-export")
    exported = download.value.path().read_text()
    assert "user.deactivated" in exported and candidate_email in exported
    admin = user_by_email(live_db, admin_email)
    mine = [
        e.event
        for e in live_db.exec(select(AuditEvent).where(AuditEvent.actor_user_id == admin.id)).all()
        if e.event.startswith(("question", "report", "user", "audit"))
    ]
    assert {"questions.imported", "question.edited", "question.approved", "report.resolved", "user.deactivated"} <= set(
        mine
    )
    assert "audit.exported" in mine
    assert not [e for e in events_of(live_db, "admin.denied") if e.actor_user_id == admin.id]
    # The notification the candidate got links to the trainer.
    note = live_db.exec(
        select(Notification).where(Notification.user_id == candidate.id, col(Notification.kind) == "report_resolved")
    ).one()
    assert note.link == "/trainer"
    candidate_page.context.close()
