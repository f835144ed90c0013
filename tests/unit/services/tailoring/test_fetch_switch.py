"""Whether the server fetches job adverts by address: the admin switch under the operator's JOB_URL_FETCH."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from interview_app.models import AuditEvent, PlatformSetting, RateLimitHit
from interview_app.services.tailoring import fetch, fetch_switch, tailoring
from interview_app.services.tailoring.fetch import FetchError
from interview_app.settings import Settings


def _changes(session: Session) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == "platform_setting.changed")).all())


@pytest.mark.parametrize(
    ("word", "mode"),
    [("", "admin"), ("admin", "admin"), ("true", "on"), ("ON", "on"), ("1", "on"), ("false", "off"), ("no", "off")],
)
def test_job_url_fetch_takes_its_old_words(word: str, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOB_URL_FETCH", word)
    assert Settings().job_url_fetch == mode


def test_job_url_fetch_refuses_anything_else(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOB_URL_FETCH", "sometimes")
    with pytest.raises(ValidationError, match="job_url_fetch"):
        Settings()


def test_off_until_an_admin_switches_it_on(session: Session, make_user, override_settings) -> None:
    override_settings(job_url_fetch="admin")
    admin = make_user("root@example.com", "Root", role="admin")
    assert fetch_switch.current(session) == fetch_switch.FetchSwitch(False, False, False, None, "")
    assert not tailoring.url_fetch_enabled(session)

    switch = fetch_switch.set_enabled(session, True, admin_id=admin.id or 0, ip="203.0.113.9")
    session.commit()
    assert switch.enabled and not switch.locked and switch.updated_by == "root@example.com"
    assert switch.updated_at is not None
    # Another worker, with its own connection, sees it at once (nothing is cached per process).
    with Session(session.get_bind()) as other_worker:
        assert fetch_switch.enabled(other_worker)
    (event,) = _changes(session)
    assert (event.actor_user_id, event.ip) == (admin.id, "203.0.113.9")
    assert event.detail == {"setting": fetch_switch.SETTING, "old": False, "new": True}

    fetch_switch.set_enabled(session, True, admin_id=admin.id or 0)  # no change, nothing logged
    fetch_switch.set_enabled(session, False, admin_id=admin.id or 0)
    session.commit()
    assert not fetch_switch.enabled(session)
    assert [(e.detail["old"], e.detail["new"]) for e in _changes(session)] == [(False, True), (True, False)]
    row = session.get(PlatformSetting, fetch_switch.SETTING)
    assert row is not None and (row.value, row.updated_by) == (False, admin.id)


def test_on_until_an_admin_turns_it_off_with_job_url_fetch_on(session: Session, make_user, override_settings) -> None:
    override_settings(job_url_fetch="true")
    admin = make_user("root@example.com", "Root", role="admin")
    assert fetch_switch.current(session) == fetch_switch.FetchSwitch(True, False, True, None, "")
    fetch_switch.set_enabled(session, False, admin_id=admin.id or 0)
    session.commit()
    assert not fetch_switch.enabled(session)
    assert [(e.detail["old"], e.detail["new"]) for e in _changes(session)] == [(True, False)]


def test_job_url_fetch_off_is_a_ceiling(session: Session, make_user, override_settings, monkeypatch) -> None:
    override_settings(job_url_fetch="admin")
    admin = make_user("root@example.com", "Root", role="admin")
    fetch_switch.set_enabled(session, True, admin_id=admin.id or 0)
    session.commit()
    override_settings(job_url_fetch="off")
    switch = fetch_switch.current(session)
    assert (switch.enabled, switch.locked, switch.admin_choice) == (False, True, True)
    with pytest.raises(fetch_switch.SwitchLocked):
        fetch_switch.set_enabled(session, True, admin_id=admin.id or 0)
    assert len(_changes(session)) == 1  # only the change made before the operator turned it off
    # The fetcher itself refuses too, whatever the stored switch says.
    monkeypatch.setattr(fetch, "resolve", lambda host, port: pytest.fail("nothing may be resolved"))
    with pytest.raises(FetchError) as caught:
        fetch.fetch_job_text("https://jobs.example.com/1")
    assert caught.value.code == "url_disabled"
    # Turning it off stays possible (the switch then stays off once the operator allows it again).
    fetch_switch.set_enabled(session, False, admin_id=admin.id or 0)
    session.commit()
    override_settings(job_url_fetch="admin")
    assert not fetch_switch.enabled(session)


def test_the_service_refuses_while_off_and_fetches_once_on(
    session: Session, make_user, override_settings, monkeypatch
) -> None:
    override_settings(job_url_fetch="admin")
    admin = make_user("root@example.com", "Root", role="admin")
    ada = make_user()
    asked: list[str] = []
    monkeypatch.setattr(fetch, "fetch_job_text", lambda url: asked.append(url) or "Backend engineer wanted.")
    with pytest.raises(FetchError) as caught:
        tailoring.fetch_job_text(session, ada.id or 0, "https://jobs.example.com/1")
    assert caught.value.code == "url_disabled"
    assert asked == [] and session.exec(select(RateLimitHit)).first() is None  # not counted either

    fetch_switch.set_enabled(session, True, admin_id=admin.id or 0)
    session.commit()
    assert tailoring.fetch_job_text(session, ada.id or 0, "https://jobs.example.com/1") == "Backend engineer wanted."
    assert asked == ["https://jobs.example.com/1"]
