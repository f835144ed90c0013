"""Web Push: the VAPID key pair, subscription checks, real encrypted delivery to a local push service, routes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from py_vapid import Vapid
from py_vapid.jwt import decode as decode_jwt
from sqlmodel import Session, func, select

from interview_app import db
from interview_app.api import api
from interview_app.models import PushSubscription, ServerKey, User
from interview_app.services.accounts import accounts
from interview_app.services.notifications import webpush
from interview_app.services.notifications.webpush import PushError, b64url_decode, b64url_encode
from interview_app.settings import Settings, get_settings
from tests.support.fake_push import Browser
from tests.support.live_server import free_port

MakeUser = Callable[..., User]
Override = Callable[..., Settings]


def uid(user: User) -> int:
    assert user.id is not None
    return user.id


def subscriptions(session: Session) -> list[PushSubscription]:
    session.expire_all()
    return list(session.exec(select(PushSubscription).order_by(PushSubscription.id)).all())  # type: ignore[arg-type]


# --- the VAPID key pair --------------------------------------------------------------------


def test_the_key_pair_is_made_once_and_reused(session):
    key = webpush.application_server_key(session)
    session.commit()
    assert webpush.application_server_key(session) == key
    raw = b64url_decode(key)
    assert len(raw) == 65 and raw[0] == 4 and "=" not in key
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)  # a real P-256 point
    assert session.exec(select(func.count()).select_from(ServerKey)).one() == 1
    signer_public = Vapid.from_raw(webpush.vapid_keys(session).private_key.encode()).public_key
    assert signer_public is not None
    assert signer_public.public_numbers() == (
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw).public_numbers()
    )


def test_processes_racing_for_the_first_key_agree_on_one(session):
    start = threading.Barrier(4)

    def first_use(_: int) -> str:
        with db.session_scope() as own:
            start.wait()
            return webpush.application_server_key(own)

    with ThreadPoolExecutor(4) as pool:
        keys = set(pool.map(first_use, range(4)))
    assert len(keys) == 1
    assert webpush.application_server_key(session) in keys
    assert session.exec(select(func.count()).select_from(ServerKey)).one() == 1


def test_keys_from_the_settings_win_when_both_are_set(session, override_settings: Override):
    pair = webpush.generate_keys()
    override_settings(vapid_public_key=pair.public_key, vapid_private_key=pair.private_key)
    assert webpush.application_server_key(session) == pair.public_key
    assert session.exec(select(func.count()).select_from(ServerKey)).one() == 0
    override_settings(vapid_public_key=webpush.generate_keys().public_key)
    assert webpush.application_server_key(session) == pair.public_key  # the half that matches the private key
    override_settings(vapid_public_key="", vapid_private_key=pair.private_key)
    assert webpush.application_server_key(session) != pair.public_key  # one half alone is ignored
    override_settings(vapid_public_key=pair.public_key, vapid_private_key="not-a-key")
    with pytest.raises(ValueError):
        webpush.application_server_key(session)


# --- subscriptions -------------------------------------------------------------------------


def test_subscribe_stores_normalised_keys(session, make_user: MakeUser):
    ada, browser = uid(make_user()), Browser.new()
    row = webpush.subscribe(
        session, ada, "https://fcm.googleapis.com/fcm/send/abc", browser.p256dh + "=", browser.auth + "==", "UA" * 200
    )
    session.commit()
    assert (row.user_id, row.p256dh, row.auth, len(row.user_agent)) == (ada, browser.p256dh, browser.auth, 300)
    assert webpush.subscription_count(session, ada) == 1


@pytest.mark.parametrize(
    ("endpoint", "code"),
    [
        ("", "endpoint_invalid"),
        ("not a url", "endpoint_invalid"),
        ("https://push.example.com/" + "x" * 2100, "endpoint_invalid"),
        ("https://user:pw@push.example.com/x", "endpoint_invalid"),
        ("https://push.example.com/x#frag", "endpoint_invalid"),
        ("https://push.example.com:99999/x", "endpoint_invalid"),
        ("https://10.0.0.5/x", "endpoint_invalid"),
        ("https://169.254.169.254/latest", "endpoint_invalid"),
        ("https://[fd00::1]/x", "endpoint_invalid"),
        ("http://push.example.com/x", "endpoint_insecure"),
        ("http://10.0.0.5/x", "endpoint_insecure"),
        ("ftp://push.example.com/x", "endpoint_insecure"),
    ],
)
def test_subscribe_refuses_endpoints_the_server_must_not_post_to(session, make_user: MakeUser, endpoint, code):
    browser = Browser.new()
    with pytest.raises(PushError) as caught:
        webpush.subscribe(session, uid(make_user()), endpoint, browser.p256dh, browser.auth)
    assert caught.value.code == code


def test_plain_http_is_only_for_loopback_outside_production(session, make_user: MakeUser, override_settings: Override):
    ada, browser = uid(make_user()), Browser.new()
    for endpoint in ("http://127.0.0.1:8080/push/a", "http://localhost/push/b", "http://[::1]:9/push/c"):
        webpush.subscribe(session, ada, endpoint, browser.p256dh, browser.auth)
    webpush.subscribe(session, ada, "https://93.184.215.14/push/d", browser.p256dh, browser.auth)  # a public IP
    override_settings(app_env="production", secret_key="s" * 40, public_url="https://coach.example.com")
    for endpoint in ("http://127.0.0.1:8080/push/e", "https://127.0.0.1/push/f", "https://push.example.com:8443/g"):
        with pytest.raises(PushError):
            webpush.subscribe(session, ada, endpoint, browser.p256dh, browser.auth)
    webpush.subscribe(session, ada, "https://push.example.com:443/ok", browser.p256dh, browser.auth)


@pytest.mark.parametrize(
    ("p256dh", "auth"),
    [
        ("", "AAAAAAAAAAAAAAAAAAAAAA"),
        ("not+base64/url", "AAAAAAAAAAAAAAAAAAAAAA"),
        (b64url_encode(b"\x04" + b"\x01" * 64), "AAAAAAAAAAAAAAAAAAAAAA"),  # not a point on the curve
        (b64url_encode(b"\x02" + b"\x01" * 32), "AAAAAAAAAAAAAAAAAAAAAA"),  # compressed: wrong size
        (None, b64url_encode(b"\x00" * 15)),  # a short auth secret
        (None, ""),
    ],
)
def test_subscribe_refuses_malformed_keys(session, make_user: MakeUser, p256dh, auth):
    with pytest.raises(PushError) as caught:
        key = Browser.new().p256dh if p256dh is None else p256dh
        webpush.subscribe(session, uid(make_user()), "https://push.example.com/x", key, auth)
    assert caught.value.code == "keys_invalid"


def test_an_endpoint_moves_to_whoever_subscribes_it_last(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    first, second = Browser.new(), Browser.new()
    endpoint = "https://push.example.com/shared-browser"
    webpush.subscribe(session, ada, endpoint, first.p256dh, first.auth)
    session.commit()
    webpush.subscribe(session, bob, endpoint, second.p256dh, second.auth)
    session.commit()
    [row] = subscriptions(session)
    assert (row.user_id, row.p256dh) == (bob, second.p256dh)
    assert webpush.subscription_count(session, ada) == 0


def test_unsubscribe_only_removes_the_users_own(session, make_user: MakeUser):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    browser = Browser.new()
    webpush.subscribe(session, ada, "https://push.example.com/ada", browser.p256dh, browser.auth)
    session.commit()
    assert webpush.unsubscribe(session, bob, "https://push.example.com/ada") is False
    assert webpush.subscription_count(session, ada) == 1
    assert webpush.unsubscribe(session, ada, "https://push.example.com/ada") is True
    assert webpush.subscription_count(session, ada) == 0


def test_a_user_keeps_at_most_the_newest_subscriptions(session, make_user: MakeUser):
    ada, browser = uid(make_user()), Browser.new()
    for i in range(webpush.MAX_SUBSCRIPTIONS + 3):
        webpush.subscribe(session, ada, f"https://push.example.com/{i}", browser.p256dh, browser.auth)
    session.commit()
    endpoints = [row.endpoint for row in subscriptions(session)]
    assert len(endpoints) == webpush.MAX_SUBSCRIPTIONS
    assert "https://push.example.com/0" not in endpoints
    assert f"https://push.example.com/{webpush.MAX_SUBSCRIPTIONS + 2}" in endpoints


# --- sending -------------------------------------------------------------------------------


def test_a_message_reaches_the_push_service_signed_and_encrypted(session, make_user: MakeUser, push_service):
    ada, browser = uid(make_user()), Browser.new()
    webpush.subscribe(session, ada, push_service.endpoint(), browser.p256dh, browser.auth)
    session.commit()
    payload = {"title": "Your daily quiz is ready", "body": "Tap to start – ünïcode", "url": "/trainer", "tag": "q"}

    assert webpush.send(session, ada, payload, ttl=3600, urgency="normal") == 1
    session.commit()

    [request] = push_service.received
    assert request.path == "/push/device-1"
    assert (request.headers["ttl"], request.headers["urgency"]) == ("3600", "normal")
    assert request.headers["content-encoding"] == "aes128gcm"
    # RFC 8292: "vapid t=<JWT>, k=<the server's public key>", signed by the key the browser subscribed with.
    scheme, _, params = request.headers["authorization"].partition(" ")
    parts = dict(item.strip().split("=", 1) for item in params.split(","))
    assert scheme == "vapid"
    assert parts["k"] == webpush.application_server_key(session)
    claims = decode_jwt(parts["t"], parts["k"])
    assert claims["aud"] == f"http://127.0.0.1:{push_service.port}"
    assert claims["sub"] == get_settings().vapid_subject
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    # Only the browser's private key and auth secret open the body.
    assert json.loads(browser.decrypt(request.body)) == payload
    with pytest.raises(http_ece.ECEException):
        Browser.new().decrypt(request.body)
    [row] = subscriptions(session)
    assert row.last_sent_at is not None and row.failures == 0


def test_every_subscription_of_the_user_gets_it_and_no_one_elses(session, make_user: MakeUser, push_service):
    ada, bob = uid(make_user()), uid(make_user("bob@example.com", "Bob"))
    phone, laptop, other = Browser.new(), Browser.new(), Browser.new()
    webpush.subscribe(session, ada, push_service.endpoint("phone"), phone.p256dh, phone.auth)
    webpush.subscribe(session, ada, push_service.endpoint("laptop"), laptop.p256dh, laptop.auth)
    webpush.subscribe(session, bob, push_service.endpoint("bob"), other.p256dh, other.auth)
    session.commit()
    assert webpush.send(session, ada, {"title": "hi"}) == 2
    assert sorted(r.path for r in push_service.received) == ["/push/laptop", "/push/phone"]
    assert webpush.send(session, uid(make_user("cy@example.com", "Cy")), {"title": "nobody"}) == 0


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted(session, make_user: MakeUser, push_service, status):
    ada, browser = uid(make_user()), Browser.new()
    webpush.subscribe(session, ada, push_service.endpoint(), browser.p256dh, browser.auth)
    session.commit()
    push_service.status = status
    assert webpush.send(session, ada, {"title": "hi"}) == 0
    session.commit()
    assert subscriptions(session) == []
    assert len(push_service.received) == 1


def test_other_failures_count_and_five_in_a_row_drop_the_subscription(session, make_user: MakeUser, push_service):
    ada, browser = uid(make_user()), Browser.new()
    webpush.subscribe(session, ada, push_service.endpoint(), browser.p256dh, browser.auth)
    session.commit()
    push_service.status = 500
    for _ in range(3):
        assert webpush.send(session, ada, {"title": "hi"}) == 0
    session.commit()
    assert subscriptions(session)[0].failures == 3
    push_service.status = 201  # a success resets the count: only failures in a row matter
    assert webpush.send(session, ada, {"title": "hi"}) == 1
    session.commit()
    assert subscriptions(session)[0].failures == 0
    push_service.status = 429
    for attempt in range(1, webpush.MAX_FAILURES + 1):
        webpush.send(session, ada, {"title": "hi"})
        session.commit()
        rows = subscriptions(session)
        assert len(rows) == (1 if attempt < webpush.MAX_FAILURES else 0)


def test_network_errors_never_raise(session, make_user: MakeUser):
    ada, browser = uid(make_user()), Browser.new()
    webpush.subscribe(session, ada, f"http://127.0.0.1:{free_port()}/push/nobody-listens", browser.p256dh, browser.auth)
    session.commit()
    assert webpush.send(session, ada, {"title": "hi"}) == 0
    session.commit()
    assert subscriptions(session)[0].failures == 1


def test_a_bad_vapid_subject_blames_no_subscription(session, make_user: MakeUser, push_service, override_settings):
    ada, browser = uid(make_user()), Browser.new()
    webpush.subscribe(session, ada, push_service.endpoint(), browser.p256dh, browser.auth)
    session.commit()
    override_settings(vapid_subject="not-a-contact")
    assert webpush.send(session, ada, {"title": "hi"}) == 0
    assert push_service.received == []
    assert subscriptions(session)[0].failures == 0


def test_send_refuses_programming_errors(session, make_user: MakeUser):
    ada = uid(make_user())
    with pytest.raises(ValueError):
        webpush.send(session, ada, {"body": "x" * 4000})
    with pytest.raises(ValueError):
        webpush.send(session, ada, {"title": "hi"}, urgency="urgent")


# --- routes --------------------------------------------------------------------------------


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api) as test_client:
        yield test_client


def signed_in(session: Session, user: User) -> dict[str, str]:
    token = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="pytest"))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_key_route_gives_the_public_key(session, client: TestClient):
    response = client.get("/api/v1/push/key")
    assert response.status_code == 200
    assert response.json() == {"publicKey": webpush.application_server_key(session)}


def test_subscription_routes_store_and_forget_the_browser(session, make_user: MakeUser, client: TestClient):
    ada = make_user()
    headers, browser = signed_in(session, ada), Browser.new()
    keys = {"p256dh": browser.p256dh, "auth": browser.auth}
    body = {"endpoint": "https://push.example.com/ada", "expirationTime": None, "keys": keys}

    response = client.post("/api/v1/push/subscriptions", json=body, headers={**headers, "User-Agent": "Phone/1"})
    assert response.status_code == 201
    [row] = subscriptions(session)
    assert (row.user_id, row.endpoint, row.user_agent) == (ada.id, body["endpoint"], "Phone/1")

    response = client.request(
        "DELETE", "/api/v1/push/subscriptions", json={"endpoint": body["endpoint"]}, headers=headers
    )
    assert response.status_code == 204
    assert subscriptions(session) == []


def test_subscription_routes_need_a_session_and_a_valid_body(session, make_user: MakeUser, client: TestClient):
    browser = Browser.new()
    body = {"endpoint": "https://push.example.com/x", "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}
    for headers in ({}, {"Authorization": "Bearer not-a-session"}):
        response = client.post("/api/v1/push/subscriptions", json=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "signed_out" and response.json()["error"]["message"]
    assert client.request("DELETE", "/api/v1/push/subscriptions", json={"endpoint": "x"}).status_code == 401

    headers = signed_in(session, make_user())
    bad_keys = {**body, "keys": {"p256dh": "AAAA", "auth": browser.auth}}
    cases = [(b"not json", "request_invalid"), (json.dumps({"endpoint": "x"}).encode(), "request_invalid")]
    cases += [(json.dumps(bad_keys).encode(), "keys_invalid"), (b"x" * 9000, "request_invalid")]
    cases += [(json.dumps({**body, "endpoint": "http://push.example.com/x"}).encode(), "endpoint_insecure")]
    for raw, code in cases:
        response = client.post("/api/v1/push/subscriptions", content=raw, headers=headers)
        assert (response.status_code, response.json()["error"]["code"]) == (422, code), raw[:40]
    assert subscriptions(session) == []


def test_subscribing_is_rate_limited(session, make_user: MakeUser, client: TestClient, monkeypatch):
    from interview_app.api import reminders as reminder_routes

    monkeypatch.setattr(reminder_routes, "SUBSCRIPTION_CHANGES_PER_HOUR", 2)
    headers, browser = signed_in(session, make_user()), Browser.new()
    body = {"endpoint": "https://push.example.com/x", "keys": {"p256dh": browser.p256dh, "auth": browser.auth}}
    statuses = [client.post("/api/v1/push/subscriptions", json=body, headers=headers).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
