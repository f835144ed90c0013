"""Pieces of the question bank list: one question's row and the toolbar above the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from interview_app import routes
from interview_app.components.admin_ui import meta, row_card, status_badge
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr


def question_row(row: Any, on_status: Any) -> rx.Component:
    """A question with its badges, stats line and the edit, retire or restore buttons."""
    retired = row["status"] == "retired"
    return row_card(
        rx.flex(
            rx.link(
                rx.text(row["prompt"], size="2", weight="medium", class_name="admin-question-prompt"),
                href=row["href"],
                color="inherit",
                underline="hover",
                flex="1",
                min_width="16rem",
            ),
            rx.hstack(
                link_button(
                    rx.icon("pencil", size=14), tr("admin.questions.edit"), href=row["href"], size="1", variant="soft"
                ),
                rx.cond(
                    (row["status"] == "active") | (row["status"] == "flagged"),
                    rx.button(
                        tr("admin.questions.retire"),
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=on_status(row["id"], True),
                    ),
                    rx.cond(
                        retired,
                        rx.button(
                            tr("admin.questions.restore"),
                            size="1",
                            variant="ghost",
                            on_click=on_status(row["id"], False),
                        ),
                    ),
                ),
                spacing="2",
                align="center",
            ),
            justify="between",
            gap="0.5rem",
            wrap="wrap",
            align="start",
        ),
        meta(
            status_badge(row["status"], row["status_label"]),
            rx.badge(row["type"], variant="outline"),
            rx.badge(row["difficulty"], variant="outline"),
            rx.text(row["source"]),
            rx.text(row["version"]),
            rx.code(row["slug"], size="1"),
            margin_top="0.4rem",
        ),
        rx.text(row["stats"], size="1", color_scheme="gray", margin_top="0.25rem"),
        class_name="admin-question-row",
    )


def bank_toolbar(kind: Any, kinds: Sequence[tuple[str, str | rx.Var]], on_kind: Any, on_export: Any) -> rx.Component:
    """Interview or quiz bank, and the new, import and export buttons."""
    return rx.flex(
        rx.segmented_control.root(
            *[rx.segmented_control.item(label, value=key) for key, label in kinds],
            value=kind,
            on_change=on_kind,
            id="questions-kind",
        ),
        rx.spacer(),
        link_button(
            rx.icon("plus", size=16),
            tr("admin.questions.new"),
            href=rx.cond(
                kind == "quiz",
                routes.admin_question("quiz", "new"),
                routes.admin_question("interview", "new"),
            ),
            id="questions-new",
        ),
        link_button(
            rx.icon("file-up", size=16), tr("admin.questions.import"), href=routes.ADMIN_IMPORT, variant="soft"
        ),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("download", size=16), tr("admin.questions.export"), variant="soft", id="questions-export"
                )
            ),
            rx.menu.content(
                rx.menu.item("CSV", on_click=on_export("csv")),
                rx.menu.item("JSON", on_click=on_export("json")),
            ),
        ),
        spacing="2",
        wrap="wrap",
        width="100%",
        align="center",
    )
