"""Screenshots of the admin pages (desktop and phone), with demo data: a demo admin, candidates and activity.

Usage: .venv/bin/python scripts/screenshots_admin.py [BASE_URL] [OUT_DIR]
(also run by scripts/screenshots.py). The app must be running on BASE_URL with the same database as this
process (REFLEX_DB_URL). The demo data is made once: a month of activity for eight demo candidates, reported
quiz questions, AI drafts waiting for review, a failed answer and job runs.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from pyotp.totp import TOTP
from sqlmodel import col, select

from interview_app import db
from interview_app.clock import utcnow
from interview_app.models import (
    Answer,
    AuditEvent,
    AuthSession,
    Feedback,
    InterviewSession,
    JobRun,
    Profile,
    Question,
    QuizAttempt,
    QuizItem,
    QuizQuestion,
    SessionQuestion,
    TrainerDay,
    User,
)
from interview_app.services.accounts import accounts, two_factor
from interview_app.services.admin import questions as admin_questions
from interview_app.services.bank import generation as question_generation
from interview_app.services.bank import importer as question_import
from interview_app.services.trainer import quiz

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
ADMIN_PAGES = {
    "admin-overview": "/admin",
    "admin-users": "/admin/users",
    "admin-user": "{user}",
    "admin-questions": "/admin/questions",
    "admin-question-edit": "{question}",
    "admin-import": "/admin/questions/import",
    "admin-generate": "/admin/generate",
    "admin-reports": "/admin/reports",
    "admin-sessions": "/admin/sessions",
    "admin-failures": "/admin/sessions?view=failures",
    "admin-analytics": "/admin/analytics",
    "admin-audit": "/admin/audit",
    "admin-settings": "/admin/settings",
}
EDITED = "backend-concurrent-booking-race"
ROLES = ("Backend Engineer", "Data Scientist", "Product Manager", "Frontend Engineer", "DevOps / SRE")
NAMES = ("Priya Nair", "Tom Becker", "Aiko Tanaka", "Lena Fischer", "Omar Haddad", "Sofia Rossi", "Jin Park", "Ada Obi")
DRAFTS = [
    {
        "prompt": "Tell me about a time you had to learn an unfamiliar database quickly to ship a backend feature. "
        "How did you approach it?",
        "key_points": [
            "Set a clear learning goal tied to the feature",
            "Read the official documentation and run small experiments",
            "Ask an experienced colleague to review the design",
            "Share what you learned with the team afterwards",
        ],
        "model_answer": "Last spring our team had to move the search feature to Elasticsearch, which I had never used, "
        "and the launch was three weeks away. I owned the indexing service, so I set a clear learning goal tied to "
        "the feature: by the end of the first week I wanted to index our product catalogue and answer the five "
        "queries the product manager cared about. I read the official documentation on mappings and analyzers and "
        "ran small experiments against a local cluster, timing each query. I asked an experienced colleague from the "
        "data team to review the design of my index before I wrote the production code, and she caught a mapping "
        "mistake that would have broken sorting. We shipped on time, search latency dropped from 900 ms to 120 ms, "
        "and I shared what I learned with the team afterwards in a one-hour session and a short guide.",
        "follow_ups": ["What would you do differently with more time?"],
        "tags": ["learning", "databases"],
        "time_limit_seconds": 180,
    },
    {
        "prompt": "Our Postgres orders table has roughly 30 million rows, and listing a customer's open orders (filter "
        "on customer_id and status, newest first) takes four seconds. How do you diagnose and fix it?",
        "key_points": ["Run EXPLAIN ANALYZE", "Add a composite index", "Check the sort"],
        "model_answer": "I would start with EXPLAIN ANALYZE on the exact query.",
        "follow_ups": ["What if the index makes writes slower?"],
        "tags": ["sql", "performance"],
        "time_limit_seconds": 240,
    },
]


def admin_token() -> str:
    """A session token for the demo admin (created once)."""
    with db.session_scope() as session:
        admin = accounts.create_admin(
            session, email="demo.admin@example.com", name="Alex Admin", password="admin pages are fun"
        )
        if not two_factor.is_enabled(session, admin):  # admins need it before the admin pages open
            enrolment = two_factor.begin_enrolment(session, admin)
            two_factor.confirm_enrolment(session, admin, TOTP(enrolment.secret).now())
        return accounts.create_session(session, admin, accounts.Client(ip="127.0.0.1", user_agent="screenshots"))


def _activity(session, users: list[User], rng: random.Random) -> None:
    """A month of sign-ins, scored interviews, quiz answers and trainer days for the demo candidates."""
    now = utcnow()
    # The newest bank questions (the first page of the admin list) and the one whose edit page is shown.
    recent = select(Question.id, Question.prompt).where(Question.status == "active").order_by(col(Question.id).desc())
    bank = [*session.exec(recent.limit(24)).all(), *session.exec(recent.where(Question.slug == EDITED)).all()]
    quiz_bank = session.exec(select(QuizQuestion.id).order_by(col(QuizQuestion.id).desc()).limit(30)).all()
    for index, user in enumerate(users):
        keen = 0.75 - index * 0.07
        trained: set = set()
        for back in range(30, -1, -1):
            if rng.random() > keen:
                continue
            day = now - timedelta(days=back, hours=rng.randint(0, 8) if back else 0)
            session.add(
                AuditEvent(event="signin.success", actor_user_id=user.id, subject_user_id=user.id, created_at=day)
            )
            if rng.random() < 0.45:
                done = rng.random() < 0.8
                score = max(20, min(95, int(rng.gauss(64 + index, 11)))) if done else None
                interview = InterviewSession(
                    user_id=user.id or 0,
                    role_title=ROLES[index % len(ROLES)],
                    interview_type="mixed",
                    difficulty="medium",
                    status="completed" if done else "in_progress",
                    overall_score=score,
                    started_at=day,
                    ended_at=day + timedelta(minutes=25) if done else None,
                )
                session.add(interview)
                session.flush()
                for position in range(2):
                    question_id, prompt = rng.choice(bank)
                    skipped = rng.random() < 0.1
                    sq = SessionQuestion(
                        session_id=interview.id or 0,
                        position=position,
                        question_id=question_id,
                        prompt=prompt,
                        status="skipped" if skipped else "answered",
                    )
                    session.add(sq)
                    session.flush()
                    if skipped:
                        continue
                    answer = Answer(
                        session_question_id=sq.id or 0,
                        user_id=user.id or 0,
                        text="Demo answer.",
                        status="scored",
                        submitted_at=day,
                    )
                    session.add(answer)
                    session.flush()
                    engine, flags = ("llm", []) if rng.random() < 0.3 else ("offline", [])
                    if engine == "offline" and rng.random() < 0.12:
                        flags = ["llm_fallback"]
                    session.add(
                        Feedback(
                            answer_id=answer.id or 0,
                            user_id=user.id or 0,
                            total=score or 50,
                            engine=engine,
                            rubric_version="2",
                            result={"flags": flags},
                            created_at=day,
                        )
                    )
            if rng.random() < 0.6 and day.date() not in trained:
                trained.add(day.date())
                attempt = QuizAttempt(
                    user_id=user.id or 0,
                    local_date=day.date(),
                    total=5,
                    answered=3,
                    correct=2,
                    status="completed",
                    created_at=day,
                )
                session.add(attempt)
                session.flush()
                for position in range(3):
                    session.add(
                        QuizItem(
                            attempt_id=attempt.id or 0,
                            user_id=user.id or 0,
                            quiz_question_id=rng.choice(quiz_bank),
                            position=position,
                            correct=position < 2,
                            answered_at=day,
                        )
                    )
                session.add(TrainerDay(user_id=user.id or 0, day=day.date(), answered=3, correct=2, goal_met=True))


def _job_runs(session, rng: random.Random) -> None:
    now = utcnow()
    timings = {
        "score_answer": (0.6, 0.3),
        "transcribe_answer": (2.8, 0.8),
        "deliver_mail": (0.08, 0.03),
        "build_daily_quizzes": (0.4, 0.1),
        "send_reminders": (0.2, 0.05),
        "prepare_question": (0.15, 0.05),
    }
    for back in range(30):
        for name, (mean, spread) in timings.items():
            for _ in range(rng.randint(1, 8)):
                seconds = max(0.01, rng.gauss(mean, spread))
                session.add(
                    JobRun(
                        name=name, started_at=now - timedelta(days=back, minutes=rng.randint(0, 1400)), seconds=seconds
                    )
                )
    session.add(
        JobRun(
            name="deliver_mail",
            started_at=now - timedelta(hours=5),
            seconds=10.0,
            ok=False,
            error="SMTPServerDisconnected: Connection unexpectedly closed",
        )
    )


def _sign_in_sessions(session, user: User) -> None:
    """Two sign-ins of the user shown on the user page: a live one on a phone and an ended one on a laptop."""
    phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
    laptop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    accounts.create_session(session, user, accounts.Client(ip="203.0.113.24", user_agent=phone))
    accounts.create_session(session, user, accounts.Client(ip="198.51.100.7", user_agent=laptop))
    ended = session.exec(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.ip == "198.51.100.7")
    ).one()
    ended.revoked_at = utcnow() - timedelta(days=2)
    session.add(ended)


def demo_data() -> dict[str, str]:
    """Make the demo data once; returns the paths of the user and question pages to show."""
    rng = random.Random(7)
    with db.session_scope() as session:
        admin = accounts.find_user(session, "demo.admin@example.com")
        assert admin is not None
        users = [accounts.find_user(session, f"demo.user{i}@example.com") for i in range(len(NAMES))]
        fresh = users[0] is None
        if fresh:
            users = []
            for i, name in enumerate(NAMES):
                user = User(
                    email=f"demo.user{i}@example.com",
                    name=name,
                    is_active=i != 6,
                    email_verified_at=utcnow(),
                    onboarded_at=utcnow(),
                    last_seen_at=utcnow() - timedelta(days=i * 5),
                    created_at=utcnow() - timedelta(days=40 + 3 * i),
                )
                session.add(user)
                session.flush()
                session.add(
                    Profile(
                        user_id=user.id or 0,
                        target_role_text=ROLES[i % len(ROLES)],
                        level=("junior", "mid", "senior")[i % 3],
                        timezone=("Europe/Berlin", "Asia/Tokyo", "America/New_York")[i % 3],
                    )
                )
                users.append(user)
            _activity(session, users, rng)
            _job_runs(session, rng)
        people = [u for u in users if u is not None]
        if fresh:
            flagged = session.exec(
                select(QuizQuestion).where(QuizQuestion.slug == "sql-null-equality-comparison")
            ).one()
            quiz.report_question(
                session,
                people[0].id or 0,
                flagged.id or 0,
                "wrong_answer",
                "Option B is right too: in MySQL = NULL behaves the same way.",
            )
            quiz.report_question(
                session, people[1].id or 0, flagged.id or 0, "unclear", "What does 'never deleted' mean?"
            )
            other = session.exec(select(QuizQuestion).where(QuizQuestion.kind == "true_false")).first()
            if other is not None:
                quiz.report_question(
                    session, people[2].id or 0, other.id or 0, "typo", "Missing word in the statement."
                )
            for draft, kind, competencies in zip(
                DRAFTS, ("behavioural", "technical"), (("learning", "ownership"), ("debugging",)), strict=True
            ):
                request = question_generation.GenerationRequest(
                    role="backend-engineer",
                    role_title="Backend Engineer",
                    type=kind,
                    difficulty="medium",
                    competencies=competencies,
                    count=1,
                )
                question_generation.store_drafts(session, admin, request, [draft], "gpt-4o-mini")
            _sign_in_sessions(session, people[0])
            edited = session.exec(select(Question).where(Question.slug == EDITED)).one()
            content = admin_questions.content_of(session, edited)
            content["follow_ups"] = [*content["follow_ups"][:2], "How would you test the fix under load?"][:3]
            admin_questions.save_question(session, admin, "interview", content, question_id=edited.id)
            failed = session.exec(
                select(Answer).where(Answer.user_id == people[3].id).order_by(col(Answer.id).desc())
            ).first()
            if failed is not None:
                failed.status, failed.mode, failed.attempts = "failed", "audio", 3
                failed.last_error = "transcription: the recording holds no speech (no_speech)"
                failed.media_path = "answers/demo.webm"
                session.add(failed)
        question = session.exec(select(Question).where(Question.slug == EDITED)).one()
        return {"user": f"/admin/users/{people[0].id}", "question": f"/admin/questions/interview/{question.id}"}


def import_sample() -> str:
    """A CSV for the import page's dry run: an unchanged question, a new one and a row with mistakes."""
    with db.session_scope() as session:
        edited = session.exec(select(Question).where(Question.slug == EDITED)).one()
        same = admin_questions.content_of(session, edited)
    new = {
        **same,
        "id": "backend-double-booked-hotel-room",
        "prompt": "Two guests book the last hotel room at the same moment and both get a confirmation e-mail. "
        "How do you find the cause and fix it?",
    }
    bad = {
        "id": "Bad Id!",
        "type": "technical",
        "roles": ["backend-engineer"],
        "difficulty": "medium",
        "competencies": ["wizardry"],
        "prompt": "Too short?",
        "key_points": ["Indexes"],
        "model_answer": "Add an index.",
        "follow_ups": [],
        "time_limit_seconds": 30,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list[str](question_import.INTERVIEW_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for data in (same, new, bad):
        lists = {k: " | ".join(data.get(k, [])) for k in question_import.INTERVIEW_LISTS}
        writer.writerow({**data, **lists})
    return out.getvalue()


def before_shot(page: Page, name: str) -> None:
    """Bring a page into the state worth showing (the import page with a dry-run report)."""
    if name == "admin-import":
        page.fill("#import-paste", import_sample())
        page.wait_for_timeout(600)  # the text area's debounce
        page.click("#import-check")
        phone = (page.viewport_size or {"width": 0})["width"] < 768
        page.wait_for_selector("#import-report-cards" if phone else "#import-report")
        if phone:  # phone shots are one screen: show the report
            page.locator("#import-report-cards").scroll_into_view_if_needed()


def capture(browser: Browser, base: str, out: Path, token: str, paths: dict[str, str]) -> None:
    """Screenshot every admin page at both sizes into `out`."""
    for size_name, (w, h) in SIZES.items():
        ctx = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
        ctx.add_init_script(f"window.localStorage.setItem('ic_session', {token!r});")
        page = ctx.new_page()
        for name, path in ADMIN_PAGES.items():
            page.goto(base + path.format(**paths))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)
            if name == "admin-generate":  # the first duplicate search loads the embedding model
                page.wait_for_function("!document.body.innerText.includes('Comparing with the bank')", timeout=60_000)
            before_shot(page, name)
            page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=size_name == "desktop")
        ctx.close()


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    token = admin_token()
    paths = demo_data()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        capture(browser, base, out, token, paths)
        browser.close()
    print(f"admin screenshots written to {out}")


if __name__ == "__main__":
    main()
