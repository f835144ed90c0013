"""A scored answer as the database keeps it (question, answer, feedback), for the second-opinion tests."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from interview_app.clock import utcnow
from interview_app.models import Answer, Feedback, InterviewSession, SessionQuestion, User

QUESTION = "Tell me about a time you turned round a failing project."
ANSWER = (
    "Our billing migration was six weeks late. I interviewed the four engineers, found the blocker was test data, "
    "built a masked copy of production in two days and we shipped three weeks later with zero billing errors."
)
POINTS = ["Finds the real cause of the delay", "Takes a concrete action personally", "States a measured result"]


def stored(total: int = 40, statuses: tuple[str, ...] = ("covered", "missing", "partly")) -> dict[str, Any]:
    dims = {"relevance": 12, "structure": 10, "specificity": 10, "impact": 8}
    assert sum(dims.values()) == 40
    return {
        "total": total,
        "dimensions": dims,
        "key_points": [
            {
                "point": p,
                "covered": s == "covered",
                "confidence": 0.7,
                "evidence": "x" if s != "missing" else None,
                "status": s,
            }
            for p, s in zip(POINTS, statuses, strict=True)
        ],
        "engine": "offline",
        "model": "m",
        "flags": [],
    }


def scored_answer(session: Session, user: User, *, engine: str = "offline", text: str = ANSWER) -> Answer:
    interview = InterviewSession(user_id=user.id or 0, interview_type="behavioural", difficulty="medium")
    session.add(interview)
    session.flush()
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt=QUESTION, status="answered")
    session.add(sq)
    session.flush()
    answer = Answer(
        session_question_id=sq.id or 0, user_id=user.id or 0, text=text, status="scored", scored_at=utcnow()
    )
    session.add(answer)
    session.flush()
    result: dict[str, Any] = {**stored(40), "engine": engine}
    session.add(
        Feedback(
            answer_id=answer.id or 0,
            user_id=user.id or 0,
            total=40,
            dimensions=result["dimensions"],
            result=result,
            engine=engine,
            rubric_version="1.1",
        )
    )
    session.commit()
    return answer
