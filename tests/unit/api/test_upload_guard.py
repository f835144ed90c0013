"""The guard in front of Reflex's `/_upload`: who may upload to which handler, and how much, before any body
reaches Reflex. Driven as plain ASGI calls, with a stand-in for the Reflex app that records what it got.
"""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import Session

from interview_app.api.upload_guard import FORM_OVERHEAD_BYTES, UPLOADS, UploadGuard, handler_name
from interview_app.models import User
from interview_app.pages.admin.question_import import ImportState
from interview_app.pages.tailoring.tailor import TailorState
from interview_app.services.accounts import accounts
from interview_app.services.bank.importer import MAX_IMPORT_BYTES
from interview_app.services.tailoring.files import MAX_BYTES as MAX_CV_BYTES
from tests.support.handlers import run_coroutine

IMPORT = handler_name(ImportState.upload)
CV = handler_name(TailorState.upload_cv)
MB = 1024 * 1024


@dataclass
class Reflex:
    """Stands in for the Reflex app: keeps the body of every request that reached it."""

    bodies: list[bytes] = field(default_factory=list)

    async def __call__(self, scope, receive, send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


@dataclass
class Sent:
    """One request through the guard: the answer, and how many body chunks the guard pulled."""

    status: int
    headers: dict[str, str]
    body: bytes
    chunks_read: int


def call(
    guard: UploadGuard,
    *,
    method: str = "POST",
    path: str = "/_upload",
    headers: dict[str, str] | None = None,
    chunks: list[bytes] | None = None,
) -> Sent:
    chunks = chunks if chunks is not None else [b"x" * 100]
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope: dict[str, Any] = {"type": "http", "method": method, "path": path, "headers": raw}
    read = 0
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= len(chunks):
            return {"type": "http.disconnect"}
        read += 1
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            answer["body"] += message.get("body", b"")

    run_coroutine(guard(scope, receive, send))
    return Sent(answer["status"], answer["headers"], answer["body"], read)


@pytest.fixture
def reflex() -> Reflex:
    return Reflex()


@pytest.fixture
def tabs() -> dict[str, str]:
    """The session token each tab's server-side state holds, by client token."""
    return {}


@pytest.fixture
def guard(reflex: Reflex, tabs: dict[str, str]) -> UploadGuard:
    async def tab_session(client_token: str) -> str:
        return tabs.get(client_token, "")

    return UploadGuard(reflex, tab_session=tab_session)


def bearer(session: Session, user: User) -> str:
    token = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="pytest"))
    session.commit()
    return f"Bearer {token}"


@pytest.fixture
def admin(session: Session, make_user: Callable[..., User], tabs: dict[str, str]) -> str:
    """An admin's bearer header, signed in in the tab "tab-1"."""
    auth = bearer(session, make_user("root@example.com", "Ada Admin", role="admin"))
    tabs["tab-1"] = auth.removeprefix("Bearer ")
    return auth


def upload(auth: str, handler: str = IMPORT) -> dict[str, str]:
    return {"Authorization": auth, "Reflex-Client-Token": "tab-1", "Reflex-Event-Handler": handler}


def test_the_import_and_the_cv_are_the_only_uploads_each_with_its_own_limit(guard):
    assert guard.uploads == UPLOADS and set(UPLOADS) == {IMPORT, CV}
    assert UPLOADS[IMPORT].role == "admin" and UPLOADS[IMPORT].max_file_bytes == MAX_IMPORT_BYTES
    assert UPLOADS[CV].role == "user" and UPLOADS[CV].max_file_bytes == MAX_CV_BYTES


def test_any_signed_in_user_may_upload_a_cv_within_its_limit(session, make_user, guard, reflex, tabs, admin):
    candidate = bearer(session, make_user("cand@example.com", "Cand"))
    for auth in (candidate, admin):
        tabs["tab-1"] = auth.removeprefix("Bearer ")
        assert call(guard, headers=upload(auth, CV), chunks=[bytes(MB)] * 2).status == 200
        too_big = call(guard, headers=upload(auth, CV), chunks=[bytes(MB)] * 6)
        assert too_big.status == 413
    assert call(guard, headers=upload("", CV)).status == 401
    assert [len(body) for body in reflex.bodies] == [2 * MB, 2 * MB]


def test_an_admin_upload_within_the_limit_reaches_reflex_whole(session, guard, reflex, admin):
    chunks = [b"a" * 400_000, b"b" * 400_000, b"c" * 200_000]
    sent = call(guard, headers=upload(admin), chunks=chunks)
    assert sent.status == 200 and reflex.bodies == [b"".join(chunks)]


@pytest.mark.parametrize(
    "handler",
    [
        "",
        "nothing.here",
        handler_name(ImportState.load),  # a handler that takes no files: Reflex answered 500
        handler_name(ImportState.import_rows),
    ],
)
def test_a_handler_that_takes_no_files_is_refused_with_400(session, guard, reflex, admin, handler):
    sent = call(guard, headers=upload(admin, handler))
    assert sent.status == 400 and b'"handler_unknown"' in sent.body
    assert reflex.bodies == []


def test_no_session_or_a_candidate_is_refused_before_the_body_is_read(session, make_user, guard, reflex):
    candidate = bearer(session, make_user())
    for auth, status in (("", 401), ("Bearer not-a-session", 401), ("Basic YTpi", 401), (candidate, 403)):
        sent = call(guard, headers=upload(auth), chunks=[bytes(MB)] * 25)
        assert sent.status == status, auth
        assert sent.chunks_read == 0 and sent.headers["content-type"] == "application/json"
    assert reflex.bodies == []


def test_a_body_declared_too_large_is_refused_without_reading_it(session, guard, reflex, admin):
    headers = {**upload(admin), "Content-Length": str(25 * MB)}
    sent = call(guard, headers=headers, chunks=[bytes(MB)] * 25)
    assert sent.status == 413 and b'"too_large"' in sent.body and b"1,000,000 bytes" in sent.body
    assert sent.chunks_read == 0 and reflex.bodies == []
    # The API's error shape, with the request id in the body and the header, and the limit in the details.
    error = json.loads(sent.body)["error"]
    assert set(error) == {"code", "message", "request_id", "details"} and error["code"] == "too_large"
    assert error["details"] == {"limit_bytes": 1_000_000} and sent.headers["x-request-id"] == error["request_id"]


def test_a_streamed_body_is_cut_off_once_past_the_limit(session, guard, reflex, admin):
    sent = call(guard, headers=upload(admin), chunks=[bytes(256 * 1024)] * 100)  # 25 MB, no Content-Length
    assert sent.status == 413
    assert sent.chunks_read == (MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES) // (256 * 1024) + 1
    assert reflex.bodies == []


def test_a_body_just_over_the_limit_is_refused_and_one_at_the_limit_passes(session, guard, reflex, admin):
    limit = MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES
    assert call(guard, headers=upload(admin), chunks=[bytes(limit + 1)]).status == 413
    assert call(guard, headers=upload(admin), chunks=[bytes(limit)]).status == 200
    assert [len(body) for body in reflex.bodies] == [limit]


def test_nothing_is_served_from_the_upload_folder(session, guard, reflex, admin):
    for method in ("GET", "PUT", "DELETE"):
        sent = call(guard, method=method, headers=upload(admin))
        assert sent.status == 405 and sent.headers["allow"] == "POST"
    assert call(guard, method="GET", path="/_upload/secret.csv").status == 404
    assert reflex.bodies == []


def test_other_paths_pass_through_untouched(guard, reflex):
    for path in ("/", "/_uploads", "/api/v1/push/key", "/_event"):
        assert call(guard, method="GET", path=path).status == 200
    assert len(reflex.bodies) == 4


def test_an_admin_token_cannot_upload_into_a_tab_that_holds_another_session(session, make_user, guard, reflex, tabs):
    other = bearer(session, make_user("mallory@example.com", "Mallory Admin", role="admin"))
    victim = bearer(session, make_user("root@example.com", "Ada Admin", role="admin"))
    tabs["tab-1"] = victim.removeprefix("Bearer ")
    sent = call(guard, headers=upload(other))
    assert (sent.status, sent.chunks_read, reflex.bodies) == (403, 0, [])
    tabs.pop("tab-1")  # a tab whose socket has closed holds no session
    sent = call(guard, headers=upload(victim))
    assert (sent.status, sent.chunks_read, reflex.bodies) == (403, 0, [])
