"""The HTTP API and the upload endpoint against the running app: malformed requests, another user's
recording, oversized and unauthenticated uploads, and a schemathesis run with every check.

Users, sessions and recordings in progress are made with the services directly in the live app's database
(a recording's row stands in for its pieces: no audio is needed to see what a stranger is told).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy
from sqlmodel import Session, create_engine, delete, select

from interview_app.api.upload_guard import UPLOADS
from interview_app.models import Answer, RateLimitHit, TwoFactor, User
from interview_app.services.interviews import interviews
from interview_app.services.shared import rate_limit
from tests.support import two_factor as totp
from tests.support.handlers import PASSWORD, recording_in_progress, run_coroutine, signed_in_user
from tests.support.live_server import LiveServer
from tests.support.sockets import AUTH, hydrate_event, open_tab
from tests.support.two_factor_browser import enrol_live

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/api/v1/recordings"
TOO_BIG = str(2**63)
MB = 1024 * 1024
IMPORT = (
    "reflex___state____state.interview_app___state___auth____auth_state."
    "interview_app___state___admin____admin_state."
    "interview_app___pages___admin___question_import____import_state.upload"
)
CV_UPLOAD = (
    "reflex___state____state.interview_app___state___auth____auth_state."
    "interview_app___pages___tailoring___tailor____tailor_state.upload_cv"
)


@pytest.fixture(scope="module")
def engine(live: LiveServer) -> Iterator[sqlalchemy.Engine]:
    eng = create_engine(live.db_url, connect_args={"timeout": 15})
    yield eng
    eng.dispose()


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http


@dataclass
class Person:
    """A signed-in user of the live app, with a voice interview on its first question."""

    user_id: int
    token: str
    sq_id: int

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def person(engine: sqlalchemy.Engine, *, role: str = "candidate", pieces_held: int = 0) -> Person:
    """A verified user in a voice interview; with `pieces_held`, a recording in progress of that many pieces."""
    with Session(engine, expire_on_commit=False) as session:
        email = f"contract-{uuid.uuid4().hex[:10]}@example.com"
        user, token = signed_in_user(session, email=email, name="Casey Contract", role=role)
        assert user.id is not None
        options = interviews.validate_setup(
            {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
        )
        interview = interviews.start_session(session, user.id, options, rng=random.Random(1))
        sq = interviews.current_question(session, interview)
        assert sq is not None and sq.id is not None
        if pieces_held:
            session.add(recording_in_progress(sq.id, user.id, pieces_held))
        session.commit()
        return Person(user.id, token, sq.id)


def api_access_token(live: LiveServer, engine: sqlalchemy.Engine, client: httpx.Client, who: Person) -> str:
    """An access token of `who` from the API's own sign-in; an admin signs in with two-factor (admins must)."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.get(User, who.user_id)
        assert user is not None
        secret = ""
        if user.role == "admin":  # enrolled by `signed_in_user` under this process's key: again, under the app's
            session.exec(delete(TwoFactor).where(TwoFactor.user_id == user.id))  # type: ignore[call-overload]
            session.commit()
            secret = enrol_live(live, session, user.email)[0]
        # The schemathesis runs sign in at random from this address: start each token with a clean IP limit.
        rate_limit.clear(session, "signin-ip:127.0.0.1")
        session.commit()
    signed = client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": PASSWORD})
    if secret:
        assert signed.status_code == 202 and signed.json()["next_step"] == "two_factor", signed.text
        challenge = signed.json()["challenge"]
        signed = client.post("/api/v1/auth/2fa", json={"challenge": challenge, "code": totp.fresh_code(secret)})
    assert signed.status_code == 200, signed.text
    return signed.json()["access_token"]


def answers_of(engine: sqlalchemy.Engine, who: Person) -> list[tuple[int, str, int, int]]:
    with Session(engine) as session:
        rows = session.exec(select(Answer).where(Answer.user_id == who.user_id)).all()
        return [(row.session_question_id, row.status, row.media_pieces, row.media_bytes) for row in rows]


def media_files(live: LiveServer) -> list[Path]:
    folder = live.data_dir / "media"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def malformed_requests(ada: Person) -> list[tuple[str, str, dict[str, object]]]:
    """Requests no client of ours sends: each must get a 4xx with the error shape and change nothing."""
    sq, json_type = ada.sq_id, {"Content-Type": "application/json"}
    cases: list[tuple[str, str, dict[str, object]]] = []
    for bad_id in (TOO_BIG, "99999999999999999999999", "0", "-1", "abc", "1.5", "%00", "1e3"):
        cases += [
            ("PUT", f"{PREFIX}/{bad_id}/pieces/0", {"content": b"x"}),
            ("GET", f"{PREFIX}/{bad_id}", {}),
            ("POST", f"{PREFIX}/{bad_id}/finish", {"json": {"pieces": 1}}),
            ("DELETE", f"{PREFIX}/{bad_id}", {}),
            ("GET", f"{PREFIX}/media/{bad_id}?u=1&e=9999999999&s=x", {}),
            ("GET", f"/api/v1/exports/{bad_id}/download?u=1&e=9999999999&s=x", {}),
        ]
    for seq in ("-1", "-2", "100000", TOO_BIG, "x"):
        cases.append(("PUT", f"{PREFIX}/{sq}/pieces/{seq}", {"content": b"bytes"}))
    cases += [
        ("PUT", f"{PREFIX}/{sq}/pieces/0", {"content": b""}),
        ("PUT", f"{PREFIX}/{sq}/pieces/0?last=maybe", {"content": b"x"}),
        ("PUT", f"{PREFIX}/{sq}/pieces/0?last={'9' * 40}", {"content": b"x"}),
        ("PUT", f"{PREFIX}/{sq}/pieces/0", {"content": b"<html>not audio</html>" * 40, "headers": json_type}),
        ("PUT", f"{PREFIX}/{sq}/pieces/0", {"content": b"\x89PNG\r\n\x1a\n" + bytes(3000)}),
        ("PUT", f"{PREFIX}/{sq}/pieces/0", {"content": bytes(5 * MB)}),
        ("POST", f"{PREFIX}/{sq}/finish", {"content": b"not json", "headers": json_type}),
        ("POST", f"{PREFIX}/{sq}/finish", {"content": b"\xff\xfe\xfd", "headers": json_type}),
        ("POST", f"{PREFIX}/{sq}/finish", {"content": b""}),
        ("POST", f"{PREFIX}/{sq}/finish", {"content": b"pieces=1", "headers": {"Content-Type": "text/plain"}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": 0}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": -1}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": 10**30}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": "one"}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": None}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": [1]}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {}}),
        ("POST", f"{PREFIX}/{sq}/finish", {"json": {"pieces": 1}}),  # nothing recorded yet: 409
        ("PATCH", f"{PREFIX}/{sq}", {}),
        ("POST", f"{PREFIX}/{sq}", {}),
        ("GET", f"{PREFIX}/{sq}/finish", {}),
        ("GET", f"{PREFIX}/media/1?u={TOO_BIG}&e=1&s=x", {}),
        ("GET", f"{PREFIX}/media/1?u=1&e={TOO_BIG}&s=x", {}),
        ("GET", f"{PREFIX}/media/1?u=1&e=9999999999&s={'a' * 500}", {}),
        ("GET", "/api/v1/exports/1/download?u=-1&e=-1&s=", {}),
        ("POST", "/api/v1/push/subscriptions", {"content": b"\xff\xfe", "headers": json_type}),
        ("POST", "/api/v1/push/subscriptions", {"content": b"x" * 20000, "headers": json_type}),
        ("DELETE", "/api/v1/push/subscriptions", {"json": {"endpoint": ""}}),
        ("GET", "/api/v1/push/subscriptions", {}),
        ("GET", "/api/v1/no-such-thing", {}),
    ]
    return cases


def test_every_malformed_request_gets_a_4xx_with_the_error_shape_and_nothing_is_stored(live, engine, client):
    ada = person(engine)
    cases = malformed_requests(ada)
    unexpected = []
    for method, path, options in cases:
        headers = {**ada.auth, **options.pop("headers", {})}  # type: ignore[arg-type]
        response = client.request(method, path, headers=headers, **options)  # type: ignore[arg-type]
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        found = body.get("error")
        error: dict[str, object] = found if isinstance(found, dict) else {}
        shaped = set(error) == {"code", "message", "request_id", "details"} and error["code"] and error["message"]
        if not (400 <= response.status_code < 500 and shaped and response.headers.get("x-request-id")):
            unexpected.append((method, path[:80], response.status_code, response.text[:120]))
    print(f"{len(cases)} malformed requests, {len(unexpected)} unexpected answers")
    assert unexpected == []
    assert answers_of(engine, ada) == [] and media_files(live) == []


def test_another_users_recording_tells_them_nothing(engine, client):
    ada, bob = person(engine, pieces_held=2), person(engine)
    before = answers_of(engine, ada)
    tries = [
        client.put(f"{PREFIX}/{ada.sq_id}/pieces/1", content=b"bytes", headers=bob.auth),
        client.put(f"{PREFIX}/{ada.sq_id}/pieces/2", content=b"bytes", headers=bob.auth),
        client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": 2}, headers=bob.auth),
        client.get(f"{PREFIX}/{ada.sq_id}", headers=bob.auth),
        client.delete(f"{PREFIX}/{ada.sq_id}", headers=bob.auth),
    ]
    for response in tries:
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["code"] == "not_found" and error["details"] == {}  # not even how many pieces it holds
    assert answers_of(engine, ada) == before and answers_of(engine, bob) == []
    own = client.put(f"{PREFIX}/{ada.sq_id}/pieces/5", content=b"bytes", headers=ada.auth)
    assert own.status_code == 409 and own.json()["error"]["details"]["received"] == 2  # the owner's resume point


# ---------------------------------------------------------------- /_upload


def uploaded_files() -> set[Path]:
    folder = ROOT / "uploaded_files"
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def upload_headers(who: Person | None, handler: str = IMPORT, tab: str | None = None) -> dict[str, str]:
    headers = {"Reflex-Client-Token": tab or str(uuid.uuid4()), "Reflex-Event-Handler": handler}
    return {**headers, **(who.auth if who else {})}


@asynccontextmanager
async def signed_in_tab(live: LiveServer, who: Person) -> AsyncIterator[str]:
    """A tab of `who` that has proved their session over the socket, as the import page is; yields its token."""
    client_token = str(uuid.uuid4())
    tab = await open_tab(live, client_token, hydrate_event(who.token))
    try:
        await tab.wait_for(AUTH, "signed_in", True)
        yield client_token
    finally:
        await tab.close()


def in_signed_in_tab(live: LiveServer, who: Person, send: Callable[[str], None]) -> None:
    """Run `send(client_token)` while a signed-in tab of `who` is open."""

    async def scenario() -> None:
        async with signed_in_tab(live, who) as client_token:
            await asyncio.to_thread(send, client_token)

    run_coroutine(scenario())


def form(size: int) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bank.csv"\r\n\r\n'.encode()
    return head + b"a" * size + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_oversized_upload_is_refused_before_it_is_read(live, engine, client):
    admin, before = person(engine, role="admin"), uploaded_files()
    body, content_type = form(25 * MB)
    in_signed_in_tab(live, admin, lambda tab: refuse_oversized(client, admin, tab, body, content_type))
    assert uploaded_files() == before


def refuse_oversized(client: httpx.Client, admin: Person, tab: str, body: bytes, content_type: str) -> None:
    started = time.monotonic()
    headers = {**upload_headers(admin, tab=tab), "Content-Type": content_type}
    response = client.post("/_upload", content=body, headers=headers)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    sent = 0

    def stream() -> Iterator[bytes]:  # no Content-Length: the guard stops reading past the limit
        nonlocal sent
        for start in range(0, len(body), 256 * 1024):
            sent += 256 * 1024
            yield body[start : start + 256 * 1024]

    try:
        streamed = client.post("/_upload", content=stream(), headers=headers)
        assert streamed.status_code == 413
    except httpx.HTTPError:
        pass  # the server may close the connection while the rest is still being sent: refused all the same
    elapsed = time.monotonic() - started
    print(f"25 MB upload refused in {elapsed:.2f} s; {sent / MB:.1f} MB of the streamed one left the client")
    assert elapsed < 10 and sent < 25 * MB


def test_uploads_need_an_admin_session_its_own_tab_and_an_upload_handler(live, engine, client):
    admin, candidate = person(engine, role="admin"), person(engine)
    body, content_type = form(100)
    kinds = {"Content-Type": content_type}
    refusals = [
        (upload_headers(None), 401, "signed_out"),
        ({**upload_headers(None), "Authorization": "Bearer not-a-session"}, 401, "signed_out"),
        (upload_headers(candidate), 403, "forbidden"),
        (upload_headers(admin, IMPORT.replace(".upload", ".load")), 400, "handler_unknown"),  # was HTTP 500
        (upload_headers(admin, IMPORT.replace(".upload", ".import_rows")), 400, "handler_unknown"),
        (upload_headers(admin, "os.system"), 400, "handler_unknown"),
    ]
    for headers, status, code in refusals:
        response = client.post("/_upload", content=body, headers={**headers, **kinds})
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), headers
    assert client.get("/_upload").status_code == 405
    assert client.get("/_upload/bank.csv").status_code == 404
    other_admin = person(engine, role="admin")

    def from_the_tab(tab: str) -> None:
        # Another admin's token cannot run the import in this admin's tab; a tab that holds no session is refused.
        for who, client_token in ((other_admin, tab), (admin, str(uuid.uuid4()))):
            refused = client.post("/_upload", content=body, headers={**upload_headers(who, tab=client_token), **kinds})
            assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")
        accepted = client.post("/_upload", content=body, headers={**upload_headers(admin, tab=tab), **kinds})
        assert accepted.status_code == 200  # through to Reflex, whose handler checks the tab's own session again

    in_signed_in_tab(live, admin, from_the_tab)


def test_the_upload_handler_names_are_the_ones_guarded():
    """The admin's bank import and the candidate's CV are the only handlers that take files, each with its role."""
    assert set(UPLOADS) == {IMPORT, CV_UPLOAD}
    assert (UPLOADS[IMPORT].role, UPLOADS[CV_UPLOAD].role) == ("admin", "user")


# ---------------------------------------------------------------- schemathesis


def schemathesis(live: LiveServer, token: str, *options: str, timeout: int = 240) -> tuple[int, str, int]:
    """Run schemathesis with every check against the live app's OpenAPI as the holder of `token`.

    Returns:
        The exit code, the summary (printed) and the number of cases generated.

    """
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(ROOT / "tests" / "api" / "schemathesis.toml"),
        "run",
        f"{live.url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--workers",
        "1",
        "--seed",
        "13",
        *options,
    ]
    env = {**os.environ, "IC_SESSION_TOKEN": token, "NO_COLOR": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    summary = done.stdout[done.stdout.find("SUMMARY") :] if "SUMMARY" in done.stdout else done.stdout[-3000:]
    print(summary)
    cases = re.search(r"(\d+) generated", done.stdout)
    count = int(cases.group(1)) if cases else 0
    print(f"schemathesis: exit {done.returncode}, {count} cases generated")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Failures:" not in summary
    return done.returncode, summary, count


# Signing out ends the token the run is using: those operations get a run of their own, last.
SIGN_OUT = "^POST /api/v1/auth/sign-out"


@pytest.fixture
def accounts_kept(engine: sqlalchemy.Engine) -> Iterator[None]:
    """Every account's role and active flag as before the test: an admin's run changes random users by id.

    The run's thousands of sign-ins, registrations and codes from 127.0.0.1 are forgotten too: the live app is
    shared, and the journeys after this test sign in from the same address (they met "too many attempts").
    """
    with Session(engine) as session:
        before = {user.id: (user.role, user.is_active) for user in session.exec(select(User)).all()}
    yield
    with Session(engine) as session:
        session.exec(delete(RateLimitHit))
        for user in session.exec(select(User)).all():
            if user.id in before and (user.role, user.is_active) != before[user.id]:
                user.role, user.is_active = before[user.id]
                session.add(user)
        session.commit()


@pytest.mark.parametrize("role", ["candidate", "admin"])
def test_schemathesis_finds_nothing_with_every_check(live, engine, client, role, accounts_kept):
    """Every check, signed in with an access token from the API's own sign-in, about a minute per role."""
    who = person(engine, role=role)
    token = api_access_token(live, engine, client, who)
    _, _, count = schemathesis(
        live, token, "--max-examples", "25", "--max-time", "60", "--exclude-name-regex", SIGN_OUT
    )
    assert count > 500
    after = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    print("the run's token afterwards:", after.status_code, after.text[:120])
    # The run may have ended its own sign-in (an example deletes data, ...): the sign-out operations get a new one.
    fresh = api_access_token(live, engine, client, person(engine, role=role))
    _, _, signed_out = schemathesis(live, fresh, "--max-examples", "10", "--include-name-regex", SIGN_OUT)
    assert signed_out > 10
