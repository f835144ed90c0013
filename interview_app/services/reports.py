"""The session report as plain data (for the report page and the PDF)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from interview_app.models import Answer, Feedback, Question
from interview_app.services import interviews
from interview_app.services.scoring.rubric import DIMENSIONS


def build(session: Session, user_id: int, interview_id: int) -> dict[str, Any]:
    """Everything the report shows; raises InterviewError("not_found") for someone else's session."""
    interview = interviews.owned_session(session, user_id, interview_id)
    if interview.status == "completed" and interview.overall_score is None:
        interviews.summarise(session, interview)  # no-op while answers are still being scored
    sqs = interviews.questions_of(session, interview.id or 0)
    answers = {
        a.session_question_id: a
        for a in session.exec(select(Answer).where(col(Answer.session_question_id).in_([s.id for s in sqs]))).all()
    }
    feedback = {
        f.answer_id: f
        for f in session.exec(
            select(Feedback).where(col(Feedback.answer_id).in_([a.id for a in answers.values()]))
        ).all()
    }
    items: list[dict[str, Any]] = []
    pending = 0
    fallback = ""
    for sq in sqs:
        answer = answers.get(sq.id or 0)
        fb = feedback.get(answer.id or 0) if answer else None
        question = session.get(Question, sq.question_id) if sq.question_id else None
        result = fb.result if fb else {}
        if answer and not fb and answer.status != "failed":
            pending += 1
        if result.get("fallback_reason"):
            fallback = result["fallback_reason"]
        items.append(
            {
                "id": sq.id,
                "kind": sq.kind,
                "prompt": sq.prompt,
                "status": sq.status if not answer else ("scored" if fb else answer.status),
                "answer": answer.text if answer else "",
                "seconds": round(answer.duration_seconds or 0) if answer else 0,
                "total": fb.total if fb else None,
                "dimensions": [{"name": d, "value": int(fb.dimensions.get(d, 0))} for d in DIMENSIONS] if fb else [],
                "strengths": result.get("strengths", []),
                "improvements": result.get("improvements", []),
                "key_points": result.get("key_points", []),
                "checklist": [{"item": k, "ok": bool(v)} for k, v in result.get("checklist", {}).items()],
                "summary": result.get("summary", ""),
                "model_answer": question.model_answer if question and sq.kind == "main" else "",
                "engine": f"{fb.engine} · {fb.model} · rubric {fb.rubric_version}" if fb else "",
            }
        )
    return {
        "id": interview.id,
        "role": interview.role_title or (interview.role_slug or ""),
        "type": interview.interview_type,
        "difficulty": interview.difficulty,
        "status": interview.status,
        "started_at": interview.started_at,
        "ended_at": interview.ended_at,
        "overall": interview.overall_score,
        "dimensions": interview.breakdown.get("dimensions", {}),
        "competencies": interview.breakdown.get("competencies", {}),
        "recommendations": list(interview.recommendations),
        "items": items,
        "pending": pending,
        "fallback": fallback,
    }
