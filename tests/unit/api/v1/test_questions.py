"""/api/v1/questions through FastAPI's TestClient: the bank page's filters and order, pages that walk the whole
list once, ETags with 304, private and retired questions hidden, and practising one question."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app.models import Question, User
from interview_app.services.bank import questions
from tests.support.api_tokens import bearer
from tests.support.mock_interviews import seed_bank

BASE = "/api/v1/questions"


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_bank(session, monkeypatch)


@pytest.fixture
def ada(session: Session, make_user: Callable[..., User]) -> dict[str, str]:
    return bearer(session, make_user())


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["request_id"] == response.headers["x-request-id"]
    return error


def test_the_list_is_the_pages_search_in_its_order(session, bank, client: TestClient, ada):
    flt = questions.BankFilter(role="backend-engineer", type="technical", difficulty="medium")
    expected, total = questions.browse(session, flt, limit=100)
    response = client.get(
        BASE,
        params={"role": "backend-engineer", "type": "technical", "difficulty": "medium", "limit": 100},
        headers=ada,
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == total > 0 and [q["id"] for q in page["items"]] == [q.id for q in expected]
    first = page["items"][0]
    assert set(first) == {
        "id",
        "prompt",
        "type",
        "difficulty",
        "roles",
        "competencies",
        "tags",
        "companies",
        "language",
        "time_limit_seconds",
    }
    assert all(q["type"] == "technical" and q["difficulty"] == "medium" for q in page["items"])
    assert "model_answer" not in first and "key_points" not in first


def test_text_search_and_competency(session, bank, client, ada):
    word = "conflict"
    found = client.get(BASE, params={"q": word, "limit": 100}, headers=ada).json()
    assert found["total"] == questions.browse(session, questions.BankFilter(text=word), limit=1)[1] > 0
    assert all(word in session.get(Question, q["id"]).search_text for q in found["items"])  # type: ignore[union-attr]
    areas = client.get(BASE, params={"competency": "leadership", "limit": 100}, headers=ada).json()
    assert areas["total"] > 0 and all("leadership" in q["competencies"] for q in areas["items"])
    assert client.get(BASE, params={"q": "zzzqqq-nothing"}, headers=ada).json() == {
        "items": [],
        "total": 0,
        "limit": 20,
        "offset": 0,
        "next_offset": None,
    }


def test_pages_walk_the_whole_list_once(session, bank, client, ada):
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(BASE, params={"limit": 7, "offset": offset}, headers=ada).json()
        seen += [q["id"] for q in page["items"]]
        offset = page["next_offset"]
    total = len(session.exec(select(Question).where(Question.status == "active")).all())
    assert len(seen) == len(set(seen)) == total


def test_etags_answer_304_until_the_bank_changes(session, bank, client, ada):
    first = client.get(BASE, headers=ada)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = client.get(BASE, headers={**ada, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(BASE, headers={**ada, "If-None-Match": '"other", ' + etag}).status_code == 304
    assert client.get(BASE, headers={**ada, "If-None-Match": '"other"'}).status_code == 200
    item_id = first.json()["items"][0]["id"]
    item = client.get(f"{BASE}/{item_id}", headers=ada)
    assert item.status_code == 200 and item.json() == first.json()["items"][0]
    assert client.get(f"{BASE}/{item_id}", headers={**ada, "If-None-Match": item.headers["etag"]}).status_code == 304
    row = session.get(Question, item_id)
    assert row is not None
    row.prompt = row.prompt + " (edited)"
    session.add(row)
    session.commit()
    assert client.get(BASE, headers={**ada, "If-None-Match": etag}).status_code == 200
    assert client.get(f"{BASE}/{item_id}", headers={**ada, "If-None-Match": item.headers["etag"]}).status_code == 200


def test_retired_private_and_missing_questions_are_not_found(session, bank, client, ada, make_user):
    retired, private = session.exec(select(Question).limit(2)).all()
    owner = make_user("owner@example.com")
    retired.status = "retired"
    private.status, private.owner_id = "private", owner.id
    session.add_all([retired, private])
    session.commit()
    for question_id in (retired.id, private.id, 2**63 - 1):
        refused(client.get(f"{BASE}/{question_id}", headers=ada), 404, "not_found")
        refused(client.post(f"{BASE}/{question_id}/practice", headers=ada), 404, "not_found")
    listed = client.get(BASE, params={"limit": 100}, headers=ada).json()
    ids = {q["id"] for q in listed["items"]}
    assert retired.id not in ids and private.id not in ids


@pytest.mark.parametrize(
    "params",
    [
        {"type": "poetry"},
        {"difficulty": "brutal"},
        {"competency": "juggling"},
        {"language": "xx"},
        {"company": "no-such-company"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"q": "x" * 101},
        {"q": "nul\x00"},
        {"role": "nul\x00"},
    ],
)
def test_bad_filters_are_request_invalid(session, bank, client, ada, params):
    refused(client.get(BASE, params=params, headers=ada), 422, "request_invalid")


def test_the_bank_needs_a_token(client):
    refused(client.get(BASE), 401, "signed_out")
    refused(client.get(f"{BASE}/1"), 401, "signed_out")


def test_practising_a_question_starts_a_one_question_interview(session, bank, client, ada):
    question_id = client.get(BASE, headers=ada).json()["items"][0]["id"]
    response = client.post(f"{BASE}/{question_id}/practice", headers=ada)
    assert response.status_code == 201, response.text
    interview = response.json()
    assert interview["practice"] is True and interview["question_count"] == 1
    current = client.get(f"/api/v1/interviews/{interview['id']}/current", headers=ada).json()
    assert current["prompt"] == session.get(Question, question_id).prompt  # type: ignore[union-attr]
