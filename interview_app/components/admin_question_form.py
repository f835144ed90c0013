"""The question edit form for both banks (its preview and history are in admin_question_preview.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from interview_app.components.forms import labelled
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.services.bank.checks import MAX_OPTIONS
from interview_app.services.bank.files import COMPETENCIES, QUESTION_TYPES
from interview_app.services.trainer.quiz_bank import QUIZ_KINDS

DIFFICULTIES = [(d, tr(keys.DIFFICULTY[d])) for d in ("easy", "medium", "hard")]
TYPES = [(k, tr(keys.QUESTION_TYPE[k])) for k in QUESTION_TYPES]
QUIZ_KIND_OPTIONS = [(k, tr(keys.ADMIN_QUIZ_KIND[k])) for k in QUIZ_KINDS]


def _error(errors: Any, name: str) -> rx.Var:
    return errors.get(name, "").to(str)


def text_input(
    form: Any, errors: Any, on_change: Any, name: str, label: str | rx.Var, hint: str | rx.Var = "", **props: Any
):
    """A labelled, debounced one-line input bound to form[name]."""
    field_id = f"edit-{name}"
    return labelled(
        label,
        field_id,
        rx.input(
            value=form[name].to(str),
            on_change=lambda v: on_change(name, v),
            debounce_timeout=300,
            id=field_id,
            width="100%",
            **props,
        ),
        _error(errors, name),
        hint,
    )


def text_area(
    form: Any, errors: Any, on_change: Any, name: str, label: str | rx.Var, hint: str | rx.Var = "", rows: str = "3"
):
    """A labelled, debounced text area bound to form[name]."""
    field_id = f"edit-{name}"
    return labelled(
        label,
        field_id,
        rx.text_area(
            value=form[name].to(str),
            on_change=lambda v: on_change(name, v),
            debounce_timeout=300,
            id=field_id,
            rows=rows,
            width="100%",
        ),
        _error(errors, name),
        hint,
    )


def choice(
    form: Any, on_change: Any, name: str, label: str | rx.Var, options: Sequence[tuple[str, str | rx.Var]]
) -> rx.Component:
    """A labelled native select bound to form[name]."""
    field_id = f"edit-{name}"
    return labelled(
        label,
        field_id,
        rx.el.select(
            *[rx.el.option(text, value=key) for key, text in options],
            value=form[name].to(str),
            on_change=lambda v: on_change(name, v),
            id=field_id,
            class_name="ic-native-select",
        ),
    )


def interview_fields(form: Any, errors: Any, on_change: Any, is_new: Any) -> rx.Component:
    """Every field of an interview question."""
    return rx.vstack(
        text_input(form, errors, on_change, "id", tr("admin.edit.id"), tr("admin.edit.id_hint"), disabled=~is_new),
        rx.grid(
            choice(form, on_change, "type", tr("admin.edit.type"), TYPES),
            choice(form, on_change, "difficulty", tr("admin.edit.difficulty"), DIFFICULTIES),
            text_input(form, errors, on_change, "time_limit_seconds", tr("admin.edit.time_limit"), type="number"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        text_area(form, errors, on_change, "prompt", tr("admin.edit.prompt"), tr("admin.edit.prompt_hint"), rows="5"),
        text_input(form, errors, on_change, "roles", tr("admin.edit.roles"), tr("admin.edit.roles_hint")),
        text_input(
            form,
            errors,
            on_change,
            "competencies",
            tr("admin.edit.competencies"),
            tr("admin.edit.competencies_hint", names=", ".join(COMPETENCIES)),
        ),
        text_input(form, errors, on_change, "tags", tr("admin.edit.tags"), tr("admin.edit.tags_hint")),
        text_area(
            form,
            errors,
            on_change,
            "key_points",
            tr("admin.edit.key_points"),
            tr("admin.edit.key_points_hint"),
            rows="7",
        ),
        text_area(
            form,
            errors,
            on_change,
            "model_answer",
            tr("admin.edit.model_answer"),
            tr("admin.edit.model_answer_hint"),
            rows="8",
        ),
        text_area(
            form,
            errors,
            on_change,
            "follow_ups",
            tr("admin.edit.follow_ups"),
            tr("admin.edit.follow_ups_hint"),
            rows="4",
        ),
        spacing="3",
        width="100%",
    )


def _option_row(form: Any, on_change: Any, i: int) -> rx.Component:
    fixed = form["kind"].to(str) == "true_false"
    return rx.box(
        rx.flex(
            rx.cond(
                fixed,
                rx.text(
                    tr(keys.TRAINER_TRUE_FALSE["True" if i == 1 else "False"]),
                    weight="medium",
                    size="2",
                    min_width="12rem",
                    flex="1",
                ),
                rx.input(
                    value=form[f"opt{i}_text"].to(str),
                    on_change=lambda v: on_change(f"opt{i}_text", v),
                    debounce_timeout=300,
                    placeholder=tr("admin.edit.option", n=i),
                    id=f"edit-opt{i}_text",
                    flex="1",
                    min_width="12rem",
                ),
            ),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        checked=form[f"opt{i}_correct"].to(str) == "true",
                        on_change=lambda v: on_change(f"opt{i}_correct", v),
                        id=f"edit-opt{i}_correct",
                    ),
                    rx.text(tr("admin.edit.correct"), size="2"),
                    spacing="1",
                    align="center",
                ),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.input(
            value=form[f"opt{i}_why"].to(str),
            on_change=lambda v: on_change(f"opt{i}_why", v),
            debounce_timeout=300,
            placeholder=tr("admin.edit.why"),
            id=f"edit-opt{i}_why",
            width="100%",
            margin_top="0.35rem",
            size="1",
        ),
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        padding="0.6rem",
        width="100%",
    )


def quiz_fields(form: Any, errors: Any, on_change: Any, is_new: Any, topics: Any) -> rx.Component:
    """Every field of a quiz question; options for choice kinds, a model answer and key points for short ones."""
    kind = form["kind"].to(str)
    return rx.vstack(
        text_input(form, errors, on_change, "id", tr("admin.edit.id"), tr("admin.edit.quiz_id_hint"), disabled=~is_new),
        rx.grid(
            rx.vstack(
                rx.el.label(rx.text(tr("admin.edit.topic"), size="2", weight="medium"), html_for="edit-topic"),
                rx.el.select(
                    rx.el.option(tr("admin.edit.choose_topic"), value=""),
                    rx.foreach(topics, lambda o: rx.el.option(o["label"], value=o["value"])),
                    value=form["topic"].to(str),
                    on_change=lambda v: on_change("topic", v),
                    id="edit-topic",
                    class_name="ic-native-select",
                ),
                rx.cond(
                    _error(errors, "topic") != "", rx.text(_error(errors, "topic"), color="var(--red-11)", size="2")
                ),
                spacing="1",
                width="100%",
            ),
            choice(form, on_change, "kind", tr("admin.edit.kind"), QUIZ_KIND_OPTIONS),
            choice(form, on_change, "difficulty", tr("admin.edit.difficulty"), DIFFICULTIES),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        text_area(form, errors, on_change, "prompt", tr("admin.edit.prompt"), rows="4"),
        rx.cond(
            kind == "short",
            rx.vstack(
                text_area(form, errors, on_change, "answer", tr("admin.edit.answer"), rows="4"),
                text_area(
                    form,
                    errors,
                    on_change,
                    "key_points",
                    tr("admin.edit.key_points"),
                    tr("admin.edit.quiz_key_points_hint"),
                ),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                rx.text(tr("admin.edit.options"), size="2", weight="medium"),
                *[
                    rx.cond((kind != "true_false") | (i <= 2), _option_row(form, on_change, i))
                    for i in range(1, MAX_OPTIONS + 1)
                ],
                rx.cond(
                    _error(errors, "options") != "",
                    rx.text(_error(errors, "options"), color="var(--red-11)", size="2", id="edit-options-error"),
                ),
                rx.text(tr("admin.edit.options_hint"), size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
            ),
        ),
        text_area(form, errors, on_change, "explanation", tr("admin.edit.explanation"), rows="4"),
        text_input(form, errors, on_change, "source", tr("admin.edit.source"), tr("admin.edit.source_hint")),
        text_input(form, errors, on_change, "tags", tr("admin.edit.tags"), tr("admin.edit.tags_hint")),
        spacing="3",
        width="100%",
    )
