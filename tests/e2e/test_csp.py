"""The Content-Security-Policy in a real browser: the app runs without a violation, injected script does not.

The session token lives in localStorage, so the policy is what stands between an injected script and the
account: inline scripts, inline event handlers, `eval` and `new Function` must all be refused, while every
page (plotly charts, toasts, the recorder) keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect
from sqlmodel import Session, col, select

from interview_app.models import InterviewSession, User
from tests.support.browser import open_page
from tests.support.history import seed_history
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer
from tests.support.voice import start_voice_interview

pytestmark = pytest.mark.e2e

# Noted in every document before the app's own scripts run (init scripts are not subject to the policy).
WATCH_VIOLATIONS = """(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push([e.violatedDirective, e.blockedURI, e.sample]));
})()"""


class Violations:
    """What the policy refused in one tab: violation events of the current document and console errors."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on("console", self._note)

    def _note(self, message: ConsoleMessage) -> None:
        text = message.text
        print(f"console {message.type} at {self.page.url}: {text}")  # shown when the test fails
        if any(
            sign in text for sign in ("Content Security Policy", "Refused to", "browser call", "Permissions-Policy")
        ):
            self.console.append(text)

    def assert_none(self, where: str) -> None:
        events = self.page.evaluate("() => window.__csp || []")
        assert events == [] and self.console == [], f"{where}: {events} {self.console}"


def visit(page: Page, violations: Violations, url: str) -> None:
    """Check the page being left, then open `url` and wait until it is connected."""
    violations.assert_none(page.url)
    open_page(page, url)


def test_the_app_runs_under_the_policy_without_a_violation(
    live: LiveServer, context: BrowserContext, live_db: Session
) -> None:
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    violations = Violations(page)
    open_page(page, live.url + "/")
    visit(page, violations, live.url + "/sign-in")
    email = signed_up_user(page, live.url, "Content Policy")  # register, confirm, sign in, onboarding
    expect(page.locator("#app-ready")).to_have_attribute("data-ready", "true")
    violations.assert_none("dashboard")

    live_db.expire_all()
    user = live_db.exec(select(User).where(User.email == email)).one()
    seed_history(live_db, user.id or 0, sessions=6, start_score=50, gain=3)
    live_db.commit()
    visit(page, violations, live.url + "/progress")
    expect(page.locator("#chart-scores .js-plotly-plot")).to_be_visible()
    expect(page.locator("#chart-radar .js-plotly-plot")).to_be_visible()
    page.wait_for_timeout(500)

    newest = live_db.exec(
        select(InterviewSession).where(InterviewSession.user_id == user.id).order_by(col(InterviewSession.id).desc())
    ).first()
    assert newest is not None
    visit(page, violations, live.url + f"/interview/{newest.id}/report")
    expect(page.locator("#report-overall")).to_be_visible(timeout=30_000)

    # A typed interview: answer, skip, end; a toast sent by a handler still shows.
    visit(page, violations, live.url + "/interview/new")
    page.click("#setup-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    page.click("#run-submit")
    expect(page.get_by_text("Write an answer before sending, or skip the question.")).to_be_visible()
    page.fill("#run-answer", "I asked for a retrospective and we agreed on two changes to our release checklist.")
    page.click("#run-submit")
    expect(page.locator("#run-progress")).not_to_have_text("Question 1 of", timeout=30_000)
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    expect(page.locator("#report-overall")).to_be_visible(timeout=60_000)
    violations.assert_none("interview report")


INJECT = """async () => {
  window.__injected = [];
  const seen = [];
  document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
  const script = document.createElement("script");
  script.textContent = "window.__injected.push('inline script')";
  document.body.appendChild(script);
  const holder = document.createElement("div");
  holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected.push(\\'onerror\\')">';
  document.body.appendChild(holder);
  const link = document.createElement("a");
  link.href = "javascript:window.__injected.push('javascript url')";
  document.body.appendChild(link);
  link.click();
  await new Promise((done) => setTimeout(done, 1000));
  const refused = (run) => { try { run(); return false; } catch (e) { return e instanceof EvalError; } };
  return {
    injected: window.__injected,
    seen,
    evalRefused: refused(() => eval("window.__injected.push('eval')")),
    functionRefused: refused(() => new Function("window.__injected.push('new Function')")()),
  };
}"""


def test_injected_script_is_blocked_and_handler_toasts_still_show(live: LiveServer, context: BrowserContext) -> None:
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    violations = Violations(page)
    signed_up_user(page, live.url, "Mallory Target")
    # A toast sent by a handler arrives as data (Reflex would send code for `eval`).
    visit(page, violations, live.url + "/admin")
    expect(page.get_by_text("Only administrators can open that page.")).to_be_visible()
    violations.assert_none("toast")

    assert page.evaluate("() => localStorage.getItem('ic_session')"), "no session token to protect"
    outcome = page.evaluate(INJECT)
    assert outcome["injected"] == [], outcome
    assert outcome["evalRefused"] and outcome["functionRefused"], outcome
    assert "script-src-elem" in outcome["seen"] and "script-src-attr" in outcome["seen"], outcome


def test_a_voice_answer_runs_under_the_policy(
    live: LiveServer,
    mic_browser: Callable[..., BrowserContext],
    wavs: dict[str, Path],
) -> None:
    ctx = mic_browser(wavs["answer"])
    ctx.add_init_script(WATCH_VIOLATIONS)
    page = ctx.new_page()
    violations = Violations(page)
    signed_up_user(page, live.url, "Voice Policy")
    start_voice_interview(page, live.url)
    violations.assert_none("voice interview")
    page.click("#run-record")
    expect(page.locator("#run-rec-state")).to_contain_text("Recording")
    expect(page.locator("#rec-upload")).to_contain_text("Saved on the server", timeout=10_000)
    page.wait_for_timeout(3000)
    page.click("#run-stop")
    expect(page.locator("#run-rec-state")).to_contain_text("Recording stopped")
    expect(page.locator("#rec-playback")).to_have_attribute("src", re.compile(r"^blob:"))
    page.click("#run-send-recording")
    expect(page.locator("#run-rec-status")).to_have_attribute("data-status", "scored", timeout=60_000)
    expect(page.locator("#run-score")).to_have_text(re.compile(r"^\d{1,3}/100$"))
    violations.assert_none("voice answer scored")
