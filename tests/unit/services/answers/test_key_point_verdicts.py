"""An answer's key points are matched once: the follow-up decision and the score read the same verdicts."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from sqlmodel import Session

from interview_app.clock import utcnow
from interview_app.models import Answer, Question, User
from interview_app.services.answers import recordings
from interview_app.services.interviews import interviews
from interview_app.services.scoring import offline
from interview_app.services.scoring.rubric import KeyPointVerdicts, ScoringInput
from tests.support.mock_interviews import PARTIAL_ANSWER, current, seed_bank, start, submit

pytestmark = pytest.mark.usefixtures("bank")


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Job roles and the curated bank in the test database."""
    return seed_bank(session, monkeypatch)


def no_second_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, matching an answer's key points again fails the test."""

    def refuse(*_args: object) -> object:
        raise AssertionError("the key points were matched a second time")

    monkeypatch.setattr(offline, "_match_points", refuse)


def stored_verdicts(session: Session, answer_id: int) -> KeyPointVerdicts:
    answer = session.get(Answer, answer_id)
    assert answer is not None
    verdicts = KeyPointVerdicts.from_dict(answer.key_point_verdicts)
    assert verdicts is not None
    return verdicts


def test_the_score_reads_the_verdicts_the_follow_up_decision_stored(session, make_user, monkeypatch):
    ada = make_user()
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = session.get(Question, first.question_id)
    assert question is not None
    outcome = submit(session, ada, first, PARTIAL_ANSWER)
    verdicts = stored_verdicts(session, outcome.answer_id)
    assert outcome.missed_points == [k.point for k in verdicts.key_points if not k.covered]
    # The same verdicts as matching the answer afresh: reusing them changes no score.
    fresh = offline.score(
        ScoringInput(
            question=first.prompt,
            answer=PARTIAL_ANSWER,
            reference_answer=question.model_answer,
            key_points=list(question.key_points),
        )
    )
    assert list(verdicts.key_points) == fresh.key_points
    no_second_matching(monkeypatch)
    feedback = interviews.write_feedback(session, outcome.answer_id)
    assert feedback is not None and feedback.engine == "offline"
    assert feedback.result["key_points"] == [asdict(k) for k in verdicts.key_points]
    missed_in_score = [k["point"] for k in feedback.result["key_points"] if not k["covered"]]
    assert missed_in_score == outcome.missed_points


def test_a_recording_scored_before_its_follow_up_decision_shares_the_scores_verdicts(
    session: Session, make_user, monkeypatch
):
    user: User = make_user("voice@example.com")
    interview = start(session, user, question_count="3", answer_mode="audio")
    first = current(session, interview)
    first.status = "answered"
    answer = Answer(
        session_question_id=first.id or 0,
        user_id=user.id or 0,
        mode="audio",
        status="scoring",
        transcript=PARTIAL_ANSWER,
        transcribed_at=utcnow(),
    )
    session.add_all([first, answer])
    session.commit()
    assert interviews.write_feedback(session, answer.id or 0, scorer=offline.score) is not None
    verdicts = stored_verdicts(session, answer.id or 0)
    no_second_matching(monkeypatch)
    outcome = recordings.continue_after(session, user.id or 0, first.id or 0)
    assert outcome.missed_points == [k.point for k in verdicts.key_points if not k.covered]
    assert stored_verdicts(session, answer.id or 0) == verdicts


def test_verdicts_made_for_another_answer_are_not_used(session, make_user):
    ada = make_user()
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    outcome = submit(session, ada, first, PARTIAL_ANSWER)
    verdicts = stored_verdicts(session, outcome.answer_id)
    other = ScoringInput(question=first.prompt, answer="A different answer altogether.", verdicts=verdicts)
    assert not verdicts.fits(other)
    assert (
        KeyPointVerdicts.from_dict({}) is None
        and KeyPointVerdicts.from_dict({"fingerprint": "x", "key_points": [1]}) is None
    )
