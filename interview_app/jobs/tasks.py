"""Task functions: thin, idempotent wrappers over services, runnable by name."""

from __future__ import annotations

import logging
from collections.abc import Callable

from interview_app import db
from interview_app.services import accounts, mail, rate_limit

log = logging.getLogger(__name__)


def deliver_mail(message_id: int) -> str:
    """Send one queued e-mail over SMTP."""
    return mail.deliver(message_id)


def deliver_pending_mail() -> int:
    """Send every e-mail still queued (picked up again after a restart)."""
    with db.session_scope() as session:
        ids = mail.queued_ids(session)
    for message_id in ids:
        try:
            mail.deliver(message_id)
        except Exception:  # one bad message must not stop the rest
            log.exception("delivering mail %s failed", message_id)
    return len(ids)


def prune_security_tables() -> int:
    """Delete expired sessions, used tokens and old rate-limit counters."""
    with db.session_scope() as session:
        return accounts.prune_expired(session) + rate_limit.prune(session)


def score_answer(answer_id: int) -> str:
    """Score one answer; the answer row records attempts and the last error."""
    from sqlmodel import col, update

    from interview_app.models import Answer
    from interview_app.services import interviews

    with db.session_scope() as session:
        claimed = session.exec(  # type: ignore[call-overload]
            update(Answer)
            .where(col(Answer.id) == answer_id, col(Answer.status).in_(["submitted", "scoring", "failed"]))
            .values(status="scoring", attempts=Answer.attempts + 1)
        )
        if not claimed.rowcount:
            return "skipped"
    try:
        with db.session_scope() as session:
            interviews.score_answer(session, answer_id)
        # A fresh transaction sees every answer committed so far, so the last one scored sums up the session
        # even when several were scored at the same time.
        with db.session_scope() as session:
            interviews.summarise_answer_session(session, answer_id)
    except Exception as exc:
        with db.session_scope() as session:
            answer = session.get(Answer, answer_id)
            if answer is not None:
                answer.status = "failed" if answer.attempts >= interviews.MAX_ATTEMPTS else "submitted"
                answer.last_error = str(exc)[:500]
                session.add(answer)
        raise
    return "scored"


def prepare_question(question_id: int) -> str:
    """Embed a question's prompt, key points and model answer while the candidate is still answering."""
    from interview_app.models import Question
    from interview_app.services.scoring import offline

    with db.session_scope() as session:
        question = session.get(Question, question_id)
        if question is None:
            return "missing"
        prompt, reference, points = question.prompt, question.model_answer, list(question.key_points)
    offline.prepare(prompt, reference, points)
    return "prepared"


def score_pending_answers() -> int:
    """Score every answer left unscored (after a restart or a failed attempt)."""
    from interview_app.services import interviews

    with db.session_scope() as session:
        ids = interviews.pending_answer_ids(session)
    for answer_id in ids:
        try:
            score_answer(answer_id)
        except Exception:
            log.exception("scoring answer %s failed", answer_id)
    return len(ids)


TASKS: dict[str, Callable[..., object]] = {
    "deliver_mail": deliver_mail,
    "deliver_pending_mail": deliver_pending_mail,
    "prune_security_tables": prune_security_tables,
    "score_answer": score_answer,
    "prepare_question": prepare_question,
    "score_pending_answers": score_pending_answers,
}
