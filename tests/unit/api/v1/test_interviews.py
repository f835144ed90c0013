"""/api/v1/interviews through FastAPI's TestClient: set-up with the page's codes, history pages, the current
question, drafts, typed answers with their feedback, skip, pause and resume, end, the report as JSON and PDF,
recordings with an access token, and another user's interview answering 404 everywhere."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app import background
from interview_app.clock import utcnow
from interview_app.jobs import tasks
from interview_app.models import Answer, InterviewSession, User
from interview_app.services.accounts import api_tokens
from interview_app.services.answers import feedback
from tests.support.api_tokens import bearer
from tests.support.mock_interviews import PARTIAL_ANSWER, WEAK_ANSWER, seed_bank

BASE = "/api/v1/interviews"
SETUP = {"role": "backend-engineer", "interview_type": "behavioural", "difficulty": "medium", "question_count": 3}


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_bank(session, monkeypatch)


@pytest.fixture
def scorer(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """The job runner's place: answers are scored at once (in the request's thread); other work is noted."""
    queued: list[tuple[object, ...]] = []
    monkeypatch.setattr(background, "TASKS", dict(tasks.TASKS))

    def dispatch(name: str, *args: object) -> None:
        queued.append((name, *args))
        if name == background.PREPARE_NEXT:
            feedback.prepare_then_score(int(args[0]))  # type: ignore[arg-type]
        elif name == background.SCORE_ANSWER:
            feedback.score_handed_in(int(args[0]))  # type: ignore[arg-type]

    background.set_dispatcher(dispatch)
    yield queued
    background.set_dispatcher(None)


@pytest.fixture
def ada(session: Session, make_user: Callable[..., User]) -> dict[str, str]:
    return bearer(session, make_user())


@pytest.fixture
def bob(session: Session, make_user: Callable[..., User]) -> dict[str, str]:
    return bearer(session, make_user("bob@example.com", "Bob Stone"))


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "request_id", "details"}
    assert error["code"] == code and error["message"] and error["request_id"] == response.headers["x-request-id"]
    return error


def start(client: TestClient, headers: dict[str, str], **changes: object) -> dict:
    response = client.post(BASE, json={**SETUP, **changes}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def current(client: TestClient, headers: dict[str, str], interview_id: int) -> dict:
    response = client.get(f"{BASE}/{interview_id}/current", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------- set-up


def test_an_interview_is_set_up_with_the_pages_defaults_and_starts_on_its_first_question(
    session, bank, client, make_user
):
    user = make_user()
    headers = bearer(session, user)
    interview = start(client, headers)
    assert interview["status"] == "in_progress" and interview["question_count"] == 3
    assert interview["role"] == "backend-engineer" and interview["role_title"] == "Backend Engineer"
    assert interview["interview_type"] == "behavioural" and interview["answer_mode"] == "text"
    assert interview["timer_enabled"] is True and interview["time_limit_seconds"] is None
    assert interview["current_question_id"] and interview["ends_by"] and interview["overall_score"] is None
    row = session.get(InterviewSession, interview["id"])
    assert row is not None and row.user_id == user.id
    question = current(client, headers, interview["id"])
    assert question["id"] == interview["current_question_id"] and question["number"] == 1 and question["total"] == 3
    assert question["kind"] == "main" and question["prompt"] and question["type"] == "behavioural"
    assert 0 < question["seconds_left"] <= question["time_limit_seconds"] and question["draft"] == ""
    # Left out: the profile's difficulty and timer, any role (the profile has none), five questions, mixed.
    bare = client.post(BASE, json={}, headers=headers)
    assert bare.status_code == 201, bare.text
    assert (bare.json()["interview_type"], bare.json()["question_count"], bare.json()["role"]) == ("mixed", 5, "")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"interview_type": "chat"}, "bad_type", "body.interview_type"),
        ({"difficulty": "brutal"}, "bad_difficulty", "body.difficulty"),
        ({"question_count": 2}, "bad_count", "body.question_count"),
        ({"question_count": 16}, "bad_count", "body.question_count"),
        ({"focus": ["juggling"]}, "bad_focus", "body.focus"),
        ({"focus": ["communication"] * 6}, "bad_focus", "body.focus"),
        ({"time_limit_seconds": 10}, "bad_limit", "body.time_limit_seconds"),
        ({"time_limit_seconds": 901, "timer_enabled": False}, "bad_limit", "body.time_limit_seconds"),
        ({"answer_mode": "telepathy"}, "bad_mode", "body.answer_mode"),
        ({"answer_mode": ""}, "bad_mode", "body.answer_mode"),  # the schema lists the modes; "" was taken as text
        ({"role": "astronaut"}, "request_invalid", "body.role"),
    ],
)
def test_a_set_up_the_page_refuses_is_refused_with_its_code_and_field(session, bank, client, ada, changes, code, field):
    error = refused(client.post(BASE, json={**SETUP, **changes}, headers=ada), 422, code)
    assert error["details"]["fields"] == [field]
    assert session.exec(select(InterviewSession)).all() == []


@pytest.mark.parametrize(
    "body",
    [
        {"question_count": "many"},
        {"question_count": "5"},
        {"timer_enabled": "sometimes"},
        {"hands_free": 0},
        {"unknown": 1},
        [1],
        {"focus": "x"},
    ],
)
def test_a_malformed_set_up_is_request_invalid(session, bank, client, ada, body):
    refused(
        client.post(BASE, json=body if isinstance(body, list) else {**SETUP, **body}, headers=ada),
        422,
        "request_invalid",
    )


def test_no_questions_for_the_set_up_is_a_conflict(session, client, ada):
    refused(client.post(BASE, json={**SETUP, "role": ""}, headers=ada), 409, "no_questions")  # an empty bank


def test_the_interviews_a_day_answer_429_with_retry_after(session, bank, client, ada, override_settings):
    override_settings(interviews_per_day=1)
    start(client, ada)
    response = client.post(BASE, json=SETUP, headers=ada)
    error = refused(response, 429, "limit.interviews_per_day")
    assert int(response.headers["retry-after"]) >= 1 and error["details"]["retry_after"] >= 1


def test_every_route_needs_a_token(client):
    for method, path in [
        ("POST", BASE),
        ("GET", BASE),
        ("GET", f"{BASE}/1"),
        ("GET", f"{BASE}/1/current"),
        ("POST", f"{BASE}/1/questions/1/answer"),
        ("GET", f"{BASE}/1/report.pdf"),
    ]:
        response = client.request(method, path, json={"text": "x"} if method == "POST" else None)
        refused(response, 401, "signed_out")
        assert response.headers["www-authenticate"].startswith("Bearer")


# ---------------------------------------------------------------- running it


def test_a_whole_interview_over_the_api_with_feedback_on_every_answer(session, bank, client, ada, scorer):
    interview = start(client, ada)
    iid = interview["id"]
    first = current(client, ada, iid)
    saved = client.put(f"{BASE}/{iid}/questions/{first['id']}/draft", json={"text": "In my last role"}, headers=ada)
    assert saved.status_code == 200 and saved.json()["saved_at"]
    assert current(client, ada, iid)["draft"] == "In my last role"

    answered = client.post(f"{BASE}/{iid}/questions/{first['id']}/answer", json={"text": PARTIAL_ANSWER}, headers=ada)
    assert answered.status_code == 201, answered.text
    body = answered.json()
    result = body["answered"]
    assert result["status"] == "scored" and result["answer"] == PARTIAL_ANSWER and result["answer_id"]
    fb = result["feedback"]
    assert 0 <= fb["total"] <= 100 and [d["name"] for d in fb["dimensions"]] == [
        "relevance",
        "structure",
        "specificity",
        "impact",
    ]
    assert fb["strengths"] or fb["improvements"]
    assert all(set(c) == {"text", "quote"} for c in fb["strengths"] + fb["improvements"])
    assert fb["key_points"] and fb["model_answer"] and fb["summary"] and fb["engine"]
    nxt = body["next_question"]
    assert nxt is not None and nxt["id"] != first["id"] and body["finished"] is False
    if body["follow_up"]:
        assert nxt["kind"] == "follow_up" and nxt["prompt"] == body["follow_up"] and nxt["number"] == 1

    # The same answer again: the question has moved on.
    again = client.post(f"{BASE}/{iid}/questions/{first['id']}/answer", json={"text": PARTIAL_ANSWER}, headers=ada)
    refused(again, 409, "already_answered")
    polled = client.get(f"{BASE}/{iid}/questions/{first['id']}", headers=ada)
    assert polled.status_code == 200 and polled.json()["feedback"]["total"] == fb["total"]

    # Answer or skip until it ends.
    steps = 0
    while True:
        now = client.get(f"{BASE}/{iid}/current", headers=ada)
        if now.status_code == 409:
            refused(now, 409, "session_over")
            break
        sq = now.json()
        if steps % 2:
            step = client.post(f"{BASE}/{iid}/questions/{sq['id']}/skip", headers=ada)
            assert step.status_code == 200, step.text
        else:
            step = client.post(
                f"{BASE}/{iid}/questions/{sq['id']}/answer?wait=0", json={"text": WEAK_ANSWER}, headers=ada
            )
            assert step.status_code == 201, step.text
        steps += 1
        assert steps < 12
    assert step.json()["finished"] is True and step.json()["next_question"] is None

    report = client.get(f"{BASE}/{iid}/report", headers=ada)
    assert report.status_code == 200, report.text
    data = report.json()
    assert data["status"] == "completed" and data["pending"] == 0 and data["overall"] is not None
    assert data["counted"] == 3 and data["counted_text"] and data["recommendations"]
    assert data["items"][0]["feedback"]["total"] == fb["total"]
    assert client.get(f"{BASE}/{iid}", headers=ada).json()["overall_score"] == data["overall"]

    pdf = client.get(f"{BASE}/{iid}/report.pdf", headers=ada)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 2000
    assert f"interview-report-{iid}.pdf" in pdf.headers["content-disposition"]


def test_answer_refusals_keep_the_draft(session, bank, client, ada, override_settings, scorer):
    iid = start(client, ada)["id"]
    sq = current(client, ada, iid)["id"]
    client.put(f"{BASE}/{iid}/questions/{sq}/draft", json={"text": "kept"}, headers=ada)
    url = f"{BASE}/{iid}/questions/{sq}/answer"
    assert refused(client.post(url, json={"text": "   "}, headers=ada), 422, "empty")["details"]["fields"] == [
        "body.text"
    ]
    refused(client.post(url, json={"text": "x" * 20001}, headers=ada), 422, "too_long")
    refused(client.post(url, json={}, headers=ada), 422, "request_invalid")
    refused(client.post(url, json={"text": "nul\x00"}, headers=ada), 422, "request_invalid")
    draft = f"{BASE}/{iid}/questions/{sq}/draft"
    refused(client.put(draft, json={"text": "nul\x00"}, headers=ada), 422, "request_invalid")
    refused(client.post(url + "?wait=99", json={"text": "x"}, headers=ada), 422, "request_invalid")
    assert session.exec(select(Answer)).all() == [] and current(client, ada, iid)["draft"] == "kept"
    override_settings(answers_per_minute=1)
    assert client.post(url + "?wait=0", json={"text": PARTIAL_ANSWER}, headers=ada).status_code == 201
    following = current(client, ada, iid)["id"]
    client.put(f"{BASE}/{iid}/questions/{following}/draft", json={"text": "kept too"}, headers=ada)
    response = client.post(f"{BASE}/{iid}/questions/{following}/answer", json={"text": PARTIAL_ANSWER}, headers=ada)
    error = refused(response, 429, "limit.answers_per_minute")
    assert int(response.headers["retry-after"]) >= 1 and error["details"]["retry_after"] >= 1
    assert current(client, ada, iid)["draft"] == "kept too"
    session.expire_all()
    assert len(session.exec(select(Answer)).all()) == 1


def test_pause_resume_and_end(session, bank, client, ada, scorer):
    iid = start(client, ada)["id"]
    sq = current(client, ada, iid)["id"]
    paused = client.post(f"{BASE}/{iid}/pause", headers=ada)
    assert paused.status_code == 200 and paused.json()["paused"] is True
    assert client.post(f"{BASE}/{iid}/pause", headers=ada).json()["paused"] is True  # again: nothing changes
    refused(client.post(f"{BASE}/{iid}/questions/{sq}/answer", json={"text": WEAK_ANSWER}, headers=ada), 409, "paused")
    assert current(client, ada, iid)["paused"] is True
    resumed = client.post(f"{BASE}/{iid}/resume", headers=ada)
    assert resumed.status_code == 200 and resumed.json()["paused"] is False
    client.put(f"{BASE}/{iid}/questions/{sq}/draft", json={"text": PARTIAL_ANSWER}, headers=ada)
    ended = client.post(f"{BASE}/{iid}/end", headers=ada)
    assert ended.status_code == 200 and ended.json()["status"] == "completed"
    assert ended.json()["current_question_id"] is None and ended.json()["ends_by"] is None
    refused(client.post(f"{BASE}/{iid}/end", headers=ada), 409, "session_over")
    refused(client.post(f"{BASE}/{iid}/pause", headers=ada), 409, "session_over")
    refused(client.put(f"{BASE}/{iid}/questions/{sq}/draft", json={"text": "x"}, headers=ada), 409, "session_over")
    report = client.get(f"{BASE}/{iid}/report", headers=ada).json()
    assert report["items"][0]["answer"] == PARTIAL_ANSWER  # the saved draft was handed in
    assert [item["status"] for item in report["items"][1:]] == ["skipped", "skipped"]


def test_a_question_of_another_interview_is_not_found(session, bank, client, ada):
    first, second = start(client, ada)["id"], start(client, ada)["id"]
    sq = current(client, ada, first)["id"]
    refused(client.put(f"{BASE}/{second}/questions/{sq}/draft", json={"text": "x"}, headers=ada), 404, "not_found")
    refused(client.get(f"{BASE}/{second}/questions/{sq}", headers=ada), 404, "not_found")


# ---------------------------------------------------------------- another user's, history


def test_another_users_interview_is_404_everywhere_and_nothing_changes(session, bank, client, ada, bob):
    iid = start(client, ada)["id"]
    sq = current(client, ada, iid)["id"]
    attempts = [
        ("GET", f"{BASE}/{iid}", None),
        ("GET", f"{BASE}/{iid}/current", None),
        ("GET", f"{BASE}/{iid}/questions/{sq}", None),
        ("PUT", f"{BASE}/{iid}/questions/{sq}/draft", {"text": "mine now"}),
        ("POST", f"{BASE}/{iid}/questions/{sq}/answer", {"text": WEAK_ANSWER}),
        ("POST", f"{BASE}/{iid}/questions/{sq}/skip", None),
        ("POST", f"{BASE}/{iid}/questions/{sq}/continue", None),
        ("POST", f"{BASE}/{iid}/pause", None),
        ("POST", f"{BASE}/{iid}/resume", None),
        ("POST", f"{BASE}/{iid}/end", None),
        ("GET", f"{BASE}/{iid}/report", None),
        ("GET", f"{BASE}/{iid}/report.pdf", None),
        ("DELETE", f"{BASE}/{iid}", None),
        ("GET", f"/api/v1/recordings/{sq}", None),
    ]
    for method, path, body in attempts:
        response = client.request(method, path, json=body, headers=bob)
        refused(response, 404, "not_found")
    mine = current(client, ada, iid)
    assert mine["id"] == sq and mine["draft"] == "" and mine["paused"] is False
    assert client.get(BASE, headers=bob).json()["total"] == 0


def test_history_pages_newest_first_filtered_by_status_with_etags(session, bank, client, ada, scorer):
    ids = [start(client, ada)["id"] for _ in range(3)]
    client.post(f"{BASE}/{ids[0]}/end", headers=ada)
    first = client.get(BASE, params={"limit": 2}, headers=ada)
    assert first.status_code == 200
    page = first.json()
    assert [row["id"] for row in page["items"]] == [ids[2], ids[1]]
    assert (page["total"], page["limit"], page["offset"], page["next_offset"]) == (3, 2, 0, 2)
    rest = client.get(BASE, params={"limit": 2, "offset": 2}, headers=ada).json()
    assert [row["id"] for row in rest["items"]] == [ids[0]] and rest["next_offset"] is None
    done = client.get(BASE, params={"status": "completed"}, headers=ada).json()
    assert [row["id"] for row in done["items"]] == [ids[0]]
    assert client.get(BASE, params={"status": "in_progress"}, headers=ada).json()["total"] == 2
    refused(client.get(BASE, params={"status": "lost"}, headers=ada), 422, "request_invalid")
    refused(client.get(BASE, params={"limit": 0}, headers=ada), 422, "request_invalid")
    etag = first.headers["etag"]
    unchanged = client.get(BASE, params={"limit": 2}, headers={**ada, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    client.post(f"{BASE}/{ids[2]}/pause", headers=ada)
    assert client.get(BASE, params={"limit": 2}, headers={**ada, "If-None-Match": etag}).status_code == 200


def test_deleting_an_interview(session, bank, client, ada):
    iid = start(client, ada)["id"]
    assert client.delete(f"{BASE}/{iid}", headers=ada).status_code == 204
    refused(client.get(f"{BASE}/{iid}", headers=ada), 404, "not_found")


# ---------------------------------------------------------------- recordings with an access token


def test_the_recording_routes_take_an_access_token(session, bank, client, ada, bob):
    iid = start(client, ada, answer_mode="audio")["id"]
    question = current(client, ada, iid)
    assert question["answer_mode"] == "audio" and question["recording"] is None
    status = client.get(f"/api/v1/recordings/{question['id']}", headers=ada)
    assert status.status_code == 200 and status.json()["received"] == 0
    refused(
        client.post(f"/api/v1/recordings/{question['id']}/finish", json={"pieces": 1}, headers=ada), 409, "no_recording"
    )
    refused(client.post(f"{BASE}/{iid}/questions/{question['id']}/continue", headers=ada), 409, "not_current")
    refused(
        client.get(f"/api/v1/recordings/{question['id']}", headers={"Authorization": "Bearer a.b.c"}),
        401,
        "token_invalid",
    )
    refused(client.put(f"/api/v1/recordings/{question['id']}/pieces/0", content=b"x"), 401, "signed_out")
    refused(client.get(f"/api/v1/recordings/{question['id']}", headers=bob), 404, "not_found")


def test_an_expired_access_token_is_told_to_refresh(session, client, make_user):
    user = make_user()
    token = api_tokens.issue_access(user.id or 0, "family", now=utcnow() - timedelta(hours=2))
    response = client.get("/api/v1/recordings/1", headers={"Authorization": f"Bearer {token}"})
    refused(response, 401, "token_expired")
    assert "invalid_token" in response.headers["www-authenticate"]


# ---------------------------------------------------------------- waiting for the next question


@pytest.fixture
def slow_lane(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[threading.Timer]]:
    """The priority lane decides the next question PREPARE_DELAY seconds after the hand-in, on its own thread."""
    timers: list[threading.Timer] = []
    monkeypatch.setattr(background, "TASKS", dict(tasks.TASKS))

    def dispatch(name: str, *args: object) -> None:
        if name == background.PREPARE_NEXT:
            timer = threading.Timer(PREPARE_DELAY, feedback.prepare_next, args=(int(args[0]),))  # type: ignore[arg-type]
            timers.append(timer)
            timer.start()

    background.set_dispatcher(dispatch)
    yield timers
    background.set_dispatcher(None)
    for timer in timers:
        timer.join(10)


PREPARE_DELAY = 0.6


def test_current_with_wait_answers_once_the_next_question_is_ready(session, bank, client, ada, slow_lane):
    """One request instead of a poll every 200 ms: 50 clients polling cost the process as much CPU as the decisions."""
    iid = start(client, ada)["id"]
    first = current(client, ada, iid)
    handed = client.post(f"{BASE}/{iid}/questions/{first['id']}/answer?wait=0", json={"text": WEAK_ANSWER}, headers=ada)
    assert handed.status_code == 201 and handed.json()["next_question"] is None
    at_once = client.get(f"{BASE}/{iid}/current", headers=ada)
    assert at_once.json()["preparing"] is True and at_once.headers["retry-after"] == "1"
    too_short = client.get(f"{BASE}/{iid}/current", params={"wait": 0.1}, headers=ada)
    assert too_short.json()["preparing"] is True and too_short.headers["retry-after"] == "1"
    began = time.monotonic()
    ready = client.get(f"{BASE}/{iid}/current", params={"wait": 10}, headers=ada)
    waited = time.monotonic() - began
    assert ready.status_code == 200 and ready.json()["preparing"] is False and "retry-after" not in ready.headers
    assert ready.json()["id"] != first["id"] and waited < 5  # back soon after the decision, not after `wait`
    assert current(client, ada, iid) == ready.json()


def test_current_with_wait_answers_at_once_when_nothing_is_being_prepared(session, bank, client, ada, slow_lane):
    iid = start(client, ada)["id"]
    began = time.monotonic()
    assert client.get(f"{BASE}/{iid}/current", params={"wait": 10}, headers=ada).json()["preparing"] is False
    assert time.monotonic() - began < 5


@pytest.mark.parametrize("wait", ["-1", "21", "soon"])
def test_a_wait_out_of_range_is_refused(session, bank, client, ada, wait):
    iid = start(client, ada)["id"]
    refused(client.get(f"{BASE}/{iid}/current", params={"wait": wait}, headers=ada), 422, "request_invalid")
