"""The admin billing pages' handlers (subscribers, payments, the two-step refund, revenue) and the candidate's
invoices page, run as the server runs them. The provider is a recording stand-in registered under "stripe"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, Payment, Plan, Subscription, User
from interview_app.pages.admin.revenue import RevenueState
from interview_app.pages.admin.subscribers import SubscribersState
from interview_app.pages.billing.invoices import InvoicesState
from interview_app.services.billing import payments
from interview_app.services.billing.payments.base import RefundResult
from tests.support.handlers import new_state, redirect_path
from tests.support.handlers import session_token as _token

MakeUser = Callable[..., User]


class Refunds:
    """Accepts every refund and cancellation and remembers them."""

    calls: list[tuple[str, Any]] = []

    def __init__(self, settings: Any = None) -> None:
        del settings

    def refund(self, payment: Payment, amount: int | None = None) -> RefundResult:
        Refunds.calls.append(("refund", amount))
        return RefundResult("re_1", amount or 0, "succeeded")

    def cancel_now(self, subscription_id: str) -> None:
        Refunds.calls.append(("cancel_now", subscription_id))


@pytest.fixture
def plans_on(override_settings: Callable[..., object], monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Refunds]]:
    override_settings(plans_enabled="true")
    Refunds.calls = []
    monkeypatch.setitem(payments.PROVIDERS, "stripe", Refunds)  # pyright: ignore[reportArgumentType]
    yield Refunds


@pytest.fixture
def paying(session: Session, make_user: MakeUser) -> dict[str, Any]:
    ada = make_user("ada@example.com", "Ada")
    plan = Plan(slug="premium", name="Premium", prices={"USD": {"month": 1200}})
    session.add(plan)
    session.commit()
    sub = Subscription(
        user_id=ada.id or 0, plan_id=plan.id or 0, provider="stripe", provider_subscription_id="sub_1", status="active"
    )
    session.add(sub)
    session.commit()
    now = utcnow()
    payment = Payment(
        user_id=ada.id,
        subscription_id=sub.id,
        provider="stripe",
        provider_payment_id="in_1",
        amount=1200,
        paid_at=now,
        created_at=now,
        invoice_number="IC-2026-000001",
    )
    session.add(payment)
    session.commit()
    admin = make_user("root@example.com", "Root", role="admin")
    return {"ada": ada, "sub": sub, "payment": payment, "admin": admin}


def admin_state(cls: type, session: Session, admin: User) -> Any:
    state = new_state(cls)
    state.session_token = _token(session, admin)
    return state


def test_pages_are_not_there_with_plans_off(session: Session, paying: dict):
    subs = admin_state(SubscribersState, session, paying["admin"])
    assert redirect_path(subs.require_plans()) == "/404"
    revenue = admin_state(RevenueState, session, paying["admin"])
    assert redirect_path(revenue.require_plans()) == "/404"
    invoices = admin_state(InvoicesState, session, paying["ada"])
    assert redirect_path(invoices.require_plans()) == "/404"
    assert subs.load() is None and subs.rows == []


def test_subscribers_page_lists_and_filters(session: Session, paying: dict, plans_on):
    state = admin_state(SubscribersState, session, paying["admin"])
    assert state.require_plans() is None
    state.load()
    assert [r["person"] for r in state.rows] == ["ada@example.com"]
    assert state.rows[0]["status_label"] == "Active" and state.rows[0]["plan"] == "Premium"
    assert state.counts[0] == {"label": "Active", "value": "1"}
    assert state.payments[0]["amount"] == "$12.00" and state.payments[0]["refundable"] is True
    state.set_filter("status", "past_due")
    state.load()
    assert state.rows == [] and state.total == 0
    state.set_filter("status", "nonsense")  # an unknown status is ignored, the filter stays
    assert state.status == "past_due"


def test_refund_takes_two_steps_and_is_audited(session: Session, paying: dict, plans_on):
    state = admin_state(SubscribersState, session, paying["admin"])
    payment: Payment = paying["payment"]
    state.open_refund(payment.id)
    assert state.refund_open and state.refund_amount == "12.00" and "ada@example.com" in state.refund_summary

    state.set_refund_field("amount", "20")
    state.check_refund()
    assert state.refund_error == "Type an amount above zero and no more than $12.00."
    assert state.refund_step == "form" and plans_on.calls == []

    state.set_refund_field("amount", "4.5")
    state.check_refund()
    assert state.refund_error == "Say why you refund: it goes into the audit log."

    state.set_refund_field("reason", "Charged twice")
    state.set_refund_end(True)  # a partial refund never ends the subscription
    state.check_refund()
    assert state.refund_step == "confirm" and state.refund_end is False
    assert state.confirm_title == "Refund $4.50?" and "The subscription goes on." in state.confirm_text
    assert plans_on.calls == []  # nothing sent before the confirmation

    state.confirm_refund()
    assert plans_on.calls == [("refund", 450)] and not state.refund_open
    session.expire_all()
    assert session.get(Payment, payment.id).refunded_amount == 450  # type: ignore[union-attr]
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.refund")).one()
    assert event.actor_user_id == paying["admin"].id and event.detail["reason"] == "Charged twice"

    # The rest, in full, ending the subscription.
    state.open_refund(payment.id)
    assert state.refund_amount == "7.50"
    state.set_refund_field("reason", "Cancelled in the first week")
    state.set_refund_end(True)
    state.check_refund()
    assert "This refunds the whole payment." in state.confirm_text and "free plan" in state.confirm_text
    state.back_to_form()
    assert state.refund_step == "form"
    state.check_refund()
    state.confirm_refund()
    assert plans_on.calls[1:] == [("refund", 750), ("cancel_now", "sub_1")]
    session.expire_all()
    assert session.get(Subscription, paying["sub"].id).status == "refunded"  # type: ignore[union-attr]
    state.load()
    assert state.payments[0]["refundable"] is False and state.payments[0]["status_label"] == "Refunded"


def test_confirm_without_the_check_step_sends_nothing(session: Session, paying: dict, plans_on):
    state = admin_state(SubscribersState, session, paying["admin"])
    state.open_refund(paying["payment"].id)
    state.set_refund_field("reason", "x")
    state.confirm_refund()
    assert plans_on.calls == [] and state.refund_open


def test_revenue_page_shows_this_months_numbers(session: Session, paying: dict, plans_on):
    state = admin_state(RevenueState, session, paying["admin"])
    state.load()
    assert state.has_data
    labels = {k["label"]: k["value"] for k in state.kpis}
    assert labels["MRR"] == "$12.00" and labels["Paying subscribers"] == "1"
    assert state.rows[0]["month"] == utcnow().strftime("%Y-%m") and state.rows[0]["new"] == "1"
    assert len(state.rows) == 12
    state.set_months("24")
    assert state.months == "24"
    state.load()
    assert len(state.rows) == 24
    state.set_months("7")  # not offered
    assert state.months == "24"
    assert "per currency" in state.note


def test_revenue_page_with_no_data(session: Session, make_user: MakeUser, plans_on):
    state = admin_state(RevenueState, session, make_user("root@example.com", "Root", role="admin"))
    state.load()
    assert not state.has_data and all(r["mrr"] == "—" for r in state.rows)


def test_invoices_page_lists_and_downloads_only_the_owners(
    session: Session, paying: dict, make_user: MakeUser, plans_on
):
    state = new_state(InvoicesState)
    state.session_token = _token(session, paying["ada"])
    state.load()
    assert [r["number"] for r in state.rows] == ["IC-2026-000001"]
    assert state.rows[0]["amount"] == "$12.00" and state.rows[0]["pdf"] is True
    result = state.download(paying["payment"].id)
    assert "download" in repr(result) and "IC-2026-000001" in repr(result)

    bob = new_state(InvoicesState)
    bob.session_token = _token(session, make_user("bob@example.com", "Bob"))
    bob.load()
    assert bob.rows == []
    refused = bob.download(paying["payment"].id)
    assert "not one of yours" in repr(refused) and "IC-2026-000001" not in repr(refused)
    downloads = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.invoice_downloaded")).all()
    assert len(downloads) == 1 and downloads[0].actor_user_id == paying["ada"].id


def test_a_payment_long_ago_still_lists(session: Session, paying: dict, plans_on):
    payment: Payment = paying["payment"]
    payment.paid_at = payment.created_at = datetime(2025, 3, 9, tzinfo=UTC)
    session.add(payment)
    session.commit()
    state = new_state(InvoicesState)
    state.session_token = _token(session, paying["ada"])
    state.load()
    assert state.rows[0]["day"] == "9 Mar 2025"
