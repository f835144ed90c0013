"""An answer's score, in the background: claim it, write the feedback, sum up the session, count a failure.

A typed answer that may get a follow-up comes first to `prepare_then_score` (the `prepare_next` job, in the
runners' priority lane): it decides the follow-up and moves the interview on (`interviews.prepare_next`: the
candidate waits for that, not for the score), then queues the `score_answer` job, which decides it again only if
that step did not (a lost message, a restart); a recording comes through `transcription.transcribe_and_score`,
which claims it itself and calls `write_and_summarise`.
With `LOCAL_LLM=true` the local LLM's second opinion follows the score (`refinement.py`).
"""

from __future__ import annotations

from interview_app import background, db
from interview_app.services.answers import lifecycle, refinement
from interview_app.services.billing import costs
from interview_app.services.interviews import interviews
from interview_app.services.scoring import llm


def _record_cost(answer_id: int, tally: llm.TokenTally) -> None:
    if tally.prompt_tokens or tally.completion_tokens:
        with db.session_scope() as session:
            costs.record_llm_for_answer(
                session,
                answer_id,
                model=tally.model,
                prompt_tokens=tally.prompt_tokens,
                completion_tokens=tally.completion_tokens,
            )


def write_and_summarise(answer_id: int) -> str:
    """Score a claimed answer and store its feedback, then sum up its session if that was the last score.

    The LLM's tokens (failed attempts too) are written down as the answer's cost, even when scoring fails.
    """
    with llm.counting_tokens() as tally:
        try:
            with db.session_scope() as session:
                interviews.write_feedback(session, answer_id)
        finally:
            _record_cost(answer_id, tally)
    # A fresh transaction sees every answer committed so far, so the last one scored sums up the session
    # even when several were scored at the same time.
    with db.session_scope() as session:
        interviews.summarise_answer_session(session, answer_id)
    return "scored"


def prepare_next(answer_id: int) -> str:
    """A typed answer's follow-up decision and the move to the next question, in a short transaction of its own.

    Returns "moved" when this run moved the interview on, "nothing to do" when it had moved on already (or ended).
    """

    def step() -> str:
        with db.session_scope() as session:
            moved = interviews.prepare_next(session, answer_id, interviews.llm_follow_up)
        return "moved" if moved is not None else "nothing to do"

    return db.retry_busy(step)


def prepare_then_score(answer_id: int) -> str:
    """The priority lane's step after a typed answer: the next question first, then its scoring queued.

    The scoring is queued even when the decision failed: `score_handed_in` tries the decision again first.
    """
    try:
        return prepare_next(answer_id)
    finally:
        background.enqueue(background.SCORE_ANSWER, answer_id)


def score_handed_in(answer_id: int) -> str:
    """Score one answer waiting for it; the row records the attempt and, on failure, the error.

    A typed answer's follow-up is decided first (nothing to do for a recording, or when it was decided already).
    """
    prepare_next(answer_id)
    if not lifecycle.claim_for_scoring(answer_id):
        return "skipped"
    try:
        outcome = write_and_summarise(answer_id)
    except Exception as exc:
        lifecycle.fail_scoring(answer_id, exc)
        raise
    refinement.refine_quietly(answer_id)
    return outcome


def score_pending(older_than_minutes: int = 0) -> int:
    """Score every answer left unscored (after a restart, or stuck for `older_than_minutes`)."""
    return lifecycle.recover(lifecycle.awaiting_score(older_than_minutes), score_handed_in, "scoring")
