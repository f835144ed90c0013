"""Invoices (services/billing/invoices.py): the candidate's list, the numbering and the PDF receipt's content."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from interview_app.models import AuditEvent, Payment, Plan, Profile, Subscription, User
from interview_app.services.billing import invoices
from interview_app.services.billing.invoices import InvoiceError

PAID = datetime(2026, 1, 31, 10, tzinfo=UTC)


@pytest.fixture
def paid(session: Session, make_user: Callable[..., User]) -> dict:
    user = make_user("ada@example.com", "Ada Lovelace")
    other = make_user("bob@example.com", "Bob")
    plan = Plan(slug="premium", name="Premium", prices={"USD": {"month": 1200, "year": 12000}})
    session.add(plan)
    session.commit()
    sub = Subscription(user_id=user.id or 0, plan_id=plan.id or 0, provider="stripe", status="active", interval="month")
    session.add(sub)
    session.commit()
    rows = [
        Payment(
            user_id=user.id,
            subscription_id=sub.id,
            provider="stripe",
            provider_payment_id="in_1",
            amount=1200,
            paid_at=PAID,
            created_at=PAID,
        ),
        Payment(
            user_id=user.id,
            subscription_id=sub.id,
            provider="stripe",
            provider_payment_id="in_2",
            amount=1200,
            status="failed",
            created_at=datetime(2026, 2, 28, tzinfo=UTC),
        ),
        Payment(
            user_id=other.id,
            provider="stripe",
            provider_payment_id="in_3",
            amount=500,
            paid_at=PAID,
            invoice_number="IC-2026-999999",
            created_at=PAID,
        ),
    ]
    session.add_all(rows)
    session.commit()
    return {"user": user, "other": other, "payments": rows, "sub": sub}


def test_list_is_the_candidates_own_newest_first_with_statuses(session: Session, paid: dict):
    listed = invoices.list_for(session, paid["user"].id)
    assert [i.payment.provider_payment_id for i in listed] == ["in_2", "in_1"]
    assert [i.status for i in listed] == ["failed", "paid"] and [i.has_pdf for i in listed] == [False, True]
    assert listed[1].plan_name == "Premium" and listed[1].interval == "month"
    assert invoices.list_for(session, 999_999) == []


def test_someone_elses_or_a_failed_payment_has_no_receipt(session: Session, paid: dict):
    user, (mine, failed, theirs) = paid["user"], paid["payments"]
    with pytest.raises(InvoiceError) as caught:
        invoices.invoice_of(session, user.id, theirs.id)
    assert caught.value.code == "not_found"
    with pytest.raises(InvoiceError) as caught:
        invoices.invoice_of(session, user.id, failed.id)
    assert caught.value.code == "failed"
    assert invoices.invoice_of(session, user.id, mine.id).payment.id == mine.id


def test_period_runs_to_the_same_day_next_month_or_year_clamped():
    assert invoices.period(PAID, "month") == (date(2026, 1, 31), date(2026, 2, 28))
    assert invoices.period(datetime(2028, 2, 29, tzinfo=UTC), "year") == (date(2028, 2, 29), date(2029, 2, 28))


def test_tax_inside_an_inclusive_price():
    assert invoices.tax_included(1200, 20) == 200
    assert invoices.tax_included(99900, 18) == 15239  # 999 x 18/118 = 152.39
    assert invoices.tax_included(1200, 0) == 0


def test_download_numbers_the_payment_once_and_audits(session: Session, paid: dict):
    user, mine = paid["user"], paid["payments"][0]
    name, data = invoices.download(session, user, mine.id, ip="10.1.1.1")
    session.refresh(mine)
    assert mine.invoice_number == f"IC-2026-{mine.id:06d}"
    assert name == f"interview-coach-invoice-{mine.invoice_number}.pdf"
    assert data.startswith(b"%PDF-") and len(data) > 2000
    again, _ = invoices.download(session, user, mine.id)
    assert again == name
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.invoice_downloaded")).all()
    assert len(events) == 2 and events[0].detail["payment_id"] == mine.id and events[0].ip == "10.1.1.1"


def test_pdf_names_seller_buyer_plan_period_amount_tax_and_refund(
    session: Session, paid: dict, override_settings: Callable[..., object], monkeypatch: pytest.MonkeyPatch
):
    override_settings(
        billing_seller_name="Coach Ltd",
        billing_seller_address="1 Main Street|Springfield",
        billing_seller_tax_id="GB123",
        billing_tax_rate_percent="20",
    )
    drawn: list[str] = []
    real_cell, real_multi = invoices.FPDF.cell, invoices.FPDF.multi_cell

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        drawn.append(str(text))
        return real_cell(self, w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        drawn.append(str(text))
        return real_multi(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(invoices.FPDF, "cell", cell)
    monkeypatch.setattr(invoices.FPDF, "multi_cell", multi_cell)
    user, mine = paid["user"], paid["payments"][0]
    mine.refunded_amount, mine.refunded_at = 300, datetime(2026, 2, 3, tzinfo=UTC)
    session.add(mine)
    session.commit()
    invoice = invoices.invoice_of(session, user.id, mine.id)
    data = invoices.render(session, invoice, user)
    assert data.startswith(b"%PDF-")
    text = "\n".join(drawn)
    for expected in (
        "Coach Ltd",
        "1 Main Street",
        "Springfield",
        "VAT number: GB123",
        "Ada Lovelace",
        "ada@example.com",
        f"IC-2026-{mine.id:06d}",
        "31 Jan 2026",
        "Partly refunded",
        "Stripe",
        "Interview Coach Premium plan\nMonthly · 31 Jan 2026 to 28 Feb 2026",
        "$12.00",
        "Amount before tax",
        "$10.00",
        "VAT 20% (included)",
        "$2.00",
        "Refunded 3 Feb 2026",
        "-$3.00",
        "Total after refund",
        "$9.00",
    ):
        assert expected in text, expected
    assert "refunded in full" not in text

    drawn.clear()
    override_settings(billing_tax_rate_percent="0")
    mine.refunded_amount, mine.status = 1200, "refunded"
    session.add(mine)
    session.commit()
    invoices.render(session, invoices.invoice_of(session, user.id, mine.id), user)
    text = "\n".join(drawn)
    assert "This payment was refunded in full." in text and "(included)" not in text and "Refunded" in text


def test_a_korean_readers_invoice_prints_hangul(session: Session, paid: dict, monkeypatch: pytest.MonkeyPatch):
    user, mine = paid["user"], paid["payments"][0]
    user.name = "김하늘"
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language = "ko"
    session.add_all([user, profile])
    session.commit()
    drawn: list[str] = []
    real_cell = invoices.FPDF.cell

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        drawn.append(str(text))
        return real_cell(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(invoices.FPDF, "cell", cell)
    _, data = invoices.download(session, user, mine.id)
    assert data.startswith(b"%PDF-") and b"NanumGothic" in data
    assert any("\uac00" <= ch <= "\ud7a3" for text in drawn for ch in text)  # Hangul went to the page
