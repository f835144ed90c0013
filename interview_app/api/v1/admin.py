"""/api/v1/admin: users, the question banks' import and export, and the audit log, for admins only.

The same services as the admin pages, with their rules (an admin cannot demote, deactivate or otherwise act
on their own account here; the last active admin stays) and their audit events (`role.changed`,
`user.deactivated`, `questions.imported`, `questions.exported`...), with the admin as actor. Anyone else
gets 403 `forbidden`, audited as `admin.denied`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from interview_app import clock, routes
from interview_app.api.contract import MAX_ID, ApiProblem, Id, responses
from interview_app.api.language import t
from interview_app.api.v1 import paging
from interview_app.api.v1.deps import ClientInfo, CurrentAdmin, Db
from interview_app.i18n import keys
from interview_app.models import AuditEvent, User
from interview_app.services.admin import audit_log, users
from interview_app.services.admin.questions import QuestionError, QuestionFilter
from interview_app.services.bank import export as bank_export
from interview_app.services.bank import importer

router = APIRouter(prefix=f"{routes.API_PREFIX}/admin", tags=["admin"])


def _iso_day(value: object) -> object:
    """Only a YYYY-MM-DD day (the schema's `date`), not the numbers or datetimes pydantic would also take."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]
_USER_STATUS = {"user_not_found": 404, "not_yourself": 409, "last_admin": 409, "role_invalid": 422}


def _refuse(exc: users.AdminError) -> ApiProblem:
    return ApiProblem(_USER_STATUS.get(exc.code, 409), exc.code, t(keys.ADMIN_ERRORS[exc.code]))


# ---------------------------------------------------------------- users


class AdminUserOut(BaseModel):
    """An account as the admin pages show it."""

    id: int
    email: str
    name: str
    role: Literal["candidate", "admin"]
    is_active: bool
    email_verified: bool
    created_at: datetime
    last_seen_at: datetime | None


_USER_EXAMPLE = {
    "id": 42,
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "role": "candidate",
    "is_active": True,
    "email_verified": True,
    "created_at": "2026-11-02T09:30:00Z",
    "last_seen_at": "2026-12-07T08:12:00Z",
}


class UserPage(paging.PageInfo):
    """A page of accounts."""

    items: list[AdminUserOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"items": [_USER_EXAMPLE], "total": 1, "limit": 20, "offset": 0, "next_offset": None}
        }
    )


class ScoresOut(BaseModel):
    """What the user has done."""

    interviews: int
    completed: int
    average: float | None
    best: int | None
    last_interview: datetime | None
    quiz_answered: int
    quiz_correct: int
    trainer_days: int
    streak: int


class UserDetailOut(AdminUserOut):
    """One account with its practice totals and live sign-in sessions."""

    target_role: str
    level: str
    live_sessions: int
    scores: ScoresOut

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_USER_EXAMPLE,
                "target_role": "backend-engineer",
                "level": "senior",
                "live_sessions": 2,
                "scores": {
                    "interviews": 9,
                    "completed": 8,
                    "average": 68.4,
                    "best": 81,
                    "last_interview": "2026-12-05T18:20:00Z",
                    "quiz_answered": 140,
                    "quiz_correct": 111,
                    "trainer_days": 23,
                    "streak": 6,
                },
            }
        }
    )


class UserPatch(BaseModel):
    """What to change; what is left out stays."""

    role: Literal["candidate", "admin"] | None = None
    is_active: bool | None = Field(default=None, description="false deactivates (every session and token ends).")

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"example": {"role": "admin"}})


def user_of(user: User) -> dict[str, Any]:
    """The `AdminUserOut` fields of an account."""
    return {
        "id": user.id or 0,
        "email": user.email,
        "name": user.name,
        "role": "admin" if user.role == "admin" else "candidate",
        "is_active": user.is_active,
        "email_verified": user.email_verified_at is not None,
        "created_at": clock.aware(user.created_at),
        "last_seen_at": clock.aware(user.last_seen_at) if user.last_seen_at else None,
    }


def _detail(session: Db, user_id: int) -> UserDetailOut:
    d = users.user_details(session, user_id)
    s = d.scores
    return UserDetailOut(
        **user_of(d.user),
        target_role=(d.profile.target_role_slug or d.profile.target_role_text) if d.profile else "",
        level=d.profile.level if d.profile else "",
        live_sessions=sum(1 for row in d.sessions if users.session_is_live(row)),
        scores=ScoresOut(
            interviews=s.interviews,
            completed=s.completed,
            average=s.average,
            best=s.best,
            last_interview=s.last_interview,
            quiz_answered=s.quiz_answered,
            quiz_correct=s.quiz_correct,
            trainer_days=s.trainer_days,
            streak=s.streak,
        ),
    )


@router.get("/users", response_model=UserPage, responses={**paging.LIST_RESPONSES, **responses(401, 403, 422)})
def list_users(
    admin: CurrentAdmin,
    session: Db,
    page: paging.Paging,
    q: Annotated[str, Query(max_length=200, description="Words of the e-mail or name.")] = "",
    role: Literal["all", "candidate", "admin"] = "all",
    active: Literal["all", "active", "inactive"] = "all",
    seen: Literal["any", "day", "week", "month", "dormant", "never"] = "any",
    order: Annotated[
        Literal["id", "seen"],
        Query(description="`id`: oldest account first, stable for paging; `seen`: most recently seen first."),
    ] = "id",
    if_none_match: paging.IfNoneMatch = None,
) -> Response:
    """Search the accounts, filtered as on the users page."""
    flt = users.UserFilter(text=q, role=role, active=active, seen=seen)
    rows, total = users.search_users(session, flt, limit=page.limit, offset=page.offset, order=order)
    body = UserPage(items=[AdminUserOut(**user_of(u)) for u in rows], **paging.info(page, total))
    return paging.etagged(body, if_none_match)


@router.get("/users/{user_id}", response_model=UserDetailOut, responses=responses(401, 403, 404, 422))
def get_user(user_id: Id, admin: CurrentAdmin, session: Db) -> UserDetailOut:
    """One account with its practice totals."""
    try:
        return _detail(session, user_id)
    except users.AdminError as exc:
        raise _refuse(exc) from None


@router.patch(
    "/users/{user_id}",
    response_model=UserDetailOut,
    responses=responses(
        401,
        403,
        404,
        409,
        422,
        s409="Not on your own account (`not_yourself`), and not the last active admin (`last_admin`).",
    ),
)
def patch_user(user_id: Id, body: UserPatch, admin: CurrentAdmin, session: Db, client: ClientInfo) -> UserDetailOut:
    """Change the role, or deactivate / reactivate the account (audited; both or neither are changed)."""
    try:
        if body.role is not None:
            users.change_role(session, admin, user_id, body.role, client.ip)
        if body.is_active is not None:
            users.set_active(session, admin, user_id, body.is_active, client.ip)
        return _detail(session, user_id)
    except users.AdminError as exc:
        raise _refuse(exc) from None


# ---------------------------------------------------------------- question banks


class ImportRequest(BaseModel):
    """A bank file, as the admin import page takes it (CSV or JSON text; docs/admin.md has both formats)."""

    kind: Literal["interview", "quiz"]
    content: str = Field(min_length=1, max_length=importer.MAX_IMPORT_BYTES, description="The file's text.")
    format: Literal["csv", "json"] | None = Field(default=None, description="null: told from `filename` or content.")
    filename: str = Field(default="", max_length=120, description="Shown in the audit log.")
    dry_run: bool = Field(default=True, description="true: only check and say what would happen.")

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "example": {
                "kind": "quiz",
                "format": "json",
                "filename": "python-extra.json",
                "content": '{"topic": "python", "questions": [...]}',
                "dry_run": True,
            }
        },
    )

    @model_validator(mode="after")
    def _named(self) -> ImportRequest:
        if self.format and not self.filename.lower().endswith(f".{self.format}"):
            self.filename = f"{self.filename or 'upload'}.{self.format}"
        return self


class ImportRowOut(BaseModel):
    """What happens to one question of the file."""

    row: int
    id: str
    action: Literal["create", "update", "unchanged", "error"]
    errors: list[str]


class ImportOut(BaseModel):
    """The dry run's or the import's report (rows with errors are skipped; fix them and import again)."""

    kind: str
    format: str
    applied: bool
    counts: dict[str, int] = Field(description="Rows per action: create, update, unchanged, error.")
    rows: list[ImportRowOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "kind": "quiz",
                "format": "json",
                "applied": False,
                "counts": {"create": 1, "update": 0, "unchanged": 3, "error": 1},
                "rows": [
                    {"row": 1, "id": "py-gil-1", "action": "create", "errors": []},
                    {"row": 2, "id": "py-dict-2", "action": "error", "errors": ["explanation: required"]},
                ],
            }
        }
    )


@router.post(
    "/questions/import",
    response_model=ImportOut,
    responses=responses(
        401, 403, 422, s422="Malformed, or the file cannot be read (`import_file_invalid`, `details.file_errors`)."
    ),
)
def import_questions(body: ImportRequest, admin: CurrentAdmin, session: Db) -> ImportOut:
    """Check a bank file (dry run), or import its valid rows (audited as `questions.imported`)."""
    raw = body.content.encode()
    run = importer.dry_run if body.dry_run else lambda s, k, f, r: importer.apply(s, admin, k, f, r)
    report = run(session, body.kind, body.filename, raw)
    if report.file_errors:
        raise ApiProblem(
            422, "import_file_invalid", t("api.error.request_invalid"), details={"file_errors": report.file_errors}
        )
    return ImportOut(
        kind=report.kind,
        format=report.format,
        applied=report.applied,
        counts={a: report.count(a) for a in ("create", "update", "unchanged", "error")},
        rows=[ImportRowOut(row=r.row, id=r.id, action=r.action, errors=r.errors) for r in report.rows],  # type: ignore[arg-type]
    )


_BANK_FILE = {
    "description": "The bank as a file the import takes back unchanged (`Content-Disposition: attachment`).",
    "content": {
        "text/csv": {"schema": {"type": "string"}, "example": "id,type,roles,...\nbeh-conflict-1,behavioural,...\n"},
        "application/json": {"schema": {"type": "object"}, "example": {"questions": [{"id": "beh-conflict-1"}]}},
    },
}


@router.get("/questions/export", response_class=Response, responses={200: _BANK_FILE, **responses(401, 403, 422)})
def export_questions(
    admin: CurrentAdmin,
    session: Db,
    kind: Literal["interview", "quiz"] = "interview",
    format: Literal["csv", "json"] = "json",
    q: Annotated[str, Query(max_length=200, description="Words of the prompt.")] = "",
    difficulty: Literal["", "easy", "medium", "hard"] = "",
    group: Annotated[str, Query(max_length=80, description="An interview role's slug or a quiz topic's slug.")] = "",
    language: Annotated[str, Query(max_length=8, description="`en`, `ko`; '' for every language.")] = "",
) -> Response:
    """Export the bank (or the part matching the filters) as CSV or JSON (audited as `questions.exported`)."""
    flt = QuestionFilter(kind=kind, text=q, difficulty=difficulty, group=group, language=language)
    try:
        text, filename = bank_export.export(session, admin, kind, format, flt)
    except QuestionError as exc:
        raise ApiProblem(422, exc.code, t(keys.ADMIN_ERRORS[exc.code])) from None
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---------------------------------------------------------------- audit log


class AuditOut(BaseModel):
    """One audit event."""

    id: int
    created_at: datetime
    event: str
    actor_id: int | None
    actor_email: str
    subject_id: int | None
    subject_email: str
    email: str = Field(description="The address the event names (e.g. a failed sign-in's).")
    ip: str
    detail: dict[str, Any]


class AuditPage(paging.PageInfo):
    """A page of the audit log, newest first."""

    items: list[AuditOut]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "items": [
                    {
                        "id": 90211,
                        "created_at": "2026-12-07T10:02:13Z",
                        "event": "role.changed",
                        "actor_id": 1,
                        "actor_email": "admin@example.com",
                        "subject_id": 42,
                        "subject_email": "ada@example.com",
                        "email": "ada@example.com",
                        "ip": "203.0.113.7",
                        "detail": {"from": "candidate", "to": "admin"},
                    }
                ],
                "total": 1,
                "limit": 20,
                "offset": 0,
                "next_offset": None,
            }
        }
    )


def _event(row: audit_log.AuditRow) -> AuditOut:
    e: AuditEvent = row.event
    return AuditOut(
        id=e.id or 0,
        created_at=clock.aware(e.created_at),
        event=e.event,
        actor_id=e.actor_user_id,
        actor_email=row.actor,
        subject_id=e.subject_user_id,
        subject_email=row.subject,
        email=e.email,
        ip=e.ip,
        detail=dict(e.detail),
    )


@router.get("/audit", response_model=AuditPage, responses={**paging.LIST_RESPONSES, **responses(401, 403, 422)})
def list_audit(
    admin: CurrentAdmin,
    session: Db,
    page: paging.Paging,
    event: Annotated[
        str, Query(max_length=60, description="A whole name (`role.changed`) or a prefix ending in a dot (`user.`).")
    ] = "",
    person: Annotated[str, Query(max_length=80, description="Part of the actor's or subject's e-mail or name.")] = "",
    start: Annotated[Day | None, Query(description="From this UTC day (inclusive), YYYY-MM-DD.")] = None,
    end: Annotated[Day | None, Query(description="To this UTC day (inclusive), YYYY-MM-DD.")] = None,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only events older than this id.")] = None,
    if_none_match: paging.IfNoneMatch = None,
) -> Response:
    """The audit log, newest first, filtered as on the audit page.

    To walk it while events are logged, pass the last id seen as `before` (with `offset` 0).
    """
    flt = audit_log.AuditFilter(event=event, person=person, start=start, end=end, before_id=before)
    rows, total = audit_log.search(session, flt, limit=page.limit, offset=page.offset)
    body = AuditPage(items=[_event(row) for row in rows], **paging.info(page, total))
    return paging.etagged(body, if_none_match)
