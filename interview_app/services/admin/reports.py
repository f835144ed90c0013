"""The reported-questions queue: candidates' reports of quiz questions, and what admins do about them.

An admin resolves a report in one of three ways:
- fix: the question was corrected (edit it first); the question is back in quizzes;
- retire: the question leaves quizzes for good (it can be restored from the bank);
- dismiss: nothing was wrong; a flagged question with no other open reports is back in quizzes.
Fixing or retiring resolves every open report of that question (they were about the same question);
dismissing resolves only the one. Every reporter whose report is resolved gets a notification.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app import routes
from interview_app.clock import utcnow
from interview_app.i18n import keys, t
from interview_app.models import QuestionReport, QuizQuestion, Topic, User
from interview_app.services.admin.questions import retire as retire_question
from interview_app.services.admin.questions import set_status
from interview_app.services.notifications import inbox as notifications
from interview_app.services.notifications import mail
from interview_app.services.shared import audit

ACTIONS = {"fix": "fixed", "retire": "retired", "dismiss": "dismissed"}
STATUSES = ("open", "fixed", "retired", "dismissed")
MAX_NOTE = 1000


class ReportError(ValueError):
    """A report action that cannot be done; `code` is a strings key under "admin.error."."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReportView:
    """A report with its question and reporter, as the queue shows it."""

    report: QuestionReport
    question: QuizQuestion
    topic: str
    reporter: str
    reporter_email: str
    open_for_question: int


def queue(session: Session, status: str = "open", *, limit: int = 50, offset: int = 0) -> tuple[list[ReportView], int]:
    """Reports with this status (open ones oldest first, resolved ones newest first); returns (page, total)."""
    if status not in STATUSES:
        status = "open"
    base = select(QuestionReport).where(QuestionReport.status == status)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    order = col(QuestionReport.id) if status == "open" else col(QuestionReport.resolved_at).desc()
    rows = session.exec(
        select(QuestionReport, QuizQuestion, Topic, User)
        .join(QuizQuestion, col(QuizQuestion.id) == col(QuestionReport.quiz_question_id))
        .join(Topic, col(Topic.id) == col(QuizQuestion.topic_id))
        .join(User, col(User.id) == col(QuestionReport.user_id), isouter=True)
        .where(QuestionReport.status == status)
        .order_by(order)
        .limit(limit)
        .offset(offset)
    ).all()
    question_ids = {q.id for _, q, _, _ in rows}
    open_counts = dict(
        session.exec(
            select(QuestionReport.quiz_question_id, func.count())
            .where(col(QuestionReport.quiz_question_id).in_(question_ids), QuestionReport.status == "open")
            .group_by(col(QuestionReport.quiz_question_id))
        ).all()
    )
    views = [
        ReportView(
            r, q, topic.name, user.name if user else "", user.email if user else "", int(open_counts.get(q.id or 0, 0))
        )
        for r, q, topic, user in rows
    ]
    return views, int(total)


def open_count(session: Session) -> int:
    """Reports waiting for an admin."""
    return int(session.exec(select(func.count()).where(QuestionReport.status == "open")).one())


def _notify(session: Session, report: QuestionReport, question: QuizQuestion, outcome: str) -> None:
    if report.user_id is None:
        return
    lang = mail.recipient_language(session, report.user_id)
    body = t(keys.ADMIN_REPORTS_NOTIFY[outcome], lang)
    if report.resolution_note:
        body += " " + t("admin.reports.notify.note", lang, note=report.resolution_note)
    notifications.notify(
        session,
        report.user_id,
        "report_resolved",
        t("admin.reports.notify.title", lang, prompt=question.prompt[:80]),
        body,
        link=routes.TRAINER,
        dedupe_key=f"report:{report.id}",
    )


def resolve(session: Session, admin: User, report_id: int, action: str, note: str = "") -> list[QuestionReport]:
    """Resolve a report by fixing, retiring or dismissing; returns every report resolved by it.

    Raises:
        ReportError: `report_not_found`, `action_invalid`, `already_resolved` or `note_too_long`.

    """
    if action not in ACTIONS:
        raise ReportError("action_invalid")
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ReportError("note_too_long")
    report = session.get(QuestionReport, report_id)
    if report is None:
        raise ReportError("report_not_found")
    if report.status != "open":
        raise ReportError("already_resolved")
    question = session.get(QuizQuestion, report.quiz_question_id)
    if question is None:
        raise ReportError("report_not_found")
    outcome = ACTIONS[action]
    if action == "dismiss":
        resolved = [report]
    else:
        resolved = list(
            session.exec(
                select(QuestionReport).where(
                    QuestionReport.quiz_question_id == question.id, QuestionReport.status == "open"
                )
            ).all()
        )
    now = utcnow()
    for row in resolved:
        row.status, row.resolved_at, row.resolved_by, row.resolution_note = outcome, now, admin.id, note
        session.add(row)
    session.flush()
    still_open = session.exec(
        select(func.count()).where(QuestionReport.quiz_question_id == question.id, QuestionReport.status == "open")
    ).one()
    if question.owner_id is None:
        if action == "retire":
            retire_question(session, admin, "quiz", question.id or 0)
        elif question.status == "flagged" and (action == "fix" or not still_open):
            set_status(session, admin, "quiz", question.id or 0, "active", "restored")
    elif action == "retire":
        question.status = "retired"
        session.add(question)
    for row in resolved:
        _notify(session, row, question, outcome)
    audit.record(
        session,
        "report.resolved",
        actor_user_id=admin.id,
        subject_user_id=report.user_id,
        report_id=report.id,
        question_id=question.id,
        slug=question.slug,
        action=action,
        reports=len(resolved),
    )
    session.flush()
    return resolved
