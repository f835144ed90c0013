"""The recording piece route under concurrency: a piece sent twice at once (a retry racing its first try) is stored
once, and its bytes and count agree afterwards."""

from __future__ import annotations

import io
import threading
import wave

from sqlmodel import Session

from interview_app import background
from interview_app.api import media
from interview_app.services.answers import recordings
from interview_app.services.answers.storage import get_storage
from tests.unit.api.test_limits_api import bank, signed_in, voice_question  # noqa: F401 (bank: a fixture)


def _wav(seconds: float = 1.0) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(16_000)
        file.writeframes(b"\x01\x00" * int(16_000 * seconds))
    return out.getvalue()


def test_a_piece_sent_twice_at_once_is_stored_once(session: Session, make_user, bank, monkeypatch):  # noqa: F811
    monkeypatch.setattr(background, "enqueue", lambda *_args: None)  # no job runner here
    ada = make_user()
    token = signed_in(session, ada)["Authorization"].split()[1]
    sq = voice_question(session, ada, 0)
    data = _wav()
    first, second = data[:12_000], data[12_000:]
    user_id = media._signed_in(token)
    assert isinstance(user_id, int)
    assert media._store_piece(sq.id or 0, 0, first, user_id).status_code == 200
    start = threading.Barrier(4)
    statuses: list[int] = []

    def send() -> None:
        start.wait()
        statuses.append(media._store_piece(sq.id or 0, 1, second, user_id).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [200] * 4  # the copies are acknowledged
    session.expire_all()
    answer = recordings.recording_of(session, sq.id or 0)
    assert answer is not None and answer.media_pieces == 2 and answer.media_bytes == len(data)
    assert get_storage().read(answer.media_path or "") == data  # each byte once


def test_an_unknown_session_token_is_signed_out():
    assert media._signed_in("not-a-session") == "signed_out"
    assert media._signed_in("") == "signed_out"
