"""A candidate's invoices: their payments as a list, and each one as a PDF receipt.

The PDF (fpdf2, the DejaVu fonts of the session report) names the seller from settings (BILLING_SELLER_*),
the invoice number, the day paid, the plan and the period it pays for, the amount, the tax included in it
when BILLING_TAX_RATE_PERCENT is set, and what was refunded. Failed payments are listed but have no receipt.
A payment without an invoice number gets one on its first download (`IC-<year>-<id>`), kept from then on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fpdf import FPDF
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from interview_app.clock import aware
from interview_app.i18n import t
from interview_app.models import Payment, Plan, Subscription, User
from interview_app.services.accounts import profiles
from interview_app.services.billing import plans
from interview_app.services.interviews.report_pdf import FONT_DIR, GREY, LIGHT, TEAL
from interview_app.services.shared import audit
from interview_app.settings import get_settings

MAX_LISTED = 200
STATUS_KEYS = {
    "paid": "invoice.status.paid",
    "partly_refunded": "invoice.status.partly_refunded",
    "refunded": "invoice.status.refunded",
    "failed": "invoice.status.failed",
}
INTERVAL_KEYS = {"month": "invoice.interval.month", "year": "invoice.interval.year"}
PROVIDER_NAMES = {"stripe": "Stripe", "razorpay": "Razorpay", "manual": ""}


class InvoiceError(Exception):
    """No receipt for this payment: `not_found` (not the candidate's, or no such payment) or `failed`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Invoice:
    """One payment as the candidate sees it."""

    payment: Payment
    plan_name: str
    interval: str

    @property
    def status(self) -> str:
        """paid, partly_refunded, refunded or failed."""
        if self.payment.status == "paid" and self.payment.refunded_amount > 0:
            return "partly_refunded"
        return self.payment.status

    @property
    def has_pdf(self) -> bool:
        """Failed payments have no receipt."""
        return self.payment.status != "failed" and self.payment.paid_at is not None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period(paid_at: datetime, interval: str) -> tuple[date, date]:
    """The days a payment covers: from the day paid to the same day a month (or year) later."""
    start = aware(paid_at).date()
    return start, _add_months(start, 12 if interval == "year" else 1)


def money(amount: int, currency: str, lang: str = "en") -> str:
    """An amount in minor units for people: "$12.00", "₹999.00"."""
    return plans.price_text(amount, currency, lang)


def day_text(day: date | datetime, lang: str = "en") -> str:
    """A calendar day in words, as the invoice prints it ("7 Dec 2026")."""
    value = aware(day).date() if isinstance(day, datetime) else day
    return t("invoice.day", lang, day=str(value.day), month=t(MONTH_KEYS[value.month - 1], lang), year=str(value.year))


MONTH_KEYS = (
    "invoice.month.1",
    "invoice.month.2",
    "invoice.month.3",
    "invoice.month.4",
    "invoice.month.5",
    "invoice.month.6",
    "invoice.month.7",
    "invoice.month.8",
    "invoice.month.9",
    "invoice.month.10",
    "invoice.month.11",
    "invoice.month.12",
)


def list_for(session: Session, user_id: int) -> list[Invoice]:
    """The candidate's payments, newest first (at most MAX_LISTED)."""
    rows = session.exec(
        select(Payment, Subscription, Plan)
        .join(Subscription, col(Subscription.id) == Payment.subscription_id, isouter=True)
        .join(Plan, col(Plan.id) == Subscription.plan_id, isouter=True)
        .where(Payment.user_id == user_id)
        .order_by(col(Payment.created_at).desc(), col(Payment.id).desc())
        .limit(MAX_LISTED)
    ).all()
    return [Invoice(p, plan.name if plan else "", sub.interval if sub else "") for p, sub, plan in rows]


def invoice_of(session: Session, user_id: int, payment_id: int) -> Invoice:
    """One of the candidate's payments that has a receipt.

    Raises:
        InvoiceError: `not_found` (no such payment, or someone else's), `failed` (nothing was paid).

    """
    for invoice in _one(session, user_id, payment_id):
        if not invoice.has_pdf:
            raise InvoiceError("failed")
        return invoice
    raise InvoiceError("not_found")


def _one(session: Session, user_id: int, payment_id: int) -> list[Invoice]:
    row = session.exec(
        select(Payment, Subscription, Plan)
        .join(Subscription, col(Subscription.id) == Payment.subscription_id, isouter=True)
        .join(Plan, col(Plan.id) == Subscription.plan_id, isouter=True)
        .where(Payment.user_id == user_id, Payment.id == payment_id)
    ).first()
    if row is None:
        return []
    p, sub, plan = row
    return [Invoice(p, plan.name if plan else "", sub.interval if sub else "")]


def ensure_number(session: Session, payment: Payment) -> str:
    """The payment's invoice number, given one (`IC-<year>-<id, 6 digits>`) and committed when it has none."""
    if payment.invoice_number:
        return payment.invoice_number
    year = aware(payment.paid_at or payment.created_at).year
    payment.invoice_number = f"IC-{year}-{payment.id or 0:06d}"
    session.add(payment)
    try:
        session.commit()
    except IntegrityError:  # another worker numbered it at the same moment
        session.rollback()
        session.refresh(payment)
    return payment.invoice_number or ""


def filename(invoice: Invoice) -> str:
    """The PDF's file name: `interview-coach-invoice-IC-2026-000123.pdf`."""
    return f"interview-coach-invoice-{invoice.payment.invoice_number or invoice.payment.id}.pdf"


def tax_included(amount: int, rate_percent: float) -> int:
    """The tax inside a tax-inclusive amount (minor units, rounded half up)."""
    if rate_percent <= 0:
        return 0
    tax = Decimal(amount) * Decimal(str(rate_percent)) / (Decimal(100) + Decimal(str(rate_percent)))
    return int(tax.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


class _InvoicePDF(FPDF):
    def __init__(self, title: str, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("Nanum", "", str(FONT_DIR / "NanumGothic.ttf"))
        self.add_font("Nanum", "B", str(FONT_DIR / "NanumGothicBold.ttf"))
        # Hangul (a Korean reader's invoice, a Korean name) is not in DejaVu: Nanum draws it.
        self.set_fallback_fonts(["Nanum"], exact_match=False)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Interview Coach")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 6, self._footer_text, align="C")


def _line(pdf: FPDF, text: str, size: float = 10, style: str = "", color: tuple[int, int, int] = (20, 20, 20)) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _row(pdf: FPDF, label: str, value: str, *, bold: bool = False, fill: bool = False) -> None:
    """A line of the amounts table: the label on the left, the amount right-aligned."""
    pdf.set_font("DejaVu", "B" if bold else "", 10)
    pdf.set_text_color(20, 20, 20)
    pdf.set_fill_color(*LIGHT)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.cell(width - 45, 8, label, fill=fill)
    pdf.cell(45, 8, value, align="R", fill=fill, new_x="LMARGIN", new_y="NEXT")


def render(session: Session, invoice: Invoice, user: User, lang: str = "en") -> bytes:
    """The receipt of one payment as PDF bytes (numbers the payment first when it has no number)."""
    settings = get_settings()
    payment = invoice.payment
    number = ensure_number(session, payment)
    paid_at = payment.paid_at or payment.created_at
    refunded_in_full = payment.refunded_amount >= payment.amount > 0
    title = t("invoice.pdf.title", lang, number=number)
    pdf = _InvoicePDF(title, t("invoice.pdf.footer", lang, number=number))
    pdf.add_page()

    _line(pdf, t("invoice.pdf.heading", lang), 20, "B", TEAL)
    _line(pdf, number, 11, color=GREY)
    pdf.ln(4)
    top = pdf.get_y()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2

    seller = [settings.billing_seller_name]
    seller += [part.strip() for part in settings.billing_seller_address.replace("\n", "|").split("|") if part.strip()]
    if settings.billing_seller_email:
        seller.append(settings.billing_seller_email)
    if settings.billing_seller_tax_id:
        seller.append(
            t("invoice.pdf.tax_id", lang, label=settings.billing_tax_label, id=settings.billing_seller_tax_id)
        )
    _block(pdf, pdf.l_margin, top, half - 4, t("invoice.pdf.from", lang), seller)
    buyer = [user.name, user.email] if user.name else [user.email]
    _block(pdf, pdf.l_margin + half, top, half, t("invoice.pdf.to", lang), buyer)
    pdf.set_y(max(pdf.get_y(), top + 8 + 5 * max(len(seller), len(buyer))) + 4)

    facts = [
        (t("invoice.pdf.number", lang), number),
        (t("invoice.pdf.date", lang), day_text(paid_at, lang)),
        (t("invoice.pdf.status", lang), t(STATUS_KEYS[invoice.status], lang)),
    ]
    provider = PROVIDER_NAMES.get(payment.provider, payment.provider.capitalize())
    if provider:
        facts.append((t("invoice.pdf.paid_with", lang), provider))
    for label, value in facts:
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(*GREY)
        pdf.cell(40, 6, label)
        pdf.set_text_color(20, 20, 20)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    item = (
        t("invoice.pdf.item", lang, plan=invoice.plan_name) if invoice.plan_name else t("invoice.pdf.item_other", lang)
    )
    if invoice.interval in INTERVAL_KEYS:
        start, end = period(paid_at, invoice.interval)
        item += "\n" + t(
            "invoice.pdf.period",
            lang,
            interval=t(INTERVAL_KEYS[invoice.interval], lang),
            start=day_text(start, lang),
            end=day_text(end, lang),
        )
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_fill_color(*LIGHT)
    pdf.cell(width - 45, 8, t("invoice.pdf.description", lang), fill=True)
    pdf.cell(45, 8, t("invoice.pdf.amount", lang), align="R", fill=True, new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(20, 20, 20)
    pdf.set_xy(pdf.l_margin, y)
    pdf.multi_cell(width - 45, 6, item, new_x="LMARGIN", new_y="NEXT")
    after = pdf.get_y()
    pdf.set_xy(pdf.l_margin + width - 45, y)
    pdf.cell(45, 6, money(payment.amount, payment.currency, lang), align="R")
    pdf.set_y(after + 2)
    pdf.set_draw_color(*GREY)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(2)

    rate = settings.billing_tax_rate_percent
    if rate > 0:
        tax = tax_included(payment.amount, rate)
        _row(pdf, t("invoice.pdf.net", lang), money(payment.amount - tax, payment.currency, lang))
        rate_text = f"{Decimal(str(rate)).normalize():f}"
        _row(
            pdf,
            t("invoice.pdf.tax", lang, label=settings.billing_tax_label, rate=rate_text),
            money(tax, payment.currency, lang),
        )
    _row(pdf, t("invoice.pdf.total", lang), money(payment.amount, payment.currency, lang), bold=True, fill=True)
    if payment.refunded_amount > 0:
        when = day_text(payment.refunded_at, lang) if payment.refunded_at else ""
        _row(
            pdf, t("invoice.pdf.refunded", lang, day=when), "-" + money(payment.refunded_amount, payment.currency, lang)
        )
        _row(
            pdf,
            t("invoice.pdf.net_paid", lang),
            money(payment.amount - payment.refunded_amount, payment.currency, lang),
            bold=True,
        )
    pdf.ln(6)
    if refunded_in_full:
        _line(pdf, t("invoice.pdf.refund_note_full", lang), 10, color=GREY)
    elif payment.refunded_amount > 0:
        _line(pdf, t("invoice.pdf.refund_note_partial", lang), 10, color=GREY)
    _line(pdf, t("invoice.pdf.thanks", lang), 10, color=GREY)
    return bytes(pdf.output())


def _block(pdf: FPDF, x: float, y: float, width: float, title: str, lines: list[str]) -> None:
    pdf.set_xy(x, y)
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(width, 6, title.upper(), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(20, 20, 20)
    for text in lines:
        pdf.set_x(x)
        pdf.multi_cell(width, 5, text, new_x="LEFT", new_y="NEXT")


def download(session: Session, user: User, payment_id: int, ip: str = "") -> tuple[str, bytes]:
    """The candidate's receipt of one payment in their language: (file name, PDF bytes).

    Audited as `billing.invoice_downloaded`.

    Raises:
        InvoiceError: `not_found` or `failed` (see `invoice_of`).

    """
    invoice = invoice_of(session, user.id or 0, payment_id)
    lang = profiles.get_profile(session, user.id or 0).language
    data = render(session, invoice, user, lang)
    audit.record(
        session,
        "billing.invoice_downloaded",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        payment_id=payment_id,
        invoice=invoice.payment.invoice_number or "",
    )
    session.commit()
    return filename(invoice), data
