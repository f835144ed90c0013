"""/api/v1/notifications: the in-app inbox (the bell), newest first, and marking notifications read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from interview_app import clock, routes
from interview_app.api.contract import MAX_ID, ApiProblem, Id, responses
from interview_app.api.v1 import paging
from interview_app.api.v1.deps import CurrentUser, Db
from interview_app.models import Notification
from interview_app.services.notifications import inbox

router = APIRouter(prefix=f"{routes.API_PREFIX}/notifications", tags=["notifications"])


class NotificationOut(BaseModel):
    """One notification."""

    id: int
    kind: str = Field(description="What it is about, e.g. `quiz_reminder`, `feedback_ready`, `export_ready`.")
    title: str
    body: str
    link: str = Field(description="A path of the web app to open ('' when none).")
    created_at: datetime
    read_at: datetime | None


_EXAMPLE = {
    "id": 931,
    "kind": "quiz_reminder",
    "title": "Your daily quiz is ready",
    "body": "5 questions, about 4 minutes.",
    "link": "/trainer",
    "created_at": "2026-12-07T08:00:02Z",
    "read_at": None,
}


class NotificationPage(paging.PageInfo):
    """A page of the inbox, newest first, and how many are unread in all."""

    items: list[NotificationOut]
    unread: int

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"items": [_EXAMPLE], "unread": 1, "total": 1, "limit": 20, "offset": 0, "next_offset": None}
        }
    )


class ReadOut(BaseModel):
    """How many are unread now."""

    marked: int = Field(description="Notifications this call marked read.")
    unread: int

    model_config = ConfigDict(json_schema_extra={"example": {"marked": 1, "unread": 0}})


def notification_of(row: Notification) -> NotificationOut:
    """The API's view of a notification."""
    return NotificationOut(
        id=row.id or 0,
        kind=row.kind,
        title=row.title,
        body=row.body,
        link=row.link,
        created_at=clock.aware(row.created_at),
        read_at=clock.aware(row.read_at) if row.read_at else None,
    )


@router.get("", response_model=NotificationPage, responses={**paging.LIST_RESPONSES, **responses(401, 422)})
def list_notifications(
    user: CurrentUser,
    session: Db,
    page: paging.Paging,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only notifications older than this id (a cursor).")
    ] = None,
    if_none_match: paging.IfNoneMatch = None,
) -> Response:
    """A page of the inbox, newest first (by id).

    To walk it while new ones may arrive, pass the last id seen as `before` (with `offset` 0).
    """
    assert user.id is not None
    found = inbox.page(session, user.id, page.offset, page.limit, before_id=before)
    body = NotificationPage(
        items=[notification_of(row) for row in found.items],
        unread=inbox.unread_count(session, user.id),
        **paging.info(page, found.total),
    )
    return paging.etagged(body, if_none_match)


@router.post("/{notification_id}/read", response_model=ReadOut, responses=responses(401, 404, 422))
def mark_read(notification_id: Id, user: CurrentUser, session: Db) -> ReadOut:
    """Mark one notification read (again is fine)."""
    assert user.id is not None
    if not inbox.mark_read(session, user.id, notification_id):
        raise ApiProblem(404, "not_found")
    return ReadOut(marked=1, unread=inbox.unread_count(session, user.id))


@router.post("/read-all", response_model=ReadOut, responses=responses(401))
def mark_all_read(user: CurrentUser, session: Db) -> ReadOut:
    """Mark every notification read."""
    assert user.id is not None
    marked = inbox.mark_all_read(session, user.id)
    return ReadOut(marked=marked, unread=inbox.unread_count(session, user.id))
