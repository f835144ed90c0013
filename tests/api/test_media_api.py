"""Recording upload and playback over real HTTP against the running app (`/api/v1/recordings`).

Users, their session tokens and voice interviews are created with the services directly in the live app's
database; everything else goes through the routes, and the app's own job runner transcribes and scores.
"""

from __future__ import annotations

import itertools
import random
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy
from sqlmodel import Session, create_engine

from interview_app.models import Answer
from interview_app.services.answers.recordings import media_signature, media_url
from interview_app.services.interviews import interviews
from interview_app.settings import get_settings
from tests.support.handlers import signed_in_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

SPEECH = "I designed a caching layer for the payment service and reduced latency by forty percent."
CLUSTER = b"\x1f\x43\xb6\x75"  # the Matroska Cluster element: each later piece starts with one
PREFIX = "/api/v1/recordings"


@dataclass(frozen=True)
class Recording:
    """A spoken answer (Opus in WebM) whole and cut at its clusters the way MediaRecorder sends it."""

    whole: bytes
    pieces: tuple[bytes, ...]


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Recording:
    """Made once with espeak-ng and ffmpeg."""
    folder = tmp_path_factory.mktemp("api-speech")
    wav, webm = folder / "a.wav", folder / "a.webm"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), SPEECH], check=True, capture_output=True)
    opus = ("-c:a", "libopus", "-b:a", "32k", "-cluster_time_limit", "1000")
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), *opus, str(webm)], check=True, capture_output=True
    )
    whole = webm.read_bytes()
    starts = [i for i in range(len(whole)) if whole.startswith(CLUSTER, i)]
    bounds = (0, *starts[1:], len(whole))
    pieces = tuple(whole[a:b] for a, b in itertools.pairwise(bounds))
    assert len(pieces) >= 4
    return Recording(whole, pieces)


@pytest.fixture(autouse=True)
def _signed_like_the_app(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Links made here are signed with the live app's own key (made in its data folder at its first start)."""
    monkeypatch.setenv("SECRET_KEY", live.secret_key())
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def engine(live: LiveServer) -> Iterator[sqlalchemy.Engine]:
    """The live app's database."""
    eng = create_engine(live.db_url, connect_args={"timeout": 15})
    yield eng
    eng.dispose()


@dataclass
class Candidate:
    """A user of the live app with a session token and a voice interview on its first question."""

    user_id: int
    token: str
    sq_id: int
    session_id: int

    @property
    def auth(self) -> dict[str, str]:
        """The Authorization header the recorder sends."""
        return {"Authorization": f"Bearer {self.token}"}


def new_candidate(engine: sqlalchemy.Engine, mode: str = "audio") -> Candidate:
    """Create a verified user, sign them in and start a three-question interview in `mode`."""
    with Session(engine, expire_on_commit=False) as session:
        user, token = signed_in_user(session, email=f"voice-{uuid.uuid4().hex[:10]}@example.com", name="Vera Voice")
        assert user.id is not None
        options = interviews.validate_setup(
            {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": mode}
        )
        interview = interviews.start_session(session, user.id, options, rng=random.Random(1))
        sq = interviews.current_question(session, interview)
        assert sq is not None and sq.id is not None and interview.id is not None
        session.commit()
        return Candidate(user.id, token, sq.id, interview.id)


@pytest.fixture
def ada(engine: sqlalchemy.Engine) -> Candidate:
    """A candidate in a voice interview."""
    return new_candidate(engine)


@pytest.fixture
def bob(engine: sqlalchemy.Engine) -> Candidate:
    """Another candidate in a voice interview."""
    return new_candidate(engine)


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    """HTTP to the live app."""
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield http


def put(client: httpx.Client, who: Candidate, seq: int, data: bytes, sq_id: int | None = None) -> httpx.Response:
    """Upload piece `seq` for `who` (to their current question unless `sq_id` is given)."""
    return client.put(f"{PREFIX}/{sq_id or who.sq_id}/pieces/{seq}", content=data, headers=who.auth)


def upload(client: httpx.Client, who: Candidate, recording: Recording) -> None:
    """Upload every piece in order."""
    for seq, piece in enumerate(recording.pieces):
        r = put(client, who, seq, piece)
        assert r.status_code == 200, r.text


def answer_row(engine: sqlalchemy.Engine, answer_id: int) -> Answer:
    """The answer as the live app committed it."""
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(Answer, answer_id)
        assert row is not None
        return row


def files_of(live: LiveServer, who: Candidate) -> list[Path]:
    """Recordings stored by the live app for a user (not the decoded samples and cursor kept beside them)."""
    folder = live.data_dir / "media" / f"u{who.user_id}"
    kept = (".cursor", ".pcm", ".tmp")
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(kept)) if folder.exists() else []


# ---------------------------------------------------------------- upload


def test_requests_without_a_valid_session_token_are_refused(client, ada, recording):
    for headers in ({}, {"Authorization": "Bearer not-a-real-token"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        r = client.put(f"{PREFIX}/{ada.sq_id}/pieces/0", content=recording.pieces[0], headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "signed_out"
        assert client.get(f"{PREFIX}/{ada.sq_id}", headers=headers).status_code == 401
        assert client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": 1}, headers=headers).status_code == 401
        assert client.delete(f"{PREFIX}/{ada.sq_id}", headers=headers).status_code == 401
    assert client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth).json()["received"] == 0


def test_pieces_are_acknowledged_in_order_and_the_status_shows_them(client, ada, recording):
    first = put(client, ada, 0, recording.pieces[0])
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/json")
    body = first.json()
    assert body["received"] == 1 and body["bytes"] == len(recording.pieces[0])
    assert body["answer_id"] > 0  # seconds and media type: what the background has decoded so far
    second = put(client, ada, 1, recording.pieces[1]).json()
    assert second["received"] == 2 and second["seconds"] >= body["seconds"]
    assert second["bytes"] == len(recording.pieces[0]) + len(recording.pieces[1])
    again = put(client, ada, 1, recording.pieces[1]).json()  # sent twice: acknowledged, not stored twice
    assert (again["received"], again["bytes"]) == (second["received"], second["bytes"])
    deadline = time.monotonic() + 30
    status = client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth)
    while time.monotonic() < deadline and status.json()["seconds"] < 1.9:  # both pieces decoded in the background
        time.sleep(0.1)
        status = client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth)
    assert status.status_code == 200 and status.json()["received"] == 2 and status.json()["bytes"] == second["bytes"]
    assert status.json()["media_type"] == "audio/webm" and status.json()["seconds"] == pytest.approx(2.0, abs=0.1)


def test_a_piece_out_of_order_gets_409_with_the_resume_point(client, ada, bob, recording):
    r = put(client, bob, 1, recording.pieces[1])  # nothing stored yet: the upload must start at 0
    assert (
        r.status_code == 409
        and r.json()["error"]["code"] == "out_of_order"
        and r.json()["error"]["details"]["received"] == 0
    )
    assert put(client, ada, 0, recording.pieces[0]).status_code == 200
    r = put(client, ada, 2, recording.pieces[2])
    assert r.status_code == 409
    assert (
        r.json()["error"]["code"] == "out_of_order"
        and r.json()["error"]["details"]["received"] == 1
        and r.json()["error"]["message"]
    )


@pytest.mark.parametrize(
    "body",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"just some text, not a recording\n" * 50,
        b"PK\x03\x04" + bytes(2000),
    ],
    ids=["png", "text", "zip"],
)
def test_a_piece_that_is_not_audio_gets_415_and_nothing_is_kept(client, live, ada, recording, body):
    r = put(client, ada, 0, body)
    assert (
        r.status_code == 415
        and r.json()["error"]["code"] == "not_audio"
        and r.json()["error"]["details"]["received"] == 0
    )
    assert client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth).json()["received"] == 0
    assert files_of(live, ada) == []
    assert put(client, ada, 0, recording.pieces[0]).status_code == 200  # a real recording is still welcome
    # A later piece is not decoded in the request: the background step marks the recording, and the next
    # piece gets 415 (the page shows it); the bytes stored before stay.
    assert put(client, ada, 1, body).status_code == 200
    deadline = time.monotonic() + 30
    refused = put(client, ada, 2, recording.pieces[1])
    while time.monotonic() < deadline and refused.status_code == 200:
        time.sleep(0.1)
        # Accepted while the background step has not looked yet (a loaded machine): the next piece in order.
        refused = put(client, ada, refused.json()["received"], recording.pieces[1])
    assert refused.status_code == 415 and refused.json()["error"]["code"] == "not_audio"
    kept = files_of(live, ada)
    assert kept and kept[0].read_bytes().startswith(recording.pieces[0])


def test_a_body_over_the_piece_limit_gets_413(client, live, ada):
    too_big = bytes(get_settings().media_piece_max_bytes + 1)
    r = put(client, ada, 0, too_big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "piece_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the route counts while reading
        for _ in range(5):
            yield bytes(1024 * 1024)

    r = client.put(f"{PREFIX}/{ada.sq_id}/pieces/0", content=chunks(), headers=ada.auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "piece_too_large"
    assert files_of(live, ada) == []


def test_another_users_question_is_not_found(client, ada, bob, recording):
    assert put(client, ada, 0, recording.pieces[0]).status_code == 200
    r = put(client, bob, 1, recording.pieces[1], sq_id=ada.sq_id)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.get(f"{PREFIX}/{ada.sq_id}", headers=bob.auth).status_code == 404
    assert client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": 1}, headers=bob.auth).status_code == 404
    assert client.delete(f"{PREFIX}/{ada.sq_id}", headers=bob.auth).status_code == 404
    assert client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth).json()["received"] == 1


def test_a_typed_interview_takes_no_recording(client, engine, recording):
    typist = new_candidate(engine, mode="text")
    r = put(client, typist, 0, recording.pieces[0])
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_spoken"


def test_delete_throws_the_recording_away(client, live, ada, recording):
    assert put(client, ada, 0, recording.pieces[0]).status_code == 200
    assert len(files_of(live, ada)) == 1
    assert client.delete(f"{PREFIX}/{ada.sq_id}", headers=ada.auth).status_code == 204
    assert client.get(f"{PREFIX}/{ada.sq_id}", headers=ada.auth).json()["received"] == 0
    assert files_of(live, ada) == []
    assert put(client, ada, 0, recording.pieces[0]).json()["received"] == 1  # record again


def test_too_many_pieces_a_minute_get_429(client, ada):
    limit = get_settings().upload_pieces_per_minute
    codes = [put(client, ada, 5, b"x").status_code for _ in range(limit + 3)]  # refused ones count too
    assert codes[:limit] == [409] * limit and codes[limit:] == [429] * 3
    r = put(client, ada, 0, b"x")
    assert (
        r.status_code == 429
        and r.json()["error"]["code"] == "rate_limited"
        and r.json()["error"]["details"]["retry_after"] > 0
        and int(r.headers["retry-after"]) > 0
    )


def test_finish_needs_every_piece(client, ada, recording):
    assert put(client, ada, 0, recording.pieces[0]).status_code == 200
    r = client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": 2}, headers=ada.auth)
    assert (
        r.status_code == 409
        and r.json()["error"]["code"] == "missing_pieces"
        and r.json()["error"]["details"]["received"] == 1
    )
    bad = client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": 0}, headers=ada.auth)
    assert bad.status_code == 422


# ---------------------------------------------------------------- hand in, transcription, playback


def test_a_finished_recording_is_scored_and_played_back_by_signed_link(client, engine, ada, bob, recording):
    upload(client, ada, recording)
    n = len(recording.pieces)
    r = client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": n}, headers=ada.auth)
    assert r.status_code == 200 and r.json()["status"] == "uploaded"
    answer_id = r.json()["answer_id"]
    again = client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": n}, headers=ada.auth)
    assert again.status_code == 200 and again.json()["answer_id"] == answer_id  # handed in once
    late = put(client, ada, n, recording.pieces[-1])
    assert late.status_code == 409 and late.json()["error"]["code"] == "already_answered"

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and answer_row(engine, answer_id).status not in ("scored", "failed"):
        time.sleep(0.25)
    answer = answer_row(engine, answer_id)
    assert answer.status == "scored", (answer.status, answer.last_error)
    assert "caching" in answer.transcript.lower() and answer.metrics["word_count"] > 5

    link = media_url(answer_id, ada.user_id)
    played = client.get(link)
    assert played.status_code == 200 and played.content == recording.whole
    assert played.headers["content-type"] == "audio/webm"
    part = client.get(link, headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.content == recording.whole[100:300]
    assert part.headers["content-range"] == f"bytes 100-299/{len(recording.whole)}"

    base, query = link.split("?")
    params = dict(p.split("=") for p in query.split("&"))
    tampered = {**params, "s": params["s"][:-1] + ("0" if params["s"][-1] != "0" else "1")}
    assert client.get(base, params=tampered).status_code == 403
    assert client.get(base, params={**params, "u": str(bob.user_id)}).status_code == 403  # signed for Ada only
    assert client.get(base, params={**params, "e": str(int(params["e"]) + 60)}).status_code == 403
    expired = int(time.time()) - 5
    old = {"u": params["u"], "e": str(expired), "s": media_signature(answer_id, ada.user_id, expired)}
    assert client.get(base, params=old).status_code == 403
    # A valid signature for another user (Bob asking for Ada's answer) does not open it.
    assert client.get(media_url(answer_id, bob.user_id)).status_code == 404
    assert client.get(media_url(answer_id + 10_000, ada.user_id)).status_code == 404


def test_the_last_piece_starts_the_transcription_before_the_hand_in(client, engine, ada, recording):
    """`?last=1` (the recorder stopped): the app transcribes the rest at once, so the hand-in finds it done."""
    *first, final = recording.pieces
    for seq, piece in enumerate(first):
        assert put(client, ada, seq, piece).status_code == 200
    r = client.put(f"{PREFIX}/{ada.sq_id}/pieces/{len(first)}?last=1", content=final, headers=ada.auth)
    assert r.status_code == 200, r.text
    answer_id = r.json()["answer_id"]
    deadline = time.monotonic() + 60

    def behind(row: Any) -> bool:  # the background decodes the last piece, then transcribes to its end
        return row.media_seconds < 4 or row.transcribed_seconds < row.media_seconds - 0.05

    while time.monotonic() < deadline and behind(answer_row(engine, answer_id)):
        time.sleep(0.1)
    row = answer_row(engine, answer_id)
    assert row.status == "recording" and row.transcribed_seconds == pytest.approx(row.media_seconds, abs=0.05)
    assert "caching" in row.transcript.lower() and "latency" in row.transcript.lower()  # all of it, not handed in
    done = client.post(f"{PREFIX}/{ada.sq_id}/finish", json={"pieces": len(recording.pieces)}, headers=ada.auth)
    assert done.status_code == 200
    while time.monotonic() < deadline and answer_row(engine, answer_id).status not in ("scored", "failed"):
        time.sleep(0.1)
    answer = answer_row(engine, answer_id)
    assert answer.status == "scored" and answer.transcript.lower().count("caching") == 1, answer.transcript


def test_a_signature_with_non_ascii_text_is_refused_not_an_error(client, ada):
    link = media_url(1, ada.user_id)
    base, query = link.split("?")
    params = dict(p.split("=") for p in query.split("&"))
    assert client.get(base, params={**params, "s": "é" * 32}).status_code == 403
