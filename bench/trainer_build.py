"""Building the daily quizzes of many candidates at once, as the scheduled job does.

Usage: .venv/bin/python bench/trainer_build.py [USERS] [--postgres]
Creates a throw-away database (SQLite in a temporary folder, or a private PostgreSQL server started by
tests/support/servers.py with --postgres), migrates it, seeds the quiz bank and USERS onboarded candidates
(default 10,000) spread over 12 time zones with quiz times between 00:00 and 03:59, each following 5
topics with a review history of 40 cards (due dates from 3 days ago to 12 days ahead). Then it times
`quiz.build_daily_quizzes` at a moment when every candidate's quiz time has passed, checks that each got
exactly one quiz, and runs the job a second time (nothing to do) to time the idempotent pass.
Target: under 60 s for 10,000 candidates on the 2-core machine.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Kyiv", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
    "Australia/Sydney", "America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Los_Angeles",
)  # fmt: skip
ROLES = ("backend-engineer", "frontend-engineer", "data-scientist", "devops-sre", "product-manager", "sales")
CARDS_PER_USER = 40


def populate(users: int) -> None:
    """Seed the bank and `users` candidates with topics and review cards (bulk inserts)."""
    from sqlmodel import select

    from interview_app import db
    from interview_app.models import Profile, QuizQuestion, ReviewCard, Topic, User, UserTopic
    from interview_app.services.trainer import srs, topics
    from interview_app.services.trainer.topics import ROLE_TOPICS

    rng = random.Random(7)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    with db.session_scope() as session:
        topics.seed_quiz_bank(session)
    with db.session_scope() as session:
        topic_ids = {t.slug: t.id or 0 for t in session.exec(select(Topic)).all()}
        by_topic: dict[int, list[int]] = {}
        for qid, tid in session.exec(select(QuizQuestion.id, QuizQuestion.topic_id)).all():
            by_topic.setdefault(tid, []).append(qid or 0)
    engine = db.get_engine()
    state = srs.new_card_state(now)
    for start in range(0, users, 1000):
        batch = range(start, min(users, start + 1000))
        with engine.begin() as conn:
            rows = conn.execute(
                User.__table__.insert().returning(User.__table__.c.id),  # type: ignore[attr-defined]
                [
                    {
                        "email": f"bench{i}@example.com",
                        "name": f"Bench {i}",
                        "password_hash": "x",
                        "role": "candidate",
                        "is_active": True,
                        "created_at": now,
                        "onboarded_at": now,
                        "email_verified_at": now,
                        "password_changed_at": now,
                    }
                    for i in batch
                ],
            ).all()
            ids = [r[0] for r in rows]
            conn.execute(
                Profile.__table__.insert(),  # type: ignore[attr-defined]
                [
                    {
                        **Profile(
                            user_id=uid,
                            timezone=ZONES[uid % len(ZONES)],
                            trainer_time=f"0{uid % 4}:{uid % 60:02d}",
                            target_role_slug=ROLES[uid % len(ROLES)],
                        ).model_dump()
                    }
                    for uid in ids
                ],
            )
            follows, cards = [], []
            for uid in ids:
                slugs = ROLE_TOPICS[ROLES[uid % len(ROLES)]]
                for j, slug in enumerate(slugs):
                    follows.append(
                        {
                            "user_id": uid,
                            "topic_id": topic_ids[slug],
                            "active": True,
                            "priority": 3 if j == 0 else 2,
                            "created_at": now,
                        }
                    )
                pool = [q for slug in slugs for q in by_topic[topic_ids[slug]]]
                for qid in rng.sample(pool, min(CARDS_PER_USER, len(pool))):
                    due = now + timedelta(days=rng.uniform(-3, 12))
                    cards.append(
                        {
                            "user_id": uid,
                            "quiz_question_id": qid,
                            "fsrs": state,
                            "due": due,
                            "state": 2,
                            "reps": 3,
                            "lapses": 0,
                            "suspended": False,
                            "created_at": now,
                            "key_point": "",
                            "point_key": "",
                        }
                    )
            conn.execute(UserTopic.__table__.insert(), follows)  # type: ignore[attr-defined]
            conn.execute(ReviewCard.__table__.insert(), cards)  # type: ignore[attr-defined]


def main() -> None:
    users = int(next((a for a in sys.argv[1:] if a.isdigit()), "10000"))
    use_postgres = "--postgres" in sys.argv
    folder = Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    with contextlib.ExitStack() as stack:
        if use_postgres:
            from tests.support import servers

            url = stack.enter_context(servers.postgres())
        else:
            url = f"sqlite:///{folder / 'bench.db'}"
        os.environ.update({"REFLEX_DB_URL": url, "DATA_DIR": str(folder), "APP_ENV": "test"})
        subprocess.run([sys.executable, "-m", "interview_app", "migrate"], cwd=ROOT, check=True, capture_output=True)
        started = time.perf_counter()
        populate(users)
        print(
            f"database: {'PostgreSQL' if use_postgres else 'SQLite'}; {users:,} candidates, "
            f"{users * CARDS_PER_USER:,} review cards made in {time.perf_counter() - started:.1f} s"
        )
        from sqlalchemy import func
        from sqlmodel import select

        from interview_app import db
        from interview_app.models import QuizAttempt, QuizItem
        from interview_app.services.trainer import quiz

        moment = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # after 04:00 local in every zone above
        with db.session_scope() as session:
            started = time.perf_counter()
            built = quiz.build_daily_quizzes(session, moment, rng=random.Random(1))
            first = time.perf_counter() - started
        with db.session_scope() as session:
            started = time.perf_counter()
            again = quiz.build_daily_quizzes(session, moment)
            second = time.perf_counter() - started
            attempts = session.exec(select(func.count()).select_from(QuizAttempt)).one()
            items = session.exec(select(func.count()).select_from(QuizItem)).one()
            reviews = session.exec(select(func.count()).select_from(QuizItem).where(QuizItem.source == "review")).one()
        assert built == users == attempts and again == 0, (built, attempts, again)
        print(
            f"build_daily_quizzes: {built:,} quizzes ({items:,} items, {reviews:,} of them reviews) "
            f"in {first:.1f} s = {first / users * 1000:.2f} ms per candidate (target: 60 s for 10,000)"
        )
        print(f"second run (nothing left to build): {second:.2f} s")


if __name__ == "__main__":
    main()
