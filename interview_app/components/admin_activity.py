"""Pieces of the sessions page: an interview or quiz row, a failed answer with its retry button, failures."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app.components.admin_ui import empty, meta, row_card, status_badge
from interview_app.components.i18n import tr


def session_row(row: Any) -> rx.Component:
    """An interview or quiz: title, user, status, score and how it was scored."""
    return row_card(
        rx.flex(
            rx.vstack(
                rx.text(row["title"], weight="medium", size="2"),
                rx.link(row["user"], href=row["href"], size="1", color_scheme="gray"),
                spacing="0",
                flex="1",
                min_width="14rem",
            ),
            rx.hstack(
                rx.cond(
                    row["failed"].to(int) > 0,
                    rx.badge(tr("admin.sessions.failed_n", n=row["failed"].to(int)), color_scheme="red"),
                ),
                status_badge(row["status"], row["status_label"]),
                rx.cond(row["score"] != "", rx.badge(row["score"], variant="outline", size="2")),
                spacing="2",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.5rem",
        ),
        meta(
            rx.text(row["when"]),
            rx.text(row["meta"]),
            rx.cond(row["engines"] != "", rx.text(row["engines"])),
            margin_top="0.35rem",
        ),
        class_name="session-row",
    )


def failure_row(row: Any, on_retry: Any) -> rx.Component:
    """A failed answer with its stage, error and a retry button."""
    return row_card(
        rx.flex(
            rx.vstack(
                rx.text(row["prompt"], size="2", weight="medium"),
                rx.text(row["user"], size="1", color_scheme="gray"),
                spacing="0",
                flex="1",
                min_width="14rem",
            ),
            rx.button(
                rx.icon("refresh-cw", size=14),
                tr("admin.sessions.retry"),
                size="1",
                on_click=on_retry(row["id"]),
                class_name="failure-retry",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.5rem",
        ),
        meta(
            rx.badge(row["stage"], color_scheme="red", variant="soft"),
            rx.text(row["mode"]),
            rx.text(row["session"]),
            rx.text(tr("admin.sessions.attempts"), " ", row["attempts"]),
            rx.text(row["when"]),
            margin_top="0.35rem",
        ),
        rx.code(row["error"], size="1", color_scheme="red", margin_top="0.35rem", white_space="pre-wrap"),
        class_name="failure-row",
    )


def failures(failed: Any, jobs: Any, on_retry: Any) -> rx.Component:
    """Failed answers, then failed background jobs."""
    return rx.vstack(
        rx.heading(tr("admin.sessions.failed_answers"), size="3", as_="h2"),
        rx.cond(
            failed.length() > 0,
            rx.vstack(
                rx.foreach(failed, lambda row: failure_row(row, on_retry)),
                spacing="2",
                width="100%",
                id="failures-list",
            ),
            empty(tr("admin.sessions.no_failures")),
        ),
        rx.heading(tr("admin.sessions.failed_jobs"), size="3", as_="h2", margin_top="1rem"),
        rx.cond(
            jobs.length() > 0,
            rx.vstack(
                rx.foreach(
                    jobs,
                    lambda j: row_card(
                        meta(rx.code(j["name"], size="1"), rx.text(j["when"]), rx.text(j["seconds"])),
                        rx.text(j["error"], size="1", color="var(--red-11)", margin_top="0.25rem"),
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            empty(tr("admin.sessions.no_failed_jobs")),
        ),
        spacing="2",
        width="100%",
    )
