"""Your data end to end: export everything, watch it build, download the ZIP, then delete the account."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from interview_app.models import (
    Answer,
    AuditEvent,
    DataExport,
    Feedback,
    InterviewSession,
    Notification,
    SessionQuestion,
    User,
)
from tests.support import live_server
from tests.support.browser import open_page, wait_path
from tests.support.journeys import PASSWORD, signed_up_user

pytestmark = pytest.mark.e2e

ANSWER = "I split the release into three safe steps and measured each one before going on."
# Records every progress value the page shows, from before the click until the link appears.
WATCH_PROGRESS = """
window.__progressSeen = [];
new MutationObserver(() => {
  const bar = document.querySelector('#export-progress');
  if (bar) window.__progressSeen.push(bar.getAttribute('data-progress'));
}).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def _history(db: Session, user_id: int) -> None:
    """A finished interview with one typed, scored answer."""
    interview = InterviewSession(
        user_id=user_id, interview_type="behavioural", difficulty="medium", status="completed", overall_score=64
    )
    db.add(interview)
    db.flush()
    asked = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Tell me about a risky release.")
    db.add(asked)
    db.flush()
    answer = Answer(session_question_id=asked.id or 0, user_id=user_id, text=ANSWER, status="scored")
    db.add(answer)
    db.flush()
    db.add(Feedback(answer_id=answer.id or 0, user_id=user_id, total=64, engine="offline", rubric_version="1"))
    db.commit()


def test_export_download_then_delete_the_account(live: live_server.LiveServer, live_db: Session, page: Page) -> None:
    email = signed_up_user(page, live.url, "Pia Privacy")
    db = live_db
    db.expire_all()
    user = db.exec(select(User).where(User.email == email)).one()
    user_id = user.id or 0
    _history(db, user_id)

    # The settings page links to Your data.
    open_page(page, live.url + "/settings")
    page.click("#settings-data-link")
    wait_path(page, "/settings/data")
    expect(page.get_by_text("You have not exported your data yet.")).to_be_visible()

    # Ask for the export: the page shows it building, then the download link.
    page.evaluate(WATCH_PROGRESS)
    page.click("#export-start")
    expect(page.locator("#export-ready")).to_be_visible(timeout=60_000)
    seen = page.evaluate("window.__progressSeen")
    assert seen, "the progress bar never showed"
    expect(page.locator("#export-start")).to_be_enabled()
    expect(page.locator("#bell-count")).to_be_visible()  # the in-app notification arrived

    with page.expect_download() as download_info:
        page.click("#export-download")
    download = download_info.value
    assert download.suggested_filename.startswith("interview-coach-data-")
    with zipfile.ZipFile(download.path()) as archive:
        names = set(archive.namelist())
        assert {"README.txt", "json/account.json", "csv/answers.csv", "json/security_log.json"} <= names
        assert json.loads(archive.read("json/account.json"))["email"] == email
        answers = json.loads(archive.read("json/answers.json"))
        assert [a["text"] for a in answers] == [ANSWER]
        assert ANSWER in archive.read("csv/answers.csv").decode()
        assert json.loads(archive.read("json/interview_sessions.json"))[0]["overall_score"] == 64
        everything = "".join(archive.read(n).decode(errors="replace") for n in names)
        assert "argon2" not in everything and "password_hash" not in everything
    db.expire_all()
    row = db.exec(select(DataExport).where(DataExport.user_id == user_id)).one()
    assert (row.status, row.progress) == ("ready", 100)
    assert db.exec(
        select(Notification).where(Notification.user_id == user_id, Notification.kind == "export_ready")
    ).one()
    assert db.exec(select(AuditEvent).where(AuditEvent.event == "export.downloaded")).first() is not None

    # Delete the account: a wrong password is refused, the right one deletes it and signs out.
    page.click("#delete-open")
    page.fill("#field-password", "not the password at all")
    page.click("#delete-confirm")
    expect(page.locator("#field-password-error")).to_have_text("Your current password is not correct.")
    page.fill("#field-password", PASSWORD)
    page.click("#delete-confirm")
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert page.evaluate("window.localStorage.getItem('ic_session')") in (None, "", '""')
    db.expire_all()
    assert db.exec(select(User).where(User.email == email)).first() is None
    assert db.exec(select(Answer).where(Answer.user_id == user_id)).all() == []

    # Signing in again fails, and the data page sends visitors to sign in.
    open_page(page, live.url + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    expect(page.get_by_text("That e-mail and password do not match an account.")).to_be_visible()
    open_page(page, live.url + "/settings/data")
    wait_path(page, "/sign-in")
