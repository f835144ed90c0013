"""A plan's quota over HTTP, in process: starting an interview past the plan's interviews a month (or a spoken
one with its voice minutes used) answers 429 with `Retry-After` and the quota's numbers: used, left, the reset
on the 1st and the plan; with plans off the same request is not refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import Answer, InterviewSession, Plan, Question, SessionQuestion, User
from interview_app.services.accounts import accounts
from interview_app.services.billing import plans
from interview_app.services.shared import limits
from interview_app.settings import Settings

START = "/api/v1/interviews"


@pytest.fixture
def client() -> Iterator[TestClient]:
    from interview_app.api import api

    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _no_override() -> Iterator[None]:
    yield
    limits.set_plan_override(None)


@pytest.fixture
def bank(session: Session) -> list[Question]:
    rows = [
        Question(
            slug=f"api-quota-{i}",
            type="behavioural",
            difficulty="medium",
            roles=["any"],
            competencies=["communication"],
            prompt=f"Tell me about a time you changed a team's mind ({i}).",
            key_points=["Situation", "Action", "Result"],
            model_answer="I showed the numbers.",
            follow_ups=[],
        )
        for i in range(3)
    ]
    session.add_all(rows)
    session.commit()
    return rows


@pytest.fixture
def free_plan(session: Session) -> Plan:
    plans.seed(session)
    free = session.exec(select(Plan).where(Plan.slug == "free")).one()
    free.interviews_per_day, free.interviews_per_month, free.voice_minutes_per_month = None, 2, 5
    session.add(free)
    session.commit()
    return free


def signed_in(session: Session, user: User) -> dict[str, str]:
    token = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="pytest"))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def started(session: Session, user: User, count: int) -> None:
    for i in range(count):
        session.add(
            InterviewSession(
                user_id=user.id or 0,
                interview_type="behavioural",
                difficulty="medium",
                status="completed",
                started_at=utcnow() - timedelta(minutes=10 + i),
            )
        )
    session.commit()


def body(mode: str = "text") -> dict[str, object]:
    return {"interview_type": "behavioural", "difficulty": "medium", "question_count": 3, "answer_mode": mode}


def test_the_monthly_quota_answers_429_with_its_numbers(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    override_settings: Callable[..., Settings],
    bank: list[Question],
    free_plan: Plan,
) -> None:
    override_settings(plans_enabled=True, limits_store="database")
    plans.install_quotas()
    ada = make_user()
    headers = signed_in(session, ada)
    started(session, ada, 1)
    assert client.post(START, json=body(), headers=headers).status_code == 201  # the second of two
    refused = client.post(START, json=body(), headers=headers)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "limit.interviews_per_month"
    assert error["message"].startswith("Your Free plan includes 2 interviews a month")
    details = error["details"]
    assert (details["rule"], details["limit"], details["used"], details["left"], details["plan"]) == (
        "interviews_per_month",
        2,
        2,
        0,
        "Free",
    )
    assert details["resets_at"] == limits.next_month_start(utcnow()).isoformat(timespec="seconds")
    assert int(refused.headers["Retry-After"]) == details["retry_after"] > 0
    assert len(session.exec(select(InterviewSession).where(InterviewSession.user_id == ada.id)).all()) == 2


def test_a_spoken_interview_without_voice_minutes_is_refused_and_a_typed_one_is_not(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    override_settings: Callable[..., Settings],
    bank: list[Question],
    free_plan: Plan,
) -> None:
    override_settings(plans_enabled=True, limits_store="database")
    plans.install_quotas()
    ada = make_user()
    headers = signed_in(session, ada)
    interview = InterviewSession(user_id=ada.id or 0, interview_type="behavioural", difficulty="medium", practice=True)
    session.add(interview)
    session.flush()
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Why?")
    session.add(sq)
    session.flush()
    session.add(
        Answer(
            session_question_id=sq.id or 0,
            user_id=ada.id or 0,
            mode="audio",
            status="scored",
            media_seconds=300.0,
            recording_finished_at=utcnow() - timedelta(minutes=1),
        )
    )
    session.commit()
    refused = client.post(START, json=body("audio"), headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"]["details"]["rule"] == "voice_minutes_per_month"
    assert client.post(START, json=body("text"), headers=headers).status_code == 201


def test_with_plans_off_no_quota_applies(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    override_settings: Callable[..., Settings],
    bank: list[Question],
    free_plan: Plan,
) -> None:
    override_settings(plans_enabled=False, interviews_per_day=0)
    plans.install_quotas()
    ada = make_user()
    headers = signed_in(session, ada)
    started(session, ada, 5)
    assert client.post(START, json=body(), headers=headers).status_code == 201


def test_a_pdf_report_outside_the_plan_answers_403(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    override_settings: Callable[..., Settings],
    free_plan: Plan,
) -> None:
    override_settings(plans_enabled=True)
    ada = make_user()
    headers = signed_in(session, ada)
    interview = InterviewSession(user_id=ada.id or 0, interview_type="behavioural", difficulty="medium")
    session.add(interview)
    session.commit()
    refused = client.get(f"{START}/{interview.id}/report.pdf", headers=headers)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "plan_feature"
    assert error["message"] == "PDF reports are not part of your Free plan. Upgrade to download them."
