"""/api/v1/account/delete in process: the password is checked, the last admin stays, and the account and
its tokens are gone afterwards."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app.models import User
from tests.support.api_tokens import bearer
from tests.support.handlers import PASSWORD

BASE = "/api/v1/account/delete"


def test_deleting_the_account_needs_the_password_and_ends_its_tokens(session: Session, client: TestClient, make_user):
    ada = make_user()
    ada_id, headers = ada.id, bearer(session, ada)
    wrong = client.post(BASE, json={"password": "not the password"}, headers=headers)
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "current_password_wrong"
    missing = client.post(BASE, json={}, headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "password_required"
    assert session.get(User, ada_id) is not None
    deleted = client.post(BASE, json={"password": PASSWORD}, headers=headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["deleted"] is True and deleted.json()["rows"] > 0
    session.expire_all()
    assert session.get(User, ada_id) is None
    after = client.get("/api/v1/me", headers=headers)
    assert after.status_code == 401


def test_the_last_admin_cannot_delete_their_account(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    admin_id = admin.id
    refused = client.post(BASE, json={"password": PASSWORD}, headers=bearer(session, admin))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "last_admin"
    session.expire_all()
    assert session.get(User, admin_id) is not None
