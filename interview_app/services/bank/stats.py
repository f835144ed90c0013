"""How each bank question fares: times asked, average score, skip rate and reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app.models import Answer, Feedback, QuestionReport, QuizItem, SessionQuestion


@dataclass(frozen=True)
class QuestionStats:
    """Use of one question. Interview scores are 0-100 answer totals; quiz scores are the share answered right."""

    asked: int = 0
    answered: int = 0
    skipped: int = 0
    average: float | None = None
    reports: int = 0
    open_reports: int = 0

    @property
    def skip_rate(self) -> float | None:
        """Skipped (or "I don't know") as a share of times asked, 0-1."""
        return self.skipped / self.asked if self.asked else None


def interview_stats(session: Session, question_ids: list[int]) -> dict[int, QuestionStats]:
    """Stats of interview questions as main questions of mock interviews (follow-ups not counted)."""
    if not question_ids:
        return {}
    shown = session.exec(
        select(SessionQuestion.question_id, SessionQuestion.status, func.count())
        .where(col(SessionQuestion.question_id).in_(question_ids), SessionQuestion.kind == "main")
        .where(col(SessionQuestion.status) != "pending")
        .group_by(col(SessionQuestion.question_id), col(SessionQuestion.status))
    ).all()
    scores = session.exec(
        select(SessionQuestion.question_id, func.avg(Feedback.total), func.count())
        .join(Answer, col(Answer.session_question_id) == col(SessionQuestion.id))
        .join(Feedback, col(Feedback.answer_id) == col(Answer.id))
        .where(col(SessionQuestion.question_id).in_(question_ids), SessionQuestion.kind == "main")
        .group_by(col(SessionQuestion.question_id))
    ).all()
    asked: dict[int, int] = defaultdict(int)
    skipped: dict[int, int] = defaultdict(int)
    for qid, status, n in shown:
        if qid is None:
            continue
        asked[qid] += n
        if status == "skipped":
            skipped[qid] += n
    averages = {qid: (float(avg), int(n)) for qid, avg, n in scores if qid is not None and avg is not None}
    return {
        qid: QuestionStats(
            asked=asked.get(qid, 0),
            answered=averages.get(qid, (0.0, 0))[1],
            skipped=skipped.get(qid, 0),
            average=round(averages[qid][0], 1) if qid in averages else None,
        )
        for qid in question_ids
    }


def quiz_stats(session: Session, question_ids: list[int]) -> dict[int, QuestionStats]:
    """Stats of quiz questions over every answered quiz item, with their reports."""
    if not question_ids:
        return {}
    items = session.exec(
        select(QuizItem.quiz_question_id, QuizItem.correct, QuizItem.response).where(
            col(QuizItem.quiz_question_id).in_(question_ids), col(QuizItem.answered_at).is_not(None)
        )
    ).all()
    reports = session.exec(
        select(QuestionReport.quiz_question_id, QuestionReport.status, func.count())
        .where(col(QuestionReport.quiz_question_id).in_(question_ids))
        .group_by(col(QuestionReport.quiz_question_id), col(QuestionReport.status))
    ).all()
    asked: dict[int, int] = defaultdict(int)
    right: dict[int, int] = defaultdict(int)
    skipped: dict[int, int] = defaultdict(int)
    for qid, correct, response in items:
        if qid is None:
            continue
        asked[qid] += 1
        right[qid] += 1 if correct else 0
        skipped[qid] += 1 if (response or {}).get("skipped") else 0
    total: dict[int, int] = defaultdict(int)
    still_open: dict[int, int] = defaultdict(int)
    for qid, status, n in reports:
        total[qid] += n
        if status == "open":
            still_open[qid] += n
    return {
        qid: QuestionStats(
            asked=asked.get(qid, 0),
            answered=asked.get(qid, 0),
            skipped=skipped.get(qid, 0),
            average=round(100 * right[qid] / asked[qid], 1) if asked.get(qid) else None,
            reports=total.get(qid, 0),
            open_reports=still_open.get(qid, 0),
        )
        for qid in question_ids
    }


def stats_for(session: Session, kind: str, question_ids: list[int]) -> dict[int, QuestionStats]:
    """`interview_stats` or `quiz_stats` by kind."""
    return quiz_stats(session, question_ids) if kind == "quiz" else interview_stats(session, question_ids)
