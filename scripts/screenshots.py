"""Screenshots of every page at desktop (1280x800) and phone (390x844) widths.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
The app must be running on BASE_URL with the same database as this process
(REFLEX_DB_URL). A demo candidate is created (or reused) and signed in directly.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from interview_app import db
from interview_app.services.accounts import accounts, profiles

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
PUBLIC = {
    "landing": "/",
    "sign-in": "/sign-in",
    "register": "/register",
    "forgot-password": "/forgot-password",
    "not-found": "/no-such-page",
    "offline": "/offline",
    "outbox": "/dev/outbox",
}
PRIVATE = {
    "dashboard": "/dashboard",
    "interview-setup": "/interview/new",
    "interview-run": "{running}",
    "interview-report": "{report}",
    "interview-voice": "{voice_run}",
    "interview-voice-report": "{voice_report}",
    "history": "/history",
    "tailor": "/tailor",
    "progress": "/progress",
    "questions": "/questions",
    "trainer": "/trainer",
    "trainer-topics": "/trainer/topics",
    "trainer-quiz": "{quiz}",
    "trainer-feedback": "{quiz}",
    "notifications": "/notifications",
    "settings": "/settings",
    "companies": "/companies",
    "security": "/settings/security",
    "data": "/settings/data",
    "onboarding": "/onboarding",
}


def demo_token() -> str:
    """A session token for an onboarded demo candidate."""
    email, password = "demo.candidate@example.com", "practice makes progress"
    with db.session_scope() as session:
        user = accounts.find_user(session, email)
        if user is None:
            accounts.register(session, name="Dana Rivera", email=email, password=password, client=accounts.Client())
            user = accounts.find_user(session, email)
        assert user is not None
        user.email_verified_at = user.email_verified_at or user.created_at
        profiles.update_profile(
            session,
            user,
            {
                "target_role": "backend-engineer",
                "level": "senior",
                "skills": "Python, SQL, Distributed systems",
                "target_companies": "Stripe, Globex",
                "interview_date": (date.today() + timedelta(days=18)).isoformat(),
                "timezone": "Europe/Berlin",
            },
            finish_onboarding=True,
        )
        return accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="screenshots"))


DEMO_ANSWERS = (
    "At my last job our checkout service timed out every Friday evening. I was responsible for the payment "
    "API, so I profiled it, found an N+1 query and added a Redis cache for the product lookups. As a result the "
    "p95 latency fell from 2.4 s to 380 ms and support tickets about failed payments dropped by 60%. I learned "
    "to load test before every seasonal campaign.",
    "I would first ask what matters most to the customer, then split the work into a safe fix this week and a "
    "proper redesign next quarter, because rushing the redesign risks another outage.",
)


def demo_sessions(token: str) -> tuple[str, str]:
    """A finished, scored interview and one in progress for the demo user; returns their paths."""
    from sqlmodel import select

    from interview_app.models import InterviewSession, Question
    from interview_app.services.interviews import interviews
    from interview_app.services.scoring import offline

    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        user_id = user.id
        mine = session.exec(select(InterviewSession).where(InterviewSession.user_id == user_id)).all()
        done = next((s for s in mine if s.status == "completed"), None)
        running = next((s for s in mine if s.status == "in_progress"), None)
    queued: list[int] = []
    if done is None:
        options = interviews.validate_setup(
            {
                "interview_type": "mixed",
                "difficulty": "medium",
                "question_count": "3",
                "role_slug": "backend-engineer",
                "role_title": "Backend Engineer",
            }
        )
        with db.session_scope() as session:
            done = interviews.start_session(session, user_id, options)
        for _ in range(10):
            with db.session_scope() as session:
                current = interviews.current_question(session, interviews.owned_session(session, user_id, done.id or 0))
                if current is None:
                    break
                model = session.get(Question, current.question_id) if current.question_id else None
                # A fair but imperfect answer: most of the model answer, the ending left out.
                sentences = (model.model_answer if model else DEMO_ANSWERS[1]).split(". ")
                answer = ". ".join(sentences[: max(2, len(sentences) * 2 // 3)]).rstrip(".") + "."
                handed_in = interviews.submit_answer(
                    session, user_id, current.id or 0, answer, enqueue=lambda _n, a: queued.append(a)
                )
                if handed_in.preparing:  # what the score_answer job does first: the follow-up, then move on
                    interviews.prepare_next(session, handed_in.answer_id)
        for answer_id in queued:
            with db.session_scope() as session:
                interviews.write_feedback(session, answer_id, scorer=offline.score)
    if running is None:
        options = interviews.validate_setup(
            {
                "interview_type": "behavioural",
                "difficulty": "medium",
                "question_count": "5",
                "role_slug": "backend-engineer",
                "role_title": "Backend Engineer",
            }
        )
        with db.session_scope() as session:
            running = interviews.start_session(session, user_id, options)
            first = interviews.current_question(session, running)
            if first is not None:
                interviews.save_draft(session, user_id, first.id or 0, DEMO_ANSWERS[0][:180])
    return f"/interview/{running.id}", f"/interview/{done.id}/report"


DEMO_SPOKEN = (
    "So, at my last job I owned the billing service. Um, every month end the invoice run failed for the "
    "largest customers. I traced it to one batch job that loaded every account at once. "
    "I split the job by customer, added retries and an alert, and, you know, I tested it against a copy of "
    "production. Failures fell from forty a month to two, and the run time went from six hours to forty minutes."
)


def _spoken_webm(text: str) -> bytes:
    """A voice recording of `text` (espeak-ng, then Opus in WebM like the browser sends)."""
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp())
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(folder / "a.wav"), text], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-i",
            str(folder / "a.wav"),
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-cluster_time_limit",
            "3000",
            str(folder / "a.webm"),
        ],
        check=True,
    )
    return (folder / "a.webm").read_bytes()


def demo_voice_sessions(token: str) -> tuple[str, str]:
    """A voice interview with one spoken answer (report) and a fresh one in progress; returns their paths."""
    from sqlmodel import select

    from interview_app.models import InterviewSession
    from interview_app.services.answers import recordings, transcription
    from interview_app.services.interviews import interviews

    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        user_id = user.id
        voice = [
            s
            for s in session.exec(select(InterviewSession).where(InterviewSession.user_id == user_id)).all()
            if s.answer_mode == "audio"
        ]
        done = next((s for s in voice if s.status == "completed"), None)
        running = next((s for s in voice if s.status == "in_progress"), None)
    options = interviews.validate_setup(
        {
            "interview_type": "behavioural",
            "difficulty": "medium",
            "question_count": "3",
            "role_slug": "backend-engineer",
            "role_title": "Backend Engineer",
            "answer_mode": "audio",
        }
    )
    if done is None:
        data = _spoken_webm(DEMO_SPOKEN)
        with db.session_scope() as session:
            done = interviews.start_session(session, user_id, options)
            sq = interviews.current_question(session, done)
            assert sq is not None
            sq_id = sq.id or 0
        step = 20000
        for seq, start in enumerate(range(0, len(data), step)):
            with db.session_scope() as session:
                recordings.receive_piece(
                    session, user_id, sq_id, seq, data[start : start + step], enqueue=lambda *a: None
                )
        with db.session_scope() as session:
            answer = recordings.hand_in(session, user_id, sq_id, -(-len(data) // step), enqueue=lambda *a: None)
            answer_id = answer.id or 0
        transcription.transcribe_and_score(answer_id)
        with db.session_scope() as session:
            recordings.continue_after(session, user_id, sq_id)
        with db.session_scope() as session:
            interviews.end_early(session, user_id, done.id or 0, enqueue=lambda *a: None)
        with db.session_scope() as session:
            interviews.summarise(session, interviews.owned_session(session, user_id, done.id or 0))
    if running is None:
        with db.session_scope() as session:
            running = interviews.start_session(session, user_id, options)
    return f"/interview/{running.id}", f"/interview/{done.id}/report"


def demo_quiz(token: str) -> str:
    """Today's quiz for the demo user with the first two questions answered (one wrong); returns its path."""
    from interview_app.clock import utcnow
    from interview_app.services.notifications import inbox as notifications
    from interview_app.services.trainer import quiz

    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        attempt = quiz.get_todays_quiz(session, user.id, utcnow())
        for right in (False, True):
            _, item = quiz.current_item(session, user.id, attempt.id or 0, utcnow())
            if item is None or attempt.answered >= 2:
                break
            question = session.get(quiz.QuizQuestion, item.quiz_question_id) if item.quiz_question_id else None
            card = session.get(quiz.ReviewCard, item.card_id) if item.card_id else None
            shown = [question.options[i] for i in item.option_order] if question else []
            if question is None:  # a key point missed in the demo interview
                response = {"text": (card.key_point if card and right else "Not sure.")}
            elif question.kind == "short":
                response: dict[str, object] = {"text": question.answer if right else "Not sure."}
            elif question.kind == "multi":
                response = {"choices": [i for i, o in enumerate(shown) if o["correct"] == right]}
            else:
                response = {"choice": next(i for i, o in enumerate(shown) if o["correct"] == right)}
            quiz.answer_item(session, user.id, item.id or 0, response, utcnow())
        notifications.notify(
            session,
            user.id,
            "quiz_reminder",
            "Your daily quiz is ready",
            "A few questions, a few minutes.",
            "/trainer",
            dedupe_key=f"demo-quiz:{user.id}",
        )
        return f"/trainer/quiz/{attempt.id}"


def demo_export(token: str) -> None:
    """A finished data export for the demo user (built here, like the job would), unless one is ready."""
    from interview_app.services.privacy import privacy

    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        if any(row.status == "ready" for row in privacy.list_exports(session, user.id)):
            return
        row = privacy.request_export(session, user, accounts.Client(ip="127.0.0.1"), enqueue=lambda *a: None)
        session.flush()
        export_id = row.id or 0
    privacy.build_export(export_id)


def demo_history(token: str) -> None:
    """Five weeks of finished interviews, trainer days and review cards for the progress page (made once)."""
    from sqlmodel import select

    from interview_app.models import InterviewSession
    from tests.support.history import seed_cards, seed_history

    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        assert user is not None and user.id is not None
        finished = session.exec(
            select(InterviewSession).where(InterviewSession.user_id == user.id, InterviewSession.status == "completed")
        ).all()
        if len(finished) >= 10:
            return
        seed_history(session, user.id, sessions=16, end=date.today(), trainer_days=25)
        seed_cards(session, user.id)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    token = demo_token()
    running, report = demo_sessions(token)
    voice_run, voice_report = demo_voice_sessions(token)
    quiz_path = demo_quiz(token)
    demo_history(token)
    demo_export(token)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size_name, (w, h) in SIZES.items():
            for signed_in, pages in ((False, PUBLIC), (True, PRIVATE)):
                ctx = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
                if signed_in:
                    ctx.add_init_script(f"window.localStorage.setItem('ic_session', {token!r});")
                page = ctx.new_page()
                for name, path in pages.items():
                    page.goto(
                        base
                        + path.format(
                            running=running,
                            report=report,
                            voice_run=voice_run,
                            voice_report=voice_report,
                            quiz=quiz_path,
                        )
                    )
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(800)
                    if name == "trainer-feedback" and page.locator("#quiz-dont-know").count():
                        page.click("#quiz-dont-know")
                        page.wait_for_selector("#quiz-verdict")
                    page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=size_name == "desktop")
                ctx.close()
        browser.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
