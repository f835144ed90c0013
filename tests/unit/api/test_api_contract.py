"""The HTTP API's contract in process: bounded ids, one error shape for every bad request, nothing said about
another user's recording, 405 with a true `Allow` header, and an OpenAPI document that lists every answer.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app import logs
from interview_app.api import api
from interview_app.models import Answer, Question, SessionQuestion, User
from interview_app.services.accounts import accounts
from interview_app.services.answers import recordings
from interview_app.services.interviews import interviews
from interview_app.services.interviews.interviews import InterviewError
from tests.support.handlers import recording_in_progress

TOO_BIG = str(2**63)  # one past the largest database id: overflowed SQLite (HTTP 500) before
PREFIX = "/api/v1/recordings"
# The token API's routes (tests/unit/api/v1 tests their behaviour) and the statuses each documents.
V1_ROUTES: dict[str, set[str]] = {
    "post /api/v1/auth/register": {"202", "422", "429"},
    "post /api/v1/auth/verify-email": {"200", "400", "422"},
    "post /api/v1/auth/resend-verification": {"202", "401", "429"},
    "post /api/v1/auth/sign-in": {"200", "202", "401", "403", "422", "429"},
    "post /api/v1/auth/sign-in/code": {"200", "202", "400", "401", "422", "429"},
    "post /api/v1/auth/2fa": {"200", "400", "401", "422", "429"},
    "post /api/v1/auth/refresh": {"200", "401", "422"},
    "post /api/v1/auth/sign-out": {"204", "401", "422"},
    "post /api/v1/auth/sign-out-everywhere": {"200", "401"},
    "post /api/v1/auth/password-reset": {"202", "422", "429"},
    "post /api/v1/auth/password-reset/confirm": {"200", "400", "422"},
    "post /api/v1/auth/password": {"200", "401", "422", "429"},
    "get /api/v1/me": {"200", "401"},
    "patch /api/v1/me": {"200", "401", "422"},
    "get /api/v1/me/sign-ins": {"200", "401"},
    "delete /api/v1/me/sign-ins/{sign_in_id}": {"204", "401", "404", "422"},
    "get /api/v1/questions": {"200", "304", "401", "422"},
    "get /api/v1/questions/{question_id}": {"200", "304", "401", "404", "422"},
    "post /api/v1/questions/{question_id}/practice": {"201", "401", "404", "422"},
    "post /api/v1/interviews": {"201", "401", "409", "422", "429"},
    "get /api/v1/interviews": {"200", "304", "401", "422"},
    "get /api/v1/interviews/{interview_id}": {"200", "401", "404", "422"},
    "delete /api/v1/interviews/{interview_id}": {"204", "401", "404", "422"},
    "get /api/v1/interviews/{interview_id}/current": {"200", "401", "404", "409", "422"},
    "get /api/v1/interviews/{interview_id}/questions/{question_id}": {"200", "401", "404", "422"},
    "put /api/v1/interviews/{interview_id}/questions/{question_id}/draft": {"200", "401", "404", "409", "422"},
    "post /api/v1/interviews/{interview_id}/questions/{question_id}/answer": {"201", "401", "404", "409", "422", "429"},
    "post /api/v1/interviews/{interview_id}/questions/{question_id}/skip": {"200", "401", "404", "409", "422"},
    "post /api/v1/interviews/{interview_id}/questions/{question_id}/continue": {"200", "401", "404", "409", "422"},
    "post /api/v1/interviews/{interview_id}/pause": {"200", "401", "404", "409", "422"},
    "post /api/v1/interviews/{interview_id}/resume": {"200", "401", "404", "409", "422"},
    "post /api/v1/interviews/{interview_id}/end": {"200", "401", "404", "409", "422"},
    "get /api/v1/interviews/{interview_id}/report": {"200", "401", "404", "422"},
    "get /api/v1/interviews/{interview_id}/report.pdf": {"200", "401", "403", "404", "422"},
}
# Sign-in steps answer 401 for wrong credentials, codes or refresh tokens: they take no bearer token.
PUBLIC_401 = {
    "post /api/v1/auth/sign-in",
    "post /api/v1/auth/sign-in/code",
    "post /api/v1/auth/2fa",
    "post /api/v1/auth/refresh",
}
V1_DOCUMENTED = (
    "/api/v1/me",
    "/api/v1/auth/sign",
    "/api/v1/auth/refresh",
    "/api/v1/auth/2fa",
    "/api/v1/questions",
    "/api/v1/interviews",
)


# The candidate's trainer, progress, notifications, exports and account deletion, and the admin resources.
V1_ROUTES |= {
    "get /api/v1/trainer": {"200", "401"},
    "get /api/v1/trainer/streak": {"200", "401"},
    "post /api/v1/trainer/today": {"200", "401", "409"},
    "post /api/v1/trainer/practice": {"201", "401", "404", "409", "422"},
    "get /api/v1/trainer/quizzes/{quiz_id}": {"200", "401", "404", "422"},
    "post /api/v1/trainer/quizzes/{quiz_id}/answers": {"200", "401", "404", "409", "422"},
    "get /api/v1/progress": {"200", "401"},
    "get /api/v1/notifications": {"200", "304", "401", "422"},
    "post /api/v1/notifications/{notification_id}/read": {"200", "401", "404", "422"},
    "post /api/v1/notifications/read-all": {"200", "401"},
    "get /api/v1/exports": {"200", "401"},
    "post /api/v1/exports": {"202", "401", "409", "429"},
    "get /api/v1/exports/{export_id}": {"200", "401", "404", "422"},
    "post /api/v1/exports/{export_id}/retry": {"202", "401", "404", "409", "422"},
    "post /api/v1/account/delete": {"200", "401", "403", "409", "422", "429"},
    "get /api/v1/admin/users": {"200", "304", "401", "403", "422"},
    "get /api/v1/admin/users/{user_id}": {"200", "401", "403", "404", "422"},
    "patch /api/v1/admin/users/{user_id}": {"200", "401", "403", "404", "409", "422"},
    "post /api/v1/admin/questions/import": {"200", "401", "403", "422"},
    "get /api/v1/admin/questions/export": {"200", "401", "403", "422"},
    "get /api/v1/admin/audit": {"200", "304", "401", "403", "422"},
}
V1_DOCUMENTED += ("/api/v1/trainer", "/api/v1/progress", "/api/v1/notifications", "/api/v1/exports")
V1_DOCUMENTED += ("/api/v1/account", "/api/v1/admin")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def bank(session: Session) -> list[Question]:
    rows = [
        Question(
            slug=f"contract-{i}",
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


def voice_question(session: Session, user: User, pieces_held: int = 0) -> SessionQuestion:
    """The current question of a new voice interview; with `pieces_held`, a recording in progress on it."""
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


def answers(session: Session) -> list[Answer]:
    session.expire_all()
    return list(session.exec(select(Answer)).all())


def assert_refused(response, status: int, code: str) -> None:
    """The one error shape: code, message, the request id (also in the header) and details."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "request_id", "details"}, body
    error = body["error"]
    assert error["code"] == code and error["message"] and isinstance(error["details"], dict), body
    assert error["request_id"] and response.headers["x-request-id"] == error["request_id"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", f"{PREFIX}/{TOO_BIG}/pieces/0"),
        ("GET", f"{PREFIX}/{TOO_BIG}"),
        ("DELETE", f"{PREFIX}/{TOO_BIG}"),
        ("POST", f"{PREFIX}/{TOO_BIG}/finish"),
        ("GET", f"{PREFIX}/media/{TOO_BIG}?u=1&e=99999999999&s=x"),
        ("GET", f"/api/v1/exports/{TOO_BIG}/download?u=1&e=99999999999&s=x"),
        ("GET", f"/api/v1/exports/1/download?u={TOO_BIG}&e={TOO_BIG}&s=x"),
        ("GET", f"{PREFIX}/0"),
        ("GET", f"{PREFIX}/-7"),
        ("GET", f"{PREFIX}/abc"),
    ],
)
def test_ids_out_of_range_are_malformed_requests(session, make_user, client, method, path):
    headers = signed_in(session, make_user())
    response = client.request(method, path, headers=headers, json={"pieces": 1} if method == "POST" else None)
    assert_refused(response, 422, "request_invalid")


def test_the_largest_id_is_simply_not_found(session, make_user, client):
    headers = signed_in(session, make_user())
    assert_refused(client.get(f"{PREFIX}/{2**63 - 1}", headers=headers), 404, "not_found")


def test_a_negative_or_huge_piece_number_is_refused_and_nothing_is_stored(session, bank, make_user, client):
    ada = make_user()
    headers, sq = signed_in(session, ada), voice_question(session, ada, pieces_held=2)
    for seq in ("-1", "-2", "100000", TOO_BIG, "1.5", "x"):
        response = client.put(f"{PREFIX}/{sq.id}/pieces/{seq}", content=b"bytes", headers=headers)
        assert_refused(response, 422, "request_invalid")
    [row] = answers(session)
    assert (row.media_pieces, row.media_bytes) == (2, 2000)


def test_the_service_refuses_a_negative_piece_number_too(session, bank, make_user):
    ada = make_user()
    sq = voice_question(session, ada, pieces_held=2)
    with pytest.raises(InterviewError) as refused:
        recordings.receive_piece(session, ada.id or 0, sq.id or 0, -1, b"bytes")
    assert refused.value.code == "out_of_order"
    with pytest.raises(InterviewError):
        recordings.hand_in(session, ada.id or 0, sq.id or 0, 0)


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"not json", {"Content-Type": "application/json"}),
        (b"\xff\xfe\x00", {"Content-Type": "application/json"}),
        (b"", {}),
        (b'{"pieces": 0}', {"Content-Type": "application/json"}),
        (b'{"pieces": -1}', {"Content-Type": "application/json"}),
        (b'{"pieces": 1e40}', {"Content-Type": "application/json"}),
        (b'{"pieces": "many"}', {"Content-Type": "application/json"}),
        (b"[1]", {"Content-Type": "application/json"}),
        (b"pieces=1", {"Content-Type": "application/x-www-form-urlencoded"}),
    ],
)
def test_a_malformed_finish_body_gets_the_error_shape(session, bank, make_user, client, content, headers):
    ada = make_user()
    auth, sq = signed_in(session, ada), voice_question(session, ada, pieces_held=1)
    response = client.post(f"{PREFIX}/{sq.id}/finish", content=content, headers={**auth, **headers})
    assert_refused(response, 422, "request_invalid")
    assert answers(session)[0].status == "recording"


def test_another_users_recording_is_not_described(session, bank, make_user, client):
    ada, bob = make_user(), make_user("bob@example.com", "Bob Builder")
    sq = voice_question(session, ada, pieces_held=3)
    bob_auth = signed_in(session, bob)
    voice_question(session, bob)
    refused = [
        client.put(f"{PREFIX}/{sq.id}/pieces/1", content=b"bytes", headers=bob_auth),
        client.put(f"{PREFIX}/{sq.id}/pieces/3", content=b"bytes", headers=bob_auth),
        client.post(f"{PREFIX}/{sq.id}/finish", json={"pieces": 3}, headers=bob_auth),
        client.get(f"{PREFIX}/{sq.id}", headers=bob_auth),
        client.delete(f"{PREFIX}/{sq.id}", headers=bob_auth),
    ]
    for response in refused:
        assert_refused(response, 404, "not_found")
        assert response.json()["error"]["details"] == {}, response.json()  # no piece count, nothing else
    [row] = answers(session)
    assert (row.user_id, row.media_pieces, row.status) == (ada.id, 3, "recording")


def test_a_refusal_of_ones_own_recording_tells_the_resume_point(session, bank, make_user, client):
    ada = make_user()
    auth, sq = signed_in(session, ada), voice_question(session, ada, pieces_held=2)
    response = client.put(f"{PREFIX}/{sq.id}/pieces/5", content=b"bytes", headers=auth)
    assert_refused(response, 409, "out_of_order")
    assert response.json()["error"]["details"]["received"] == 2


def test_requests_without_a_session_are_refused_before_the_body_is_read(session, bank, make_user, client):
    sq = voice_question(session, make_user(), pieces_held=1)
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        too_big = client.put(f"{PREFIX}/{sq.id}/pieces/1", content=bytes(5 * 1024 * 1024), headers=headers)
        assert_refused(too_big, 401, "signed_out")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", f"{PREFIX}/5", "GET, HEAD, DELETE, OPTIONS"),
        ("POST", f"{PREFIX}/5", "GET, HEAD, DELETE, OPTIONS"),
        ("GET", "/api/v1/push/subscriptions", "POST, DELETE, OPTIONS"),
        ("DELETE", f"{PREFIX}/5/finish", "POST, OPTIONS"),
        ("PUT", "/api/v1/reminders/unsubscribe", "GET, HEAD, POST, OPTIONS"),
    ],
)
def test_a_wrong_method_gets_405_with_every_allowed_method(client, method, path, allow):
    response = client.request(method, path)
    assert_refused(response, 405, "method_not_allowed")
    assert response.headers["allow"] == allow
    options = client.options(path)
    assert options.status_code == 204 and options.headers["allow"] == allow


def test_an_unknown_api_path_is_a_json_404(client):
    for path in ("/api/v1/nothing", "/api/v1/recordings/1/pieces", "/api/v1/push", "/api/v2/me", "/api/x"):
        assert_refused(client.get(path), 404, "not_found")


def test_a_sane_request_id_is_kept_and_any_other_replaced(client):
    kept = client.get("/api/v1/nothing", headers={"X-Request-ID": "trace-42.a_b"})
    assert kept.headers["x-request-id"] == kept.json()["error"]["request_id"] == "trace-42.a_b"
    for bad in ("x" * 65, "a b", "<script>", ""):
        replaced = client.get("/api/v1/nothing", headers={"X-Request-ID": bad})
        request_id = replaced.json()["error"]["request_id"]
        assert request_id != bad and len(request_id) == 16 and replaced.headers["x-request-id"] == request_id
    first, second = client.get("/api/v1/nothing"), client.get("/api/v1/nothing")
    assert first.json()["error"]["request_id"] != second.json()["error"]["request_id"]


class _IdsSeen(logging.Handler):
    """Keeps (message, bound ids, has traceback) of each record, as the JSON log lines would show them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, str], bool]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((record.getMessage(), logs.current_ids(), record.exc_info is not None))


def test_an_unexpected_failure_is_a_500_with_the_shape_and_is_logged_with_its_id(client, monkeypatch):
    from interview_app.services.accounts import profiles

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(profiles, "get_profile", broken)
    from interview_app.api.v1.deps import current_user

    api.dependency_overrides[current_user] = lambda: User(id=1, email="a@example.com", name="A")
    handler = _IdsSeen()
    logging.getLogger("interview_app.api.contract").addHandler(handler)
    try:
        response = client.get("/api/v1/me", headers={"X-Request-ID": "boom-1"})
    finally:
        api.dependency_overrides.clear()
        logging.getLogger("interview_app.api.contract").removeHandler(handler)
    assert_refused(response, 500, "internal_error")
    assert response.json()["error"]["request_id"] == "boom-1"
    assert "the database went away" not in response.text
    assert [(ids.get("request_id"), traced) for _, ids, traced in handler.seen] == [("boom-1", True)]


def test_the_old_openapi_and_docs_addresses_redirect(client):
    for old, new in (("/api/openapi.json", "/api/v1/openapi.json"), ("/api/docs", "/api/v1/docs")):
        response = client.get(old)
        assert (response.status_code, response.headers["location"]) == (308, new)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert (
        "<script" not in page.text
        and "/api/v1/me" in page.text
        and "default-src 'none'" in page.headers["content-security-policy"]
    )


def test_the_openapi_document_lists_every_answer(client):
    schema = client.get("/api/v1/openapi.json").json()
    bearer = schema["components"]["securitySchemes"]["HTTPBearer"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer") and "access token" in bearer["description"]
    expected: dict[str, set[str]] = {
        "put /api/v1/recordings/{sq_id}/pieces/{seq}": {"200", "401", "404", "409", "413", "415", "422", "429"},
        "get /api/v1/recordings/{sq_id}": {"200", "401", "404", "422"},
        "delete /api/v1/recordings/{sq_id}": {"204", "401", "404", "409", "422"},
        "post /api/v1/recordings/{sq_id}/finish": {"200", "401", "404", "409", "422", "429"},
        "get /api/v1/recordings/media/{answer_id}": {"200", "206", "403", "404", "422"},
        "get /api/v1/exports/{export_id}/download": {"200", "403", "404", "422"},
        "post /api/v1/push/subscriptions": {"201", "401", "422", "429"},
        "delete /api/v1/push/subscriptions": {"204", "401", "422"},
        "get /api/v1/push/key": {"200"},
        "get /api/v1/reminders/unsubscribe": {"200", "400", "422"},
        "post /api/v1/reminders/unsubscribe": {"200", "400", "422"},
        "get /api/v1/auth/oauth/{provider}/start": {"303", "404", "422"},
        "get /api/v1/auth/oauth/{provider}/callback": {"303", "404", "422"},
        **V1_ROUTES,
    }
    found = {
        f"{method} {path}": set(op["responses"]) for path, ops in schema["paths"].items() for method, op in ops.items()
    }
    assert found == expected
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for status, answer in op["responses"].items():
                if status.startswith("4") and "application/json" in answer.get("content", {}):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.rsplit("/", 1)[-1] in {"ApiError", "RecordingError", "RateLimitedError"}, (path, status)
                if status.startswith("2") and "application/json" in answer.get("content", {}):
                    media = answer["content"]["application/json"]
                    named = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                    has_example = "example" in media or "example" in schema["components"]["schemas"].get(named, {})
                    assert has_example or not path.startswith(V1_DOCUMENTED), (method, path, status)
            protected = "401" in op["responses"] and f"{method} {path}" not in PUBLIC_401
            assert (op.get("security") == [{"HTTPBearer": []}]) is protected, (method, path)
