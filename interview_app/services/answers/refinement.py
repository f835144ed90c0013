"""The local LLM's second opinion on a scored answer, folded in after the fast score is on screen.

Only with `LOCAL_LLM=true`, and only for scores made by the offline engine. The answer's feedback keeps its
fast score until the model has answered (about 2-5 s on two cores); any failure leaves it as it is. The
refined result says so in `result["refined"]` (see `second_opinion.refine`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from sqlmodel import col, select

from interview_app import db
from interview_app.clock import utcnow
from interview_app.models import Answer, Feedback, SessionQuestion
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.interviews import interviews
from interview_app.services.scoring import local_llm, second_opinion
from interview_app.settings import get_settings

log = logging.getLogger(__name__)


def wanted(result: Mapping[str, object], engine: str) -> bool:
    """True when a stored result should get the second opinion: an offline score not refined yet."""
    return engine == "offline" and "refined" not in result


def refine_answer(answer_id: int) -> str:
    """Ask the local LLM about one scored answer and store the refined score; returns what happened."""
    if not get_settings().local_llm:
        return "off"
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        feedback = session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first()
        sq = session.get(SessionQuestion, answer.session_question_id) if answer else None
        if answer is None or feedback is None or sq is None or answer.status != AnswerStatus.SCORED:
            return "skipped"
        if not wanted(feedback.result, feedback.engine):
            return "skipped"
        text = answer.text or answer.transcript
        question = sq.prompt
        points = [str(k.get("point", "")) for k in feedback.result.get("key_points", []) if k.get("point")]
    if not text.strip():
        return "skipped"
    client = second_opinion.make_client(local_llm.base_url())
    opinion = second_opinion.ask(question, text, points, client=client, model=local_llm.MODEL_NAME)
    with db.session_scope() as session:
        feedback = session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first()
        answer = session.get(Answer, answer_id)
        if feedback is None or answer is None or answer.status != AnswerStatus.SCORED:
            return "superseded"
        if not wanted(feedback.result, feedback.engine):
            return "skipped"
        refined = second_opinion.refine(feedback.result, opinion)
        feedback.total, feedback.dimensions, feedback.result = refined["total"], refined["dimensions"], refined
        session.add(feedback)
    with db.session_scope() as session:
        interviews.summarise_answer_session(session, answer_id)
    log.info(
        "answer %s: local LLM grade %.2f/5 in %.1f s; total %s -> %s",
        answer_id,
        opinion.overall.expected,
        opinion.seconds,
        refined["refined"]["total_before"],
        refined["total"],
    )
    return "refined"


def refine_quietly(answer_id: int) -> str:
    """`refine_answer`, with any failure logged: the fast score then stands."""
    try:
        return refine_answer(answer_id)
    except Exception as exc:  # the endpoint down, a reply without a grade, ...
        log.warning("answer %s: the local LLM's second opinion failed (%s); the fast score stands", answer_id, exc)
        return "failed"


def pending_ids(since_hours: int = 48, limit: int = 200) -> list[int]:
    """Recently scored answers whose offline score has no second opinion yet (after a restart or an outage)."""
    since = utcnow() - timedelta(hours=since_hours)
    with db.session_scope() as session:
        rows = session.exec(
            select(Feedback.answer_id, Feedback.engine, Feedback.result)
            .join(Answer, col(Answer.id) == Feedback.answer_id)
            .where(Answer.status == AnswerStatus.SCORED, col(Answer.scored_at) >= since)
            .order_by(col(Answer.scored_at).desc())
            .limit(limit)
        ).all()
    return [answer_id for answer_id, engine, result in rows if wanted(result or {}, engine)]


def refine_pending() -> int:
    """Second opinions missed by a restart or while the local LLM was down (recent answers only)."""
    if not get_settings().local_llm:
        return 0
    return sum(refine_quietly(answer_id) == "refined" for answer_id in pending_ids())
