"""The API's messages in the caller's language: `Accept-Language` first, else the signed-in caller's profile,
else English. The machine-readable `code` and `details` are the same in every language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from interview_app.api.language import asks_for
from interview_app.i18n import t
from interview_app.models import InterviewSession, Plan, Profile, User
from interview_app.services.accounts import accounts
from interview_app.services.billing import plans
from interview_app.services.shared import limits
from interview_app.settings import Settings

HANGUL = "\uac00-\ud7a3"


@pytest.fixture
def client() -> Iterator[TestClient]:
    from interview_app.api import api

    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


def _signed_in(session: Session, user: User, language: str) -> dict[str, str]:
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language = language
    session.add(profile)
    token = accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="pytest"))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_accept_language_picks_the_messages_language(client: TestClient) -> None:
    english = client.get("/api/v1/no-such-thing").json()["error"]
    korean = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"}).json()
    assert english["code"] == korean["error"]["code"] == "not_found"
    assert english["message"] == t("api.error.not_found") == "There is nothing at this address."
    assert korean["error"]["message"] == t("api.error.not_found", "ko")
    unknown = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "fr-FR"}).json()["error"]
    assert unknown["message"] == english["message"]
    signed_out = client.get("/api/v1/me", headers={"Accept-Language": "ko"}).json()["error"]
    assert signed_out["code"] == "signed_out" and signed_out["message"] == t("api.error.signed_out", "ko")


def test_a_signed_in_callers_profile_language_is_used_unless_the_request_asks(
    client: TestClient, session: Session, make_user: Callable[..., User]
) -> None:
    headers = _signed_in(session, make_user(), "ko")
    missing = client.get("/api/v1/interviews/999999", headers=headers).json()["error"]
    assert missing["code"] == "not_found"
    assert missing["message"] == t("interview.error.not_found", "ko")
    asked = client.get("/api/v1/interviews/999999", headers={**headers, "Accept-Language": "en-GB"}).json()["error"]
    assert asked["message"] == t("interview.error.not_found", "en")


def test_a_plans_refusals_are_in_the_callers_language(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(plans_enabled=True, limits_store="database")
    plans.seed(session)
    free = session.exec(select(Plan).where(Plan.slug == "free")).one()
    free.interviews_per_day, free.interviews_per_month = None, 0
    session.add(free)
    session.commit()
    plans.install_quotas()
    try:
        ada = make_user()
        headers = _signed_in(session, ada, "ko")
        interview = InterviewSession(user_id=ada.id or 0, interview_type="behavioural", difficulty="medium")
        session.add(interview)
        session.commit()
        locked = client.get(f"/api/v1/interviews/{interview.id}/report.pdf", headers=headers).json()["error"]
        assert locked["code"] == "plan_feature"
        assert locked["message"] == t("billing.locked.pdf_reports", "ko", plan="Free")
        assert locked["message"].startswith("PDF 리포트는 Free 요금제에")
        body = {"interview_type": "behavioural", "difficulty": "medium", "question_count": 3, "answer_mode": "text"}
        quota = client.post("/api/v1/interviews", json=body, headers=headers).json()["error"]
        english = {**headers, "Accept-Language": "en"}
        quota_en = client.post("/api/v1/interviews", json=body, headers=english).json()["error"]
        assert quota["code"] == quota_en["code"] == "limit.interviews_per_month"
        assert quota["details"]["left"] == quota_en["details"]["left"] == 0
        assert quota_en["message"].startswith("Your Free plan includes 0 interviews a month")
        assert quota["message"] != quota_en["message"] and "Free" in quota["message"]
        reset = limits.next_month_start(datetime.now(UTC))
        assert f"{reset.year}년 {reset.month}월 1일" in quota["message"]
    finally:
        limits.set_plan_override(None)


def test_asks_for_reads_only_supported_languages() -> None:
    assert asks_for("ko-KR,ko;q=0.9") == "ko"
    assert asks_for("en-US,en;q=0.9,ko;q=0.8") == "en"
    assert asks_for("fr-FR,de;q=0.5") is None
    assert asks_for(None) is None and asks_for("") is None


def test_limit_and_plan_messages_take_a_language() -> None:
    exc = limits.LimitExceeded(limits.INTERVIEWS_PER_MONTH, 10, 10, 3 * 86400, "Free")
    assert "3일" in exc.message("ko") and "3 days" in exc.message()
    locked = plans.FeatureLocked("tailored_interviews", "Free")
    assert locked.message("ko") == t("billing.locked.tailored_interviews", "ko", plan="Free")
    assert limits.month_day_text(datetime(2027, 1, 1, tzinfo=UTC)) == "1 January 2027"
    assert limits.month_day_text(datetime(2027, 1, 1, tzinfo=UTC), "ko") == "2027년 1월 1일"
