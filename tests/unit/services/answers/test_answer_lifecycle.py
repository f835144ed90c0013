"""The answer lifecycle: statuses, claims, the attempt limit, retry, the pending queries and recovery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlmodel import Session

from interview_app import background
from interview_app.clock import utcnow
from interview_app.models import Answer, InterviewSession, Profile, SessionQuestion, User
from interview_app.services.answers import lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus

MakeAnswer = Callable[..., int]


@pytest.fixture
def make_answer(session: Session, make_user: Callable[..., User]) -> MakeAnswer:
    """Commit an answer of Ada's, each on its own session question; returns its id."""
    user = make_user()
    interview = InterviewSession(user_id=user.id or 0, interview_type="behavioural", difficulty="medium")
    session.add(interview)
    session.flush()
    positions = iter(range(0, 1000, 10))

    def make(**fields: object) -> int:
        sq = SessionQuestion(session_id=interview.id or 0, position=next(positions), prompt="Tell me.")
        session.add(sq)
        session.flush()
        answer = Answer(session_question_id=sq.id or 0, user_id=user.id or 0, **fields)  # type: ignore[arg-type]
        session.add(answer)
        session.commit()
        return answer.id or 0

    return make


def row(session: Session, answer_id: int) -> Answer:
    session.expire_all()
    answer = session.get(Answer, answer_id)
    assert answer is not None
    return answer


def test_the_statuses_are_the_strings_the_database_holds():
    assert [s.value for s in AnswerStatus] == [
        "recording",
        "uploaded",
        "transcribing",
        "submitted",
        "scoring",
        "scored",
        "failed",
    ]
    assert AnswerStatus.SCORED == "scored" and f"{AnswerStatus.FAILED}" == "failed"
    typed = Answer(session_question_id=1, user_id=1)
    assert typed.status == AnswerStatus.SUBMITTED  # the table's default is a typed answer's first status


def test_a_typed_answer_is_claimed_once_per_attempt(session: Session, make_answer: MakeAnswer):
    answer_id = make_answer()
    assert lifecycle.claim_for_scoring(answer_id)
    assert (row(session, answer_id).status, row(session, answer_id).attempts) == (AnswerStatus.SCORING, 1)
    assert lifecycle.claim_for_scoring(answer_id)  # left half-done by a crash: claimed again
    assert row(session, answer_id).attempts == 2
    scored = make_answer(status=AnswerStatus.SCORED)
    assert not lifecycle.claim_for_scoring(scored) and row(session, scored).attempts == 0
    assert not lifecycle.claim_for_scoring(999_999)


def test_a_recording_is_claimed_for_transcription_or_straight_for_its_score(session: Session, make_answer):
    uploaded = make_answer(mode="audio", status=AnswerStatus.UPLOADED)
    assert lifecycle.claim_for_transcription(uploaded) == AnswerStatus.TRANSCRIBING
    assert (row(session, uploaded).status, row(session, uploaded).attempts) == (AnswerStatus.TRANSCRIBING, 1)
    transcribed = make_answer(mode="audio", status=AnswerStatus.SCORING, attempts=1)
    assert lifecycle.claim_for_transcription(transcribed) == AnswerStatus.SCORING
    assert (row(session, transcribed).status, row(session, transcribed).attempts) == (AnswerStatus.SCORING, 2)
    recording = make_answer(mode="audio", status=AnswerStatus.RECORDING)
    assert lifecycle.claim_for_transcription(recording) is None
    assert lifecycle.claim_for_transcription(999_999) is None


def test_a_failed_score_waits_for_another_attempt_until_the_last_one(session: Session, make_answer: MakeAnswer):
    answer_id = make_answer()
    for attempt in range(1, lifecycle.MAX_ATTEMPTS + 1):
        assert lifecycle.claim_for_scoring(answer_id)
        lifecycle.fail_scoring(answer_id, RuntimeError(f"engine busy {attempt}"))
        answer = row(session, answer_id)
        expected = AnswerStatus.FAILED if attempt == lifecycle.MAX_ATTEMPTS else AnswerStatus.SUBMITTED
        assert (answer.status, answer.attempts, answer.last_error) == (expected, attempt, f"engine busy {attempt}")
    lifecycle.fail_scoring(999_999, RuntimeError("gone"))  # a deleted answer is nothing to mark


def test_a_failed_transcription_goes_back_to_uploaded_until_the_last_attempt(session: Session, make_answer):
    answer_id = make_answer(mode="audio", status=AnswerStatus.UPLOADED)
    for attempt in range(1, lifecycle.MAX_ATTEMPTS + 1):
        assert lifecycle.claim_for_transcription(answer_id) == AnswerStatus.TRANSCRIBING
        lifecycle.fail_transcription(answer_id, OSError("x" * 600))
        answer = row(session, answer_id)
        expected = AnswerStatus.FAILED if attempt == lifecycle.MAX_ATTEMPTS else AnswerStatus.UPLOADED
        assert (answer.status, answer.attempts, answer.last_error) == (expected, attempt, "x" * 500)
    # A failed score after the transcription keeps it scoring (the retry scores it) until the last attempt.
    scoring = make_answer(mode="audio", status=AnswerStatus.SCORING, attempts=1)
    lifecycle.fail_transcription(scoring, RuntimeError("engine busy"))
    assert (row(session, scoring).status, row(session, scoring).last_error) == (AnswerStatus.SCORING, "engine busy")
    # An answer that moved on meanwhile (handed back, deleted) is left alone.
    recording = make_answer(mode="audio", status=AnswerStatus.RECORDING)
    lifecycle.fail_transcription(recording, RuntimeError("late"))
    assert (row(session, recording).status, row(session, recording).last_error) == (AnswerStatus.RECORDING, "")


def test_retry_gives_new_attempts_and_names_the_job(session: Session, make_answer: MakeAnswer):
    untranscribed = row(session, make_answer(mode="audio", status=AnswerStatus.FAILED, attempts=3, last_error="x"))
    assert lifecycle.retry(untranscribed) == (background.TRANSCRIBE_ANSWER, (untranscribed.id, True))
    assert (untranscribed.status, untranscribed.attempts, untranscribed.last_error) == (AnswerStatus.UPLOADED, 0, "")
    transcribed = row(session, make_answer(mode="audio", status=AnswerStatus.FAILED, transcribed_at=utcnow()))
    assert lifecycle.retry(transcribed) == (background.SCORE_ANSWER, (transcribed.id,))
    assert transcribed.status == AnswerStatus.SCORING  # the candidate's retry shows "scoring" at once
    typed = row(session, make_answer(status=AnswerStatus.FAILED, attempts=3))
    assert lifecycle.retry(typed, waiting=AnswerStatus.SUBMITTED) == (background.SCORE_ANSWER, (typed.id,))
    assert (typed.status, typed.attempts) == (AnswerStatus.SUBMITTED, 0)


def test_hand_in_waits_for_transcription_and_counts_the_expiry_from_now(session: Session, make_answer):
    answer = row(session, make_answer(mode="audio", status=AnswerStatus.RECORDING, media_seconds=12.5))
    now = utcnow()
    lifecycle.hand_in(session, answer, now)
    assert (answer.status, answer.recording_finished_at, answer.duration_seconds) == (AnswerStatus.UPLOADED, now, 12.5)
    assert answer.media_expires_at == now + timedelta(days=30)  # the default retention
    profile = session.get(Profile, answer.user_id)
    assert profile is not None
    profile.recording_retention_days = None
    lifecycle.hand_in(session, answer, now)
    assert answer.media_expires_at is None  # kept until the session is deleted


def test_no_speech_is_a_failure_of_its_own(session: Session, make_answer: MakeAnswer):
    silent = row(session, make_answer(mode="audio", status=AnswerStatus.FAILED, last_error=lifecycle.NO_SPEECH))
    broken = row(session, make_answer(mode="audio", status=AnswerStatus.FAILED, last_error="decoder exploded"))
    assert lifecycle.heard_no_speech(silent) and not lifecycle.heard_no_speech(broken)


def test_the_pending_queries_find_what_waits_with_attempts_left(session: Session, make_answer: MakeAnswer):
    old = utcnow() - timedelta(minutes=30)
    typed = make_answer(submitted_at=old)
    half_scored = make_answer(status=AnswerStatus.SCORING, attempts=1)
    make_answer(status=AnswerStatus.SCORING, attempts=lifecycle.MAX_ATTEMPTS)  # out of attempts
    make_answer(status=AnswerStatus.SCORED)
    make_answer(status=AnswerStatus.FAILED)
    uploaded = make_answer(mode="audio", status=AnswerStatus.UPLOADED, recording_finished_at=old)
    half_done = make_answer(mode="audio", status=AnswerStatus.TRANSCRIBING, attempts=1, recording_finished_at=utcnow())
    make_answer(mode="audio", status=AnswerStatus.RECORDING)
    make_answer(mode="audio", status=AnswerStatus.TRANSCRIBING, attempts=lifecycle.MAX_ATTEMPTS)
    assert sorted(lifecycle.awaiting_score()) == [typed, half_scored]
    assert lifecycle.awaiting_score(10) == [typed]  # stuck for ten minutes
    assert sorted(lifecycle.awaiting_transcription()) == [uploaded, half_done]
    assert lifecycle.awaiting_transcription(10) == [uploaded]


def test_recover_runs_every_waiting_answer_even_when_one_fails(caplog: pytest.LogCaptureFixture):
    done: list[int] = []

    def step(answer_id: int) -> None:
        if answer_id == 2:
            raise RuntimeError("one bad answer")
        done.append(answer_id)

    assert lifecycle.recover([1, 2, 3], step, "scoring") == 3
    assert done == [1, 3]
    assert "scoring answer 2 failed" in caplog.text
