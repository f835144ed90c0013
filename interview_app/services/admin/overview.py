"""The numbers on the admin home page, gathered from each admin area."""

from __future__ import annotations

from sqlmodel import Session, col, select

from interview_app.models import AuditEvent
from interview_app.services.admin import activity as admin_activity
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin import reports as admin_reports
from interview_app.services.admin import users as admin_users


def counts(session: Session) -> dict[str, int]:
    """Users, questions, drafts, open reports, failures: one dict for the overview cards."""
    return {
        **admin_users.counts(session),
        **{f"questions_{k}": v for k, v in admin_questions.counts(session).items()},
        "open_reports": admin_reports.open_count(session),
        **admin_activity.counts(session),
    }


def recent_events(session: Session, limit: int = 8) -> list[AuditEvent]:
    """The latest admin actions (not sign-ins), newest first."""
    prefixes = ("question", "report.", "user.", "role.", "answer.", "admin.password", "audit.")
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(200)
    return [e for e in session.exec(query).all() if e.event.startswith(prefixes)][:limit]
