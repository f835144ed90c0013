"""Pieces of the import page: one row of the dry-run report (a table row, or a card on phones) and the formats."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app.components.admin_ui import meta, row_card
from interview_app.components.i18n import tr
from interview_app.services.bank import importer as question_import

ACTION_COLORS: dict[str, Any] = {"create": "green", "update": "blue", "unchanged": "gray", "error": "red"}


def _action_badge(row: Any) -> Any:
    return rx.match(
        row["action"],
        *[(a, rx.badge(row["action_label"], color_scheme=c, variant="soft")) for a, c in ACTION_COLORS.items()],
        rx.badge(row["action_label"]),
    )


def _errors(row: Any) -> rx.Component:
    return rx.vstack(
        rx.foreach(row["errors"].to(list[str]), lambda e: rx.text(e, size="1", color="var(--red-11)")),
        spacing="0",
    )


def import_row(row: Any) -> rx.Component:
    """One row of the report in the table (wider screens)."""
    return rx.table.row(
        rx.table.cell(row["row"]),
        rx.table.cell(rx.code(row["id"], size="1", white_space="nowrap")),
        rx.table.cell(_action_badge(row)),
        rx.table.cell(_errors(row)),
        class_name=rx.cond(row["action"] == "error", "import-row import-row-error", "import-row"),
    )


def import_card(row: Any) -> rx.Component:
    """One row of the report as a card, for phones."""
    return row_card(
        meta(
            rx.text(tr("admin.import.col_row"), " ", row["row"]),
            _action_badge(row),
            rx.code(row["id"], size="1", overflow_wrap="anywhere"),
        ),
        rx.box(_errors(row), margin_top="0.3rem", overflow_wrap="anywhere"),
        class_name="import-card",
    )


def import_formats() -> rx.Component:
    """The two file formats and their columns, folded away until opened."""
    columns = {
        "interview": ", ".join(question_import.INTERVIEW_COLUMNS),
        "quiz": ", ".join(question_import.QUIZ_COLUMNS),
    }
    return rx.el.details(
        rx.el.summary(rx.text(tr("admin.import.formats"), size="2", weight="medium", as_="span"), cursor="pointer"),
        rx.vstack(
            rx.text(tr("admin.import.format_json"), size="2"),
            rx.text(tr("admin.import.format_csv"), size="2"),
            rx.text(tr("admin.import.columns_interview"), size="2", weight="medium"),
            rx.code(columns["interview"], size="1", white_space="normal"),
            rx.text(tr("admin.import.columns_quiz"), size="2", weight="medium"),
            rx.code(columns["quiz"], size="1", white_space="normal"),
            rx.text(tr("admin.import.format_tip"), size="2", color_scheme="gray"),
            spacing="2",
            padding_top="0.5rem",
        ),
        id="import-formats",
    )
