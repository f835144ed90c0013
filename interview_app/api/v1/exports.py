"""/api/v1/exports: "Export all my data" over HTTP (`services/privacy/privacy.py`, as the data settings page).

A request queues a ZIP of everything the candidate has; `GET /exports/{id}` follows its progress and, once
it is ready, gives the signed download link (`GET /api/v1/exports/{id}/download?u=&e=&s=`, served by
`api/exports.py`), which works without a token until the export expires.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from interview_app import clock, routes
from interview_app.api.contract import ApiProblem, Id, responses
from interview_app.api.language import t
from interview_app.api.v1.deps import ClientInfo, CurrentUser, Db
from interview_app.models import DataExport
from interview_app.services.privacy import privacy

router = APIRouter(prefix=f"{routes.API_PREFIX}/exports", tags=["exports"])

_STATUS = {"export.error.not_found": 404, "export.error.in_progress": 409, "export.error.not_failed": 409}


def _refuse(exc: privacy.PrivacyError) -> ApiProblem:
    return ApiProblem(_STATUS.get(exc.code, 409), exc.code.removeprefix("export.error."), t(exc.code))


class ExportOut(BaseModel):
    """A data export and where it stands."""

    id: int
    status: Literal["queued", "building", "ready", "failed", "expired"]
    progress: int = Field(description="Percent done while it is built.")
    size_bytes: int
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None = Field(description="The download link stops working then.")
    download_url: str | None = Field(
        description="While ready: the signed link to the ZIP (a path on this server; no token needed)."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 57,
                "status": "ready",
                "progress": 100,
                "size_bytes": 1843200,
                "created_at": "2026-12-07T09:12:00Z",
                "finished_at": "2026-12-07T09:12:41Z",
                "expires_at": "2026-12-09T09:12:41Z",
                "download_url": "/api/v1/exports/57/download?u=42&e=1796807561&s=6f1c0d3e9a2b4c5d6e7f8091a2b3c4d5",
            }
        }
    )


class ExportList(BaseModel):
    """The candidate's latest exports, newest first."""

    items: list[ExportOut]

    model_config = ConfigDict(
        json_schema_extra={"example": {"items": [ExportOut.model_config["json_schema_extra"]["example"]]}}  # type: ignore[index]
    )


def export_of(row: DataExport) -> ExportOut:
    """The API's view of an export."""
    return ExportOut(
        id=row.id or 0,
        status=row.status,  # type: ignore[arg-type]
        progress=row.progress,
        size_bytes=row.size_bytes,
        created_at=clock.aware(row.created_at),
        finished_at=clock.aware(row.finished_at) if row.finished_at else None,
        expires_at=clock.aware(row.expires_at) if row.expires_at else None,
        download_url=privacy.download_url(row) or None,
    )


@router.get("", response_model=ExportList, responses=responses(401))
def list_exports(user: CurrentUser, session: Db) -> ExportList:
    """The latest ten exports, newest first."""
    assert user.id is not None
    return ExportList(items=[export_of(row) for row in privacy.list_exports(session, user.id)])


@router.post(
    "",
    response_model=ExportOut,
    status_code=202,
    responses=responses(
        401,
        409,
        429,
        s409="An export is already on its way (`in_progress`).",
        s429="The exports per hour or day.",
    ),
)
def request_export(user: CurrentUser, session: Db, client: ClientInfo) -> ExportOut:
    """Ask for a ZIP of everything you have; it is built in the background (follow it with `GET /exports/{id}`)."""
    try:
        row = privacy.request_export(session, user, client)
    except privacy.PrivacyError as exc:
        raise _refuse(exc) from None
    return export_of(row)


@router.get("/{export_id}", response_model=ExportOut, responses=responses(401, 404, 422))
def get_export(export_id: Id, user: CurrentUser, session: Db) -> ExportOut:
    """One of your exports: its progress and, once ready, the download link."""
    assert user.id is not None
    try:
        return export_of(privacy.owned_export(session, user.id, export_id))
    except privacy.PrivacyError as exc:
        raise _refuse(exc) from None


@router.post(
    "/{export_id}/retry",
    response_model=ExportOut,
    status_code=202,
    responses=responses(401, 404, 409, 422, s409="Not a failed export (`not_failed`), or another is on its way."),
)
def retry_export(export_id: Id, user: CurrentUser, session: Db) -> ExportOut:
    """Build a failed export again (it does not count towards the limits)."""
    assert user.id is not None
    try:
        return export_of(privacy.retry_export(session, user.id, export_id))
    except privacy.PrivacyError as exc:
        raise _refuse(exc) from None
