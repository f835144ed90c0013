"""The typed answer: the text area with its autosave note and character count, hand in or skip."""

import reflex as rx

from interview_app.components.i18n import tr
from interview_app.pages.interviews.run.parts import action_button, action_row, error_alert, note, skip_button
from interview_app.pages.interviews.run.state import MAX_CHARS, RunState


def _count() -> rx.Component:
    return rx.text(
        RunState.char_count,
        f" / {MAX_CHARS}",
        size="1",
        color_scheme=rx.cond(RunState.char_count > MAX_CHARS, "red", "gray"),
        id="run-count",
    )


def text_panel() -> rx.Component:
    """Type, autosave, hand in."""
    return rx.vstack(
        rx.text_area(
            value=RunState.draft,
            on_change=RunState.change_draft,
            debounce_timeout=600,
            placeholder=tr("interview.run.placeholder"),
            rows="9",
            min_height=["12rem", "16rem"],
            width="100%",
            size="3",
            id="run-answer",
            aria_label=tr("interview.run.answer_label"),
            max_length=MAX_CHARS + 500,
        ),
        rx.flex(note(RunState.saved_note, id="run-saved"), rx.spacer(), _count(), width="100%"),
        error_alert(),
        action_row(
            action_button(
                "send",
                tr("interview.run.submit"),
                RunState.submit,
                "run-submit",
                loading=RunState.submitting,
                disabled=RunState.char_count > MAX_CHARS,
            ),
            skip_button(),
        ),
        width="100%",
        spacing="2",
    )
