"""Recorded answers through the service: upload checks piece by piece, hand-in, discard, skip, end early,
deleting a session, storage keys and how long recordings are kept.

Recordings are real: espeak-ng speech encoded by ffmpeg as Opus in WebM with a cluster every second, cut
into consecutive byte ranges at the clusters the way MediaRecorder sends them (only the first piece has the
header; later ones decode only when appended to the earlier ones).

A piece is accepted without decoding (header, size, owner, order); the decoding is the background step's
(`recordings.decode_pieces`, queued with each piece). The desk's queue stub runs that step after the commit,
as the job runner would, so a piece that is not audio shows as a mark on the recording and a refused next piece.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import re
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from sqlmodel import Session

from interview_app.clock import utcnow
from interview_app.models import Answer, InterviewSession, Profile, Question, SessionQuestion, User
from interview_app.services.accounts import profiles
from interview_app.services.answers import lifecycle, recordings
from interview_app.services.answers.recordings import PieceAck
from interview_app.services.answers.storage import LocalStorage, StorageError, new_key
from interview_app.services.interviews import interviews
from interview_app.services.interviews.interviews import InterviewError
from interview_app.settings import get_settings

SPEECH = "I designed a caching layer for the payment service and reduced latency by forty percent."
CLUSTER = b"\x1f\x43\xb6\x75"  # the Matroska Cluster element: later pieces start with one
KEY = re.compile(r"^u\d+/[0-9a-f]{32}\.rec$")


# ---------------------------------------------------------------- recordings made once for the module


def _run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def _png() -> bytes:
    """A real 32x32 PNG image of noise (about 3 kB: more than a trailing piece of container cues)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    noise = random.Random(3)
    rows = b"".join(b"\x00" + noise.randbytes(32 * 3) for _ in range(32))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("answer.txt", "not a recording " * 200)
    return buffer.getvalue()


@dataclass(frozen=True)
class Media:
    """The test recordings: a spoken answer whole and in pieces, and files that are not audio."""

    whole: bytes
    pieces: tuple[bytes, ...]
    silent_video: bytes
    not_audio: dict[str, bytes] = field(default_factory=dict)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """Speech and a soundless video, generated once for the module."""
    folder = tmp_path_factory.mktemp("recordings")
    wav, webm, video = folder / "a.wav", folder / "a.webm", folder / "v.webm"
    _run("espeak-ng", "-v", "en-us", "-w", str(wav), SPEECH)
    _run(
        "ffmpeg", "-loglevel", "error", "-y", "-i", str(wav),
        "-c:a", "libopus", "-b:a", "32k", "-cluster_time_limit", "1000", str(webm),
    )  # fmt: skip
    _run(
        "ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:duration=1:rate=5",
        "-c:v", "libvpx", "-b:v", "50k", str(video),
    )  # fmt: skip
    whole = webm.read_bytes()
    starts = [i for i in range(len(whole)) if whole.startswith(CLUSTER, i)]
    assert len(starts) == 5, starts  # about 4.9 s: five clusters of up to a second
    bounds = (0, *starts[1:], len(whole))
    pieces = tuple(whole[a:b] for a, b in itertools.pairwise(bounds))
    png = _png()
    return Media(
        whole=whole,
        pieces=pieces,
        silent_video=video.read_bytes(),
        not_audio={
            "png": png,
            "text": b"This is my answer, typed into a file instead of spoken.\n" * 40,
            "zip": _zip(),
            "random": random.Random(7).randbytes(3000),
        },
    )


# ---------------------------------------------------------------- users, sessions and the upload desk


@pytest.fixture
def bank(session: Session) -> list[Question]:
    """A small active question bank (three behavioural questions)."""
    rows = [
        Question(
            slug=f"voice-{i}",
            type="behavioural",
            difficulty="medium",
            roles=["any"],
            competencies=["communication"],
            prompt=f"Tell me about a time you improved a system ({i}).",
            key_points=["Describe the situation", "Explain your actions", "Give a measurable result"],
            model_answer="I noticed slow payments, added a cache, and latency fell by forty percent.",
            follow_ups=["What would you do differently next time?"],
        )
        for i in range(3)
    ]
    session.add_all(rows)
    session.commit()
    return rows


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    """The candidate."""
    return make_user()


@pytest.fixture
def bob(make_user: Callable[..., User]) -> User:
    """Another candidate."""
    return make_user("bob@example.com", "Bob Builder")


def start(session: Session, user: User, mode: str = "audio") -> tuple[InterviewSession, SessionQuestion]:
    """A committed three-question session in `mode` and its first (current) question."""
    options = interviews.validate_setup(
        {
            "interview_type": "behavioural",
            "difficulty": "medium",
            "question_count": "3",
            "timer_enabled": True,
            "answer_mode": mode,
        }
    )
    interview = interviews.start_session(session, user.id or 0, options, rng=random.Random(0))
    session.commit()
    sq = interviews.current_question(session, interview)
    assert sq is not None
    return interview, sq


def run_after_commit(session: Session) -> None:
    """What `db.session_scope` does after a commit (the test session is a plain one)."""
    session.commit()
    for callback in session.info.pop("after_commit", []):
        callback()


def naive(moment: datetime | None) -> datetime | None:
    """A datetime comparable with ones read back from SQLite (naive UTC)."""
    return moment.replace(tzinfo=None) if moment is not None else None


@dataclass
class Desk:
    """Sends pieces the way the HTTP route does: commit on success, roll back on a refusal."""

    session: Session
    storage: LocalStorage
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    steps: list[tuple[Any, ...]] = field(default_factory=list)
    background: bool = True

    def enqueue(self, *args: object) -> None:
        """The job queue stub: remembers what would have run; runs a piece's decoding (the background step)."""
        streamed = args[0] == "transcribe_rest" or (args[0] == "transcribe_answer" and args[2] is False)
        (self.steps if streamed else self.calls).append(args)
        if streamed and self.background:
            answer = self.session.get(Answer, args[1])
            assert answer is not None
            recordings.decode_pieces(
                answer.id or 0, answer.media_path or "", final=args[0] == "transcribe_rest", storage=self.storage
            )

    @property
    def kw(self) -> dict[str, Any]:
        """The desk's queue stub and storage, as keyword arguments of `recordings.hand_in`."""
        return {"enqueue": self.enqueue, "storage": self.storage}

    def put(self, user: User, sq: SessionQuestion, seq: int, data: bytes) -> PieceAck:
        """Send one piece; raises InterviewError after rolling back like the route."""
        try:
            ack = recordings.receive_piece(
                self.session, user.id or 0, sq.id or 0, seq, data, storage=self.storage, enqueue=self.enqueue
            )
        except InterviewError:
            self.session.rollback()
            raise
        run_after_commit(self.session)
        return ack

    def refused(self, user: User, sq: SessionQuestion, seq: int, data: bytes) -> str:
        """The refusal code for a piece that must not be accepted."""
        with pytest.raises(InterviewError) as info:
            self.put(user, sq, seq, data)
        return info.value.code

    def answer(self, sq: SessionQuestion) -> Answer | None:
        """The answer row of `sq` as committed."""
        self.session.expire_all()
        return recordings.recording_of(self.session, sq.id or 0)

    def files(self) -> list[Path]:
        """Every stored recording under the storage root (not what decoding keeps beside it)."""
        kept = (".cursor", ".pcm", ".tmp")
        return sorted(p for p in self.storage.root.rglob("*") if p.is_file() and not p.name.endswith(kept))


@pytest.fixture
def desk(session: Session, tmp_path: Path) -> Desk:
    """An upload desk with storage in a private folder."""
    return Desk(session, LocalStorage(tmp_path / "media"))


@pytest.fixture
def app_desk(session: Session) -> Desk:
    """An upload desk using the app's own storage (DATA_DIR/media), as skip, end early and delete do."""
    return Desk(session, LocalStorage())


def code_of(call: Callable[[], object]) -> str:
    """The InterviewError code `call` raises."""
    with pytest.raises(InterviewError) as info:
        call()
    return info.value.code


def upload_all(desk: Desk, user: User, sq: SessionQuestion, media: Media) -> list[PieceAck]:
    """Send every piece in order."""
    return [desk.put(user, sq, seq, piece) for seq, piece in enumerate(media.pieces)]


# ---------------------------------------------------------------- pieces


def test_pieces_in_order_are_stored_and_acknowledged(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    acks = upload_all(desk, ada, sq, media)
    assert [a.received for a in acks] == [1, 2, 3, 4, 5]
    assert [a.bytes for a in acks] == [len(b"".join(media.pieces[: i + 1])) for i in range(5)]
    # Each acknowledgement says what the background has decoded so far (up to the piece before).
    seconds = [a.seconds for a in acks]
    assert seconds == sorted(seconds) and seconds[0] == 0 and seconds[-1] > 0
    assert len({a.answer_id for a in acks}) == 1
    answer = desk.answer(sq)
    assert answer is not None and answer.status == "recording" and answer.mode == "audio"
    assert answer.media_seconds == pytest.approx(4.9, abs=0.3) and answer.media_type == "audio/webm"
    assert answer.media_path and KEY.match(answer.media_path) and answer.media_path.startswith(f"u{ada.id}/")
    assert desk.storage.read(answer.media_path) == media.whole
    held = recordings.status(session, ada.id or 0, sq.id or 0)
    assert held is not None and held.received == 5 and held.seconds == answer.media_seconds


def test_a_resent_piece_is_acknowledged_without_growing_the_file(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    second = desk.put(ada, sq, 1, media.pieces[1])
    again = desk.put(ada, sq, 1, media.pieces[1])  # the reply was lost: the browser sends it again
    first_again = desk.put(ada, sq, 0, media.pieces[0])
    # The same pieces and bytes (the decoded seconds move on as the background catches up).
    assert (again.received, again.bytes) == (first_again.received, first_again.bytes) == (second.received, second.bytes)
    answer = desk.answer(sq)
    assert answer is not None and answer.media_pieces == 2
    assert desk.storage.size(answer.media_path or "") == len(media.pieces[0]) + len(media.pieces[1])
    assert desk.put(ada, sq, 2, media.pieces[2]).received == 3  # and the upload carries on


def test_a_piece_out_of_order_is_refused(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    assert desk.refused(ada, sq, 1, media.pieces[1]) == "out_of_order"  # nothing yet: must start at 0
    assert desk.answer(sq) is None and desk.files() == []
    desk.put(ada, sq, 0, media.pieces[0])
    assert desk.refused(ada, sq, 2, media.pieces[2]) == "out_of_order"
    answer = desk.answer(sq)
    assert answer is not None and answer.media_pieces == 1
    assert desk.storage.size(answer.media_path or "") == len(media.pieces[0])


def test_a_piece_over_the_limit_is_refused_before_anything_is_stored(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    too_big = bytes(get_settings().media_piece_max_bytes + 1)
    assert desk.refused(ada, sq, 0, too_big) == "piece_too_large"
    assert desk.refused(ada, sq, 0, b"") == "empty_piece"
    assert desk.answer(sq) is None and desk.files() == []


def test_the_piece_limit_comes_from_the_settings(session, bank, ada, desk, media, override_settings):
    override_settings(media_piece_max_bytes=len(media.pieces[0]) - 1)
    _, sq = start(session, ada)
    assert desk.refused(ada, sq, 0, media.pieces[0]) == "piece_too_large"
    assert desk.files() == []


def test_a_recording_over_the_answer_limit_is_refused(session, bank, ada, desk, media, override_settings):
    override_settings(media_answer_max_bytes=len(media.pieces[0]) + len(media.pieces[1]) - 1)
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    assert desk.refused(ada, sq, 1, media.pieces[1]) == "recording_too_large"
    answer = desk.answer(sq)
    assert answer is not None and answer.media_pieces == 1
    assert desk.storage.size(answer.media_path or "") == len(media.pieces[0])


@pytest.mark.parametrize("kind", ["png", "text", "zip", "random"])
def test_a_first_piece_that_is_not_audio_leaves_nothing_behind(session, bank, ada, desk, media, kind):
    _, sq = start(session, ada)
    assert desk.refused(ada, sq, 0, media.not_audio[kind]) == "not_audio"
    assert desk.files() == []  # the stored bytes were deleted
    assert desk.answer(sq) is None  # and the route's rollback removes the row
    assert recordings.status(session, ada.id or 0, sq.id or 0) is None
    assert desk.put(ada, sq, 0, media.pieces[0]).received == 1  # a real recording is accepted afterwards


def test_a_refused_first_piece_leaves_no_row_and_no_file(session, bank, ada, desk, media):
    """The checks come before any write: even a caller that commits after the refusal keeps nothing."""
    _, sq = start(session, ada)
    with pytest.raises(InterviewError, match="not_audio"):
        recordings.receive_piece(session, ada.id or 0, sq.id or 0, 0, media.not_audio["png"], storage=desk.storage)
    session.commit()  # a careless caller
    assert recordings.recording_of(session, sq.id or 0) is None
    assert desk.files() == []
    ack = desk.put(ada, sq, 0, media.pieces[0])
    assert ack.received == 1 and desk.answer(sq) is not None


@pytest.mark.parametrize("kind", ["truncated", "silent_video"])
def test_a_first_piece_that_only_looks_like_a_recording_is_marked_by_the_background(
    session, bank, ada, desk, media, kind
):
    """The request checks the header only; the background step finds no audio and the hand-in refuses it."""
    _, sq = start(session, ada)
    data = {"truncated": media.whole[:100], "silent_video": media.silent_video}[kind]
    desk.put(ada, sq, 0, data)
    code = code_of(lambda: recordings.hand_in(session, ada.id or 0, sq.id or 0, 1, **desk.kw))
    assert code == ("too_short" if kind == "truncated" else "not_audio")


@pytest.mark.parametrize("kind", ["random", "png", "text"])
def test_garbage_after_a_valid_piece_is_marked_and_the_next_piece_refused(session, bank, ada, desk, media, kind):
    """The request no longer decodes: the background step marks the recording, keeping what it decoded."""
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    desk.put(ada, sq, 1, media.pieces[1])
    desk.put(ada, sq, 2, media.not_audio[kind])  # stored, then found not to be audio in the background
    answer = desk.answer(sq)
    assert answer is not None and answer.last_error == "not_audio" and answer.status == "recording"
    assert answer.media_seconds == pytest.approx(2.0, abs=0.1)  # the good pieces' audio is kept
    assert desk.refused(ada, sq, 3, media.pieces[2]) == "not_audio"  # the page shows the error
    handed = recordings.hand_in(session, ada.id or 0, sq.id or 0, 3, **desk.kw)
    assert handed.media_seconds == pytest.approx(2.0, abs=0.1)  # what was heard can still be handed in


def test_garbage_after_a_whole_recording_sent_as_one_piece_is_marked(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.whole)  # a browser without timeslice sends one piece
    desk.put(ada, sq, 1, media.not_audio["random"])
    answer = desk.answer(sq)
    assert answer is not None and answer.last_error == "not_audio"
    assert answer.media_seconds == pytest.approx(4.885, abs=0.06)  # decoded piece by piece, within 60 ms
    assert desk.storage.read(answer.media_path or "") == media.whole + media.not_audio["random"]


def test_small_closing_pieces_without_audio_are_counted_and_harmless(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    desk.put(ada, sq, 1, media.pieces[1])
    # A tiny closing piece may hold only container bookkeeping (here: Cues): counted, adds no audio.
    cues = b"\x1c\x53\xbb\x6b\x84" + bytes(4)
    assert desk.put(ada, sq, 2, cues).received == 3
    answer = desk.answer(sq)
    assert answer is not None and answer.last_error == "" and answer.media_seconds == pytest.approx(2.0, abs=0.1)


def test_a_truncated_second_piece_is_kept_only_if_it_adds_audio(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    ack = desk.put(ada, sq, 1, media.pieces[1][:2000])  # a shorter piece still completes audio frames
    assert ack.received == 2 and ack.bytes == len(media.pieces[0]) + 2000


def test_another_users_question_is_not_found(session, bank, ada, bob, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    assert desk.refused(bob, sq, 1, media.pieces[1]) == "not_found"
    assert code_of(lambda: recordings.status(session, bob.id or 0, sq.id or 0)) == "not_found"
    assert code_of(lambda: recordings.hand_in(session, bob.id or 0, sq.id or 0, 1, **desk.kw)) == "not_found"
    assert code_of(lambda: recordings.discard(session, bob.id or 0, sq.id or 0, storage=desk.storage)) == "not_found"
    assert desk.refused(ada, SessionQuestion(id=987654, session_id=0, position=0, prompt=""), 0, b"x") == "not_found"
    answer = desk.answer(sq)
    assert answer is not None and answer.media_pieces == 1 and len(desk.files()) == 1


def test_a_typed_session_takes_no_recording(session, bank, ada, desk, media):
    _, sq = start(session, ada, mode="text")
    assert desk.refused(ada, sq, 0, media.pieces[0]) == "not_spoken"
    assert desk.files() == []


def test_a_paused_session_takes_no_pieces_until_resumed(session, bank, ada, desk, media):
    interview, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    interviews.pause(session, ada.id or 0, interview.id or 0)
    session.commit()
    assert desk.refused(ada, sq, 1, media.pieces[1]) == "paused"
    interviews.resume(session, ada.id or 0, interview.id or 0)
    session.commit()
    assert desk.put(ada, sq, 1, media.pieces[1]).received == 2


def test_only_the_current_question_takes_pieces(session, bank, ada, desk, media):
    interview, sq = start(session, ada)
    later = interviews.questions_of(session, interview.id or 0)[1]
    assert desk.refused(ada, later, 0, media.pieces[0]) == "not_current"
    interviews.skip_question(session, ada.id or 0, sq.id or 0)
    run_after_commit(session)
    assert desk.refused(ada, sq, 0, media.pieces[0]) == "already_answered"
    assert desk.files() == []


def test_every_piece_queues_its_streamed_step_and_the_last_one_the_rest(session, bank, ada, desk, media):
    """The streamed step decodes the piece's new audio, then transcribes once enough is new (`stream`)."""
    _, sq = start(session, ada)
    ack = desk.put(ada, sq, 0, media.pieces[0])
    desk.put(ada, sq, 1, media.pieces[1])
    recordings.receive_piece(
        session, ada.id or 0, sq.id or 0, 2, media.pieces[2], storage=desk.storage, enqueue=desk.enqueue, last=True
    )
    run_after_commit(session)
    assert desk.calls == []
    assert desk.steps == [
        ("transcribe_answer", ack.answer_id, False),
        ("transcribe_answer", ack.answer_id, False),
        ("transcribe_rest", ack.answer_id),
    ]


# ---------------------------------------------------------------- handing in, discarding


def test_finish_needs_every_piece(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    desk.put(ada, sq, 1, media.pieces[1])
    for wrong in (3, 1):
        assert (
            code_of(lambda n=wrong: recordings.hand_in(session, ada.id or 0, sq.id or 0, n, **desk.kw))
            == "missing_pieces"
        )
    session.rollback()
    answer = desk.answer(sq)
    assert answer is not None and answer.status == "recording" and desk.calls == []


def test_finish_hands_in_stops_the_clock_and_queues_the_transcription(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    upload_all(desk, ada, sq, media)
    before = utcnow()
    answer = recordings.hand_in(
        session, ada.id or 0, sq.id or 0, len(media.pieces), enqueue=desk.enqueue, storage=desk.storage
    )
    assert desk.calls == []  # only after the commit
    run_after_commit(session)
    assert desk.calls == [("transcribe_answer", answer.id, True)]
    answer = desk.answer(sq)
    assert answer is not None and answer.status == "uploaded"
    assert answer.duration_seconds == answer.media_seconds
    assert answer.recording_finished_at is not None and answer.media_expires_at is not None
    expected = naive(before + timedelta(days=30))
    assert expected is not None
    assert abs(naive(answer.media_expires_at) - expected) < timedelta(minutes=1)  # type: ignore[operator]
    fresh = session.get(SessionQuestion, sq.id)
    assert fresh is not None and fresh.status == "answered" and fresh.running_since is None
    assert desk.refused(ada, sq, len(media.pieces), media.pieces[-1]) == "already_answered"


def test_finish_twice_is_idempotent(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    upload_all(desk, ada, sq, media)
    first = recordings.hand_in(
        session, ada.id or 0, sq.id or 0, len(media.pieces), enqueue=desk.enqueue, storage=desk.storage
    )
    run_after_commit(session)
    second = recordings.hand_in(
        session, ada.id or 0, sq.id or 0, len(media.pieces), enqueue=desk.enqueue, storage=desk.storage
    )
    run_after_commit(session)
    assert second.id == first.id and second.status == "uploaded"
    assert len(desk.calls) == 1  # transcription queued once


def test_finish_without_a_usable_recording_is_refused(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    assert code_of(lambda: recordings.hand_in(session, ada.id or 0, sq.id or 0, 1, **desk.kw)) == "no_recording"
    desk.put(ada, sq, 0, media.whole[:600])  # decodes, but holds only a few milliseconds
    assert code_of(lambda: recordings.hand_in(session, ada.id or 0, sq.id or 0, 1, **desk.kw)) == "too_short"


def test_discard_deletes_the_file_and_the_row(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    desk.put(ada, sq, 1, media.pieces[1])
    assert len(desk.files()) == 1
    recordings.discard(session, ada.id or 0, sq.id or 0, storage=desk.storage)
    assert len(desk.files()) == 1  # the file goes only once the row is gone for good
    run_after_commit(session)
    assert desk.files() == [] and desk.answer(sq) is None
    assert recordings.status(session, ada.id or 0, sq.id or 0) is None
    again = desk.put(ada, sq, 0, media.pieces[0])  # record again from the start
    assert again.received == 1 and again.bytes == len(media.pieces[0])


def test_discard_refuses_a_handed_in_recording(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    upload_all(desk, ada, sq, media)
    recordings.hand_in(session, ada.id or 0, sq.id or 0, len(media.pieces), **desk.kw)
    run_after_commit(session)
    assert code_of(lambda: recordings.discard(session, ada.id or 0, sq.id or 0, storage=desk.storage)) == (
        "already_answered"
    )
    assert len(desk.files()) == 1


# ---------------------------------------------------------------- skip, end early, delete (the app's storage)


def test_skip_drops_an_unsent_recording(session, bank, ada, app_desk, media):
    interview, sq = start(session, ada)
    ack = app_desk.put(ada, sq, 0, media.pieces[0])
    answer = app_desk.answer(sq)
    assert answer is not None and answer.media_path
    path = app_desk.storage.local_path(answer.media_path)
    assert path.exists()
    assert interviews.skip_question(session, ada.id or 0, sq.id or 0) is False
    run_after_commit(session)
    assert not path.exists() and session.get(Answer, ack.answer_id) is None
    fresh = session.get(SessionQuestion, sq.id)
    assert fresh is not None and fresh.status == "skipped"
    assert interviews.questions_of(session, interview.id or 0)[1].status == "active"


def test_end_early_hands_in_a_recording_in_progress(session, bank, ada, app_desk, media):
    interview, sq = start(session, ada)
    ack = upload_all(app_desk, ada, sq, media)[-1]
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=app_desk.enqueue)
    run_after_commit(session)
    assert app_desk.calls[-1] == ("transcribe_answer", ack.answer_id, True)
    answer = app_desk.answer(sq)
    assert answer is not None and answer.status == "uploaded" and answer.media_expires_at is not None
    assert answer.duration_seconds == answer.media_seconds
    assert app_desk.storage.local_path(answer.media_path or "").read_bytes() == media.whole
    statuses = [q.status for q in interviews.questions_of(session, interview.id or 0)]
    assert statuses == ["answered", "skipped", "skipped"]
    fresh = session.get(InterviewSession, interview.id)
    assert fresh is not None and fresh.status == "completed"


def test_end_early_keeps_a_take_whose_last_pieces_are_not_decoded_yet(session, bank, ada, app_desk, media):
    """Decoding runs a step behind the upload: stored audio not yet counted in seconds is still handed in."""
    interview, sq = start(session, ada)
    upload_all(app_desk, ada, sq, media)
    answer = app_desk.answer(sq)
    assert answer is not None and answer.media_bytes >= interviews.KEEP_RECORDING_BYTES
    answer.media_seconds = 0.0  # as if the background had not decoded any piece yet
    session.add(answer)
    session.commit()
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=app_desk.enqueue)
    run_after_commit(session)
    kept = app_desk.answer(sq)
    assert kept is not None and kept.status == "uploaded"
    assert app_desk.calls[-1][0] == "transcribe_answer"


def test_end_early_drops_a_recording_too_short_to_hand_in(session, bank, ada, app_desk, media):
    interview, sq = start(session, ada)
    app_desk.put(ada, sq, 0, media.whole[:600])
    answer = app_desk.answer(sq)
    assert answer is not None and answer.media_seconds < 0.5
    path = app_desk.storage.local_path(answer.media_path or "")
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=app_desk.enqueue)
    run_after_commit(session)
    assert app_desk.calls == [] and not path.exists() and app_desk.answer(sq) is None
    assert next(q.status for q in interviews.questions_of(session, interview.id or 0)) == "skipped"


def test_delete_session_deletes_its_media_files(session, bank, ada, bob, app_desk, media):
    interview, sq = start(session, ada)
    upload_all(app_desk, ada, sq, media)
    recordings.hand_in(
        session, ada.id or 0, sq.id or 0, len(media.pieces), enqueue=app_desk.enqueue, storage=app_desk.storage
    )
    run_after_commit(session)
    _, other_sq = start(session, bob)
    app_desk.put(bob, other_sq, 0, media.pieces[0])
    mine, theirs = app_desk.answer(sq), app_desk.answer(other_sq)
    assert mine is not None and theirs is not None
    mine_path = app_desk.storage.local_path(mine.media_path or "")
    theirs_path = app_desk.storage.local_path(theirs.media_path or "")
    interviews.delete_session(session, ada.id or 0, interview.id or 0)
    assert mine_path.exists()  # deleted only after the commit
    run_after_commit(session)
    assert not mine_path.exists() and session.get(Answer, mine.id) is None
    assert theirs_path.exists()  # another user's recording is untouched


# ---------------------------------------------------------------- storage keys


@pytest.mark.parametrize("key", ["../x", "/etc/passwd", "u1/../../x", "a\\b", "", "u1/..", "..", "./../x"])
def test_storage_refuses_keys_that_leave_its_folder(tmp_path, key):
    outside = tmp_path / "x"
    outside.write_bytes(b"keep me")
    storage = LocalStorage(tmp_path / "media")
    calls: list[Callable[[], object]] = [
        lambda: storage.append(key, b"data"),
        lambda: storage.read(key),
        lambda: storage.size(key),
        lambda: storage.truncate(key, 0),
        lambda: storage.delete(key),
        lambda: storage.local_path(key),
    ]
    for call in calls:
        with pytest.raises(StorageError):
            call()
    assert outside.read_bytes() == b"keep me"


def test_storage_refuses_a_link_that_points_outside(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    root = tmp_path / "media"
    (root / "u1").mkdir(parents=True)
    (root / "u1" / "link.rec").symlink_to(tmp_path / "secret.txt")
    storage = LocalStorage(root)
    with pytest.raises(StorageError):
        storage.read("u1/link.rec")
    with pytest.raises(StorageError):
        storage.append("u1/link.rec", b"more")
    assert (tmp_path / "secret.txt").read_text() == "secret"


def test_storage_appends_truncates_and_deletes(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    key = new_key(3)
    assert storage.size(key) == 0
    assert storage.append(key, b"abc") == 3 and storage.append(key, b"def") == 6
    storage.truncate(key, 4)
    assert storage.read(key) == b"abcd"
    storage.delete(key)
    storage.delete(key)  # deleting twice is fine
    assert storage.size(key) == 0 and not storage.local_path(key).exists()


def test_new_key_is_unguessable_and_made_only_of_the_user_id():
    keys = {new_key(42) for _ in range(200)}
    assert len(keys) == 200
    assert all(KEY.match(k) and k.startswith("u42/") for k in keys)
    assert len({k.split("/")[1] for k in keys}) == 200
    with pytest.raises(ValueError):
        new_key(cast(Any, "../../etc/passwd"))
    assert new_key(cast(Any, "7")).startswith("u7/")  # even a numeric string becomes just the number


def test_the_key_of_a_recording_never_comes_from_the_upload(session, bank, ada, desk, media):
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    answer = desk.answer(sq)
    assert answer is not None and answer.media_path and KEY.match(answer.media_path)
    assert [p.relative_to(desk.storage.root).as_posix() for p in desk.files()] == [answer.media_path]


# ---------------------------------------------------------------- retention


def _handed_in(session: Session, desk: Desk, user: User, media: Media) -> Answer:
    _, sq = start(session, user)
    upload_all(desk, user, sq, media)
    recordings.hand_in(session, user.id or 0, sq.id or 0, len(media.pieces), **desk.kw)
    run_after_commit(session)
    answer = desk.answer(sq)
    assert answer is not None
    return answer


def test_purge_deletes_expired_recordings_but_keeps_the_transcript(session, bank, ada, bob, desk, media):
    old = _handed_in(session, desk, ada, media)
    kept = _handed_in(session, desk, bob, media)
    now = utcnow()
    old.media_expires_at = now - timedelta(minutes=1)
    old.status, old.transcript = "scored", "I designed a caching layer"
    kept.media_expires_at = now + timedelta(days=1)
    session.add_all([old, kept])
    session.commit()
    old_path = desk.storage.local_path(old.media_path or "")
    kept_path = desk.storage.local_path(kept.media_path or "")
    assert recordings.purge_expired(session, storage=desk.storage, now=now) == 1
    assert old_path.exists()  # only after the commit
    run_after_commit(session)
    assert not old_path.exists() and kept_path.exists()
    session.expire_all()
    purged = session.get(Answer, old.id)
    assert purged is not None and purged.media_deleted_at is not None
    assert purged.transcript == "I designed a caching layer" and purged.status == "scored"
    assert recordings.purge_expired(session, storage=desk.storage, now=now + timedelta(days=2)) == 1  # only `kept`
    run_after_commit(session)
    assert not kept_path.exists()
    assert recordings.purge_expired(session, storage=desk.storage, now=now + timedelta(days=3)) == 0


def test_recordings_kept_forever_are_never_purged(session, bank, ada, desk, media):
    profile = session.get(Profile, ada.id)
    assert profile is not None
    profile.recording_retention_days = None
    session.add(profile)
    session.commit()
    answer = _handed_in(session, desk, ada, media)
    assert answer.media_expires_at is None
    assert recordings.purge_expired(session, storage=desk.storage, now=utcnow() + timedelta(days=3650)) == 0


def test_apply_retention_recomputes_expiry_from_when_each_was_made(session, bank, ada, bob, desk, media):
    mine = _handed_in(session, desk, ada, media)
    theirs = _handed_in(session, desk, bob, media)
    made = naive(mine.recording_finished_at)
    theirs_expiry = naive(theirs.media_expires_at)
    assert made is not None
    recordings.apply_retention(session, ada.id or 0, 7)
    session.commit()
    session.expire_all()
    assert naive(session.get(Answer, mine.id).media_expires_at) == made + timedelta(days=7)  # type: ignore[union-attr]
    assert naive(session.get(Answer, theirs.id).media_expires_at) == theirs_expiry  # type: ignore[union-attr]
    recordings.apply_retention(session, ada.id or 0, None)
    session.commit()
    session.expire_all()
    assert session.get(Answer, mine.id).media_expires_at is None  # type: ignore[union-attr]


def test_a_purged_recording_keeps_its_expiry_when_retention_changes(session, bank, ada, desk, media):
    answer = _handed_in(session, desk, ada, media)
    recordings.purge_expired(session, storage=desk.storage, now=utcnow() + timedelta(days=31))
    run_after_commit(session)
    session.expire_all()
    expiry = naive(session.get(Answer, answer.id).media_expires_at)  # type: ignore[union-attr]
    recordings.apply_retention(session, ada.id or 0, None)
    session.commit()
    session.expire_all()
    assert naive(session.get(Answer, answer.id).media_expires_at) == expiry  # type: ignore[union-attr]


@pytest.mark.parametrize(("choice", "days"), [("7", 7), ("90", 90), ("forever", None), ("30", 30)])
def test_profile_retention_choice_applies_to_kept_recordings(session, bank, ada, desk, media, choice, days):
    answer = _handed_in(session, desk, ada, media)
    made = naive(answer.recording_finished_at)
    assert made is not None
    profiles.update_profile(session, ada, {"recording_retention": choice})
    session.commit()
    session.expire_all()
    assert lifecycle.retention_days(session, ada.id or 0) == days
    expiry = naive(session.get(Answer, answer.id).media_expires_at)  # type: ignore[union-attr]
    assert expiry == (made + timedelta(days=days) if days else None)


@pytest.mark.parametrize("bad", ["", "1", "365", "never", "-7", "7 days"])
def test_profile_refuses_a_bad_retention_choice(session, bank, ada, desk, media, bad):
    answer = _handed_in(session, desk, ada, media)
    expiry = naive(answer.media_expires_at)
    with pytest.raises(profiles.ProfileError) as info:
        profiles.update_profile(session, ada, {"recording_retention": bad})
    assert set(info.value.errors) == {"recording_retention"}
    session.rollback()
    assert lifecycle.retention_days(session, ada.id or 0) == 30
    assert naive(session.get(Answer, answer.id).media_expires_at) == expiry  # type: ignore[union-attr]


def test_leftover_bytes_of_an_uncommitted_piece_are_dropped(session, bank, ada, desk, media):
    """A piece stored but whose row never committed (the process died) is cut off before the resend."""
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    answer = desk.answer(sq)
    assert answer is not None and answer.media_path
    desk.storage.append(answer.media_path, media.pieces[1][:700])  # half a piece, never acknowledged
    ack = desk.put(ada, sq, 1, media.pieces[1])
    assert ack.bytes == len(media.pieces[0]) + len(media.pieces[1])
    assert desk.storage.read(answer.media_path) == media.pieces[0] + media.pieces[1]


def test_random_bytes_are_never_stored_even_in_small_amounts_as_a_first_piece(session, bank, ada, desk):
    _, sq = start(session, ada)
    assert desk.refused(ada, sq, 0, os.urandom(200)) == "not_audio"
    assert desk.files() == []


def test_a_piece_is_on_disk_before_its_row_is_written_and_a_row_changed_meanwhile_refuses_it(
    session, bank, ada, desk, media, _schema
):
    """The checks only read; the bytes go to disk with no write transaction open (SQLite's write lock is not held
    across the disk sync); then the row moves on only if it still says what the checks read."""
    _, sq = start(session, ada)
    desk.put(ada, sq, 0, media.pieces[0])
    seen: list[bool] = []
    append = desk.storage.append

    def append_then_another_process_stores_it(key: str, data: bytes) -> int:
        seen.append(session.in_transaction() and session.connection().connection.dbapi_connection.in_transaction)
        size = append(key, data)
        with Session(_schema) as other:  # the same piece stored meanwhile through another process
            row = recordings.recording_of(other, sq.id or 0)
            assert row is not None
            row.media_pieces, row.media_bytes = 2, row.media_bytes + len(data)
            other.add(row)
            other.commit()
        return size

    desk.storage.append = append_then_another_process_stores_it  # type: ignore[method-assign]
    assert desk.refused(ada, sq, 1, media.pieces[1]) == "out_of_order"
    assert seen == [False]  # no write transaction open while the bytes were written
    desk.storage.append = append  # type: ignore[method-assign]
    held = desk.answer(sq)
    assert held is not None and held.media_pieces == 2
    assert desk.put(ada, sq, 1, media.pieces[1]).received == 2  # the resend is acknowledged, not stored again
