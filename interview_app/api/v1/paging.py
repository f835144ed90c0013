"""Long lists of /api/v1: `limit`/`offset` pages in a stable order, and ETags so a client re-reads for free.

    @router.get("", response_model=ThingPage, responses={**paging.LIST_RESPONSES, **responses(401, 422)})
    def list_things(user: CurrentUser, session: Db, page: paging.Paging, if_none_match: paging.IfNoneMatch = None):
        rows, total = things.page(session, user.id, offset=page.offset, limit=page.limit)
        body = ThingPage(items=[...], **paging.info(page, total))
        return paging.etagged(body, if_none_match)

Every list is ordered by something that does not change under the client (newest id first, or an
explicit `order`), with the id as the tie-break, so walking `offset` by `limit` sees each row once while
nothing is added. A page answers `ETag` (a hash of its JSON); sent back as `If-None-Match`, an unchanged
page answers 304 with no body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

MAX_LIMIT = 100
# A page further than this is not a list anyone reads by hand; it also keeps OFFSET within any database's range.
MAX_OFFSET = 1_000_000

_ETAG_HEADER = {
    "ETag": {"description": "The page's version; send it as `If-None-Match`.", "schema": {"type": "string"}}
}
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": _ETAG_HEADER},
    304: {
        "description": "Not modified: the page is the one named by `If-None-Match` (no body).",
        "headers": _ETAG_HEADER,
    },
}


@dataclass(frozen=True)
class Page:
    """Which page was asked for."""

    limit: int
    offset: int


def page_of(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1 to {MAX_LIMIT}).")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")] = 0,
) -> Page:
    """The `limit` and `offset` query parameters."""
    return Page(limit=limit, offset=offset)


Paging = Annotated[Page, Depends(page_of)]
IfNoneMatch = Annotated[
    str | None,
    Header(max_length=500, description="The `ETag` of a page read before: 304 when it has not changed."),
]


class PageInfo(BaseModel):
    """Where a page sits in the whole list."""

    total: int = Field(description="Items in the whole list (with the filters).")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The `offset` of the next page; null on the last one.")


def info(page: Page, total: int) -> dict[str, Any]:
    """The `PageInfo` fields of a page of a list of `total` items."""
    following = page.offset + page.limit
    return {
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next_offset": following if following < total else None,
    }


def etag(raw: bytes) -> str:
    """A weak validator for a JSON body (equal bodies, equal tags)."""
    return f'W/"{hashlib.sha256(raw).hexdigest()[:32]}"'


def matches(tag: str, if_none_match: str | None) -> bool:
    """True when `If-None-Match` names this tag (weak comparison) or is `*`."""
    if not if_none_match:
        return False
    wanted = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
    return "*" in wanted or tag.removeprefix("W/") in wanted


def etagged(body: BaseModel, if_none_match: str | None, *, status_code: int = 200) -> Response:
    """The JSON answer with its `ETag`, or 304 when the client holds it already."""
    raw = body.model_dump_json().encode()
    tag = etag(raw)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if matches(tag, if_none_match):
        return Response(status_code=304, headers=headers)
    return Response(raw, status_code=status_code, media_type="application/json", headers=headers)
