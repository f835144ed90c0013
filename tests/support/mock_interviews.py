"""Mock-interview steps shared by the interview tests: the curated bank seeded, a set-up, start, answer."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from interview_app.models import InterviewSession, SessionQuestion, User
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions
from interview_app.services.bank.files import QuestionSpec, load_bank
from interview_app.services.interviews import interviews
from interview_app.services.interviews.interviews import SetupOptions

VALID_SETUP: dict[str, Any] = {
    "role_slug": "backend-engineer",
    "role_title": "Backend Engineer",
    "interview_type": "mixed",
    "difficulty": "medium",
    "question_count": "5",
    "focus": ["communication", "system-design"],
    "timer_enabled": True,
    "time_limit_seconds": "120",
    "answer_mode": "text",
}
WEAK_ANSWER = "I would ask a colleague what they think and then do whatever seems right at the time."
PARTIAL_ANSWER = (
    "I would start by finding out what the problem really is and who it affects, then look at the data we have "
    "and talk to the people closest to it. After that I would agree a plan with my team, try the simplest fix "
    "first and check whether it helped before going further."
)
OFF_TOPIC_ANSWER = (
    "My favourite sourdough recipe starts with a starter fed twice a day for a week. Mix 500 grams of flour with "
    "350 grams of water, rest for an hour, add 100 grams of starter and 10 grams of salt. Fold four times over two "
    "hours, shape, and proof overnight in the fridge. Bake in a Dutch oven with the lid on, then with it off."
)


@functools.cache
def _parsed_bank() -> tuple[list[QuestionSpec], list[str]]:
    return load_bank()


@functools.cache
def _hashes() -> dict[int, str]:
    return {id(spec): real_hash(spec) for spec in _parsed_bank()[0]}


real_hash = questions._hash


def seed_bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Job roles and the curated bank in the test database (the files are parsed and hashed once per run)."""
    monkeypatch.setattr(questions, "load_bank", _parsed_bank)
    monkeypatch.setattr(questions, "_hash", lambda spec: _hashes().get(id(spec)) or real_hash(spec))
    profiles.seed_job_roles(session)
    counts = questions.seed_questions(session)
    session.commit()
    return counts


def options(**changes: Any) -> SetupOptions:
    return interviews.validate_setup({**VALID_SETUP, **changes})


def start(session: Session, user: User, seed: int = 0, **changes: Any) -> InterviewSession:
    assert user.id is not None
    interview = interviews.start_session(session, user.id, options(**changes), rng=random.Random(seed))
    session.commit()
    return interview


def current(session: Session, interview: InterviewSession) -> SessionQuestion:
    sq = interviews.current_question(session, interview)
    assert sq is not None
    return sq


def run_after_commit(session: Session) -> None:
    """What `db.session_scope` does after a commit (the test session is a plain one)."""
    session.commit()
    for callback in session.info.pop("after_commit", []):
        callback()


def submit(
    session: Session,
    user: User,
    sq: SessionQuestion,
    text: str,
    calls: list[tuple[str, int]] | None = None,
    writer: Callable[[str, str, list[str]], str | None] | None = None,
) -> interviews.SubmitOutcome:
    """Hand a typed answer in and run what the `score_answer` job does first: decide the follow-up and move on
    (`interviews.prepare_next`, with `writer` wording the follow-up as the LLM would). The scoring is not run."""
    sink = calls if calls is not None else []
    outcome = interviews.submit_answer(
        session, user.id or 0, sq.id or 0, text, enqueue=lambda name, answer_id: sink.append((name, answer_id))
    )
    run_after_commit(session)
    if outcome.preparing:
        outcome = interviews.prepare_next(session, outcome.answer_id, writer) or outcome
        session.commit()
    return outcome
