"""A tailored interview as a candidate does it: paste a job description, upload a CV, correct what was read,
see why each question was chosen, answer, and find the fit matrix in the report and on its own page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support import tailoring_data as data
from tests.support.browser import ARTIFACTS, open_page
from tests.support.journeys import choose, signed_up_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

ANSWER = (
    "At Acme Pay I led the payment migration from the monolith onto Kafka. I wrote the Terraform for the new "
    "clusters, we moved one merchant group at a time behind a flag, and p99 latency fell by 40 percent. "
    "Next time I would build the reconciliation dashboards before the first cut-over, not after it."
)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"tailor-{name}.png"), full_page=True)


def test_job_description_and_cv_to_tailored_interview_and_fit_matrix(live: LiveServer, page: Page) -> None:
    signed_up_user(page, live.url, "Jane Example")
    open_page(page, live.url + "/tailor")

    # A one-word job description gets a clear message and nothing else happens.
    page.fill("#tailor-job-text", "Engineer")
    page.click("#tailor-job-read")
    expect(page.get_by_text("That is too short to be a job description.")).to_be_visible()
    page.fill("#tailor-job-text", data.JOB_DESCRIPTION)
    page.click("#tailor-job-read")
    expect(page.locator("#tailor-job-title")).to_have_value("Senior Backend Engineer")
    expect(page.locator("#tailor-job-company")).to_have_value("Northwind Pay")
    expect(page.locator("#tailor-requirements")).to_contain_text("Deep experience with PostgreSQL")

    # A password-protected PDF is refused with the reason; the real CV is read and shown for review.
    upload = "#tailor-cv-upload input[type=file]"
    page.set_input_files(
        upload, files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": data.encrypted_pdf()}]
    )
    expect(page.get_by_text("The PDF is protected by a password.")).to_be_visible()
    page.set_input_files(
        upload, files=[{"name": "jane.pdf", "mimeType": "application/pdf", "buffer": data.two_column_pdf()}]
    )
    expect(page.locator("#tailor-cv-roles")).to_have_value(re.compile(r"^Senior Backend Engineer \| Acme Pay"))
    expect(page.get_by_text("Not reviewed yet")).to_be_visible()
    page.fill("#tailor-cv-skills", "Python, Go, PostgreSQL, Kafka, Docker, Django, Terraform")
    page.click("#tailor-cv-save")
    expect(page.get_by_text("Reviewed", exact=True)).to_be_visible()

    # The questions, each with why it was chosen.
    choose(page, "#tailor-count", "4")
    page.click("#tailor-preview")
    why = page.locator("#tailor-plan .tailor-why")
    expect(why).to_have_count(4, timeout=60_000)
    expect(why.first).to_contain_text("From your CV")
    expect(page.locator("#tailor-plan")).to_contain_text("For the requirement")
    _shot(page, "1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "390")
    page.set_viewport_size({"width": 1280, "height": 800})

    # It runs on the ordinary interview page.
    page.click("#tailor-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    interview_url = page.url.rstrip("/")
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 4")
    expect(page.locator("#run-prompt")).to_contain_text(re.compile(r"Walk me through|Tell me about|Your CV mentions"))
    page.fill("#run-answer", ANSWER)
    expect(page.locator("#run-saved")).to_contain_text("Draft saved")
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))

    # The report has the fit matrix, with the answer's evidence.
    fit = page.locator("#report-fit")
    expect(fit).to_be_visible(timeout=60_000)
    expect(fit.locator(".fit-row")).to_have_count(13)
    expect(fit.locator("#fit-summary")).to_contain_text("strong")
    expect(fit).to_contain_text("Your answers")
    expect(fit).to_contain_text("Q1")
    _shot(page, "report")

    # Its own page, and a gap is one click from practising it.
    open_page(page, interview_url.replace("/interview/", "/tailor/fit/"))
    expect(page.locator("#fit-matrix .fit-row")).to_have_count(13)
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "fit-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    # The gaps' trainer topics are one click from the daily trainer.
    expect(page.locator("#fit-topics")).to_be_visible()
    page.click("#fit-follow-topics")
    expect(page.locator("#fit-topics-following")).to_be_visible()
    page.locator(".fit-practise").first.click()
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 1")

    # Deleting the CV takes the tailored interview with it.
    open_page(page, live.url + "/tailor")
    expect(page.locator("#tailor-past")).to_be_visible()
    page.click("#tailor-cv-delete")
    page.click("#tailor-cv-delete-confirm")
    expect(page.locator("#tailor-cv-upload")).to_be_visible()
    expect(page.locator("#tailor-past")).to_have_count(0)
