"""Dashboard and analytics query times for a heavy user in a big database.

Usage: .venv/bin/python bench/progress_queries.py [--answers N] [--postgres] [--runs R]
Builds a throw-away database (SQLite in a temporary folder, or a private PostgreSQL started by
tests/support/servers.py) with N answers (default 1,000,000) in finished five-question interviews spread over
many candidates, each answer with its session question and feedback row, plus summed-up sessions as the
app writes them. One candidate has 500 finished sessions, trainer days and review cards. After ANALYZE
(fresh planner statistics, as a live database keeps them), it times,
R times each (default 30), what the progress page and the dashboard run for that candidate, and prints
p50 and p95. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ANSWERS_PER_SESSION = 5
HEAVY_SESSIONS = 500
SESSIONS_PER_USER = 20
DIMS = ("relevance", "structure", "specificity", "impact")
COMPS = ("problem-solving", "communication", "ownership", "collaboration", "system-design", "technical-depth")


def populate(total_answers: int) -> int:
    """Bulk-insert the synthetic history; returns the heavy user's id."""
    from sqlmodel import select

    from interview_app import db
    from interview_app.models import (
        Answer,
        Feedback,
        InterviewSession,
        Profile,
        Question,
        SessionQuestion,
        User,
        UserStats,
    )
    from interview_app.services.bank import questions
    from interview_app.services.trainer import topics
    from tests.support.history import seed_cards

    rng = random.Random(5)
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    with db.session_scope() as session:
        questions.seed_questions(session)
        topics.seed_quiz_bank(session)
    with db.session_scope() as session:
        question_ids = [q for q in session.exec(select(Question.id)).all() if q]
    engine = db.get_engine()
    total_sessions = total_answers // ANSWERS_PER_SESSION
    users = 1 + max(0, (total_sessions - HEAVY_SESSIONS) // SESSIONS_PER_USER)
    with engine.begin() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                User.__table__.insert().returning(User.__table__.c.id),  # type: ignore[attr-defined]
                [
                    {"email": f"p{i}@example.com", "name": f"P {i}", "password_hash": "x", "role": "candidate",
                     "is_active": True, "created_at": now, "onboarded_at": now, "email_verified_at": now}
                    for i in range(users)
                ],
            ).all()
        ]  # fmt: skip
        conn.execute(
            Profile.__table__.insert(),  # type: ignore[attr-defined]
            [
                Profile(user_id=u, target_role_slug="backend-engineer", level=("mid", "senior")[u % 2],
                        share_progress=u % 3 != 0).model_dump()
                for u in ids
            ],
        )  # fmt: skip
    heavy = ids[0]
    plan = [(heavy, HEAVY_SESSIONS)] + [(u, SESSIONS_PER_USER) for u in ids[1:]]
    session_id = sq_id = answer_id = 0
    batch: dict[str, list[dict]] = {"s": [], "q": [], "a": [], "f": []}

    def flush() -> None:
        with engine.begin() as conn:
            for key, table in (("s", InterviewSession), ("q", SessionQuestion), ("a", Answer), ("f", Feedback)):
                if batch[key]:
                    conn.execute(table.__table__.insert(), batch[key])  # type: ignore[attr-defined]
                    batch[key].clear()

    made = 0
    for user_id, count in plan:
        for k in range(count):
            if made >= total_sessions:
                break
            made += 1
            session_id += 1
            started = now - timedelta(hours=6 * (count - k) + rng.random())
            overall = rng.randint(35, 95)
            batch["s"].append({
                "id": session_id, "user_id": user_id, "role_slug": "backend-engineer", "role_title": "Backend",
                "interview_type": "mixed", "difficulty": "medium", "focus": [], "question_count": 5,
                "timer_enabled": True, "answer_mode": "text", "hands_free": False, "practice": False,
                "status": "completed", "current_position": 50, "overall_score": overall,
                "breakdown": {"dimensions": {d: round(overall / 4, 1) for d in DIMS},
                              "competencies": {c: overall for c in rng.sample(COMPS, 2)}, "answered": 5, "skipped": 0},
                "recommendations": [], "started_at": started, "ended_at": started, "updated_at": started,
            })  # fmt: skip
            for j in range(ANSWERS_PER_SESSION):
                sq_id += 1
                answer_id += 1
                batch["q"].append({
                    "id": sq_id, "session_id": session_id, "position": 10 * j, "question_id": rng.choice(question_ids),
                    "kind": "main", "prompt": "Synthetic question", "time_limit_seconds": 180, "status": "answered",
                    "seconds_used": 60.0, "draft": "", "shown_at": started,
                })  # fmt: skip
                batch["a"].append({
                    "id": answer_id, "session_question_id": sq_id, "user_id": user_id, "mode": "text",
                    "text": "A synthetic answer of a few words.", "transcript": "", "word_timings": [],
                    "status": "scored", "attempts": 1, "last_error": "", "submitted_at": started, "scored_at": started,
                    "media_type": "", "media_pieces": 0, "media_bytes": 0, "media_seconds": 0.0,
                    "transcribed_seconds": 0.0, "metrics": {},
                })  # fmt: skip
                batch["f"].append({
                    "answer_id": answer_id, "user_id": user_id, "total": overall,
                    "dimensions": {d: overall // 4 for d in DIMS}, "result": {"key_points": []}, "engine": "offline",
                    "model": "bench", "rubric_version": "1.0", "created_at": started,
                })  # fmt: skip
            if len(batch["a"]) >= 20_000:
                flush()
    flush()
    from interview_app.services.progress import analytics

    with db.session_scope() as session:
        for u in ids:
            analytics.refresh_user_stats(session, u)
        seed_cards(session, heavy, per_topic=8, now=now)
        from tests.support.history import seed_history

        seed_history(session, heavy, sessions=0, trainer_days=120, end=now.date())
        session.exec(select(UserStats)).first()
    return heavy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="progress-bench-"))
    with contextlib.ExitStack() as stack:
        if args.postgres:
            from tests.support import servers

            url = stack.enter_context(servers.postgres())
        else:
            url = f"sqlite:///{folder / 'bench.db'}"
        os.environ.update({"REFLEX_DB_URL": url, "DATA_DIR": str(folder), "APP_ENV": "test", "PEER_MIN_GROUP": "20"})
        subprocess.run([sys.executable, "-m", "interview_app", "migrate"], cwd=ROOT, check=True, capture_output=True)
        started = time.perf_counter()
        heavy = populate(args.answers)
        from sqlalchemy import text

        from interview_app import db

        with db.get_engine().connect() as conn:  # fresh statistics, as autovacuum (or SQLite's ANALYZE) keeps them
            conn.execute(text("ANALYZE"))
            conn.commit()
        from sqlalchemy import func
        from sqlmodel import select

        from interview_app.models import Answer, InterviewSession, User
        from interview_app.services.progress import analytics, dashboard, progress
        from interview_app.services.trainer import home as trainer_home

        with db.session_scope() as session:
            answers = session.exec(select(func.count()).select_from(Answer)).one()
            mine = session.exec(
                select(func.count()).select_from(InterviewSession).where(InterviewSession.user_id == heavy)
            ).one()
        print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {answers:,} answers; the heavy candidate "
              f"has {mine} finished sessions; built in {time.perf_counter() - started:.0f} s")  # fmt: skip
        now = datetime(2026, 12, 1, 20, tzinfo=UTC)
        cases = {
            "progress page (everything)": lambda s: progress.overview(s, heavy, now),
            "  scores, skills, trends": lambda s: analytics.skill_trends(analytics.completed_sessions(s, heavy)),
            "  topic mastery": lambda s: analytics.topic_mastery(s, heavy, now),
            "  activity calendar": lambda s: analytics.activity(s, heavy, [], now.date()),
            "  peer percentile": lambda s: analytics.peer_percentile(s, heavy),
            "dashboard (summary and trainer glance)": lambda s: (
                dashboard.summary(s, s.get(User, heavy)),  # type: ignore[arg-type]
                trainer_home.glance(s, heavy, now),
            ),
        }
        print("| query | p50 | p95 | max | runs | target |\n| --- | --- | --- | --- | --- | --- |")
        for name, fn in cases.items():
            timings = []
            for _ in range(args.runs):
                with db.session_scope() as session:
                    t0 = time.perf_counter()
                    fn(session)
                    timings.append((time.perf_counter() - t0) * 1000)
            timings.sort()
            p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
            target = "p95 <= 50 ms" if not name.startswith("  ") else ""
            print(f"| {name} | {statistics.median(timings):.1f} ms | {p95:.1f} ms | {timings[-1]:.1f} ms | "
                  f"{len(timings)} | {target} |")  # fmt: skip


if __name__ == "__main__":
    main()
