"""Screenshots of what a new user meets first (issue 19), at desktop (1280x800) and phone (390x844) widths.

Usage: PYTHONPATH=. .venv/bin/python scripts/screenshots_first_run.py [BASE_URL] [OUT_DIR]
The app must be running on BASE_URL with the same database as this process (REFLEX_DB_URL), as for
scripts/screenshots.py. Writes: the dashboard while it loads (the socket held back) and a new user's empty
dashboard, onboarding's skill chips, the phone's "More" menu, and the report of an interview ended early.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from interview_app import db
from interview_app.services.accounts import accounts, profiles
from interview_app.services.interviews import interviews
from interview_app.services.scoring import offline
from scripts.screenshots import CHROMIUM_ARGS, DEMO_ANSWERS, SIZES


def new_user(onboarded: bool) -> str:
    """A fresh verified candidate (onboarded or not); returns a session token."""
    email = f"first-run-{uuid.uuid4().hex[:8]}@example.com"
    with db.session_scope() as session:
        accounts.register(
            session, name="Noor Newcomer", email=email, password="first steps first", client=accounts.Client()
        )
        user = accounts.find_user(session, email)
        assert user is not None
        user.email_verified_at = user.created_at
        if onboarded:
            profiles.update_profile(
                session,
                user,
                {"target_role": "backend-engineer", "level": "mid", "skills": "Python, SQL"},
                finish_onboarding=True,
            )
        return accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="screenshots"))


def ended_early(token: str) -> str:
    """A three-question interview with one answer, ended early and scored; returns its report's path."""
    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        user_id = user.id
        options = interviews.validate_setup(
            {
                "interview_type": "behavioural",
                "difficulty": "medium",
                "question_count": "3",
                "role_slug": "backend-engineer",
                "role_title": "Backend Engineer",
            }
        )
        interview = interviews.start_session(session, user_id, options)
        interview_id = interview.id or 0
        first = interviews.current_question(session, interview)
        assert first is not None
        queued: list[int] = []
        handed_in = interviews.submit_answer(
            session, user_id, first.id or 0, DEMO_ANSWERS[0], enqueue=lambda _n, a: queued.append(a)
        )
        if handed_in.preparing:  # what the score_answer job does first: the follow-up, then move on
            interviews.prepare_next(session, handed_in.answer_id)
    with db.session_scope() as session:
        current = interviews.current_question(session, interviews.owned_session(session, user_id, interview_id))
        if current is not None and current.kind == "follow_up":
            interviews.skip_question(session, user_id, current.id or 0)
    with db.session_scope() as session:
        interviews.end_early(session, user_id, interview_id, enqueue=lambda *a: None)
    for answer_id in queued:
        with db.session_scope() as session:
            interviews.write_feedback(session, answer_id, scorer=offline.score)
    return f"/interview/{interview_id}/report"


def shoot(page: Page, out: Path, name: str, size: str, full: bool = False) -> None:
    page.wait_for_timeout(900)
    page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=full)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    fresh, onboarding, early = new_user(onboarded=True), new_user(onboarded=False), new_user(onboarded=True)
    report = ended_early(early)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size, (w, h) in SIZES.items():
            for token, shots in (
                (fresh, ("loading", "dashboard", "more")),
                (early, ("report",)),
                (onboarding, ("onboarding",)),
            ):
                ctx = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
                ctx.add_init_script(f"window.localStorage.setItem('ic_session', {token!r});")
                page = ctx.new_page()
                for shot in shots:
                    if shot == "loading":  # the first paint, before the socket brings the values
                        page.route_web_socket("**/_event/**", lambda ws: None)
                        page.goto(base + "/dashboard")
                        shoot(page, out, "dashboard-loading", size)
                        page.close()
                        page = ctx.new_page()
                    elif shot == "dashboard":
                        page.goto(base + "/dashboard")
                        page.wait_for_selector("#dashboard-first-interview")
                        shoot(page, out, "dashboard-new", size)
                    elif shot == "report":
                        page.goto(base + report)
                        page.wait_for_selector("#report-overall", timeout=60_000)
                        shoot(page, out, "interview-report-early", size, full=True)
                    elif shot == "more" and size == "phone":
                        page.goto(base + "/dashboard")
                        page.wait_for_selector("#bottom-more")
                        page.click("#bottom-more")
                        shoot(page, out, "phone-more-menu", size)
                    elif shot == "onboarding":
                        page.goto(base + "/onboarding")
                        page.click("#onboarding-next")
                        page.click("#field-target_role")
                        page.get_by_role("option", name="Backend Engineer", exact=True).click()
                        page.click("#onboarding-next")
                        page.get_by_role("button", name="Python").click()
                        shoot(page, out, "onboarding-skills", size)
                ctx.close()
        browser.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
