"""Pieces of the AI generation page: the request form, the "no LLM" help and a draft in the review queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from interview_app.components.admin_ui import note_box
from interview_app.components.buttons import link_button
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import labelled
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.bank.generation import MAX_PER_REQUEST


def llm_missing() -> rx.Component:
    """What the page says when no OpenAI-compatible endpoint is configured."""
    return note_box(
        "info",
        "blue",
        rx.vstack(
            rx.text(tr("admin.generate.off_title"), weight="bold"),
            rx.text(tr("admin.generate.off_text")),
            rx.el.pre(
                "OPENAI_BASE_URL=https://api.openai.com/v1\nOPENAI_API_KEY=sk-...\nOPENAI_MODEL=gpt-4o-mini",
                style={
                    "font_family": "var(--code-font-family)",
                    "font_size": "var(--font-size-2)",
                    "background": "var(--gray-a3)",
                    "padding": "0.75rem 1rem",
                    "border_radius": "var(--radius-3)",
                    "margin": "0",
                    "white_space": "pre-wrap",
                    "overflow_wrap": "anywhere",
                },
                id="generate-settings",
            ),
            rx.text(tr("admin.generate.off_local")),
            rx.text(tr("admin.generate.off_docs")),
            spacing="2",
            width="100%",
        ),
        id="generate-off",
    )


def _select(value: Any, options: Any, on_change: Any, field_id: str) -> rx.Component:
    return rx.el.select(*options, value=value, on_change=on_change, id=field_id, class_name="ic-native-select")


def _competency(slug: str, label: str | rx.Var, chosen: Any, on_toggle: Any) -> rx.Component:
    on = chosen.contains(slug)
    return rx.button(
        label,
        size="1",
        variant=rx.cond(on, "solid", "outline"),
        on_click=on_toggle(slug),
        aria_pressed=rx.cond(on, "true", "false"),
        type="button",
    )


def generation_form(state: dict[str, Any], types: Sequence[str], on_change: Any, on_toggle: Any, on_generate: Any):
    """Role, type, difficulty, competencies, how many and notes; the Generate button."""
    return rx.vstack(
        rx.grid(
            labelled(
                tr("admin.generate.role"),
                "generate-role",
                _select(
                    state["role"],
                    [
                        rx.el.option(tr("admin.generate.any_role"), value="any"),
                        rx.foreach(state["roles"], lambda r: rx.el.option(r["label"], value=r["value"])),
                    ],
                    lambda v: on_change("role", v),
                    "generate-role",
                ),
            ),
            labelled(
                tr("admin.generate.type"),
                "generate-type",
                _select(
                    state["qtype"],
                    [rx.el.option(tr(keys.QUESTION_TYPE[k]), value=k) for k in types],
                    lambda v: on_change("qtype", v),
                    "generate-type",
                ),
            ),
            labelled(
                tr("admin.generate.difficulty"),
                "generate-difficulty",
                _select(
                    state["difficulty"],
                    [rx.el.option(tr(keys.DIFFICULTY[d]), value=d) for d in ("easy", "medium", "hard")],
                    lambda v: on_change("difficulty", v),
                    "generate-difficulty",
                ),
            ),
            labelled(
                tr("admin.generate.count"),
                "generate-count",
                _select(
                    state["count"],
                    [rx.el.option(str(n), value=str(n)) for n in range(1, MAX_PER_REQUEST + 1)],
                    lambda v: on_change("count", v),
                    "generate-count",
                ),
            ),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
            width="100%",
        ),
        rx.text(tr("admin.generate.competencies"), size="2", weight="medium"),
        rx.flex(
            *[_competency(slug, tr(keys.COMPETENCY[slug]), state["competencies"], on_toggle) for slug in COMPETENCIES],
            spacing="1",
            wrap="wrap",
            id="generate-competencies",
        ),
        labelled(
            tr("admin.generate.notes"),
            "generate-notes",
            rx.input(
                value=state["notes"],
                on_change=lambda v: on_change("notes", v),
                debounce_timeout=300,
                id="generate-notes",
                width="100%",
                placeholder=tr("admin.generate.notes_hint"),
                max_length=300,
            ),
        ),
        rx.button(
            rx.icon("sparkles", size=16),
            rx.cond(state["generating"], tr("admin.generate.working"), tr("admin.generate.go")),
            on_click=on_generate,
            loading=state["generating"],
            id="generate-go",
        ),
        spacing="3",
        width="100%",
        margin_top="0.75rem",
    )


def _list(title: str | rx.Var, items: Any) -> rx.Component:
    return rx.vstack(
        rx.text(title, size="2", weight="bold"),
        rx.el.ul(
            rx.foreach(items, lambda p: rx.el.li(rx.text(p, size="2"))),
            style={"margin": "0 0 0 1.1rem", "list_style": "disc"},
        ),
        spacing="1",
        width="100%",
    )


def _duplicate(d: Any) -> rx.Component:
    return note_box(
        "git-compare",
        "orange",
        rx.text(
            tr("admin.generate.duplicate"),
            " ",
            d["similarity"],
            " ",
            tr("admin.generate.duplicate_of"),
            " ",
            rx.code(d["match_slug"], size="1"),
            ":",
            size="2",
            weight="medium",
        ),
        rx.text(d["match_prompt"], size="2", style={"font_style": "italic"}),
        class_name="draft-duplicate",
    )


def _actions(d: Any, on_approve: Any, on_reject: Any) -> rx.Component:
    blocked = d["problems"].to(list[str]).length() > 0
    return rx.flex(
        rx.cond(
            d["duplicate"].to(bool),
            confirm_dialog(
                rx.button(
                    rx.icon("check", size=16),
                    tr("admin.generate.approve_anyway"),
                    color_scheme="orange",
                    disabled=blocked,
                    class_name="draft-approve",
                ),
                tr("admin.generate.anyway_title"),
                tr("admin.generate.anyway_text"),
                tr("admin.generate.approve_anyway"),
                on_approve(d["id"], True),
            ),
            rx.button(
                rx.icon("check", size=16),
                tr("admin.generate.approve"),
                color_scheme="green",
                disabled=blocked,
                on_click=on_approve(d["id"], False),
                class_name="draft-approve",
            ),
        ),
        link_button(rx.icon("pencil", size=16), tr("admin.generate.edit"), href=d["edit"], variant="soft"),
        rx.button(
            rx.icon("x", size=16),
            tr("admin.generate.reject"),
            variant="soft",
            color_scheme="red",
            on_click=on_reject(d["id"]),
            class_name="draft-reject",
        ),
        spacing="2",
        wrap="wrap",
        align="center",
    )


def draft_card(d: Any, on_approve: Any, on_reject: Any, matching: Any) -> rx.Component:
    """A generated draft: the question, what a strong answer covers, problems, the closest match, actions."""
    return rx.box(
        rx.text(d["prompt"], size="3", weight="medium", class_name="draft-prompt"),
        rx.text(d["meta"], size="1", color_scheme="gray"),
        rx.cond(matching, rx.text(tr("admin.generate.matching"), size="1", color_scheme="gray")),
        rx.cond(
            d["duplicate"].to(bool),
            _duplicate(d),
            rx.cond(
                d["match_slug"] != "",
                rx.text(
                    tr("admin.generate.closest"),
                    " ",
                    d["similarity"],
                    " · ",
                    rx.code(d["match_slug"], size="1"),
                    size="1",
                    color_scheme="gray",
                ),
            ),
        ),
        rx.cond(
            d["problems"].to(list[str]).length() > 0,
            note_box(
                "triangle-alert",
                "amber",
                rx.text(tr("admin.generate.problems"), size="2", weight="medium"),
                rx.el.ul(
                    rx.foreach(d["problems"].to(list[str]), lambda p: rx.el.li(p)),
                    style={"margin": "0 0 0 1rem", "list_style": "disc", "font_size": "var(--font-size-2)"},
                ),
            ),
        ),
        _list(tr("admin.edit.key_points"), d["key_points"].to(list[str])),
        rx.el.details(
            rx.el.summary(
                rx.text(tr("admin.edit.model_answer"), size="2", weight="bold", as_="span"), cursor="pointer"
            ),
            rx.text(d["model_answer"], size="2", color_scheme="gray", white_space="pre-wrap"),
        ),
        _list(tr("admin.edit.follow_ups"), d["follow_ups"].to(list[str])),
        _actions(d, on_approve, on_reject),
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-4)",
        padding="1rem",
        width="100%",
        class_name="draft-card",
        display="flex",
        flex_direction="column",
        gap="0.6rem",
    )
