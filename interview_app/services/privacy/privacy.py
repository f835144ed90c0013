"""Privacy: "Export all my data" and "Delete my account".

Exports: a request adds a `DataExport` row (queued) and queues the `export_user_data` job, which claims the
row (building, one more attempt), writes the ZIP (`services/data_export.py`) under DATA_DIR/exports with a
generated name while it updates `progress`, then marks it ready until `EXPORT_LINK_HOURS` from now. A
signed link downloads it until then; `purge_expired_exports` deletes it afterwards. The row is the source of
truth: on start-up rows left queued or building are queued again, and a job whose claim another attempt
took over throws its file away. A user may ask for `EXPORT_LIMIT_PER_DAY` exports per 24 hours, one at a
time.

Deletion: once the password (or, for accounts without one, the e-mail address) is confirmed, every row of
the user in every table goes, their recordings and exports are removed from disk after the commit, and the
audit log keeps its events about them anonymised (no id, name, e-mail or IP address: a keyed hash of the id
links them), plus one `account.deleted` event with counts. The last active admin cannot delete their account.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Column, Table, and_, delete, func, or_, update
from sqlmodel import Session, SQLModel, col, select

from interview_app import background, clock, db, routes
from interview_app.clock import utcnow
from interview_app.db import after_commit
from interview_app.i18n import t
from interview_app.models import (
    Answer,
    AuditEvent,
    DataExport,
    InterviewSession,
    OAuthAccount,
    OutboxMessage,
    QuestionReport,
    QuizQuestion,
    RateLimitHit,
    SessionQuestion,
    User,
)
from interview_app.services.accounts import accounts
from interview_app.services.answers.storage import LocalStorage, Storage, get_storage
from interview_app.services.billing import subscriptions
from interview_app.services.notifications import inbox as notifications
from interview_app.services.notifications import mail
from interview_app.services.privacy import data_export
from interview_app.services.shared import audit, limits
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
Enqueue = Callable[..., object]

IN_FLIGHT = ("queued", "building")
# A build interrupted this often (a crash, a restart) is given up as failed.
MAX_ATTEMPTS = 3
# A request still queued after this long lost its queue message: the hourly purge queues it again.
STUCK_AFTER = timedelta(minutes=15)
# Expired and failed exports stay listed on the page this long, then their rows go too.
KEEP_ROWS = timedelta(days=30)
# Files in the exports folder that no ready export names (a crash mid-build) are removed after this long.
ORPHAN_AFTER = timedelta(days=1)
# References to a deleted user that take their row with them even though the foreign key says SET NULL.
ERASE_ROWS_OF = frozenset({("question_reports", "user_id")})


class PrivacyError(ValueError):
    """A request the user can fix or must wait for; `code` is a key in the catalogue (`interview_app/i18n`)."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def export_storage() -> LocalStorage:
    """The folder finished exports are written to (DATA_DIR/exports), under generated names."""
    return LocalStorage(get_settings().data_dir / "exports")


def in_flight(session: Session, user_id: int) -> DataExport | None:
    """The user's export that is queued or being built, if any."""
    query = select(DataExport).where(DataExport.user_id == user_id, col(DataExport.status).in_(IN_FLIGHT))
    return session.exec(query).first()


def list_exports(session: Session, user_id: int, limit: int = 10) -> list[DataExport]:
    """The user's exports, newest first."""
    query = select(DataExport).where(DataExport.user_id == user_id)
    newest = query.order_by(col(DataExport.created_at).desc(), col(DataExport.id).desc())
    return list(session.exec(newest.limit(limit)).all())


def owned_export(session: Session, user_id: int, export_id: int) -> DataExport:
    """One of the user's exports; anyone else's is reported as not found."""
    row = session.get(DataExport, export_id)
    if row is None or row.user_id != user_id:
        raise PrivacyError("export.error.not_found")
    return row


def request_export(
    session: Session, user: User, client: accounts.Client, *, enqueue: Enqueue | None = None
) -> DataExport:
    """Ask for a new export of everything the user has; the job is queued once the caller commits.

    Raises:
        PrivacyError: `export.error.in_progress` while another export of theirs is queued or being built.
        limits.LimitExceeded: After EXPORTS_PER_HOUR requests within an hour or EXPORT_LIMIT_PER_DAY within
            24 hours (services/shared/limits.py; a `RateLimited`).

    """
    assert user.id is not None
    user_id = user.id
    # Two requests at once: on PostgreSQL the second waits here for the first to commit.
    session.exec(select(User.id).where(User.id == user_id).with_for_update()).first()
    if in_flight(session, user_id) is not None:
        raise PrivacyError("export.error.in_progress")
    limits.take(session, user_id, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY)
    row = DataExport(user_id=user_id)
    session.add(row)
    session.flush()
    export_id = row.id or 0
    # SQLite ignores FOR UPDATE but lets one writer in at a time: the second sees the first's row now.
    waiting = select(func.count()).where(DataExport.user_id == user_id, col(DataExport.status).in_(IN_FLIGHT))
    if session.exec(waiting).one() > 1:
        raise PrivacyError("export.error.in_progress")
    audit.record(
        session, "export.requested", actor_user_id=user_id, subject_user_id=user_id, ip=client.ip, export_id=export_id
    )
    after_commit(session, lambda: (enqueue or background.enqueue)(background.EXPORT_USER_DATA, export_id))
    return row


def retry_export(session: Session, user_id: int, export_id: int, *, enqueue: Enqueue | None = None) -> DataExport:
    """Build a failed export again (it does not count towards the daily limit).

    Raises:
        PrivacyError: Not the user's export, not a failed one, or another export is on its way.

    """
    row = owned_export(session, user_id, export_id)
    if row.status != "failed":
        raise PrivacyError("export.error.not_failed")
    if in_flight(session, user_id) is not None:
        raise PrivacyError("export.error.in_progress")
    row.status, row.progress, row.error, row.attempts = "queued", 0, "", 0
    row.finished_at = None
    session.add(row)
    after_commit(session, lambda: (enqueue or background.enqueue)(background.EXPORT_USER_DATA, export_id))
    return row


def _claimed(export_id: int, attempt: int) -> list:
    return [col(DataExport.id) == export_id, col(DataExport.attempts) == attempt]


def _set_progress(export_id: int, attempt: int, percent: int) -> None:
    with db.session_scope() as session:
        session.exec(  # type: ignore[call-overload]
            update(DataExport)
            .where(*_claimed(export_id, attempt), col(DataExport.status) == "building")
            .values(progress=percent)
        )


def build_export(export_id: int, storage: Storage | None = None) -> str:
    """The `export_user_data` job: claim the row, write the ZIP, mark it ready and tell the user.

    Safe to run twice or after a crash: only the latest claim may finish, and a failure is written to the
    row with its reason (the user can try again).

    Returns:
        What happened: ready, failed, skipped (nothing to do) or superseded (a newer attempt took over).

    """
    with db.session_scope() as session:
        row = session.get(DataExport, export_id)
        if row is None or row.status not in IN_FLIGHT:
            return "skipped"
        if row.attempts >= MAX_ATTEMPTS:
            row.status, row.error, row.finished_at = "failed", "interrupted too often", utcnow()
            session.add(row)
            return "failed"
        attempt, user_id = row.attempts + 1, row.user_id
        claim = session.exec(  # type: ignore[call-overload]
            update(DataExport)
            .where(*_claimed(export_id, row.attempts), col(DataExport.status).in_(IN_FLIGHT))
            .values(status="building", attempts=attempt, progress=1, error="")
        )
        if not claim.rowcount:
            return "skipped"
    store = export_storage()
    key = f"u{int(user_id)}/{secrets.token_hex(16)}.zip"
    final = store.local_path(key)
    partial = final.with_name(final.name + ".part")
    try:
        with db.session_scope() as session:
            content = data_export.collect(session, user_id, storage)
        size = data_export.write_zip(partial, content, lambda percent: _set_progress(export_id, attempt, percent))
        os.replace(partial, final)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        with db.session_scope() as session:
            marked = session.exec(  # type: ignore[call-overload]
                update(DataExport)
                .where(*_claimed(export_id, attempt))
                .values(status="failed", error=(f"{type(exc).__name__}: {exc}")[:500], finished_at=utcnow())
            )
        if not marked.rowcount:  # the account was deleted meanwhile, or a newer attempt owns the row
            log.info("export %s (attempt %s) stopped: %s", export_id, attempt, exc)
            return "superseded"
        log.exception("export %s (attempt %s) failed", export_id, attempt)
        return "failed"
    return _finish(export_id, attempt, user_id, key, size, final)


def _finish(export_id: int, attempt: int, user_id: int, key: str, size: int, final: Path) -> str:
    now, hours = utcnow(), get_settings().export_link_hours
    with db.session_scope() as session:
        done = session.exec(  # type: ignore[call-overload]
            update(DataExport)
            .where(*_claimed(export_id, attempt), col(DataExport.status) == "building")
            .values(
                status="ready",
                progress=100,
                file_path=key,
                size_bytes=size,
                finished_at=now,
                expires_at=now + timedelta(hours=hours),
            )
        )
        if done.rowcount:
            lang = mail.recipient_language(session, user_id)
            body = t("export.notify.body", lang, hours=hours)
            title = t("export.notify.title", lang)
            notifications.notify(session, user_id, "export_ready", title, body, link=routes.SETTINGS_DATA)
    if not done.rowcount:
        final.unlink(missing_ok=True)  # deleted meanwhile, or a newer attempt owns the row
        return "superseded"
    return "ready"


def download_signature(export_id: int, user_id: int, expires: int) -> str:
    """HMAC of a download link's export, owner and expiry (with the app's secret key)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"export:{export_id}:{user_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def download_url(row: DataExport) -> str:
    """The signed link to a ready export; it stops working when the export expires."""
    if row.status != "ready" or row.expires_at is None:
        return ""
    expires = int(clock.aware(row.expires_at).timestamp())
    signature = download_signature(row.id or 0, row.user_id, expires)
    return f"{routes.API_PREFIX}/exports/{row.id}/download?u={row.user_id}&e={expires}&s={signature}"


def resolve_download(
    session: Session, export_id: int, user_id: int, expires: int, signature: str, now: datetime | None = None
) -> DataExport | None:
    """The export behind a download link, or None when the link is forged, expired or the file is gone."""
    now = clock.aware(now or utcnow())
    expected = download_signature(export_id, user_id, expires)
    if expires < now.timestamp() or not hmac.compare_digest(signature.encode(), expected.encode()):
        return None
    row = session.get(DataExport, export_id)
    if row is None or row.user_id != user_id or row.status != "ready" or not row.file_path:
        return None
    if row.expires_at is None or clock.aware(row.expires_at) <= now:
        return None
    return row


def record_download(session: Session, row: DataExport, ip: str) -> None:
    """Audit one download of an export."""
    audit.record(session, "export.downloaded", subject_user_id=row.user_id, ip=ip, export_id=row.id)


def stuck_export_ids(session: Session, older_than: timedelta | None = None) -> list[int]:
    """Exports to queue again: every queued or building one (start-up), or those queued for `older_than`."""
    query = select(DataExport.id).where(col(DataExport.status).in_(IN_FLIGHT))
    if older_than is not None:
        query = select(DataExport.id).where(
            DataExport.status == "queued", col(DataExport.created_at) < utcnow() - older_than
        )
    return [i for i in session.exec(query.order_by(col(DataExport.id))).all() if i is not None]


def purge_expired_exports(session: Session, now: datetime | None = None) -> int:
    """Delete expired exports' files (rows stay listed as expired for a while), and leftovers of crashes.

    Returns:
        How many files are deleted once the caller commits.

    """
    now = clock.aware(now or utcnow())
    store = export_storage()
    expired = session.exec(
        select(DataExport).where(DataExport.status == "ready", col(DataExport.expires_at) <= now)
    ).all()
    doomed: list[Path] = []
    for row in expired:
        if row.file_path:
            doomed.append(store.local_path(row.file_path))
        row.status, row.file_path = "expired", ""
        session.add(row)
    session.exec(  # type: ignore[call-overload]
        delete(DataExport).where(
            col(DataExport.status).in_(["expired", "failed"]), col(DataExport.created_at) < now - KEEP_ROWS
        )
    )
    session.flush()
    kept = {
        store.local_path(key)
        for key in session.exec(select(DataExport.file_path).where(DataExport.status == "ready")).all()
        if key
    }
    if store.root.is_dir():
        cutoff = (now - ORPHAN_AFTER).timestamp()
        for path in store.root.rglob("*"):
            if path.is_file() and path not in kept and path not in doomed and path.stat().st_mtime < cutoff:
                doomed.append(path)
    after_commit(session, lambda: [p.unlink(missing_ok=True) for p in doomed])
    return len(doomed)


@dataclass(frozen=True)
class DeletionReport:
    """What deleting an account removed: rows per table, references cleared elsewhere, files on disk."""

    rows: dict[str, int]
    cleared: dict[str, int]
    files: int

    @property
    def total(self) -> int:
        """Rows deleted in all."""
        return sum(self.rows.values())


def delete_account(
    session: Session, user: User, *, password: str = "", email: str = "", client: accounts.Client
) -> DeletionReport:
    """Delete the signed-in user's account and everything of theirs, after they confirm who they are.

    Args:
        session: Open database session (files go once it commits).
        user: The signed-in user, resolved on the server.
        password: Their password, for accounts that have one (wrong ones are rate-limited like re-auth).
        email: Their e-mail address typed out, for accounts without a password (OAuth only).
        client: Request origin (for the rate limit only; the audit event keeps no IP address).

    Raises:
        AccountError: `password_required` or `current_password_wrong`.
        PrivacyError: `delete.error.email_mismatch` when the typed e-mail is not the account's,
            `delete.error.last_admin` for the last active admin, or `delete.error.subscription` when a paid
            subscription could not be ended at the payment provider (nothing is deleted then).
        RateLimited: After repeated wrong passwords.

    """
    if accounts.is_last_active_admin(session, user):
        raise PrivacyError("delete.error.last_admin")
    if user.password_hash:
        if not password:
            raise accounts.AccountError("password_required", "password")
        accounts._check_current_password(session, user, password, client)
    elif email.strip().lower() != user.email.lower():
        raise PrivacyError("delete.error.email_mismatch", "email")
    try:  # nobody is charged for an account that is gone (docs/payments.md)
        subscriptions.end_for_account(session, user.id or 0)
    except subscriptions.BillingError as exc:
        raise PrivacyError("delete.error.subscription") from exc
    return erase_user(session, user)


def _emails_of(session: Session, user: User) -> set[str]:
    """Every address the account used: now, at providers, and before e-mail changes."""
    emails = {user.email.lower()}
    emails |= {e.lower() for e in session.exec(select(OAuthAccount.email).where(OAuthAccount.user_id == user.id))}
    changes = session.exec(
        select(AuditEvent.detail).where(AuditEvent.event == "email.changed", AuditEvent.subject_user_id == user.id)
    ).all()
    emails |= {str(d.get(k, "")).lower() for d in changes for k in ("old", "new")}
    return {e for e in emails if e}


def _rate_limit_keys(session: Session, user_id: int, emails: set[str]) -> list[str]:
    """Rate-limit keys about this user (`<name>:<id>` or `<name>:<e-mail>`); per-IP counters stay."""
    ends = {str(user_id), *emails}
    patterns = [col(RateLimitHit.key).like(f"%:{end}") for end in ends]
    keys = session.exec(select(RateLimitHit.key).where(or_(*patterns)).distinct()).all()
    return [k for k in keys if k.split(":", 1)[1] in ends and not k.split(":", 1)[0].endswith("-ip")]


def _user_files(session: Session, user_id: int) -> tuple[list[Path], list[Path]]:
    """The user's files on disk (recordings, exports), and their per-user folders."""
    media, exports = get_storage(), export_storage()
    keys = session.exec(select(Answer.media_path).where(Answer.user_id == user_id)).all()
    files = {media.local_path(k) for k in keys if k}
    folders = [media.local_path(f"u{int(user_id)}"), exports.local_path(f"u{int(user_id)}")]
    for folder in folders:
        if folder.is_dir():
            files |= {p for p in folder.rglob("*") if p.is_file()}
    return sorted(p for p in files if p.is_file()), folders


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _user_columns(table: Table) -> list[Column]:
    """Columns of `table` that hold a user id: foreign keys to users, or named user_id / owner_id."""
    return [
        c
        for c in table.columns
        if any(fk.column.table.name == "users" for fk in c.foreign_keys) or c.name in ("user_id", "owner_id")
    ]


def _keeps_row(table: Table, column: Column) -> bool:
    """A SET NULL reference in someone else's row (an admin's revision, a report they resolved) is cleared."""
    if (table.name, column.name) in ERASE_ROWS_OF:
        return False
    return bool(column.nullable) and any(fk.ondelete == "SET NULL" for fk in column.foreign_keys)


def erase_user(session: Session, user: User) -> DeletionReport:
    """Delete every row of `user` in every table and, after the commit, their files (no confirmation here).

    Tables are visited children first (the reverse of their foreign-key order), so tables added later are
    covered as long as they point at `users` or name the column user_id / owner_id. The questions asked in
    the user's interviews go with them; the outbox and the rate-limit counters are searched by id and by every
    e-mail address the account used, and the audit events found the same way are anonymised, not deleted. The
    product limits' counters kept in Redis (LIMITS_STORE) go after the commit too.
    """
    assert user.id is not None
    uid, name = user.id, user.name
    session.flush()  # pending changes (e.g. the session's last-used time) go first, then the rows
    emails = _emails_of(session, user)
    files, folders = _user_files(session, uid)
    for report in session.exec(select(QuestionReport).where(QuestionReport.user_id == uid)).all():
        question = session.get(QuizQuestion, report.quiz_question_id)
        if question is not None and question.owner_id != uid and question.report_count > 0:
            question.report_count -= 1  # the counter matches the reports left; a flag stays for the admins
            session.add(question)
    session.flush()
    rows: dict[str, int] = {}
    cleared: dict[str, int] = {}
    interviews = select(InterviewSession.id).where(InterviewSession.user_id == uid)
    asked = SessionQuestion.__table__  # type: ignore[attr-defined]
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table is asked:
            follow_ups = and_(asked.c.session_id.in_(interviews), asked.c.kind == "follow_up")
            rows[table.name] = _count(session.execute(delete(table).where(follow_ups)))
            rows[table.name] += _count(session.execute(delete(table).where(asked.c.session_id.in_(interviews))))
        for column in _user_columns(table) if table.name != "users" else []:
            if _keeps_row(table, column):
                done = session.execute(update(table).where(column == uid).values({column.name: None}))
                cleared[f"{table.name}.{column.name}"] = _count(done)
            else:
                rows[table.name] = rows.get(table.name, 0) + _count(session.execute(delete(table).where(column == uid)))
    ref = hmac.new(get_settings().secret_key.encode(), f"deleted-user:{uid}".encode(), hashlib.sha256).hexdigest()
    anonymised = audit.anonymise_person(session, user_id=uid, emails=emails, names=[name], ref=ref[:16])
    extra = [
        (OutboxMessage, func.lower(OutboxMessage.to_email).in_(sorted(emails))),
        (RateLimitHit, col(RateLimitHit.key).in_(_rate_limit_keys(session, uid, emails))),
        (User, col(User.id) == uid),
    ]
    for model, condition in extra:
        name = model.__tablename__  # type: ignore[attr-defined]
        rows[name] = rows.get(name, 0) + _count(session.execute(delete(model).where(condition)))
    session.expunge_all()
    report = DeletionReport(rows={k: v for k, v in rows.items() if v}, cleared=cleared, files=len(files))
    audit.record(
        session,
        "account.deleted",
        rows=report.total,
        tables=report.rows,
        files=report.files,
        ref=ref[:16],
        audit_anonymised=anonymised,
    )
    after_commit(session, lambda: _remove(files, folders))
    after_commit(session, lambda: limits.forget_user(uid))  # the counters kept in Redis, when they are there
    return report


def _remove(files: list[Path], folders: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
