"""The interview page's recording status: an honest "Transcribing, 12 s behind" while audio waits."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import Session

from interview_app.i18n import t
from interview_app.models import Answer, InterviewSession, SessionQuestion
from interview_app.pages.interviews.run.state import RunState
from tests.support.handlers import signed_in_user


def _answer(session: Session, **fields: Any) -> int:
    user, _ = signed_in_user(session, email="vera@example.com", name="Vera Voice")
    interview = InterviewSession(
        user_id=user.id or 0, interview_type="behavioural", difficulty="medium", answer_mode="audio"
    )
    session.add(interview)
    session.flush()
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Tell me about a feature you owned.")
    session.add(sq)
    session.flush()
    assert sq.id is not None
    session.add(Answer(session_question_id=sq.id, user_id=user.id or 0, mode="audio", **fields))
    session.commit()
    return sq.id


def _shown(session: Session, sq_id: int) -> str:
    # The bits of the state `_read_recording` reads: the answer mode and the page's language (`self.t`).
    page = SimpleNamespace(answer_mode="audio", lang="en", t=lambda key, **params: t(key, "en", **params))
    RunState._read_recording(page, session, sq_id)  # type: ignore[arg-type]
    return page.rec_behind


@pytest.mark.parametrize(
    ("status", "media", "transcribed", "shown"),
    [
        ("recording", 30.0, 18.2, "Transcribing, 12 s behind"),
        ("uploaded", 60.0, 51.0, "Transcribing, 9 s behind"),
        ("transcribing", 60.0, 60.0, ""),  # caught up: nothing to say
        ("scored", 60.0, 40.0, ""),  # done: the score says it
        ("recording", 0.4, 0.0, ""),  # under a second
    ],
)
def test_the_page_says_how_far_the_transcript_is_behind(session, status, media, transcribed, shown):
    sq_id = _answer(session, status=status, media_seconds=media, transcribed_seconds=transcribed)
    assert _shown(session, sq_id) == shown
