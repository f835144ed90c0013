"""One payment as a row, shared by the candidate's Invoices page and the admin's Subscribers page.

Left: what the payment was and when (each page says it its own way); right: the amount with any refund under
it, the status badge and one action (a receipt's download, or a refund). The row's dict carries `amount`,
`refunded` ("" when nothing was refunded), `status_label` and `color`.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def payment_line(row: Any, *, about: rx.Component, action: rx.Component, gap: str = "0.5rem") -> rx.Component:
    """The payment `row` between `about` (left) and `action` (right); wraps on narrow screens."""
    return rx.flex(
        about,
        rx.hstack(
            rx.vstack(
                rx.text(row["amount"], weight="bold", size="3"),
                rx.cond(row["refunded"] != "", rx.text(row["refunded"], size="1", color_scheme="gray")),
                spacing="0",
                align="end",
            ),
            rx.badge(row["status_label"], color_scheme=row["color"], variant="soft"),
            action,
            spacing="3",
            align="center",
        ),
        justify="between",
        align="center",
        wrap="wrap",
        gap=gap,
    )
