"""What a limit check costs: each service call that is limited pays one of these before it does its work.

Usage: .venv/bin/python bench/limits.py [CALLS]

Creates a throw-away SQLite database (tables made from the models) with one busy candidate (300 interviews and
2,100 answers over the last 30 days, 20 interviews today) among 50 others, and a throw-away Redis
(tests/support/servers.py). Times, CALLS times each in its own transaction as the services do:

- `check(INTERVIEWS_PER_DAY)` and `check(ANSWERS_PER_MINUTE)`: counted from the stored rows;
- `take(LLM_SCORING_PER_MINUTE)` with the database counter and with the Redis counter.

The limits are the defaults, so most calls are refused (a refusal runs the same query as a pass).

Prints p50 / p95 / max in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(label: str, calls: int, step: Callable[[], object]) -> None:
    took: list[float] = []
    for _ in range(calls):
        start = time.perf_counter()
        step()
        took.append((time.perf_counter() - start) * 1000)
    took.sort()
    p95 = took[min(len(took) - 1, int(len(took) * 0.95))]
    print(f"{label:<48} p50 {statistics.median(took):6.2f} ms   p95 {p95:6.2f} ms   max {took[-1]:6.2f} ms")


def main(calls: int) -> int:
    folder = tempfile.mkdtemp(prefix="bench-limits-")
    os.environ.update(
        {
            "APP_ENV": "test",
            "DATA_DIR": folder,
            "REFLEX_DB_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
            "LIMITS_STORE": "database",
            "INTERVIEWS_PER_DAY": "5",
            "ANSWERS_PER_MINUTE": "2",
            "LLM_SCORING_PER_MINUTE": "10",
        }
    )
    from sqlmodel import SQLModel

    import interview_app.models  # noqa: F401  (registers every table)
    from interview_app import db
    from interview_app.clock import utcnow
    from interview_app.models import Answer, InterviewSession, SessionQuestion, User
    from interview_app.services.shared import limits
    from interview_app.settings import get_settings
    from tests.support import servers

    SQLModel.metadata.create_all(db.get_engine())
    now = utcnow()
    with db.session_scope() as session:
        users = [User(email=f"u{i}@example.com", name=f"User {i}", password_hash="x") for i in range(51)]
        session.add_all(users)
        session.flush()
        for n, user in enumerate(users):
            interviews = 300 if n == 0 else 20
            for i in range(interviews):
                ago = timedelta(hours=i % 20) if i < 20 else timedelta(days=1 + i % 29, minutes=i)
                row = InterviewSession(
                    user_id=user.id or 0, interview_type="mixed", difficulty="medium", started_at=now - ago
                )
                session.add(row)
                session.flush()
                for q in range(7 if n == 0 else 2):
                    sq = SessionQuestion(session_id=row.id or 0, position=q * 10, prompt="Why?")
                    session.add(sq)
                    session.flush()
                    session.add(
                        Answer(
                            session_question_id=sq.id or 0,
                            user_id=user.id or 0,
                            text="x",
                            submitted_at=now - ago + timedelta(minutes=q),
                        )
                    )
        busy = users[0].id or 0

    def in_session(action: Callable[..., object]) -> Callable[[], object]:
        def run() -> object:
            with db.session_scope() as session:
                try:
                    return action(session)
                except limits.LimitExceeded as exc:
                    return exc

        return run

    print(f"{calls} calls each, SQLite, one candidate with 300 interviews and 2,100 answers among 51 users")
    _timed(
        "check interviews_per_day (rows)",
        calls,
        in_session(lambda s: limits.check(s, busy, limits.INTERVIEWS_PER_DAY)),
    )
    _timed(
        "check answers_per_minute (rows)",
        calls,
        in_session(lambda s: limits.check(s, busy, limits.ANSWERS_PER_MINUTE)),
    )
    _timed(
        "take llm_scoring_per_minute (database counter)",
        calls,
        in_session(lambda s: limits.take(s, busy, limits.LLM_SCORING_PER_MINUTE)),
    )
    with servers.redis() as url:
        os.environ.update({"LIMITS_STORE": "redis", "REFLEX_REDIS_URL": url})
        get_settings.cache_clear()
        assert isinstance(limits.counters(), limits.RedisCounters)
        _timed(
            "take llm_scoring_per_minute (Redis counter)",
            calls,
            in_session(lambda s: limits.take(s, busy, limits.LLM_SCORING_PER_MINUTE)),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
