"""Admin -> Settings: the switch for fetching job adverts by address, and what the candidate's page does with it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.i18n import t
from interview_app.models import AuditEvent, PlatformSetting, User
from interview_app.pages.admin.platform_settings import PlatformSettingsState
from interview_app.pages.tailoring.tailor import TailorState
from interview_app.services.tailoring import fetch
from tests.support.handlers import new_state, redirect_path, run_handler, session_token


def _signed_in(cls: type, session: Session, user: User) -> Any:
    state = new_state(cls)
    state.session_token, state.signed_in = session_token(session, user), True
    return state


@pytest.fixture
def people(session: Session, make_user, override_settings) -> dict[str, User]:
    override_settings(job_url_fetch="admin")
    return {"admin": make_user("root@example.com", "Root", role="admin"), "ada": make_user()}


def _events(session: Session) -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == "platform_setting.changed")).all())


def test_admin_switches_fetching_on_and_off(session: Session, people: dict[str, User], monkeypatch) -> None:
    admin = _signed_in(PlatformSettingsState, session, people["admin"])
    run_handler(admin, PlatformSettingsState.load)
    assert not admin.url_fetch_on and not admin.url_fetch_locked
    assert admin.url_fetch_changed == t("admin.settings.url_fetch.never_off")
    assert admin.url_fetch_limits == t("admin.settings.url_fetch.rule_limits", kilobytes="1,000", seconds="8")
    assert admin.url_fetch_rate == t("admin.settings.url_fetch.rule_rate", count=20)
    candidate = _signed_in(TailorState, session, people["ada"])
    run_handler(candidate, TailorState.load)
    assert not candidate.url_enabled  # no address box

    run_handler(admin, PlatformSettingsState.set_url_fetch, True)
    assert admin.url_fetch_on and admin.url_fetch_changed.startswith("Last changed by root@example.com, ")
    run_handler(candidate, TailorState.load)
    assert candidate.url_enabled
    monkeypatch.setattr(fetch, "fetch_job_text", lambda url: "Backend engineer wanted, five years of Go.")
    candidate.job_url = "https://jobs.example.com/1"
    run_handler(candidate, TailorState.fetch_job_text)
    assert candidate.job_error == "" and candidate.job_text.startswith("Backend engineer wanted")

    # Turned off while the candidate's page still shows the box: the fetch is refused and the box goes.
    run_handler(admin, PlatformSettingsState.set_url_fetch, False)
    assert not admin.url_fetch_on
    candidate.job_url = "https://jobs.example.com/2"
    run_handler(candidate, TailorState.fetch_job_text)
    assert candidate.job_error == t("tailor.error.url_disabled") and not candidate.url_enabled
    assert candidate.job_text.startswith("Backend engineer wanted")  # what was in the box is kept
    events = _events(session)
    assert [(e.actor_user_id, e.detail["old"], e.detail["new"]) for e in events] == [
        (people["admin"].id, False, True),
        (people["admin"].id, True, False),
    ]


def test_the_operator_ceiling_shows_why(session: Session, people: dict[str, User], override_settings) -> None:
    override_settings(job_url_fetch="off")
    admin = _signed_in(PlatformSettingsState, session, people["admin"])
    run_handler(admin, PlatformSettingsState.load)
    assert admin.url_fetch_locked and not admin.url_fetch_on
    run_handler(admin, PlatformSettingsState.set_url_fetch, True)
    assert not admin.url_fetch_on and admin.url_fetch_locked
    assert _events(session) == [] and session.get(PlatformSetting, "tailoring.job_url_fetch") is None


def test_a_candidate_cannot_switch_it(session: Session, people: dict[str, User]) -> None:
    state = _signed_in(PlatformSettingsState, session, people["ada"])
    assert redirect_path(run_handler(state, PlatformSettingsState.set_url_fetch, True)) == "/dashboard"
    assert _events(session) == [] and session.get(PlatformSetting, "tailoring.job_url_fetch") is None
