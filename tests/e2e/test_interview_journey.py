"""A typed mock interview from set-up to report, PDF and delete, as a candidate does it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from interview_app.models import Question, SessionQuestion
from tests.support.browser import open_page, wait_path
from tests.support.journeys import choose, open_report_details, signed_up_user
from tests.support.live_server import LiveServer

WEAK = "I think it went fine in the end."


def _current_model_answer(live_db: Session, page: Page) -> str:
    """The model answer of the question on screen (read from the app's database)."""
    prompt = page.locator("#run-prompt").inner_text()
    live_db.expire_all()
    sq = live_db.exec(select(SessionQuestion).where(SessionQuestion.prompt == prompt)).first()
    assert sq is not None and sq.question_id is not None
    question = live_db.get(Question, sq.question_id)
    assert question is not None
    return question.model_answer


def _start(page: Page, base: str, kind: str = "Behavioural") -> None:
    open_page(page, base + "/interview/new")
    choose(page, "#setup-type", kind)
    page.locator("#setup-count [role=slider]").focus()
    page.keyboard.press("Home")
    expect(page.get_by_text("Number of questions: 3")).to_be_visible()
    page.click("#setup-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(page.locator("#run-prompt")).to_be_visible()
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 3")


def test_typed_interview_with_follow_up_pause_reload_report_pdf_and_delete(
    live: LiveServer, page: Page, live_db: Session
) -> None:
    signed_up_user(page, live.url, "Grace Hopper")
    _start(page, live.url)

    # Empty answers are refused with a message; nothing is sent.
    page.click("#run-submit")
    expect(page.get_by_text("Write an answer before sending, or skip the question.")).to_be_visible()

    # A weak answer earns one follow-up question.
    page.fill("#run-answer", WEAK)
    expect(page.locator("#run-saved")).to_contain_text("Draft saved")
    page.click("#run-submit")
    expect(page.locator("#run-follow-up")).to_be_visible()
    expect(page.locator("#run-notice")).to_contain_text("follow-up")
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 3")

    # Pause stops the clock; resume carries on.
    page.click("#run-pause")
    expect(page.locator("#run-paused")).to_be_visible()
    frozen = page.locator("#run-clock").inner_text()
    page.wait_for_timeout(2500)
    expect(page.locator("#run-clock")).to_have_text(frozen)
    page.click("#run-pause")
    expect(page.locator("#run-answer")).to_be_visible()
    page.fill("#run-answer", "I asked for a retrospective and we agreed on two changes to our release checklist.")
    page.click("#run-submit")
    expect(page.locator("#run-progress")).to_have_text("Question 2 of 3")
    expect(page.locator("#run-follow-up")).to_have_count(0)

    # A draft survives a reload.
    page.fill("#run-answer", "Draft typed before the connection dropped")
    expect(page.locator("#run-saved")).to_contain_text("Draft saved")
    page.reload()
    expect(page.locator("#run-answer")).to_have_value("Draft typed before the connection dropped")
    expect(page.locator("#run-saved")).to_contain_text("restored")

    # A strong answer (the model answer) gets no follow-up.
    page.fill("#run-answer", _current_model_answer(live_db, page))
    page.click("#run-submit")
    expect(page.locator("#run-progress")).to_have_text("Question 3 of 3")
    expect(page.locator("#run-follow-up")).to_have_count(0)
    page.fill("#run-answer", _current_model_answer(live_db, page))
    page.click("#run-submit")
    if page.locator("#run-follow-up").count():
        page.fill("#run-answer", "I would measure it again after a month and share the numbers.")
        page.click("#run-submit")

    # The report: overall score once scoring is done, quoted feedback, key points, model answer.
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    expect(page.locator("#report-overall")).to_be_visible(timeout=60_000)
    expect(page.locator("#report-recommendations")).to_be_visible()
    # The dimension chart: four bars drawn in HTML, each with its value beside it, the whole said in words.
    expect(page.locator("#report-chart .ic-bar")).to_have_count(4)
    expect(page.locator("#report-chart .ic-bar-value").first).to_have_text(re.compile(r"^\d+/25$"))
    expect(page.locator("#report-chart")).to_have_attribute("aria-label", re.compile(r"Relevance \d+/25"))
    widths = page.locator("#report-chart .ic-bar-fill").evaluate_all("bars => bars.map((b) => b.offsetWidth)")
    assert max(widths) > 0, widths
    open_report_details(page)
    expect(page.get_by_text("Strengths").first).to_be_visible()
    expect(page.locator("blockquote").first).to_be_visible()
    expect(page.get_by_text("Show the model answer").first).to_be_visible()

    with page.expect_download() as download_info:
        page.click("#report-pdf")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = download.path()
    data = path.read_bytes() if path else b""
    assert data.startswith(b"%PDF") and len(data) > 5000

    # History lists it; delete asks first, then removes it.
    open_page(page, live.url + "/history")
    expect(page.locator(".history-row")).to_have_count(1)
    page.locator(".history-row").get_by_role("button", name="Delete this session").click()
    page.locator(".history-delete-confirm").click()
    expect(page.locator("#history-empty")).to_be_visible()


def test_end_early_keeps_the_draft_and_others_cannot_open_the_session(live: LiveServer, page: Page, browser) -> None:
    signed_up_user(page, live.url, "Alan Turing")
    _start(page, live.url, kind="Mixed")
    session_url = page.url
    page.fill("#run-answer", "Unsent thoughts that must not be lost.")
    expect(page.locator("#run-saved")).to_contain_text("Draft saved")
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    # The headline says what it counted: the skipped questions as 0, and the answered ones' own average.
    expect(page.locator("#report-counted")).to_contain_text(re.compile(r"1 answered, \d+ skipped"), timeout=60_000)
    expect(page.locator("#report-counted")).to_contain_text("A skipped question counts as 0")
    expect(page.get_by_role("heading", name="Score by dimension, answered questions only")).to_be_visible()
    open_report_details(page)
    expect(page.get_by_text("Unsent thoughts that must not be lost.").first).to_be_visible()
    expect(page.get_by_text("Skipped").first).to_be_visible()

    other = browser.new_context()
    other.set_default_timeout(20_000)
    try:
        intruder = other.new_page()
        signed_up_user(intruder, live.url, "Eve Intruder")
        intruder.goto(session_url)
        wait_path(intruder, "/history")
        expect(intruder.get_by_text("Unsent thoughts")).to_have_count(0)
    finally:
        other.close()


def test_question_bank_search_and_practise_one_question(live: LiveServer, page: Page) -> None:
    signed_up_user(page, live.url, "Barbara Liskov")
    open_page(page, live.url + "/questions")
    expect(page.locator(".bank-row").first).to_be_visible()
    page.fill("#bank-search", "rate limiter")
    expect(page.locator(".bank-row")).to_have_count(1)
    expect(page.locator("#bank-found")).to_have_text("Matching questions: 1")
    page.locator(".bank-practise").first.click()
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 1")
    expect(page.locator("#run-prompt")).to_contain_text("rate limiter")
