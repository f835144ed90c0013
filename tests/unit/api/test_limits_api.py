"""The product's limits over HTTP, in process: a hand-in over ANSWERS_PER_MINUTE, and too many recording pieces,
answer 429 with `Retry-After` (header and details) and the recording stays to be handed in later."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app.api import api
from interview_app.models import Answer, Question, SessionQuestion, User
from interview_app.services.accounts import accounts
from interview_app.services.interviews import interviews
from tests.support.handlers import recording_in_progress

PREFIX = "/api/v1/recordings"


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def bank(session: Session) -> list[Question]:
    rows = [
        Question(
            slug=f"api-limits-{i}",
            type="behavioural",
            difficulty="medium",
            roles=["any"],
            competencies=["communication"],
            prompt=f"Tell me about a time you improved a system ({i}).",
            key_points=["Situation", "Action", "Result"],
            model_answer="I added a cache.",
            follow_ups=[],
        )
        for i in range(3)
    ]
    session.add_all(rows)
    session.commit()
    return rows


def signed_in(session: Session, user: User) -> dict[str, str]:
    token = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="pytest"))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def voice_question(session: Session, user: User, pieces_held: int) -> SessionQuestion:
    options = interviews.validate_setup(
        {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
    )
    interview = interviews.start_session(session, user.id or 0, options, rng=random.Random(0))
    sq = interviews.current_question(session, interview)
    assert sq is not None and sq.id is not None
    if pieces_held:
        session.add(recording_in_progress(sq.id, user.id or 0, pieces_held))
    session.commit()
    return sq


def refusal(response) -> dict:
    body = response.json()["error"]
    return body if isinstance(body, dict) else {"code": body, **response.json()}


def test_a_hand_in_over_the_answers_limit_is_429_with_retry_after(
    session: Session, make_user, client: TestClient, bank, override_settings
):
    override_settings(answers_per_minute=1)
    ada = make_user()
    headers = signed_in(session, ada)
    # One answer handed in a moment ago, in another interview.
    other = voice_question(session, ada, 0)
    typed = Answer(session_question_id=other.id or 0, user_id=ada.id or 0, text="Typed a moment ago.")
    session.add(typed)
    session.commit()
    sq = voice_question(session, ada, 2)
    response = client.post(f"{PREFIX}/{sq.id}/finish", json={"pieces": 2}, headers=headers)
    assert response.status_code == 429, response.text
    error = refusal(response)
    assert error["code"] == "limit.answers_per_minute"
    assert error["message"].startswith("Answers are limited to 1 a minute. Send this one in")
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 60
    details = error.get("details", error)
    assert details["retry_after"] == wait
    # The recording stays, to be handed in once the time is up.
    session.expire_all()
    kept = session.exec(select(Answer).where(Answer.session_question_id == sq.id)).one()
    assert kept.status == "recording" and kept.media_pieces == 2


def test_the_finish_route_documents_its_429(client: TestClient):
    document = client.get("/api/v1/openapi.json")
    if document.status_code != 200:
        document = client.get("/openapi.json")
    operation = document.json()["paths"][f"{PREFIX}/{{sq_id}}/finish"]["post"]
    assert "429" in operation["responses"]


def test_too_many_pieces_a_minute_is_429_with_retry_after(
    session: Session, make_user, client: TestClient, bank, override_settings
):
    override_settings(upload_pieces_per_minute=2)
    ada = make_user()
    headers = signed_in(session, ada)
    sq = voice_question(session, ada, 0)
    statuses = [
        client.put(f"{PREFIX}/{sq.id}/pieces/{seq}", content=b"not audio", headers=headers).status_code
        for seq in range(3)
    ]
    assert statuses[-1] == 429
    response = client.put(f"{PREFIX}/{sq.id}/pieces/0", content=b"not audio", headers=headers)
    assert response.status_code == 429 and 1 <= int(response.headers["Retry-After"]) <= 60
