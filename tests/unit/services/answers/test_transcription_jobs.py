"""The background half of a recorded answer with the real Whisper tiny.en model: streamed steps while the
candidate speaks, the final transcription, speaking metrics and the score, failures, retries and recovery.

Rows are committed in the test database, which is the app's database here, so the jobs (which open their own
`db.session_scope`) see them; recordings go to the app's storage (DATA_DIR/media).
"""

from __future__ import annotations

import itertools
import random
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app import background
from interview_app.jobs import tasks
from interview_app.jobs.runner import InProcessRunner
from interview_app.models import Answer, Feedback, InterviewSession, Question, SessionQuestion, User
from interview_app.services.answers import lifecycle, recordings, transcription
from interview_app.services.answers.recordings import PieceAck
from interview_app.services.answers.storage import get_storage
from interview_app.services.interviews import interviews
from interview_app.services.scoring.rubric import RUBRIC_VERSION
from interview_app.speech import gate as whisper_gate
from interview_app.speech import pipeline
from interview_app.speech.transcribe import Piece

FIRST = "I designed a caching layer for the payment service."
SECOND = "It reduced latency by forty percent for every customer."
FIRST_WORDS = ("caching", "payment")
SECOND_WORDS = ("latency", "customer")
CLUSTER = b"\x1f\x43\xb6\x75"  # the Matroska Cluster element: each later piece starts with one


# ---------------------------------------------------------------- recordings made once for the module


def _run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def _pieces(data: bytes) -> tuple[bytes, ...]:
    """The recording cut at its clusters, as MediaRecorder sends it (the header goes with the first)."""
    starts = [i for i in range(len(data)) if data.startswith(CLUSTER, i)]
    bounds = (0, *starts[1:], len(data))
    return tuple(data[a:b] for a, b in itertools.pairwise(bounds))


@dataclass(frozen=True)
class Media:
    """Two spoken sentences with a pause between them (in one-second pieces), and a silent recording."""

    speech: tuple[bytes, ...]
    silence: tuple[bytes, ...]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """Generated once for the module with espeak-ng and ffmpeg (Opus in WebM, a cluster a second)."""
    folder = tmp_path_factory.mktemp("speech")
    one, two, speech, silence = (folder / n for n in ("1.wav", "2.wav", "speech.webm", "silence.webm"))
    _run("espeak-ng", "-v", "en-us", "-w", str(one), FIRST)
    _run("espeak-ng", "-v", "en-us", "-w", str(two), SECOND)
    opus = ("-c:a", "libopus", "-b:a", "32k", "-cluster_time_limit", "1000")
    _run(
        "ffmpeg", "-loglevel", "error", "-y", "-i", str(one), "-i", str(two),
        "-filter_complex", "[0]apad=pad_dur=1.2[a];[a][1]concat=n=2:v=0:a=1", *opus, str(speech),
    )  # fmt: skip
    _run(
        "ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "3",
        *opus, str(silence),
    )  # fmt: skip
    pieces = _pieces(speech.read_bytes())
    assert len(pieces) >= 7, len(pieces)  # about 7.3 s
    return Media(speech=pieces, silence=_pieces(silence.read_bytes()))


# ---------------------------------------------------------------- users, sessions, uploads


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
            prompt=f"Tell me about a time you made a service faster ({i}).",
            key_points=["Describe the situation", "Explain your actions", "Give a measurable result"],
            model_answer="Payments were slow, so I designed a caching layer and latency fell by forty percent.",
            follow_ups=["How did you measure the improvement?"],
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


@dataclass
class Candidate:
    """A signed-in candidate on the first question of a voice interview, with a job queue stub."""

    session: Session
    user: User
    sq: SessionQuestion
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def uid(self) -> int:
        """The user id."""
        return self.user.id or 0

    @property
    def sq_id(self) -> int:
        """The current session question id."""
        return self.sq.id or 0

    def enqueue(self, *args: object) -> None:
        """The job queue stub: remembers what would have run."""
        self.calls.append(args)

    def commit(self) -> None:
        """Commit, then run what `db.session_scope` runs after a commit."""
        self.session.commit()
        for callback in self.session.info.pop("after_commit", []):
            callback()

    def put(self, seq: int, data: bytes, last: bool = False) -> PieceAck:
        """Upload one piece and commit, like the HTTP route (`last`: the recorder stopped)."""
        ack = recordings.receive_piece(self.session, self.uid, self.sq_id, seq, data, enqueue=self.enqueue, last=last)
        self.commit()
        return ack

    def record(self, pieces: tuple[bytes, ...], start: int = 0, stop: bool = False) -> PieceAck:
        """Upload pieces `start`... in order (`stop`: the final one as the recorder sends it after Stop)."""
        acks = [
            self.put(seq, piece, last=stop and seq == len(pieces) - 1)
            for seq, piece in enumerate(pieces[start:], start)
        ]
        return acks[-1]

    def hand_in(self, pieces: int) -> int:
        """Finish the recording; returns the answer id."""
        answer = recordings.hand_in(self.session, self.uid, self.sq_id, pieces, enqueue=self.enqueue)
        self.commit()
        return answer.id or 0

    def answer(self, answer_id: int) -> Answer:
        """The answer row as the jobs committed it."""
        self.session.expire_all()
        row = self.session.get(Answer, answer_id)
        assert row is not None
        return row


@pytest.fixture
def candidate(session: Session, bank: list[Question], ada: User) -> Candidate:
    """Ada on the first question of a committed voice interview."""
    options = interviews.validate_setup(
        {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
    )
    interview = interviews.start_session(session, ada.id or 0, options, rng=random.Random(0))
    session.commit()
    sq = interviews.current_question(session, interview)
    assert sq is not None
    return Candidate(session, ada, sq)


@pytest.fixture
def runner() -> Iterator[InProcessRunner]:
    """A job runner that retries failures after 10 ms (20 ms, ...)."""
    jobs = InProcessRunner(retry_delay=0.01)
    yield jobs
    jobs.shutdown()


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll `check` until it holds or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()


def words_of(answer: Answer) -> list[str]:
    """The transcript's words, lower case without punctuation."""
    return ["".join(ch for ch in w["word"].lower() if ch.isalnum()) for w in answer.word_timings]


# ---------------------------------------------------------------- the pipeline


def test_a_handed_in_recording_is_transcribed_measured_and_scored(candidate: Candidate, media: Media):
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    assert candidate.calls[-1] == ("transcribe_answer", answer_id, True)
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    answer = candidate.answer(answer_id)
    assert answer.status == "scored" and answer.attempts == 1 and answer.last_error == ""
    text = answer.transcript.lower()
    assert all(w in text for w in FIRST_WORDS + SECOND_WORDS), answer.transcript
    assert answer.transcribed_at is not None and answer.scored_at is not None
    assert answer.transcribed_seconds == pytest.approx(answer.media_seconds, abs=0.05)
    starts = [w["start"] for w in answer.word_timings]
    assert starts == sorted(starts) and all(w["end"] >= w["start"] for w in answer.word_timings)
    metrics = answer.metrics
    assert metrics["word_count"] == len(answer.word_timings) > 5
    assert metrics["wpm"] > 0 and metrics["duration"] == pytest.approx(answer.media_seconds, abs=0.1)
    assert metrics["pauses"]["longest"] >= 0.8  # the pause between the sentences
    feedback = candidate.session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).one()
    assert feedback.engine and feedback.rubric_version == RUBRIC_VERSION and feedback.user_id == candidate.uid
    assert feedback.model and 0 <= feedback.total <= 100
    assert tasks.transcribe_answer(answer_id, True) == "skipped"  # a second run changes nothing
    assert candidate.answer(answer_id).attempts == 1


def test_a_silent_recording_fails_with_no_speech_and_can_be_recorded_again(candidate: Candidate, media: Media):
    candidate.record(media.silence)
    answer_id = candidate.hand_in(len(media.silence))
    assert tasks.transcribe_answer(answer_id, True) == "no_speech"
    answer = candidate.answer(answer_id)
    assert answer.status == "failed" and answer.last_error == "no_speech" and answer.transcript == ""
    assert candidate.session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first() is None
    path = get_storage().local_path(answer.media_path or "")
    assert path.exists()
    recordings.discard(candidate.session, candidate.uid, candidate.sq_id)
    candidate.commit()
    assert not path.exists() and candidate.session.get(Answer, answer_id) is None
    sq = candidate.session.get(SessionQuestion, candidate.sq_id)
    assert sq is not None and sq.status == "active" and sq.finished_at is None
    ack = candidate.put(0, media.speech[0])  # the candidate records again
    assert ack.received == 1 and ack.bytes == len(media.speech[0])  # decoded in the background, not here


def test_a_job_interrupted_by_a_crash_is_recovered(candidate: Candidate, media: Media):
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    row = candidate.answer(answer_id)
    row.status, row.attempts = "transcribing", 1  # the process died in the middle of the job
    candidate.session.add(row)
    candidate.commit()
    assert tasks.transcribe_pending() == 1
    answer = candidate.answer(answer_id)
    assert answer.status == "scored" and answer.attempts == 2
    assert all(w in answer.transcript.lower() for w in FIRST_WORDS + SECOND_WORDS)
    assert tasks.transcribe_pending() == 0


def test_a_restart_while_recording_queues_one_streamed_step_that_catches_up(
    candidate: Candidate, media: Media, override_settings: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
):
    """The queue's entries die with the process; on start-up the rows say which recordings are in flight."""
    override_settings(stream_min_seconds=2.0)
    monkeypatch.setattr(background, "TASKS", dict(tasks.TASKS))
    answer_id = candidate.record(media.speech).answer_id  # pieces stored, no step ran (the queue was lost)
    assert candidate.answer(answer_id).transcribed_seconds == 0
    queued: list[tuple[Any, ...]] = []
    background.set_dispatcher(lambda *args: queued.append(args))
    try:
        assert tasks.transcribe_pending() == 0  # nothing handed in
    finally:
        background.set_dispatcher(None)
    assert queued == [("transcribe_answer", answer_id, False)]
    assert tasks.transcribe_answer(answer_id, False) == "transcribed"  # one step for all the pieces
    assert all(w in candidate.answer(answer_id).transcript.lower() for w in FIRST_WORDS)
    assert transcription.resume_streams() == 0  # no runner in this process: nothing queued, no error


def test_recovery_leaves_answers_that_used_up_their_attempts(candidate: Candidate, media: Media, monkeypatch):
    candidate.record(media.speech[:2])
    answer_id = candidate.hand_in(2)
    row = candidate.answer(answer_id)
    row.status, row.attempts = "transcribing", lifecycle.MAX_ATTEMPTS
    candidate.session.add(row)
    candidate.commit()
    monkeypatch.setattr(transcription, "transcribe_and_score", lambda _id: pytest.fail("must not run"))
    assert tasks.transcribe_pending() == 0


def test_a_job_that_keeps_failing_ends_failed_after_the_last_attempt(
    candidate: Candidate, media: Media, runner: InProcessRunner, monkeypatch: pytest.MonkeyPatch
):
    candidate.record(media.speech[:3])
    answer_id = candidate.hand_in(3)
    calls: list[Path] = []

    def broken(path: Path) -> object:
        calls.append(path)
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(pipeline, "decoded_samples", broken)
    runner.enqueue("transcribe_answer", answer_id, True)
    assert wait_for(lambda: candidate.answer(answer_id).status == "failed")
    answer = candidate.answer(answer_id)
    assert answer.attempts == lifecycle.MAX_ATTEMPTS == len(calls) == tasks.RETRIED["transcribe_answer"]
    assert "decoder exploded" in answer.last_error
    time.sleep(0.2)
    assert len(calls) == lifecycle.MAX_ATTEMPTS  # no attempt after the last one
    # The candidate asks for another try once the cause is gone.
    monkeypatch.undo()
    recordings.retry(candidate.session, candidate.uid, candidate.sq_id, enqueue=candidate.enqueue)
    candidate.commit()
    assert candidate.calls[-1] == ("transcribe_answer", answer_id, True)
    answer = candidate.answer(answer_id)
    assert answer.status == "uploaded" and answer.attempts == 0 and answer.last_error == ""
    assert tasks.transcribe_answer(answer_id, True) == "scored"


def test_a_failed_attempt_is_retried_by_the_runner_until_it_succeeds(
    candidate: Candidate, media: Media, runner: InProcessRunner, monkeypatch: pytest.MonkeyPatch
):
    candidate.record(media.speech[:3])
    answer_id = candidate.hand_in(3)
    real_read = pipeline.decoded_samples
    calls: list[Path] = []

    def flaky(path: Path) -> Any:
        calls.append(path)
        if len(calls) == 1:
            raise OSError("storage briefly unavailable")
        return real_read(path)

    monkeypatch.setattr(pipeline, "decoded_samples", flaky)
    runner.enqueue("transcribe_answer", answer_id, True)
    assert wait_for(lambda: candidate.answer(answer_id).status == "scored")
    answer = candidate.answer(answer_id)
    assert len(calls) == 2 and answer.attempts == 2 and answer.last_error == ""


def test_a_scoring_failure_after_the_transcription_is_retried(
    candidate: Candidate, media: Media, runner: InProcessRunner, monkeypatch: pytest.MonkeyPatch
):
    candidate.record(media.speech[:3])
    answer_id = candidate.hand_in(3)
    real_score = interviews.write_feedback
    scored: list[int] = []
    finished: list[str] = []
    real_finish = transcription.transcribe_and_score

    def flaky_score(session: Session, answer_id: int, scorer: Any = None) -> Any:
        scored.append(answer_id)
        if len(scored) == 1:
            raise RuntimeError("scoring engine busy")
        return real_score(session, answer_id, scorer)

    def counted_finish(answer_id: int) -> str:
        outcome = "failed"
        try:
            outcome = real_finish(answer_id)
        finally:
            finished.append(outcome)
        return outcome

    monkeypatch.setattr(interviews, "write_feedback", flaky_score)
    monkeypatch.setattr(transcription, "transcribe_and_score", counted_finish)
    runner.enqueue("transcribe_answer", answer_id, True)
    assert wait_for(lambda: len(finished) >= 2)  # the runner tried again
    assert wait_for(lambda: candidate.answer(answer_id).status == "scored", timeout=3.0), finished


# ---------------------------------------------------------------- streamed steps while recording


def test_streamed_steps_store_partial_words_and_the_final_transcript_has_everything(
    candidate: Candidate, media: Media, override_settings: Callable[..., Any]
):
    override_settings(stream_min_seconds=2.0)
    ack = candidate.record(media.speech[:1])
    assert tasks.transcribe_answer(ack.answer_id, False) == "waiting"  # one second is not enough yet
    ack = candidate.record(media.speech[:5], start=1)  # the first sentence, the pause and a bit more
    answer_id = ack.answer_id
    assert ("transcribe_answer", answer_id, False) in candidate.calls
    assert tasks.transcribe_answer(answer_id, False) == "transcribed"
    partial = candidate.answer(answer_id)
    assert partial.status == "recording"
    assert 1.0 <= partial.transcribed_seconds < partial.media_seconds
    assert all(w in partial.transcript.lower() for w in FIRST_WORDS), partial.transcript
    assert not any(w in partial.transcript.lower() for w in SECOND_WORDS)  # cut in the pause before them
    assert all(w["end"] <= partial.transcribed_seconds + 0.05 for w in partial.word_timings)
    assert "stream" in partial.metrics
    kept = partial.metrics["stream"]
    # Voice activity of the transcribed stretch is kept, so the hand-in runs VAD over the rest only.
    assert kept["spans_to"] == pytest.approx(partial.transcribed_seconds)
    assert kept["spans"] and all(b <= partial.transcribed_seconds + 0.01 for _a, b in kept["spans"])
    streamed = list(partial.word_timings)

    candidate.record(media.speech, start=5)
    answer_id = candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    answer = candidate.answer(answer_id)
    assert answer.word_timings[: len(streamed)] == streamed  # the streamed words are kept as they were
    words = words_of(answer)
    for expected in FIRST_WORDS + SECOND_WORDS:  # every word once: nothing lost or transcribed twice
        assert len([w for w in words if expected in w]) == 1, answer.transcript
    assert "stream" not in answer.metrics and answer.metrics["word_count"] == len(words)
    whole = pipeline.voice_spans(transcription._samples(answer))
    pause = answer.metrics["pauses"]["longest"]  # the same pause as VAD over the whole recording finds
    assert pause >= 0.8 and any(abs((b2 - a1) - pause) < 0.1 for (_, a1), (b2, _) in itertools.pairwise(whole))


def test_each_piece_is_answered_with_how_far_the_transcript_reaches(
    candidate: Candidate, media: Media, override_settings: Callable[..., Any]
):
    """What the recorder shows while recording ("Transcribing, N s behind") comes with each piece's answer."""
    override_settings(stream_min_seconds=2.0)
    ack = candidate.record(media.speech[:5])
    assert ack.transcribed_seconds == 0
    assert tasks.transcribe_answer(ack.answer_id, False) == "transcribed"
    ack = candidate.put(5, media.speech[5])
    assert ack.transcribed_seconds == candidate.answer(ack.answer_id).transcribed_seconds
    assert 1.0 < ack.transcribed_seconds < 5.5


def test_a_streamed_step_is_skipped_when_busy_or_handed_in(candidate: Candidate, media: Media, override_settings):
    override_settings(stream_min_seconds=2.0)
    ack = candidate.record(media.speech[:5])
    with transcription._locks.holding(ack.answer_id):
        assert transcription.stream(ack.answer_id) == "busy"
    answer_id = candidate.hand_in(5)
    assert transcription.stream(answer_id) == "skipped"
    assert candidate.answer(answer_id).word_timings == []


# ---------------------------------------------------------------- the rest transcribed when the recording stops


def test_stopping_transcribes_the_rest_so_the_hand_in_only_measures_and_scores(
    candidate: Candidate, media: Media, override_settings: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
):
    override_settings(stream_min_seconds=2.0)
    ack = candidate.record(media.speech[:5])
    answer_id = ack.answer_id
    assert tasks.transcribe_answer(answer_id, False) == "transcribed"  # the first sentence, while speaking
    streamed = candidate.answer(answer_id).transcribed_seconds
    listened: list[int] = []
    real_confirm = pipeline.confirm_hesitations
    monkeypatch.setattr(
        pipeline, "confirm_hesitations", lambda s, c, **kw: listened.append(len(c)) or real_confirm(s, c, **kw)
    )
    ack = candidate.record(media.speech, start=5, stop=True)
    assert candidate.calls[-1] == ("transcribe_rest", answer_id)  # not another streamed step
    assert tasks.transcribe_rest(answer_id) == "transcribed"
    stopped = candidate.answer(answer_id)
    assert stopped.status == "recording" and streamed < stopped.transcribed_seconds
    assert stopped.transcribed_seconds == pytest.approx(stopped.media_seconds, abs=0.01)
    assert all(w in stopped.transcript.lower() for w in FIRST_WORDS + SECOND_WORDS), stopped.transcript
    assert listened == []  # the second listen waits: the candidate may hand in at once
    assert tasks.transcribe_rest(answer_id) == "waiting"  # nothing left

    answer_id = candidate.hand_in(len(media.speech))
    transcribed = pipeline.stream_step
    monkeypatch.setattr(
        pipeline,
        "stream_step",
        lambda samples, done, final, **kw: (
            pytest.fail("transcribed again")
            if len(samples) / 16000 - done > 0.1
            else transcribed(samples, done, final=final, **kw)
        ),
    )
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    answer = candidate.answer(answer_id)
    words = words_of(answer)
    for expected in FIRST_WORDS + SECOND_WORDS:  # every word once
        assert len([w for w in words if expected in w]) == 1, answer.transcript
    assert answer.word_timings == stopped.word_timings and answer.metrics["word_count"] == len(words)
    assert answer.metrics["pauses"]["longest"] >= 0.8


def test_recording_again_after_stop_throws_the_rest_away(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    first = candidate.record(media.speech[:3], stop=True).answer_id
    assert candidate.calls[-1] == ("transcribe_rest", first)
    recordings.discard(candidate.session, candidate.uid, candidate.sq_id)  # "Record again" before the step ran
    candidate.commit()
    assert tasks.transcribe_rest(first) == "skipped"

    # The step was already running: it read the old take, then the candidate recorded again.
    old = candidate.record(media.speech[:3], stop=True).answer_id
    loaded = transcription._load(old)
    assert loaded is not None
    samples = transcription._samples(loaded[0])
    recordings.discard(candidate.session, candidate.uid, candidate.sq_id)
    candidate.commit()
    new = candidate.record(media.silence[:1]).answer_id  # SQLite may give the new take the same id
    monkeypatch.setattr(transcription, "_load", lambda _id: loaded)
    monkeypatch.setattr(transcription, "_samples", lambda _answer, **_: samples)
    assert tasks.transcribe_rest(old) == "superseded"
    assert candidate.answer(new).word_timings == [] and candidate.answer(new).transcribed_seconds == 0


def test_the_rest_waits_for_a_streamed_step_that_is_running(candidate: Candidate, media: Media):
    import threading

    answer_id = candidate.record(media.speech, stop=True).answer_id
    outcome: list[str] = []
    with transcription._locks.holding(answer_id):
        worker = threading.Thread(target=lambda: outcome.append(tasks.transcribe_rest(answer_id)))
        worker.start()
        time.sleep(0.3)
        assert worker.is_alive() and outcome == []  # a streamed step would return "busy" here
    worker.join(30)
    assert outcome == ["transcribed"]
    assert all(w in candidate.answer(answer_id).transcript.lower() for w in FIRST_WORDS + SECOND_WORDS)


def test_a_streamed_step_handed_in_while_it_waits_for_whisper_gives_way_to_the_final_step(
    candidate: Candidate, media: Media, override_settings, monkeypatch: pytest.MonkeyPatch
):
    """Other candidates' calls held Whisper; the hand-in came meanwhile: one call, the final one, hears it all."""
    import threading

    override_settings(stream_min_seconds=2.0, whisper_parallel_calls=1)
    monkeypatch.setattr(whisper_gate, "_gate", None)  # a gate of one slot, made from these settings
    answer_id = candidate.record(media.speech).answer_id
    hold, held = threading.Event(), threading.Event()

    def other_call() -> None:
        with whisper_gate.gate().turn(urgent=True):
            held.set()
            hold.wait(30)

    other = threading.Thread(target=other_call)
    other.start()
    assert held.wait(10)
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(tasks.transcribe_answer(answer_id, False)))
    worker.start()
    deadline = time.monotonic() + 30
    while not whisper_gate.busy():  # the streamed step waits for its turn
        assert time.monotonic() < deadline and worker.is_alive()
        time.sleep(0.01)
    candidate.hand_in(len(media.speech))
    worker.join(10)  # it leaves the line at once, while the other call still runs
    assert outcome == ["superseded"] and not hold.is_set()
    hold.set()
    other.join(30)
    assert candidate.answer(answer_id).transcribed_seconds == 0  # nothing was transcribed, nor stored
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    assert all(w in candidate.answer(answer_id).transcript.lower() for w in FIRST_WORDS + SECOND_WORDS)


def test_the_progress_mark_is_read_for_the_owner_only(candidate: Candidate, media: Media, make_user):
    ack = candidate.record(media.speech[:2])
    assert recordings.progress_mark(candidate.uid, candidate.sq_id) == ("recording", 0.0, None, False)
    other = make_user(email="bob@example.com", name="Bob")
    assert recordings.progress_mark(other.id or 0, candidate.sq_id) is None
    assert ack.received == 2


def test_a_closing_piece_without_audio_still_starts_the_rest(candidate: Candidate, media: Media):
    ack = candidate.record(media.speech[:4])
    closing = candidate.put(4, random.Random(3).randbytes(300), last=True)  # no audio frame (bookkeeping only)
    assert closing.received == 5 and closing.seconds == ack.seconds
    assert candidate.calls[-1] == ("transcribe_rest", ack.answer_id)


# ---------------------------------------------------------------- the second listen after the score

GAP = {"after": 3, "start": 1.0, "end": 1.5}  # a voiced gap the transcript left empty


def _feedback(candidate: Candidate, answer_id: int) -> Feedback:
    candidate.session.expire_all()
    return candidate.session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).one()


def test_the_score_is_shown_before_the_second_listen_which_then_refines_it(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    """The candidate waits for one Whisper call: the gaps are listened to again after the score is stored."""
    from interview_app.services.scoring import delivery
    from interview_app.services.scoring.rubric import ScoreResult

    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    seen: list[tuple[str, bool, int | None]] = []

    def second_listen(samples: Any, gaps: list[dict[str, Any]], **_: object) -> list[dict[str, Any]]:
        row = candidate.answer(answer_id)
        fb = candidate.session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first()
        seen.append((row.status, row.metrics["fillers"].get("checking", False), fb.total if fb else None))
        assert gaps == [GAP] and len(samples) > 16000
        return [{**GAP, "kind": "um"}]

    monkeypatch.setattr(pipeline, "confirm_hesitations", second_listen)
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"

    assert len(seen) == 1
    status, checking, first_total = seen[0]
    assert status == "scored" and checking and first_total is not None  # feedback was there, marked as checking
    answer = candidate.answer(answer_id)
    fillers = answer.metrics["fillers"]
    assert "stream" not in answer.metrics and "checking" not in fillers
    assert fillers["recovered"] == 1 and fillers["unresolved"] == 0 and fillers["by_kind"]["um/uh (recovered)"] == 1
    feedback = _feedback(candidate, answer_id)
    # Only the delivery share was folded in again, from the content score kept at scoring time.
    sq = candidate.session.get(SessionQuestion, answer.session_question_id)
    assert sq is not None
    expected = delivery.apply(
        ScoreResult.from_dict(feedback.result["before_delivery"]),
        interviews._scoring_input(candidate.session, answer, sq),
    )
    assert feedback.total == expected.total and feedback.dimensions == expected.dimensions
    assert feedback.result["details"]["delivery"] == expected.details["delivery"]
    assert transcription.refine_fillers(answer_id) == "skipped"  # nothing left to refine


@pytest.mark.parametrize(("min_seconds", "listens"), [(3.0, True), (1.0, False)])
def test_a_streamed_step_that_is_behind_leaves_the_second_listen_for_after_the_score(
    candidate: Candidate, media: Media, override_settings, monkeypatch: pytest.MonkeyPatch, min_seconds, listens
):
    """Five seconds waited: on time for 3-s steps (it listens again), behind for 1-s steps (it does not)."""
    override_settings(stream_min_seconds=min_seconds)
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    heard: list[list[dict[str, Any]]] = []
    monkeypatch.setattr(pipeline, "confirm_hesitations", lambda s, gaps, **_: heard.append(gaps) or [])
    answer_id = candidate.record(media.speech[:5]).answer_id
    assert tasks.transcribe_answer(answer_id, False) == "transcribed"
    assert heard == ([[GAP]] if listens else [])
    candidate.record(media.speech, start=5)
    candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    assert heard == [[GAP]]  # listened to once in all: while streaming, or after the score
    assert "checking" not in candidate.answer(answer_id).metrics["fillers"]


def test_a_streamed_step_leaves_the_second_listen_for_after_the_score_while_other_whisper_calls_wait(
    candidate: Candidate, media: Media, override_settings, monkeypatch: pytest.MonkeyPatch
):
    """Other candidates' audio waits for Whisper: the second listen (a Whisper window of its own) waits too."""
    override_settings(stream_min_seconds=3.0)  # on time: only the queue at the gate makes it wait
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    heard: list[list[dict[str, Any]]] = []
    monkeypatch.setattr(pipeline, "confirm_hesitations", lambda s, gaps, **_: heard.append(gaps) or [])
    monkeypatch.setattr(whisper_gate, "busy", lambda: True)
    answer_id = candidate.record(media.speech[:5]).answer_id
    assert tasks.transcribe_answer(answer_id, False) == "transcribed"
    assert heard == [] and candidate.answer(answer_id).metrics["stream"]["checked"] == []
    candidate.record(media.speech, start=5)
    candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    assert heard == [[GAP]]  # the gap left unchecked while streaming is listened to after the score
    assert "checking" not in candidate.answer(answer_id).metrics["fillers"]


def test_with_a_job_runner_the_second_listen_is_queued_after_the_score_not_run_in_the_hand_in(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    """So the next candidate's hand-in does not wait behind it (the job queue runs hand-ins first)."""
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    monkeypatch.setattr(background, "TASKS", dict(tasks.TASKS))
    heard: list[list[dict[str, Any]]] = []
    monkeypatch.setattr(pipeline, "confirm_hesitations", lambda s, gaps, **_: heard.append(gaps) or [])
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    queued: list[tuple[Any, ...]] = []
    background.set_dispatcher(lambda *args: queued.append(args))
    try:
        assert tasks.transcribe_answer(answer_id, True) == "scored"
    finally:
        background.set_dispatcher(None)
    assert queued == [("refine_fillers", answer_id)] and heard == []
    assert candidate.answer(answer_id).metrics["fillers"]["checking"]
    assert tasks.refine_fillers(answer_id) == "refined"
    answer = candidate.answer(answer_id)
    assert heard == [[GAP]] and "checking" not in answer.metrics["fillers"] and answer.status == "scored"
    assert tasks.refine_fillers(answer_id) == "skipped"  # a second delivery changes nothing


def test_a_restart_between_the_score_and_the_second_listen_is_picked_up_on_start(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    real_refine = transcription.refine_fillers
    monkeypatch.setattr(transcription, "refine_fillers", lambda *a, **k: "died")  # the process stops here
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    answer = candidate.answer(answer_id)
    assert answer.status == "scored" and answer.metrics["fillers"]["checking"]
    assert answer.metrics["stream"]["pending"] == [GAP]

    monkeypatch.setattr(transcription, "refine_fillers", real_refine)
    heard: list[list[dict[str, Any]]] = []
    monkeypatch.setattr(pipeline, "confirm_hesitations", lambda s, gaps, **_: heard.append(gaps) or [])
    assert tasks.transcribe_pending() == 1  # on start-up
    answer = candidate.answer(answer_id)
    assert heard == [[GAP]] and "stream" not in answer.metrics and "checking" not in answer.metrics["fillers"]
    assert answer.metrics["fillers"]["unresolved"] == 1  # listened to, nothing heard
    assert tasks.transcribe_pending() == 0


def test_a_failing_second_listen_leaves_a_lower_bound_not_a_count_being_checked_for_ever(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])

    def broken(samples: Any, gaps: list[dict[str, Any]], **_: object) -> list[dict[str, Any]]:
        raise RuntimeError("whisper crashed")

    monkeypatch.setattr(pipeline, "confirm_hesitations", broken)
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    answer = candidate.answer(answer_id)
    fillers = answer.metrics["fillers"]
    assert answer.status == "scored" and "stream" not in answer.metrics and "checking" not in fillers
    assert fillers["unresolved"] == 1 and fillers["recovered"] == 0
    assert _feedback(candidate, answer_id).total >= 0


def test_a_korean_interview_is_transcribed_and_listened_to_again_in_korean(
    candidate: Candidate, media: Media, monkeypatch: pytest.MonkeyPatch
):
    interview = candidate.session.get(InterviewSession, candidate.sq.session_id)
    assert interview is not None and interview.language == "en"
    interview.language = "ko"
    candidate.session.add(interview)
    candidate.commit()
    languages: list[str] = []

    def stream_step(samples: Any, done: float, *, final: bool, language: str = "en", **_: object) -> Any:
        languages.append(language)
        return Piece(words=[{"word": "음", "start": 0.1, "end": 0.3, "p": 0.9}], cut_seconds=len(samples) / 16000)

    monkeypatch.setattr(pipeline, "stream_step", stream_step)
    monkeypatch.setattr(pipeline.speech_metrics, "hesitation_candidates", lambda words, spans: [dict(GAP)])
    heard: list[str] = []
    monkeypatch.setattr(
        pipeline, "confirm_hesitations", lambda s, gaps, language="en", **_: heard.append(language) or []
    )
    candidate.record(media.speech)
    answer_id = candidate.hand_in(len(media.speech))
    assert tasks.transcribe_answer(answer_id, True) == "scored"
    assert languages and set(languages) == {"ko"}
    assert heard == ["ko"]  # the second listen, after the score
    assert candidate.answer(answer_id).metrics["fillers"]["by_kind"] == {"음": 1}
