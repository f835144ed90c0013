"""/api/v1/admin in process: only admins (a candidate gets 403, audited), users with the pages' rules,
the bank's import and export, and the audit log; every action audited as on the pages."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from interview_app.models import AuditEvent, User
from interview_app.services.trainer import topics
from tests.support.api_tokens import bearer

BASE = "/api/v1/admin"


def events(session: Session, name: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == name).order_by(col(AuditEvent.id))).all())


def test_a_candidate_gets_403_on_every_admin_route_and_it_is_audited(session: Session, client: TestClient, make_user):
    ada = make_user()
    headers = bearer(session, ada)
    calls = [
        ("GET", "/users", {}),
        ("GET", f"/users/{ada.id}", {}),
        ("PATCH", f"/users/{ada.id}", {"json": {"role": "admin"}}),
        ("POST", "/questions/import", {"json": {"kind": "quiz", "content": "{}"}}),
        ("GET", "/questions/export", {}),
        ("GET", "/audit", {}),
    ]
    for method, path, options in calls:
        response = client.request(method, BASE + path, headers=headers, **options)
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden", path
        assert client.request(method, BASE + path, **options).status_code == 401
    assert len(events(session, "admin.denied")) == len(calls)
    session.expire_all()
    assert session.get(User, ada.id).role == "candidate"  # type: ignore[union-attr]


def test_users_are_listed_in_a_stable_order_with_filters_and_etags(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    for name in ("ada", "bob", "cy"):
        make_user(f"{name}@example.com", name=name.title())
    headers = bearer(session, admin)
    first = client.get(f"{BASE}/users", params={"limit": 2}, headers=headers)
    body = first.json()
    assert [u["email"] for u in body["items"]] == ["admin@example.com", "ada@example.com"]
    assert (body["total"], body["next_offset"]) == (4, 2)
    unchanged = client.get(
        f"{BASE}/users", params={"limit": 2}, headers={**headers, "If-None-Match": first.headers["ETag"]}
    )
    assert unchanged.status_code == 304
    rest = client.get(f"{BASE}/users", params={"limit": 2, "offset": 2}, headers=headers).json()
    assert [u["email"] for u in rest["items"]] == ["bob@example.com", "cy@example.com"] and rest["next_offset"] is None
    found = client.get(f"{BASE}/users", params={"q": "bob", "role": "candidate"}, headers=headers).json()
    assert [u["name"] for u in found["items"]] == ["Bob"]
    assert client.get(f"{BASE}/users", params={"role": "owner"}, headers=headers).status_code == 422


def test_role_and_deactivation_follow_the_pages_rules_and_are_audited(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    ada = make_user()
    ada_headers = bearer(session, ada)
    headers = bearer(session, admin)
    detail = client.get(f"{BASE}/users/{ada.id}", headers=headers).json()
    assert detail["email"] == "ada@example.com" and detail["scores"]["interviews"] == 0
    assert client.get(f"{BASE}/users/{10**12}", headers=headers).status_code == 404
    promoted = client.patch(f"{BASE}/users/{ada.id}", json={"role": "admin"}, headers=headers)
    assert promoted.status_code == 200 and promoted.json()["role"] == "admin"
    assert [e.subject_user_id for e in events(session, "role.changed")] == [ada.id]
    demoted = client.patch(f"{BASE}/users/{ada.id}", json={"role": "candidate"}, headers=headers)
    assert demoted.json()["role"] == "candidate"
    off = client.patch(f"{BASE}/users/{ada.id}", json={"is_active": False}, headers=headers)
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert [e.actor_user_id for e in events(session, "user.deactivated")] == [admin.id]
    assert client.get("/api/v1/me", headers=ada_headers).status_code == 401  # her tokens ended with it
    myself = client.patch(f"{BASE}/users/{admin.id}", json={"is_active": False}, headers=headers)
    assert myself.status_code == 409 and myself.json()["error"]["code"] == "not_yourself"
    assert client.patch(f"{BASE}/users/{ada.id}", json={"role": "owner"}, headers=headers).status_code == 422


def test_another_admin_is_deactivated_and_reactivated(session: Session, client: TestClient, make_user):
    first = make_user("first@example.com", role="admin")
    second = make_user("second@example.com", role="admin")
    headers = bearer(session, first)
    assert client.patch(f"{BASE}/users/{second.id}", json={"is_active": False}, headers=headers).status_code == 200
    back = client.patch(f"{BASE}/users/{second.id}", json={"is_active": True}, headers=headers)
    assert back.status_code == 200 and back.json()["is_active"] is True and back.json()["role"] == "admin"
    assert [e.subject_user_id for e in events(session, "user.reactivated")] == [second.id]


def test_the_bank_exports_and_imports_back_with_the_pages_checks(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    topics.seed_quiz_bank(session)
    session.commit()
    headers = bearer(session, admin)
    exported = client.get(
        f"{BASE}/questions/export", params={"kind": "quiz", "format": "json", "group": "python"}, headers=headers
    )
    assert exported.status_code == 200 and 'filename="quiz-questions.json"' in exported.headers["content-disposition"]
    questions = exported.json()["questions"]
    assert questions and {q["topic"] for q in questions} == {"python"}
    assert len(events(session, "questions.exported")) == 1
    csv = client.get(f"{BASE}/questions/export", params={"kind": "quiz", "format": "csv"}, headers=headers)
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("id,topic,kind")
    questions[0]["explanation"] += " Changed through the API."
    broken = {**questions[1], "id": "api-broken-1", "explanation": ""}
    file = json.dumps({"questions": [questions[0], broken, *questions[2:]]})
    checked = client.post(
        f"{BASE}/questions/import", json={"kind": "quiz", "content": file, "format": "json"}, headers=headers
    )
    assert checked.status_code == 200, checked.text
    report = checked.json()
    assert report["applied"] is False and report["counts"]["update"] == 1 and report["counts"]["error"] == 1
    assert report["counts"]["unchanged"] == len(questions) - 2
    assert [r["id"] for r in report["rows"] if r["action"] == "error"] == ["api-broken-1"]
    assert events(session, "questions.imported") == []
    body = {"kind": "quiz", "content": file, "format": "json", "filename": "python.json", "dry_run": False}
    applied = client.post(f"{BASE}/questions/import", json=body, headers=headers).json()
    assert applied["applied"] is True and applied["counts"]["update"] == 1
    assert [e.detail["updated"] for e in events(session, "questions.imported")] == [1]
    unreadable = client.post(
        f"{BASE}/questions/import", json={"kind": "quiz", "content": "{not json", "format": "json"}, headers=headers
    )
    assert unreadable.status_code == 422 and unreadable.json()["error"]["code"] == "import_file_invalid"
    assert unreadable.json()["error"]["details"]["file_errors"]


def test_the_audit_log_is_filtered_and_paged(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    ada = make_user()
    headers = bearer(session, admin)
    client.patch(f"{BASE}/users/{ada.id}", json={"role": "admin"}, headers=headers)
    client.patch(f"{BASE}/users/{ada.id}", json={"role": "candidate"}, headers=headers)
    page = client.get(f"{BASE}/audit", params={"event": "role.changed", "limit": 1}, headers=headers)
    body = page.json()
    assert body["total"] == 2 and body["next_offset"] == 1 and page.headers["ETag"]
    newest = body["items"][0]
    assert newest["subject_email"] == "ada@example.com" and newest["actor_email"] == "admin@example.com"
    older = client.get(f"{BASE}/audit", params={"event": "role.", "before": newest["id"]}, headers=headers).json()
    assert older["total"] == 1 and older["items"][0]["event"] == "role.changed"
    assert older["items"][0]["id"] < newest["id"] and older["items"][0]["detail"] != newest["detail"]
    by_person = client.get(f"{BASE}/audit", params={"person": "ada@", "event": "role.changed"}, headers=headers).json()
    assert by_person["total"] == 2
    far = client.get(f"{BASE}/audit", params={"start": "0001-01-01", "end": "9999-12-31"}, headers=headers)
    assert far.status_code == 200 and far.json()["total"] >= 2
    assert client.get(f"{BASE}/audit", params={"start": "yesterday"}, headers=headers).status_code == 422


def test_values_of_another_type_are_malformed_not_converted(session: Session, client: TestClient, make_user):
    admin = make_user("admin@example.com", role="admin")
    ada = make_user()
    headers = bearer(session, admin)
    for body in ({"is_active": 0}, {"is_active": "false"}, {"role": 1}):
        refused = client.patch(f"{BASE}/users/{ada.id}", json=body, headers=headers)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "request_invalid", body
    session.expire_all()
    assert session.get(User, ada.id).is_active is True  # type: ignore[union-attr]
    for day in ("0", "1700000000", "2026-12-01T00:00:00", "yesterday"):
        assert client.get(f"{BASE}/audit", params={"start": day}, headers=headers).status_code == 422, day
    assert client.get(f"{BASE}/audit", params={"start": "2026-12-01"}, headers=headers).status_code == 200
