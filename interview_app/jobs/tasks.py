"""Task functions: thin, idempotent wrappers over services, runnable by name."""

from __future__ import annotations

import logging
from collections.abc import Callable

from interview_app import db
from interview_app.services.accounts import accounts
from interview_app.services.notifications import mail
from interview_app.services.shared import rate_limit
from interview_app.settings import get_settings

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


def prune_job_runs() -> int:
    """Delete job-run records older than 30 days."""
    from interview_app.services.shared import job_runs

    with db.session_scope() as session:
        return job_runs.prune(session)


def score_answer(answer_id: int) -> str:
    """Score one answer; the answer row records attempts and the last error."""
    from sqlmodel import col, update

    from interview_app.models import Answer
    from interview_app.services.interviews import interviews

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
    refine_with_local_llm(answer_id)
    return "scored"


def transcribe_answer(answer_id: int, final: bool = True) -> str:
    """Streamed step (while recording) or the final transcription, metrics and score of a recording."""
    from interview_app.models import Answer
    from interview_app.services.answers import transcription
    from interview_app.services.interviews import interviews

    if not final:
        return transcription.stream(answer_id)
    try:
        outcome = transcription.finish(answer_id)
    except Exception as exc:
        with db.session_scope() as session:
            answer = session.get(Answer, answer_id)
            if answer is not None and answer.status in ("transcribing", "scoring"):
                if answer.attempts >= interviews.MAX_ATTEMPTS:
                    answer.status = "failed"
                elif answer.status == "transcribing":
                    answer.status = "uploaded"
                answer.last_error = str(exc)[:500]
                session.add(answer)
        raise
    if outcome == "scored":
        refine_with_local_llm(answer_id)
    return outcome


def transcribe_rest(answer_id: int) -> str:
    """The recording stopped: transcribe what is left of it before it is handed in.

    Not retried: the hand-in transcribes whatever this step did not.
    """
    from interview_app.services.answers import transcription

    return transcription.stream(answer_id, to_end=True)


def transcribe_pending(older_than_minutes: int = 0) -> int:
    """Finish every handed-in recording left untranscribed (after a restart, or stuck for a while)."""
    from datetime import timedelta

    from sqlmodel import col, select

    from interview_app.clock import utcnow
    from interview_app.models import Answer
    from interview_app.services.interviews import interviews

    query = select(Answer.id).where(
        col(Answer.status).in_(["uploaded", "transcribing"]), Answer.attempts < interviews.MAX_ATTEMPTS
    )
    if older_than_minutes:
        query = query.where(col(Answer.recording_finished_at) < utcnow() - timedelta(minutes=older_than_minutes))
    with db.session_scope() as session:
        ids = session.exec(query).all()
    for answer_id in ids:
        if answer_id is None:
            continue
        try:
            transcribe_answer(answer_id, True)
        except Exception:
            log.exception("transcribing answer %s failed", answer_id)
    from interview_app.services.answers import transcription

    # Scored answers whose second listen for fillers had not finished (the page still says "checking").
    return len(ids) + transcription.refine_pending(older_than_minutes)


def sweep_stuck_answers() -> int:
    """Pick up answers stuck for 10 minutes (a lost queue message, a worker that died): none waits forever."""
    return transcribe_pending(10) + score_pending_answers(10)


def purge_expired_media() -> int:
    """Delete recordings past their owner's retention time."""
    from interview_app.services.answers import recordings

    with db.session_scope() as session:
        return recordings.purge_expired(session)


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


def score_pending_answers(older_than_minutes: int = 0) -> int:
    """Score every answer left unscored (after a restart, or stuck for `older_than_minutes`)."""
    from datetime import timedelta

    from interview_app.clock import utcnow
    from interview_app.services.interviews import interviews

    cutoff = utcnow() - timedelta(minutes=older_than_minutes) if older_than_minutes else None
    with db.session_scope() as session:
        ids = interviews.pending_answer_ids(session, cutoff)
    for answer_id in ids:
        try:
            score_answer(answer_id)
        except Exception:
            log.exception("scoring answer %s failed", answer_id)
    return len(ids)


def build_daily_quizzes() -> int:
    """Build the daily quiz of every candidate whose quiz time has come (once per local day), then remind them."""
    from interview_app.clock import utcnow
    from interview_app.services.trainer import quiz

    with db.session_scope() as session:
        built = quiz.build_daily_quizzes(session, utcnow())
    if built:
        send_reminders()
    return built


def send_reminders() -> dict[str, int]:
    """Send the daily-quiz reminders due now (in the app, by e-mail and by web push)."""
    from interview_app.clock import utcnow
    from interview_app.services.notifications import reminders

    with db.session_scope() as session:
        return reminders.send_due_reminders(session, utcnow())


def export_user_data(export_id: int) -> str:
    """Build one data export (ZIP) for its owner; the row records progress, the file or the reason it failed."""
    from interview_app.services.privacy import privacy

    return privacy.build_export(export_id)


def export_pending() -> int:
    """Build every export left queued or half-built (after a restart)."""
    from interview_app.services.privacy import privacy

    with db.session_scope() as session:
        ids = privacy.stuck_export_ids(session)
    for export_id in ids:
        try:
            export_user_data(export_id)
        except Exception:  # one bad export must not stop the rest
            log.exception("building export %s failed", export_id)
    return len(ids)


def purge_expired_exports() -> int:
    """Delete expired data exports and leftovers of interrupted builds; build requests whose message was lost."""
    from interview_app.services.privacy import privacy

    with db.session_scope() as session:
        purged = privacy.purge_expired_exports(session)
        stuck = privacy.stuck_export_ids(session, privacy.STUCK_AFTER)
    for export_id in stuck:
        try:
            export_user_data(export_id)
        except Exception:
            log.exception("building export %s failed", export_id)
    return purged


def refine_with_local_llm(answer_id: int) -> str:
    """The local LLM's second opinion on a scored answer (LOCAL_LLM=true only); a failure leaves the score."""
    if not get_settings().local_llm:
        return "off"
    from interview_app.services.answers import refinement as answer_refinement

    return answer_refinement.refine_quietly(answer_id)


def refine_pending_with_local_llm() -> int:
    """Second opinions missed by a restart or while the local LLM was down (recent answers only)."""
    if not get_settings().local_llm:
        return 0
    from interview_app.services.answers import refinement as answer_refinement

    ids = answer_refinement.pending_ids()
    return sum(answer_refinement.refine_quietly(answer_id) == "refined" for answer_id in ids)


TASKS: dict[str, Callable[..., object]] = {
    "deliver_mail": deliver_mail,
    "deliver_pending_mail": deliver_pending_mail,
    "prune_security_tables": prune_security_tables,
    "prune_job_runs": prune_job_runs,
    "score_answer": score_answer,
    "prepare_question": prepare_question,
    "score_pending_answers": score_pending_answers,
    "transcribe_answer": transcribe_answer,
    "transcribe_rest": transcribe_rest,
    "transcribe_pending": transcribe_pending,
    "purge_expired_media": purge_expired_media,
    "sweep_stuck_answers": sweep_stuck_answers,
    "build_daily_quizzes": build_daily_quizzes,
    "send_reminders": send_reminders,
    "export_user_data": export_user_data,
    "export_pending": export_pending,
    "purge_expired_exports": purge_expired_exports,
    "refine_with_local_llm": refine_with_local_llm,
    "refine_pending_with_local_llm": refine_pending_with_local_llm,
}

# Tasks tried again after a failure (with a growing delay) while their row allows another attempt.
RETRIED = {"score_answer": 3, "transcribe_answer": 3, "deliver_mail": 0}
