"""Settings -> Invoices: the candidate's payments, each with a PDF receipt to download.

The PDF is built on the server for the owner only (`services/billing/invoices.py`), as the report page's
PDF is. With plans switched off the page is not there (it sends the browser to the 404 page).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.components.payment_line import payment_line
from interview_app.i18n import t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.billing import invoices
from interview_app.services.billing.invoices import InvoiceError
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user

STATUS_COLORS = {"paid": "green", "partly_refunded": "orange", "refunded": "gray", "failed": "red"}
NOT_FOUND = "/404"
ERROR_KEYS = {"not_found": "invoice.error.not_found", "failed": "invoice.error.failed"}


class InvoicesState(AuthState):
    """The candidate's payments as display rows."""

    # id, day, number, plan, amount, refunded, status, status_label, color, pdf (bool), label (for the button)
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    def require_plans(self):
        """Page guard after `require_user`: with plans switched off the page is not there."""
        return None if get_settings().plans_enabled else rx.redirect(NOT_FOUND)

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the candidate's payments."""
        if not get_settings().plans_enabled:
            return None
        lang = self.lang
        rows = []
        for invoice in invoices.list_for(session, user.id or 0):
            p = invoice.payment
            number = p.invoice_number or ""
            rows.append(
                {
                    "id": p.id,
                    "day": invoices.day_text(p.paid_at or p.created_at, lang),
                    "number": number or t("invoice.pending_number", lang),
                    "plan": invoice.plan_name or t("invoice.plan_other", lang),
                    "amount": invoices.money(p.amount, p.currency, lang),
                    "refunded": t(
                        "invoice.refunded_amount", lang, amount=invoices.money(p.refunded_amount, p.currency, lang)
                    )
                    if p.refunded_amount
                    else "",
                    "status": invoice.status,
                    "status_label": t(invoices.STATUS_KEYS[invoice.status], lang),
                    "color": STATUS_COLORS.get(invoice.status, "gray"),
                    "pdf": invoice.has_pdf,
                    "label": t("invoice.download_label", lang, number=number or f"#{p.id}"),
                }
            )
        self.rows, self.loaded = rows, True
        return None

    @rx.event
    @with_user
    def download(self, session: Session, user: User, payment_id: int):
        """One receipt as a PDF (built on the server for its owner only; audited)."""
        try:
            name, data = invoices.download(session, user, int(payment_id), self._client().ip)
        except (InvoiceError, ValueError, TypeError) as exc:
            code = exc.code if isinstance(exc, InvoiceError) else "not_found"
            return rx.toast.error(self.t(ERROR_KEYS.get(code, "invoice.error.not_found")))
        return [rx.download(data=data, filename=name, mime_type="application/pdf"), InvoicesState.load]


def _row(row: Any) -> rx.Component:
    about = rx.vstack(
        rx.text(row["plan"], weight="bold", size="3"),
        rx.text(row["day"], " · ", row["number"], size="2", color_scheme="gray"),
        spacing="1",
        flex="1",
        min_width="12rem",
    )
    receipt = rx.cond(
        row["pdf"],
        rx.button(
            rx.icon("download", size=16),
            tr("invoice.download"),
            variant="soft",
            size="2",
            aria_label=row["label"],
            on_click=InvoicesState.download(row["id"]),
            class_name="invoice-download",
        ),
        rx.text(tr("invoice.no_receipt"), size="1", color_scheme="gray"),
    )
    return rx.box(
        payment_line(row, about=about, action=receipt, gap="0.75rem"),
        style=styles.card,
        padding="1rem",
        class_name="invoice-row",
    )


@rx.page(
    route=routes.SETTINGS_INVOICES,
    title=tr("invoice.page_title"),
    on_load=[InvoicesState.require_user, InvoicesState.require_plans, InvoicesState.load],
)
def invoices_page() -> rx.Component:
    return app_shell(
        tr("invoice.title"),
        routes.SETTINGS,
        rx.vstack(
            rx.text(tr("invoice.intro"), size="2", color_scheme="gray"),
            rx.cond(
                InvoicesState.rows.length() > 0,
                rx.vstack(rx.foreach(InvoicesState.rows, _row), spacing="3", width="100%", id="invoice-list"),
                rx.cond(
                    InvoicesState.loaded,
                    rx.box(
                        rx.text(tr("invoice.none"), size="2", color_scheme="gray"),
                        rx.link(tr("invoice.manage"), href=routes.PRICING, size="2"),
                        style=styles.card,
                        padding="1.25rem",
                        id="invoice-empty",
                    ),
                ),
            ),
            spacing="4",
            width="100%",
            max_width="48rem",
        ),
    )
