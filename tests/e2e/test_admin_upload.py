"""The question import's upload in the browser passes the guard in front of `/_upload`: the page sends the
admin's session token with the file (without it the guard answers 401 and no report appears).
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from interview_app.services.bank.importer import INTERVIEW_COLUMNS
from tests.support import live_server
from tests.support.bank_data import interview_data
from tests.support.browser import open_page
from tests.support.journeys import make_admin
from tests.support.two_factor_browser import enrol_live, sign_in_with_code

pytestmark = pytest.mark.e2e


def one_question_csv(tag: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INTERVIEW_COLUMNS)
    data = interview_data(id=f"upload-{tag}", prompt=f"How would you make upload {tag} safe, and why?")
    writer.writerow([" | ".join(v) if isinstance(v := data.get(c, ""), list) else v for c in INTERVIEW_COLUMNS])
    return out.getvalue().encode()


def test_the_import_page_uploads_through_the_guard(live: live_server.LiveServer, live_db: Session, page: Page):
    email, tag = make_admin(live_db, "upload-admin", "Uma Upload", onboarded=True), uuid.uuid4().hex[:6]
    key, _ = enrol_live(live, live_db, email)  # admins need two-factor sign-in
    sign_in_with_code(page, live.url, email, key, expect_path="/admin")  # an admin's sign-in leads to the admin area
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/_upload") else None)
    open_page(page, live.url + "/admin/questions/import")
    page.set_input_files(
        "#import-upload input[type=file]",
        files=[{"name": "bank.csv", "mimeType": "text/csv", "buffer": one_question_csv(tag)}],
    )
    report = page.locator("#import-report")
    expect(report.locator(".import-row")).to_have_count(1)
    expect(report.locator(".import-row").nth(0)).to_contain_text("New")
    assert statuses == [200]
    # "Check" is for pasted text: with the box empty it cannot replace the file's report.
    expect(page.locator("#import-check")).to_be_disabled()
    expect(page.get_by_text("bank.csv")).to_be_visible()
