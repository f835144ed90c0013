"""/api/v1/notifications in process: pages in a stable order with ETags, marking read, and only the
caller's own."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app.services.notifications import inbox
from tests.support.api_tokens import bearer

BASE = "/api/v1/notifications"


def test_pages_are_newest_first_with_an_etag_and_a_cursor(session: Session, client: TestClient, make_user):
    ada = make_user()
    for i in range(5):
        inbox.notify(session, ada.id or 0, "test", f"Note {i}")
    session.commit()
    headers = bearer(session, ada)
    first = client.get(BASE, params={"limit": 2}, headers=headers)
    body = first.json()
    assert [n["title"] for n in body["items"]] == ["Note 4", "Note 3"]
    assert (body["total"], body["unread"], body["next_offset"]) == (5, 5, 2)
    tag = first.headers["ETag"]
    assert tag.startswith('W/"')
    same = client.get(BASE, params={"limit": 2}, headers={**headers, "If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["ETag"] == tag
    # A new notification changes the first page (new ETag) but not the walk from the cursor.
    inbox.notify(session, ada.id or 0, "test", "Note 5")
    session.commit()
    changed = client.get(BASE, params={"limit": 2}, headers={**headers, "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    last_seen = body["items"][-1]["id"]
    rest = client.get(BASE, params={"limit": 10, "before": last_seen}, headers=headers).json()
    assert [n["title"] for n in rest["items"]] == ["Note 2", "Note 1", "Note 0"] and rest["next_offset"] is None
    assert client.get(BASE, params={"limit": 0}, headers=headers).status_code == 422
    assert client.get(BASE, params={"limit": 101}, headers=headers).status_code == 422


def test_marking_read_and_another_users_notification(session: Session, client: TestClient, make_user):
    ada, bob = make_user(), make_user("bob@example.com")
    mine = inbox.notify(session, ada.id or 0, "test", "For Ada")
    inbox.notify(session, ada.id or 0, "test", "Also for Ada")
    theirs = inbox.notify(session, bob.id or 0, "test", "For Bob")
    session.commit()
    assert mine is not None and theirs is not None
    headers = bearer(session, ada)
    read = client.post(f"{BASE}/{mine.id}/read", headers=headers)
    assert read.status_code == 200 and read.json() == {"marked": 1, "unread": 1}
    stranger = client.post(f"{BASE}/{theirs.id}/read", headers=headers)
    assert stranger.status_code == 404 and stranger.json()["error"]["code"] == "not_found"
    session.refresh(theirs)
    assert theirs.read_at is None
    assert client.post(f"{BASE}/read-all", headers=headers).json() == {"marked": 1, "unread": 0}
    assert client.get(BASE, headers=bearer(session, bob)).json()["unread"] == 1
