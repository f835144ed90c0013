"""/api/v1/auth and /api/v1/me through FastAPI's TestClient: every step of signing in with tokens, refresh
rotation and reuse, sign-out, passwords, two-factor, and the error shape of each refusal."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, delete, select

from interview_app.api import contract
from interview_app.api.v1.deps import CurrentAdmin
from interview_app.clock import utcnow
from interview_app.models import ApiTokenFamily, AuditEvent, OutboxMessage, TwoFactor, User
from interview_app.services.accounts import api_tokens
from tests.support import two_factor as totp
from tests.support.api_tokens import bearer
from tests.support.handlers import OTHER_PASSWORD, PASSWORD, session_token

AUTH = "/api/v1/auth"


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["request_id"] == response.headers["x-request-id"]
    return error


def link_token(session: Session, kind: str) -> str:
    session.expire_all()
    message = session.exec(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
    ).first()
    assert message is not None, kind
    url = re.search(r"https?://\S+token=\S+", message.body_text)
    assert url is not None
    return parse_qs(urlparse(url.group(0)).query)["token"][0]


def sign_in(client: TestClient, email: str = "ada@example.com", password: str = PASSWORD, **extra: object):
    return client.post(f"{AUTH}/sign-in", json={"email": email, "password": password, **extra})


def auth(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def families(session: Session) -> list[ApiTokenFamily]:
    session.expire_all()
    return list(session.exec(select(ApiTokenFamily)).all())


# ---------------------------------------------------------------- register, verify, sign in


def test_register_verify_and_sign_in_with_tokens(session, client):
    body = {"name": "Ada Lovelace", "email": "Ada@Example.com", "password": PASSWORD}
    registered = client.post(f"{AUTH}/register", json=body)
    assert registered.status_code == 202 and registered.json()["email"] == "ada@example.com"
    again = client.post(f"{AUTH}/register", json=body)
    assert again.status_code == 202 and again.json() == registered.json()  # nothing said about the address

    token = link_token(session, "verify_email")
    verified = client.post(f"{AUTH}/verify-email", json={"token": token})
    assert verified.json() == {"email": "ada@example.com", "email_verified": True}
    refused(client.post(f"{AUTH}/verify-email", json={"token": token}), 400, "token_invalid")  # single use

    signed = sign_in(client)
    assert signed.status_code == 200 and signed.headers["cache-control"] == "no-store"
    tokens = signed.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 900
    assert tokens["refresh_token"].startswith("icr_") and tokens["device"]
    assert tokens["user"]["email"] == "ada@example.com" and tokens["user"]["email_verified"] is True
    me = client.get("/api/v1/me", headers=auth(tokens))
    assert me.status_code == 200 and me.json()["email"] == "ada@example.com" and me.json()["profile"]["level"]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"name": "Ada", "email": "not an address", "password": PASSWORD}, "email_invalid", "body.email"),
        ({"name": "Ada", "email": "ada@example.com", "password": "short"}, "too_short", "body.password"),
        ({"name": "   ", "email": "ada@example.com", "password": PASSWORD}, "name_required", "body.name"),
    ],
)
def test_registration_refusals_name_the_field(client, body, code, field):
    error = refused(client.post(f"{AUTH}/register", json=body), 422, code)
    assert error["details"]["fields"] == [field]


def test_malformed_bodies_are_request_invalid(client):
    for body in ({}, {"email": "a@b.c"}, {"email": 1, "password": []}, {"email": "x" * 400, "password": "p"}):
        error = refused(client.post(f"{AUTH}/sign-in", json=body), 422, "request_invalid")
        assert error["details"]["fields"]
    refused(client.post(f"{AUTH}/sign-in", content=b"not json", headers={"Content-Type": "application/json"}), 422,
            "request_invalid")  # fmt: skip


def test_wrong_password_and_unknown_address_get_the_same_answer(make_user, client):
    make_user()
    wrong = refused(sign_in(client, password="not the password"), 401, "bad_credentials")
    unknown = refused(sign_in(client, email="nobody@example.com"), 401, "bad_credentials")
    assert wrong["message"] == unknown["message"]


def test_a_deactivated_account_cannot_sign_in(make_user, client):
    make_user(active=False)
    refused(sign_in(client), 403, "account_inactive")


def test_the_back_off_asks_for_the_emailed_code_and_the_code_signs_in(session, make_user, client, override_settings):
    override_settings(signin_account_free_failures=2)
    make_user()
    for _ in range(3):
        sign_in(client, password="wrong password here")
    step = sign_in(client)  # the right password from an unknown client during the back-off
    assert step.status_code == 202, step.text
    body = step.json()
    assert body["next_step"] == "email_code" and body["retry_after"] > 0 and body["expires_in"] == 600
    session.expire_all()
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "signin_code")).all()
    code = re.search(r"\b(\d{6})\b", mail[-1].body_text)
    assert code is not None
    refused(client.post(f"{AUTH}/sign-in/code", json={"challenge": body["challenge"], "code": "000000"}), 401,
            "signin_code_wrong")  # fmt: skip
    done = client.post(f"{AUTH}/sign-in/code", json={"challenge": body["challenge"], "code": code.group(1)})
    assert done.status_code == 200 and done.json()["access_token"]


# ---------------------------------------------------------------- tokens


def test_refresh_rotates_and_reuse_revokes_the_whole_sign_in(session, make_user, client):
    make_user()
    first = sign_in(client).json()
    second = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    second_tokens = second.json()
    assert second_tokens["refresh_token"] != first["refresh_token"]
    assert client.get("/api/v1/me", headers=auth(second_tokens)).status_code == 200

    reused = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    refused(reused, 401, "refresh_reused")
    assert "invalid_token" in reused.headers["www-authenticate"]
    refused(client.post(f"{AUTH}/refresh", json={"refresh_token": second_tokens["refresh_token"]}), 401,
            "refresh_invalid")  # fmt: skip
    refused(client.get("/api/v1/me", headers=auth(second_tokens)), 401, "token_revoked")
    assert [f.revoked_reason for f in families(session)] == ["reuse_detected"]
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "api_token.reuse_detected")).all()
    assert len(events) == 1


def test_the_account_lists_its_api_sign_ins_and_signs_one_out(session, make_user, client):
    make_user()
    bob = make_user("bob@example.com", "Bob")
    phone = sign_in(client).json()
    laptop = client.post(
        f"{AUTH}/sign-in",
        json={"email": "ada@example.com", "password": PASSWORD},
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"},
    ).json()
    theirs = sign_in(client, "bob@example.com").json()
    listed = client.get("/api/v1/me/sign-ins", headers=auth(phone))
    assert listed.status_code == 200
    rows = listed.json()
    assert [row["current"] for row in rows] == [False, True]  # newest first: the laptop, then this phone
    assert rows[0]["device"] == "Firefox on Linux" and rows[0]["via"] == "password" and rows[0]["ip"]
    assert {row["id"] for row in rows} == {f.id for f in families(session) if f.user_id != bob.id}

    # Another account's sign-in, an unknown id and a malformed one are all refused alike; nothing changes.
    theirs_id = next(f.id for f in families(session) if f.user_id == bob.id)
    refused(client.delete(f"/api/v1/me/sign-ins/{theirs_id}", headers=auth(phone)), 404, "not_found")
    refused(client.delete("/api/v1/me/sign-ins/nothing-here", headers=auth(phone)), 404, "not_found")
    refused(client.delete("/api/v1/me/sign-ins/a%20b", headers=auth(phone)), 422, "request_invalid")
    assert client.get("/api/v1/me", headers=auth(theirs)).status_code == 200

    # Signing the laptop out ends its refresh and access tokens at once, and is audited; the phone carries on.
    assert client.delete(f"/api/v1/me/sign-ins/{rows[0]['id']}", headers=auth(phone)).status_code == 204
    refused(client.get("/api/v1/me", headers=auth(laptop)), 401, "token_revoked")
    refused(client.post(f"{AUTH}/refresh", json={"refresh_token": laptop["refresh_token"]}), 401, "refresh_invalid")
    assert [row["id"] for row in client.get("/api/v1/me/sign-ins", headers=auth(phone)).json()] == [rows[1]["id"]]
    refused(client.delete(f"/api/v1/me/sign-ins/{rows[0]['id']}", headers=auth(phone)), 404, "not_found")  # once
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "signout")).all()
    assert [e.detail.get("sign_in") for e in events] == [rows[0]["id"]]
    refused(client.get("/api/v1/me/sign-ins"), 401, "signed_out")


def test_bad_access_tokens_are_told_apart(session, make_user, client):
    user = make_user()
    refused(client.get("/api/v1/me"), 401, "signed_out")
    refused(client.get("/api/v1/me", headers={"Authorization": "Bearer a.b.c"}), 401, "token_invalid")
    sign_in(client)
    family = families(session)[0].id
    fresh = api_tokens.issue_access(user.id or 0, family)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    stale = api_tokens.issue_access(user.id or 0, family, now=utcnow() - timedelta(minutes=20))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {stale}"})
    refused(response, 401, "token_expired")
    assert response.headers["www-authenticate"] == 'Bearer realm="api", error="invalid_token"'
    someone_else = api_tokens.issue_access((user.id or 0) + 1, family)  # a family is its user's only
    refused(client.get("/api/v1/me", headers={"Authorization": f"Bearer {someone_else}"}), 401, "token_revoked")


def test_the_web_session_token_still_works(session, make_user, client):
    user = make_user()
    headers = {"Authorization": f"Bearer {session_token(session, user)}"}
    assert client.get("/api/v1/me", headers=headers).json()["id"] == user.id
    refused(client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-session"}), 401, "signed_out")


def test_sign_out_with_the_refresh_token_or_the_access_token(session, make_user, client):
    make_user()
    phone, laptop = sign_in(client).json(), sign_in(client).json()
    assert client.post(f"{AUTH}/sign-out", json={"refresh_token": phone["refresh_token"]}).status_code == 204
    refused(client.get("/api/v1/me", headers=auth(phone)), 401, "token_revoked")
    assert client.get("/api/v1/me", headers=auth(laptop)).status_code == 200
    assert client.post(f"{AUTH}/sign-out", json={}, headers=auth(laptop)).status_code == 204
    refused(client.post(f"{AUTH}/refresh", json={"refresh_token": laptop["refresh_token"]}), 401, "refresh_invalid")
    refused(client.post(f"{AUTH}/sign-out", json={}), 401, "signed_out")
    assert {f.revoked_reason for f in families(session)} == {"signed_out"}


def test_sign_out_everywhere_ends_web_sessions_and_api_clients(session, make_user, client):
    user = make_user()
    web = session_token(session, user)
    phone, laptop = sign_in(client).json(), sign_in(client).json()
    done = client.post(f"{AUTH}/sign-out-everywhere", headers=auth(phone))
    assert done.status_code == 200 and done.json() == {"revoked": 3}
    for tokens in (phone, laptop):
        refused(client.get("/api/v1/me", headers=auth(tokens)), 401, "token_revoked")
    refused(client.get("/api/v1/me", headers={"Authorization": f"Bearer {web}"}), 401, "signed_out")


# ---------------------------------------------------------------- passwords


def test_password_reset_ends_every_sign_in(session, make_user, client):
    make_user()
    tokens = sign_in(client).json()
    asked = client.post(f"{AUTH}/password-reset", json={"email": "ada@example.com"})
    unknown = client.post(f"{AUTH}/password-reset", json={"email": "nobody@example.com"})
    assert asked.status_code == unknown.status_code == 202
    assert asked.json()["message"] == unknown.json()["message"]
    token = link_token(session, "password_reset")
    weak = client.post(f"{AUTH}/password-reset/confirm", json={"token": token, "new_password": "short"})
    refused(weak, 422, "too_short")
    done = client.post(f"{AUTH}/password-reset/confirm", json={"token": token, "new_password": OTHER_PASSWORD})
    assert done.status_code == 200 and done.json()["email"] == "ada@example.com"
    refused(client.get("/api/v1/me", headers=auth(tokens)), 401, "token_revoked")
    refused(client.post(f"{AUTH}/password-reset/confirm", json={"token": token, "new_password": OTHER_PASSWORD}),
            400, "token_invalid")  # fmt: skip
    assert sign_in(client, password=OTHER_PASSWORD).status_code == 200


def test_changing_the_password_ends_other_sign_ins_and_gives_this_client_new_tokens(session, make_user, client):
    make_user()
    this, other = sign_in(client).json(), sign_in(client).json()
    wrong = {"current_password": "not it at all", "new_password": OTHER_PASSWORD}
    error = refused(client.post(f"{AUTH}/password", json=wrong, headers=auth(this)), 401, "current_password_wrong")
    assert error["details"]["fields"] == ["body.current"]
    body = {"current_password": PASSWORD, "new_password": OTHER_PASSWORD}
    changed = client.post(f"{AUTH}/password", json=body, headers=auth(this))
    assert changed.status_code == 200
    for old in (this, other):
        refused(client.get("/api/v1/me", headers=auth(old)), 401, "token_revoked")
    assert client.get("/api/v1/me", headers=auth(changed.json())).status_code == 200


# ---------------------------------------------------------------- two-factor


def test_two_factor_sign_in_is_a_second_step(session, make_user, client):
    user = make_user()
    secret, recovery = totp.enrol(session, user)
    step = sign_in(client)
    assert step.status_code == 202
    challenge = step.json()
    assert challenge["next_step"] == "two_factor" and challenge["expires_in"] == 300
    assert families(session) == []  # no token before the second step
    refused(client.post(f"{AUTH}/2fa", json={"challenge": challenge["challenge"], "code": "000000"}), 401,
            "two_factor_code_wrong")  # fmt: skip
    refused(client.post(f"{AUTH}/2fa", json={"challenge": challenge["challenge"]}), 422, "two_factor_code_required")
    loose = {"challenge": challenge["challenge"], "code": totp.code(secret), "remember_device": 1}
    refused(client.post(f"{AUTH}/2fa", json=loose), 422, "request_invalid")  # 1 is not true
    done = client.post(
        f"{AUTH}/2fa",
        json={"challenge": challenge["challenge"], "code": totp.fresh_code(secret), "remember_device": True},
    )
    assert done.status_code == 200, done.text
    tokens = done.json()
    assert tokens["user"]["two_factor"] is True and tokens["two_factor_device"]
    refused(client.post(f"{AUTH}/2fa", json={"challenge": challenge["challenge"], "code": totp.code(secret)}), 400,
            "two_factor_challenge_expired")  # fmt: skip
    remembered = sign_in(client, two_factor_device=tokens["two_factor_device"])
    assert remembered.status_code == 200  # a remembered device skips the code

    again = sign_in(client).json()
    with_recovery = client.post(f"{AUTH}/2fa", json={"challenge": again["challenge"], "recovery_code": recovery[0]})
    assert with_recovery.status_code == 200
    assert [f.via for f in families(session)] == ["totp", "password", "recovery_code"]


# ---------------------------------------------------------------- /me and admins


def test_the_profile_is_changed_through_the_profile_service(session, make_user, client):
    user = make_user()
    headers = bearer(session, user)
    patch = {"level": "senior", "skills": ["Python", " python ", "Kafka"], "quiet_hours": False, "daily_goal": 10}
    changed = client.patch("/api/v1/me", json=patch, headers=headers)
    assert changed.status_code == 200, changed.text
    profile = changed.json()["profile"]
    assert (profile["level"], profile["skills"], profile["daily_goal"]) == ("senior", ["Python", "Kafka"], 10)
    assert (profile["quiet_start"], profile["quiet_end"]) == ("00:00", "00:00")
    bad = client.patch("/api/v1/me", json={"timezone": "Mars/Olympus", "daily_goal": 7}, headers=headers)
    error = refused(bad, 422, "profile_invalid")
    assert set(error["details"]["fields"]) == {"body.timezone", "body.daily_goal"}
    refused(client.patch("/api/v1/me", json={"unknown": 1}, headers=headers), 422, "request_invalid")
    refused(client.patch("/api/v1/me", json={"level": None}, headers=headers), 422, "request_invalid")
    for loose in ({"timer_enabled": 0}, {"daily_goal": "10"}, {"interview_date": 20270115}, {"skills": "Python"}):
        refused(client.patch("/api/v1/me", json=loose, headers=headers), 422, "request_invalid")
    dated = client.patch("/api/v1/me", json={"interview_date": "2099-01-15"}, headers=headers)
    assert dated.status_code == 200 and dated.json()["profile"]["interview_date"] == "2099-01-15"
    assert client.get("/api/v1/me", headers=headers).json()["profile"]["level"] == "senior"  # nothing else saved


def test_current_admin_refuses_candidates_audited_and_admins_without_two_factor(session, make_user):
    router = APIRouter()

    @router.get("/api/v1/admin-only")
    def admin_only(admin: CurrentAdmin) -> dict[str, int]:
        return {"id": admin.id or 0}

    app = FastAPI()
    app.include_router(router)
    contract.install(app)
    candidate, admin = make_user(), make_user("root@example.com", "Root", role="admin")
    session.exec(delete(TwoFactor).where(TwoFactor.user_id == admin.id))  # type: ignore[call-overload]
    session.commit()  # an admin without two-factor sign-in, whatever the fixture gave
    with TestClient(app) as client:
        refused(client.get("/api/v1/admin-only", headers=bearer(session, candidate)), 403, "forbidden")
        headers = bearer(session, admin)
        refused(client.get("/api/v1/admin-only", headers=headers), 403, "two_factor_enrolment_required")
        totp.enrol(session, admin)
        assert client.get("/api/v1/admin-only", headers=headers).json() == {"id": admin.id}
    session.expire_all()
    denied = session.exec(select(AuditEvent).where(AuditEvent.event == "admin.denied")).all()
    assert [(e.actor_user_id, e.detail["path"]) for e in denied] == [(candidate.id, "/api/v1/admin-only")]


def test_a_deactivated_user_is_refused_at_once(session, make_user, client):
    user = make_user()
    headers = bearer(session, user)
    user.is_active = False
    session.add(user)
    session.commit()
    refused(client.get("/api/v1/me", headers=headers), 401, "token_revoked")
    assert isinstance(session.get(User, user.id), User)
