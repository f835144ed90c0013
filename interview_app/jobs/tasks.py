"""Task functions: thin, idempotent wrappers over services, registered by name (`interview_app.background`).

The runner registers `TASKS` when it starts; services queue them by name and never import this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from interview_app import background as names
from interview_app import db
from interview_app.clock import utcnow
from interview_app.models import Question
from interview_app.services.accounts import accounts
from interview_app.services.answers import feedback, recordings, refinement, transcription
from interview_app.services.billing import notices
from interview_app.services.interviews import interviews
from interview_app.services.notifications import mail, reminders
from interview_app.services.privacy import privacy
from interview_app.services.scoring import offline
from interview_app.services.shared import job_runs, rate_limit
from interview_app.services.trainer import quiz

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
    with db.session_scope() as session:
        return job_runs.prune(session)


def score_handed_in_answer(answer_id: int) -> str:
    """Score one answer; the answer row records attempts and the last error (`score_answer`)."""
    return feedback.score_handed_in(answer_id)


def prepare_next(answer_id: int) -> str:
    """The priority lane: a typed answer's follow-up and the next question, then its scoring queued."""
    return feedback.prepare_then_score(answer_id)


def transcribe_answer(answer_id: int, final: bool = True) -> str:
    """Streamed step (while recording) or the final transcription, metrics and score of a recording."""
    return transcription.transcribe_and_score(answer_id) if final else transcription.stream(answer_id)


def transcribe_rest(answer_id: int) -> str:
    """The recording stopped: transcribe what is left of it before it is handed in.

    Not retried: the hand-in transcribes whatever this step did not.
    """
    return transcription.stream(answer_id, to_end=True)


def refine_fillers(answer_id: int) -> str:
    """After a recorded answer's score: the second listen for fillers, then the local LLM's second opinion."""
    return transcription.refine_after_score(answer_id)


def transcribe_pending(older_than_minutes: int = 0) -> int:
    """Finish every handed-in recording left untranscribed (after a restart, or stuck for a while)."""
    return transcription.transcribe_pending(older_than_minutes)


def score_pending_answers(older_than_minutes: int = 0) -> int:
    """Score every answer left unscored (after a restart, or stuck for `older_than_minutes`)."""
    return feedback.score_pending(older_than_minutes)


def sweep_stuck_answers() -> int:
    """Pick up answers stuck for 10 minutes (a lost queue message, a worker that died): none waits forever."""
    return transcribe_pending(10) + score_pending_answers(10)


def purge_expired_media() -> int:
    """Delete recordings past their owner's retention time."""
    with db.session_scope() as session:
        return recordings.purge_expired(session)


def prepare_question(question_id: int) -> str:
    """Embed a question's prompt, key points and model answer while the candidate is still answering."""
    with db.session_scope() as session:
        question = session.get(Question, question_id)
        if question is None:
            return "missing"
        prompt, reference, points = question.prompt, question.model_answer, list(question.key_points)
    offline.prepare(prompt, reference, points)
    return "prepared"


def build_daily_quizzes() -> int:
    """Build the daily quiz of every candidate whose quiz time has come (once per local day), then remind them."""
    with db.session_scope() as session:
        built = quiz.build_daily_quizzes(session, utcnow())
    if built:
        send_reminders()
    return built


def send_reminders() -> dict[str, int]:
    """Send the daily-quiz reminders due now (in the app, by e-mail and by web push)."""
    with db.session_scope() as session:
        return reminders.send_due_reminders(session, utcnow())


def export_user_data(export_id: int) -> str:
    """Build one data export (ZIP) for its owner; the row records progress, the file or the reason it failed."""
    return privacy.build_export(export_id)


def export_pending() -> int:
    """Build every export left queued or half-built (after a restart)."""
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
    with db.session_scope() as session:
        purged = privacy.purge_expired_exports(session)
        stuck = privacy.stuck_export_ids(session, privacy.STUCK_AFTER)
    for export_id in stuck:
        try:
            export_user_data(export_id)
        except Exception:
            log.exception("building export %s failed", export_id)
    return purged


def billing_grace_ended() -> int:
    """E-mail the subscribers whose grace period after a failed payment has just ended (once each)."""
    with db.session_scope() as session:
        return notices.grace_ended(session)


def abandon_stale_interviews() -> int:
    """End as "abandoned" every interview still running INTERVIEW_MAX_MINUTES after it started (answers kept).

    Idempotent: each session is ended in its own transaction, and one that has ended meanwhile is left alone.
    """
    with db.session_scope() as session:
        ids = interviews.stale_ids(session)
    ended = 0
    for session_id in ids:
        try:
            with db.session_scope() as session:
                ended += interviews.abandon(session, session_id)
        except Exception:  # one bad session must not keep the rest running
            log.exception("abandoning interview %s failed", session_id)
    return ended


def refine_with_local_llm(answer_id: int) -> str:
    """The local LLM's second opinion on a scored answer (LOCAL_LLM=true only); a failure leaves the score."""
    return refinement.refine_quietly(answer_id)


def refine_pending_with_local_llm() -> int:
    """Second opinions missed by a restart or while the local LLM was down (recent answers only)."""
    return refinement.refine_pending()


TASKS: dict[str, Callable[..., object]] = {
    names.DELIVER_MAIL: deliver_mail,
    names.DELIVER_PENDING_MAIL: deliver_pending_mail,
    names.PRUNE_SECURITY_TABLES: prune_security_tables,
    names.PRUNE_JOB_RUNS: prune_job_runs,
    names.SCORE_ANSWER: score_handed_in_answer,
    names.PREPARE_NEXT: prepare_next,
    names.PREPARE_QUESTION: prepare_question,
    names.SCORE_PENDING_ANSWERS: score_pending_answers,
    names.TRANSCRIBE_ANSWER: transcribe_answer,
    names.TRANSCRIBE_REST: transcribe_rest,
    names.REFINE_FILLERS: refine_fillers,
    names.TRANSCRIBE_PENDING: transcribe_pending,
    names.PURGE_EXPIRED_MEDIA: purge_expired_media,
    names.SWEEP_STUCK_ANSWERS: sweep_stuck_answers,
    names.BUILD_DAILY_QUIZZES: build_daily_quizzes,
    names.SEND_REMINDERS: send_reminders,
    names.EXPORT_USER_DATA: export_user_data,
    names.EXPORT_PENDING: export_pending,
    names.PURGE_EXPIRED_EXPORTS: purge_expired_exports,
    names.REFINE_WITH_LOCAL_LLM: refine_with_local_llm,
    names.REFINE_PENDING_WITH_LOCAL_LLM: refine_pending_with_local_llm,
    names.ABANDON_STALE_INTERVIEWS: abandon_stale_interviews,
    names.BILLING_GRACE_ENDED: billing_grace_ended,
}

# Tasks tried again after a failure (with a growing delay) while their row allows another attempt.
RETRIED = {names.SCORE_ANSWER: 3, names.TRANSCRIBE_ANSWER: 3, names.DELIVER_MAIL: 0}
