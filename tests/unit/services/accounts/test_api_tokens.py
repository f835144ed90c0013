"""The API's tokens: JWT access tokens checked claim by claim, refresh tokens rotated with reuse detection,
and every family revoked with the web sessions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from sqlmodel import Session, select

from interview_app import clock
from interview_app.clock import utcnow
from interview_app.models import ApiRefreshToken, ApiTokenFamily, AuditEvent, User
from interview_app.services.accounts import accounts, api_tokens, passwords
from interview_app.services.accounts.api_tokens import TokenError
from interview_app.settings import Settings
from tests.support.handlers import OTHER_PASSWORD, PASSWORD

KEY_A = "a" * 40
KEY_B = "b" * 40
CLIENT = accounts.Client(ip="203.0.113.9", user_agent="pytest-app/1.0")


def b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims(**changes: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "iss": api_tokens.issuer(),
        "aud": api_tokens.AUDIENCE,
        "sub": "1",
        "sid": "f" * 32,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": "j1",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(
    payload: dict[str, object], *, kid: str | None = None, typ: str = "at+jwt", secret: bytes | None = None
) -> str:
    keys = api_tokens.signing_keys()
    key = OctKey.import_key(secret) if secret is not None else keys.current
    header = {"alg": "HS256", "typ": typ, "kid": kid if kid is not None else keys.current_id}
    return jwt.encode(header, payload, key, algorithms=["HS256"])


@pytest.fixture
def keys(override_settings: Callable[..., Settings]) -> Settings:
    return override_settings(api_token_keys=f"new:{KEY_A},old:{KEY_B}")


# ---------------------------------------------------------------- access tokens


def test_an_access_token_round_trips_with_every_claim(keys):
    token = api_tokens.issue_access(7, "fam1")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "at+jwt", "kid": "new"}
    got = api_tokens.verify_access(token)
    assert (got.user_id, got.family_id, got.key_id) == (7, "fam1", "new")
    assert got.expires_at - got.issued_at == 15 * 60


def test_expiry_not_before_and_issued_at_are_enforced_with_a_small_leeway(keys):
    now = int(time.time())
    token = api_tokens.issue_access(7, "fam1")
    api_tokens.verify_access(token, now=now + 15 * 60 + api_tokens.LEEWAY_SECONDS - 1)  # within the leeway
    with pytest.raises(TokenError) as expired:
        api_tokens.verify_access(token, now=now + 15 * 60 + api_tokens.LEEWAY_SECONDS + 1)
    assert expired.value.code == "token_expired"
    for future in (claims(nbf=now + 300), claims(iat=now + 300, nbf=now)):
        with pytest.raises(TokenError) as early:
            api_tokens.verify_access(sign(future))
        assert early.value.code == "token_invalid"


@pytest.mark.parametrize("missing", ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"])
def test_every_registered_claim_is_required(keys, missing):
    with pytest.raises(TokenError) as refused:
        api_tokens.verify_access(sign(claims(**{missing: None})))
    assert refused.value.code == "token_invalid"


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-api"},
        {"aud": ["another-api"]},
        {"iss": "https://evil.example"},
        {"sub": "not-a-number"},
        {"sid": None},
        {"exp": "tomorrow"},
    ],
)
def test_wrong_audience_issuer_or_subject_is_refused(keys, changes):
    with pytest.raises(TokenError) as refused:
        api_tokens.verify_access(sign(claims(**changes)))
    assert refused.value.code == "token_invalid"


def test_the_token_type_must_be_an_access_token(keys):
    assert api_tokens.verify_access(sign(claims())).user_id == 1
    for typ in ("JWT", "refresh+jwt", ""):
        with pytest.raises(TokenError):
            api_tokens.verify_access(sign(claims(), typ=typ))


def test_alg_none_is_refused(keys):
    unsigned = f"{b64({'alg': 'none', 'typ': 'at+jwt', 'kid': 'new'})}.{b64(claims())}."
    with pytest.raises(TokenError) as refused:
        api_tokens.verify_access(unsigned)
    assert refused.value.code == "token_invalid"


def test_an_rs256_token_and_the_hs_rs_confusion_are_refused(keys):
    private = RSAKey.import_key(rsa.generate_private_key(public_exponent=65537, key_size=2048), {"kid": "new"})
    rs = jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": "new"}, claims(), private, algorithms=["RS256"])
    with pytest.raises(TokenError):
        api_tokens.verify_access(rs)
    # The classic confusion: HMAC-signed with the public key's PEM as the secret, header naming HS256.
    public_pem = private.as_pem(private=False)
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'at+jwt', 'kid': 'new'})}.{b64(claims())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(TokenError):
        api_tokens.verify_access(f"{signing_input}.{b64(mac)}")


def test_a_forged_signature_and_garbage_are_refused(keys):
    head, body, _ = api_tokens.issue_access(7, "fam1").split(".")
    other = sign(claims(sub="8"))
    tries = [
        f"{head}.{b64(claims(sub='8'))}.{other.split('.')[2]}",  # someone else's signature on new claims
        sign(claims(), secret=b"x" * 40),  # right kid, wrong secret
        "a.b.c",
        "not-a-token",
        f"{head}.{body}.",
        "....",
    ]
    for token in tries:
        with pytest.raises(TokenError):
            api_tokens.verify_access(token)


def test_rotation_newest_signs_older_verify_unknown_kid_refused(override_settings):
    override_settings(api_token_keys=f"old:{KEY_B}")
    signed_by_old = api_tokens.issue_access(7, "fam1")
    override_settings(api_token_keys=f"new:{KEY_A},old:{KEY_B}")
    assert api_tokens.verify_access(signed_by_old).key_id == "old"  # still verifies during the rotation
    assert api_tokens.verify_access(api_tokens.issue_access(7, "fam1")).key_id == "new"
    with pytest.raises(TokenError):
        api_tokens.verify_access(sign(claims(), kid="retired", secret=KEY_B.encode()))
    override_settings(api_token_keys=f"new:{KEY_A}")  # the old key retired: its tokens end
    with pytest.raises(TokenError):
        api_tokens.verify_access(signed_by_old)


def test_without_the_setting_a_key_is_derived_from_the_secret_key(override_settings):
    override_settings(api_token_keys="", secret_key="s" * 40)
    kid, secret = api_tokens.derived_key("s" * 40)
    assert api_tokens.signing_keys().current_id == kid and len(secret) == 32 and secret != b"s" * 32
    token = api_tokens.issue_access(3, "fam")
    override_settings(api_token_keys="", secret_key="t" * 40)
    with pytest.raises(TokenError):
        api_tokens.verify_access(token)  # a new SECRET_KEY ends the old tokens


@pytest.mark.parametrize(
    "value",
    ["short:abc", f":{KEY_A}", f"bad kid:{KEY_A}", f"k:{KEY_A},k:{KEY_B}", "nokey"],
)
def test_a_malformed_key_list_stops_the_app(override_settings, value):
    with pytest.raises(ValueError, match="API_TOKEN_KEYS"):
        override_settings(api_token_keys=value)


def test_production_refuses_a_placeholder_key(override_settings):
    with pytest.raises(ValueError, match="API_TOKEN_KEYS holds a placeholder"):
        override_settings(
            app_env="production",
            secret_key="z" * 40,
            public_url="https://coach.example.com",
            api_token_keys="k1:dev-only-insecure-secret-key-change-me",
        )


# ---------------------------------------------------------------- refresh tokens


def start(session: Session, user: User) -> api_tokens.TokenPair:
    pair = accounts.start_api_session(session, user, CLIENT, via="password")
    session.commit()
    return pair


def family(session: Session, family_id: str) -> ApiTokenFamily:
    session.expire_all()
    row = session.get(ApiTokenFamily, family_id)
    assert row is not None
    return row


def test_a_sign_in_starts_a_family_and_stores_only_a_hash(session, make_user, keys):
    user = make_user()
    pair = start(session, user)
    assert pair.refresh_token.startswith("icr_") and pair.expires_in == 900
    assert pair.refresh_expires_in == 30 * 24 * 3600
    claims_ = api_tokens.verify_access(pair.access_token)
    assert (claims_.user_id, claims_.family_id) == (user.id, pair.family_id)
    [row] = session.exec(select(ApiRefreshToken)).all()
    assert row.token_hash == api_tokens.hash_refresh(pair.refresh_token) and pair.refresh_token not in row.token_hash
    assert api_tokens.user_for_access(session, claims_) == user
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "signin.success")).all()
    assert [e.detail for e in events] == [{"via": "password", "channel": "api"}]


def test_refresh_rotates_and_a_used_token_never_works_again(session, make_user, keys):
    user = make_user()
    first = start(session, user)
    second = api_tokens.refresh(session, first.refresh_token, ip=CLIENT.ip)
    session.commit()
    assert second.family_id == first.family_id and second.refresh_token != first.refresh_token
    assert api_tokens.verify_access(second.access_token).family_id == first.family_id
    third = api_tokens.refresh(session, second.refresh_token)
    session.commit()
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


def test_a_refresh_hashes_no_password_and_notes_the_user_seen_once_a_minute(session, make_user, keys, monkeypatch):
    def no_hash(*_args: object) -> None:
        raise AssertionError("a refresh token is checked by its SHA-256, never with argon2 or a hash slot")

    user = make_user()
    first = start(session, user)
    monkeypatch.setattr(passwords, "get_hasher", no_hash)
    monkeypatch.setattr(passwords, "_hash_slots", no_hash)
    seen = user.last_seen_at
    assert seen is not None
    moment = clock.aware(seen) + timedelta(seconds=30)
    second = api_tokens.refresh(session, first.refresh_token, now=moment)
    session.commit()
    session.refresh(user)
    assert clock.aware(user.last_seen_at) == clock.aware(seen)  # within the minute: no write to the user's row
    assert family(session, first.family_id).last_used_at is not None
    later = moment + api_tokens.SEEN_EVERY
    api_tokens.refresh(session, second.refresh_token, now=later)
    session.commit()
    session.refresh(user)
    assert clock.aware(user.last_seen_at) == later


def test_reusing_a_rotated_token_revokes_the_whole_family_and_is_audited(session, make_user, keys):
    user = make_user()
    first = start(session, user)
    second = api_tokens.refresh(session, first.refresh_token)
    session.commit()
    with pytest.raises(TokenError) as reused:
        api_tokens.refresh(session, first.refresh_token, ip="198.51.100.7")  # the thief, or the owner's old copy
    session.rollback()  # as the API's request does; the revocation was committed before the error
    assert reused.value.code == "refresh_reused"
    assert family(session, first.family_id).revoked_reason == "reuse_detected"
    with pytest.raises(TokenError) as after:
        api_tokens.refresh(session, second.refresh_token)  # the latest token of the family is dead too
    assert after.value.code == "refresh_invalid"
    assert api_tokens.user_for_access(session, api_tokens.verify_access(second.access_token)) is None
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event == "api_token.reuse_detected")).all()
    assert (event.subject_user_id, event.ip, event.detail["family"]) == (user.id, "198.51.100.7", first.family_id)


def test_other_families_survive_a_reuse(session, make_user, keys):
    user = make_user()
    phone, laptop = start(session, user), start(session, user)
    api_tokens.refresh(session, phone.refresh_token)
    session.commit()
    with pytest.raises(TokenError):
        api_tokens.refresh(session, phone.refresh_token)
    session.rollback()
    assert api_tokens.refresh(session, laptop.refresh_token).family_id == laptop.family_id


def test_expired_unknown_and_inactive_refresh_tokens_are_refused(session, make_user, keys):
    user = make_user()
    pair = start(session, user)
    later = utcnow() + timedelta(days=31)
    for token, moment in (("icr_unknown", None), ("", None), (pair.refresh_token, later)):
        with pytest.raises(TokenError) as refused:
            api_tokens.refresh(session, token, now=moment)
        assert refused.value.code == "refresh_invalid"
    user.is_active = False
    session.add(user)
    session.commit()
    with pytest.raises(TokenError):
        api_tokens.refresh(session, pair.refresh_token)
    assert api_tokens.user_for_access(session, api_tokens.verify_access(pair.access_token)) is None


def test_a_family_ends_after_its_lifetime_even_when_used_daily(session, make_user, keys):
    user = make_user()
    pair = start(session, user)
    moment = utcnow()
    for _ in range(3):  # refreshed every 29 days: each token is fresh, the family is not
        moment += timedelta(days=29)
        pair = api_tokens.refresh(session, pair.refresh_token, now=moment)
        session.commit()
    assert pair.refresh_expires_in <= 3 * 24 * 3600  # capped at the family's 90 days
    with pytest.raises(TokenError):
        api_tokens.refresh(session, pair.refresh_token, now=moment + timedelta(days=4))


def test_a_password_change_reset_and_sign_out_everywhere_revoke_every_family(session, make_user, keys):
    user = make_user()
    pairs = [start(session, user) for _ in range(2)]
    accounts.change_password(session, user=user, current=PASSWORD, new_password=OTHER_PASSWORD, client=CLIENT)
    session.commit()
    for pair in pairs:
        assert family(session, pair.family_id).revoked_reason == "password_changed"
        with pytest.raises(TokenError):
            api_tokens.refresh(session, pair.refresh_token)
        assert api_tokens.user_for_access(session, api_tokens.verify_access(pair.access_token)) is None

    pair = start(session, user)
    accounts.sign_out_everywhere(session, user, CLIENT)
    session.commit()
    assert family(session, pair.family_id).revoked_reason == "signed_out_everywhere"

    pair = start(session, user)
    accounts.request_password_reset(session, email=user.email, client=CLIENT)
    session.commit()
    reset_token = reset_link_token(session)
    accounts.reset_password(session, token=reset_token, new_password="a brand new passphrase", client=CLIENT)
    session.commit()
    assert family(session, pair.family_id).revoked_at is not None


def reset_link_token(session: Session) -> str:
    from interview_app.models import OutboxMessage

    message = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "password_reset")).all()[-1]
    return message.body_text.split("token=")[1].split()[0].strip()


def test_revoking_one_family_leaves_the_others(session, make_user, keys):
    user = make_user()
    phone, laptop = start(session, user), start(session, user)
    assert api_tokens.revoke_family(session, phone.family_id, "signed_out")
    assert not api_tokens.revoke_family(session, phone.family_id, "signed_out")  # already revoked
    session.commit()
    assert [f.id for f in api_tokens.live_families(session, user.id or 0)] == [laptop.family_id]
    assert api_tokens.family_of(session, phone.refresh_token).id == phone.family_id  # type: ignore[union-attr]


def test_prune_deletes_ended_families_and_their_tokens(session, make_user, keys):
    user = make_user()
    ended, live = start(session, user), start(session, user)
    api_tokens.revoke_family(session, ended.family_id, "signed_out")
    session.commit()
    assert api_tokens.prune(session, now=utcnow() + timedelta(days=2)) == 2  # one family, its one token
    session.commit()
    session.expire_all()
    assert session.get(ApiTokenFamily, ended.family_id) is None
    assert session.get(ApiTokenFamily, live.family_id) is not None
