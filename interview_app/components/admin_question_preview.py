"""The live preview of a question being edited, and its version history."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app.components.i18n import tr


def _bullets(items: Any) -> rx.Component:
    return rx.el.ul(
        rx.foreach(items, lambda p: rx.el.li(rx.text(p, size="2"))),
        style={"margin": "0 0 0 1.1rem", "list_style": "disc"},
    )


def interview_preview(data: Any) -> rx.Component:
    """The question as the interview page shows it, with what the scorer looks for."""
    return rx.vstack(
        rx.text(data["prompt"].to(str), size="4", weight="medium", id="preview-prompt", white_space="pre-wrap"),
        rx.flex(
            rx.foreach(data["tags"].to(list[str]), lambda tag: rx.badge(tag, variant="outline")),
            spacing="1",
            wrap="wrap",
        ),
        rx.text(tr("admin.edit.key_points"), size="2", weight="bold"),
        _bullets(data["key_points"].to(list[str])),
        rx.text(tr("admin.edit.model_answer"), size="2", weight="bold"),
        rx.text(data["model_answer"].to(str), size="2", color_scheme="gray", white_space="pre-wrap"),
        rx.text(tr("admin.edit.follow_ups"), size="2", weight="bold"),
        _bullets(data["follow_ups"].to(list[str])),
        spacing="2",
        width="100%",
    )


def _option_text(option: Any, kind: Any) -> rx.Component:
    # A true/false question's options are stored as "True" and "False"; the reader sees them in their language.
    text = option["text"].to(str)
    return rx.cond(
        (kind.to(str) == "true_false") & ((text == "True") | (text == "False")),
        rx.text(rx.cond(text == "True", tr("trainer.option.true"), tr("trainer.option.false")), size="2"),
        rx.text(text, size="2"),
    )


def _preview_option(option: Any, kind: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.cond(
                option["correct"].to(bool),
                rx.icon("circle-check", size=16, color="var(--green-11)"),
                rx.icon("circle", size=16, color="var(--gray-9)"),
            ),
            _option_text(option, kind),
            align="center",
            spacing="2",
        ),
        rx.text(option["why"].to(str), size="1", color_scheme="gray", margin_left="1.5rem"),
        class_name="ic-option",
    )


def quiz_preview(data: Any) -> rx.Component:
    """The quiz question as a candidate sees it, with the right answers marked."""
    return rx.vstack(
        rx.text(data["prompt"].to(str), size="3", weight="medium", id="preview-prompt", white_space="pre-wrap"),
        rx.cond(
            data["kind"].to(str) == "short",
            rx.vstack(
                rx.text(data["answer"].to(str), size="2", color_scheme="gray"),
                _bullets(data["key_points"].to(list[str])),
                spacing="1",
            ),
            rx.vstack(
                rx.foreach(data["options"].to(list[dict[str, Any]]), lambda o: _preview_option(o, data["kind"])),
                spacing="2",
                width="100%",
            ),
        ),
        rx.text(data["explanation"].to(str), size="2"),
        rx.text(data["source"].to(str), size="1", color_scheme="gray"),
        spacing="2",
        width="100%",
    )


def history_list(revisions: Any, on_revert: Any, current: Any) -> rx.Component:
    """Every saved version, newest first, each with a button to restore it."""
    return rx.vstack(
        rx.foreach(
            revisions,
            lambda r: rx.flex(
                rx.badge(r["version"], variant="soft"),
                rx.text(r["action"], size="2", weight="medium"),
                rx.text(r["byline"], size="1", color_scheme="gray"),
                rx.spacer(),
                rx.cond(
                    r["version"].to(str) != "v" + current.to(str),
                    rx.button(
                        rx.icon("undo-2", size=14),
                        tr("admin.edit.restore_version"),
                        size="1",
                        variant="ghost",
                        on_click=on_revert(r["id"]),
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
                width="100%",
                class_name="history-row",
            ),
        ),
        spacing="2",
        width="100%",
        id="edit-history",
    )
