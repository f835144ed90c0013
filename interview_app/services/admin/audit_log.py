"""Reading the audit log: filtered pages for the admin page and a CSV export."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from interview_app.models import AuditEvent, User
from interview_app.services.shared import audit

MAX_PAGE = 100
MAX_EXPORT = 20_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("id", "time_utc", "event", "actor_id", "actor_email", "subject_id", "subject_email", "email", "ip")


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log shows; empty values mean "any".

    `event` matches a whole name (`role.changed`) or a prefix ending in a dot (`question.`); `person` is
    part of the actor's or subject's e-mail or name; dates are inclusive UTC days.
    """

    event: str = ""
    person: str = ""
    start: date | None = None
    end: date | None = None
    # Only events older than this one (a cursor for the API: events logged meanwhile do not shift the pages).
    before_id: int | None = None


@dataclass(frozen=True)
class AuditRow:
    """One event with the e-mails of its actor and subject."""

    event: AuditEvent
    actor: str
    subject: str


def _query(session: Session, flt: AuditFilter):
    query = select(AuditEvent)
    name = flt.event.strip().lower()
    if name.endswith("."):
        query = query.where(col(AuditEvent.event).startswith(name, autoescape=True))
    elif name:
        query = query.where(AuditEvent.event == name)
    if flt.person.strip():
        pattern = f"%{flt.person.strip().lower()[:80]}%"
        people = select(User.id).where(or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern)))
        query = query.where(
            or_(
                col(AuditEvent.actor_user_id).in_(people),
                col(AuditEvent.subject_user_id).in_(people),
                func.lower(AuditEvent.email).like(pattern),
            )
        )
    if flt.start:
        query = query.where(col(AuditEvent.created_at) >= datetime.combine(flt.start, time(), tzinfo=UTC))
    if flt.end and flt.end < date.max:  # the last day there is has no next day to stop before
        query = query.where(
            col(AuditEvent.created_at) < datetime.combine(flt.end + timedelta(days=1), time(), tzinfo=UTC)
        )
    if flt.before_id is not None:
        query = query.where(col(AuditEvent.id) < flt.before_id)
    return query


def _with_people(session: Session, events: list[AuditEvent]) -> list[AuditRow]:
    ids = {e.actor_user_id for e in events} | {e.subject_user_id for e in events}
    emails = dict(session.exec(select(User.id, User.email).where(col(User.id).in_(ids - {None}))).all())
    return [AuditRow(e, emails.get(e.actor_user_id, ""), emails.get(e.subject_user_id, "")) for e in events]


def search(session: Session, flt: AuditFilter, *, limit: int = 50, offset: int = 0) -> tuple[list[AuditRow], int]:
    """Events matching the filter, newest first; returns (page, total)."""
    query = _query(session, flt)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    events = session.exec(
        query.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .limit(min(limit, MAX_PAGE))
        .offset(max(0, offset))
    ).all()
    return _with_people(session, list(events)), int(total)


def event_names(session: Session) -> list[str]:
    """Every event name in the log, for the filter."""
    return sorted(session.exec(select(AuditEvent.event).distinct()).all())


def detail_text(event: AuditEvent) -> str:
    """The event's details as compact `key=value` pairs."""
    return ", ".join(f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in sorted(event.detail.items()))


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (user-typed text such as e-mails can start with =)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(session: Session, admin_id: int | None, flt: AuditFilter, ip: str = "") -> tuple[str, int]:
    """The filtered events (newest first, at most MAX_EXPORT) as CSV; returns (text, rows). Audited itself."""
    events = list(session.exec(_query(session, flt).order_by(col(AuditEvent.id).desc()).limit(MAX_EXPORT)).all())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "detail"])
    for row in _with_people(session, events):
        e = row.event
        cells = [
            e.id,
            e.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            e.event,
            e.actor_user_id or "",
            row.actor,
            e.subject_user_id or "",
            row.subject,
            e.email,
            e.ip,
            json.dumps(e.detail, sort_keys=True),
        ]
        writer.writerow([safe_cell(c) for c in cells])
    audit.record(
        session,
        "audit.exported",
        actor_user_id=admin_id,
        ip=ip,
        rows=len(events),
        filter_event=flt.event,
        person=flt.person,
        start=flt.start.isoformat() if flt.start else "",
        end=flt.end.isoformat() if flt.end else "",
    )
    return out.getvalue(), len(events)
