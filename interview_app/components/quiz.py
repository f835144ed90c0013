"""Parts of the quiz page: the question with its answer controls, the feedback, the report form, the summary.

Each takes the page's state class `S` (QuizState) and reads its vars.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.services.trainer.quiz import REPORT_REASONS


def inline_code(text: Any) -> rx.Component:
    """Text whose `backticked` parts show as code (quiz questions name functions and types that way).

    The split happens in the browser: every odd part between backticks is code, the rest plain text.
    """
    return rx.foreach(
        rx.Var.create(text).to(str).split("`"),
        lambda part, i: rx.cond(i % 2 == 1, rx.code(part, variant="ghost", class_name="ic-inline-code"), part),
    )


def _choices(S: Any) -> rx.Component:
    """Radio buttons (one answer) or checkboxes (several), disabled once answered."""
    return rx.cond(
        S.kind == "multi",
        rx.vstack(
            rx.text(tr("trainer.run.pick_all"), size="2", color_scheme="gray"),
            rx.foreach(
                S.options,
                lambda option, i: rx.el.label(
                    rx.hstack(
                        rx.checkbox(
                            checked=S.choices.contains(i.to_string()),
                            on_change=lambda on: S.toggle(i.to_string(), on),
                            disabled=S.answered,
                            id=f"quiz-option-{i}",
                        ),
                        rx.text(inline_code(option), size="3"),
                        align="start",
                        spacing="3",
                    ),
                    class_name="ic-option",
                    html_for=f"quiz-option-{i}",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        rx.radio_group.root(
            rx.vstack(
                rx.foreach(
                    S.options,
                    lambda option, i: rx.el.label(
                        rx.hstack(
                            rx.radio_group.item(value=i.to_string(), id=f"quiz-option-{i}"),
                            rx.text(inline_code(option), size="3"),
                            align="start",
                            spacing="3",
                        ),
                        class_name="ic-option",
                        html_for=f"quiz-option-{i}",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            value=S.choice,
            on_change=S.choose,
            disabled=S.answered,
            aria_label=tr("trainer.run.options"),
            width="100%",
        ),
    )


def _written(S: Any) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(tr("trainer.run.your_answer"), size="2", weight="medium"), html_for="quiz-text"),
        rx.text_area(
            value=S.text,
            on_change=S.set_text.debounce(250),
            disabled=S.answered,
            rows="5",
            width="100%",
            id="quiz-text",
            placeholder=tr("trainer.run.text_placeholder"),
        ),
        rx.text(S.text.length(), " / 2000", size="1", color_scheme="gray", align="right", width="100%"),
        spacing="1",
        width="100%",
    )


def question_panel(S: Any) -> rx.Component:
    """The question, where it comes from, and the controls to answer it."""
    return rx.box(
        rx.hstack(
            rx.badge(S.topic, variant="soft"),
            rx.cond(S.difficulty != "", rx.badge(S.difficulty, variant="outline", color_scheme="gray")),
            rx.cond(S.source != "", rx.badge(S.source, variant="soft", color_scheme="amber", id="quiz-source")),
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(
            S.kind == "missed_point",
            rx.box(
                rx.text(tr("trainer.run.from_interview"), size="2", color_scheme="gray"),
                rx.text(S.interview_prompt, size="3", style={"font_style": "italic"}),
                rx.cond(
                    S.interview_href != "", rx.link(tr("trainer.run.open_report"), href=S.interview_href, size="2")
                ),
                rx.text(tr("trainer.run.missed_point"), size="2", color_scheme="gray", margin_top="0.5rem"),
                margin_top="0.75rem",
            ),
        ),
        rx.heading(inline_code(S.prompt), size="5", as_="h2", margin_y="0.75rem", id="quiz-prompt", line_height="1.4"),
        rx.cond(
            S.kind == "missed_point", rx.text(tr("trainer.run.missed_point_task"), size="2", margin_bottom="0.5rem")
        ),
        rx.cond((S.kind == "short") | (S.kind == "missed_point"), _written(S), _choices(S)),
        rx.cond(
            S.error != "",
            rx.callout(
                S.error, icon="triangle_alert", color_scheme="red", margin_top="0.75rem", id="quiz-error", role="alert"
            ),
        ),
        rx.cond(
            ~S.answered,
            rx.flex(
                rx.button(
                    tr("trainer.run.check"),
                    on_click=S.submit,
                    disabled=~S.can_submit,
                    loading=S.submitting,
                    size="3",
                    id="quiz-submit",
                ),
                rx.button(
                    tr("trainer.run.dont_know"),
                    on_click=S.dont_know,
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    id="quiz-dont-know",
                ),
                spacing="3",
                wrap="wrap",
                margin_top="1rem",
            ),
        ),
        style=styles.card,
    )


def _option_row(o: Any) -> rx.Component:
    return rx.hstack(
        rx.cond(
            o["correct"],
            rx.icon("circle-check", color=rx.color("grass", 10), size=18, flex_shrink="0"),
            rx.cond(
                o["chosen"],
                rx.icon("circle-x", color=rx.color("red", 10), size=18, flex_shrink="0"),
                rx.icon("circle", color=rx.color("gray", 8), size=18, flex_shrink="0"),
            ),
        ),
        rx.vstack(
            rx.text(inline_code(o["label"]), size="2", weight=rx.cond(o["correct"] | o["chosen"], "medium", "regular")),
            rx.text(inline_code(o["why"]), size="2", color_scheme="gray"),
            spacing="0",
        ),
        align="start",
        spacing="2",
        width="100%",
    )


def feedback_panel(S: Any) -> rx.Component:
    """Right or wrong, why, the explanation and when the question comes back."""
    return rx.box(
        rx.callout(
            S.verdict,
            icon=rx.cond(S.correct, "circle-check", "circle-x"),
            color_scheme=rx.cond(S.correct, "grass", "red"),
            size="2",
            id="quiz-verdict",
            role="status",
        ),
        rx.cond(S.score >= 0, rx.text(tr("trainer.feedback.score"), S.score, "/100", size="2", margin_top="0.5rem")),
        rx.cond(
            S.option_feedback.length() > 0,
            rx.vstack(rx.foreach(S.option_feedback, _option_row), spacing="3", margin_top="0.75rem", width="100%"),
        ),
        rx.cond(
            S.covered.length() > 0,
            rx.box(
                rx.text(tr("trainer.feedback.covered"), size="2", weight="medium"),
                rx.foreach(S.covered, lambda p: rx.text("✓ ", p, size="2")),
                margin_top="0.75rem",
            ),
        ),
        rx.cond(
            S.missed.length() > 0,
            rx.box(
                rx.text(tr("trainer.feedback.missed"), size="2", weight="medium"),
                rx.foreach(S.missed, lambda p: rx.text("• ", p, size="2")),
                margin_top="0.75rem",
            ),
        ),
        rx.cond(
            S.model_answer != "",
            rx.box(
                rx.text(tr("trainer.feedback.model_answer"), size="2", weight="medium"),
                rx.text(inline_code(S.model_answer), size="2", id="quiz-model-answer"),
                margin_top="0.75rem",
            ),
        ),
        rx.cond(
            S.explanation != "",
            rx.box(
                rx.text(tr("trainer.feedback.why"), size="2", weight="medium"),
                rx.text(inline_code(S.explanation), size="2", id="quiz-explanation"),
                margin_top="0.75rem",
            ),
        ),
        rx.cond(
            S.source_note != "",
            rx.text(tr("trainer.feedback.source"), S.source_note, size="1", color_scheme="gray", margin_top="0.5rem"),
        ),
        rx.cond(
            S.comes_back != "",
            rx.text(S.comes_back, size="2", color_scheme="gray", margin_top="0.5rem", id="quiz-comes-back"),
        ),
        rx.flex(
            rx.button(
                rx.cond(S.finished_quiz, tr("trainer.run.see_summary"), tr("trainer.run.next")),
                on_click=S.next_question,
                size="3",
                id="quiz-next",
                auto_focus=True,
            ),
            rx.cond(
                S.question_id > 0,
                rx.button(
                    tr("trainer.report.open"),
                    on_click=S.open_report(True),
                    variant="ghost",
                    color_scheme="gray",
                    size="2",
                    id="quiz-report",
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            margin_top="1rem",
        ),
        style=styles.card,
        id="quiz-feedback",
    )


def report_dialog(S: Any) -> rx.Component:
    """The form to report a problem with the question (reason and comment)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("trainer.report.title")),
            rx.dialog.description(tr("trainer.report.text"), size="2"),
            rx.radio_group.root(
                rx.vstack(
                    *[
                        rx.el.label(
                            rx.hstack(
                                rx.radio_group.item(value=r, id=f"report-{r}"),
                                rx.text(tr(keys.TRAINER_REPORT_REASON[r]), size="2"),
                                spacing="2",
                            ),
                            html_for=f"report-{r}",
                        )
                        for r in REPORT_REASONS
                    ],
                    spacing="2",
                ),
                value=S.report_reason,
                on_change=S.set_report_reason,
                margin_y="0.75rem",
                aria_label=tr("trainer.report.reason_label"),
            ),
            rx.el.label(rx.text(tr("trainer.report.comment"), size="2", weight="medium"), html_for="report-comment"),
            rx.text_area(
                value=S.report_comment, on_change=S.set_report_comment, id="report-comment", rows="3", width="100%"
            ),
            rx.cond(
                S.report_error != "",
                rx.text(S.report_error, color="var(--red-11)", size="2", role="alert", id="report-error"),
            ),
            rx.flex(
                rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", color_scheme="gray")),
                rx.button(tr("trainer.report.send"), on_click=S.send_report, id="report-send"),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
        ),
        open=S.report_open,
        on_open_change=S.open_report,
    )


def summary_panel(S: Any) -> rx.Component:
    """The end of a quiz: score, topics, each question and when it returns."""
    return rx.vstack(
        rx.box(
            rx.heading(tr("trainer.summary.title"), size="5", as_="h2"),
            rx.hstack(
                rx.text(S.summary_correct, " / ", S.total, size="8", weight="bold", id="summary-score"),
                rx.text(tr("trainer.summary.right"), size="3"),
                align="baseline",
                spacing="2",
            ),
            rx.text(S.summary_minutes, size="2", color_scheme="gray"),
            rx.hstack(
                rx.icon("flame", size=18, color=rx.color("orange", 10)),
                rx.text(
                    tr("trainer.summary.streak", count=S.summary_streak),
                    size="2",
                    id="summary-streak",
                ),
                align="center",
                spacing="2",
                margin_top="0.5rem",
            ),
            rx.vstack(
                rx.foreach(
                    S.by_topic,
                    lambda tp: rx.hstack(
                        rx.text(tp["topic"], size="2"),
                        rx.spacer(),
                        rx.text(tp["correct"], " / ", tp["total"], size="2"),
                        width="100%",
                    ),
                ),
                spacing="1",
                width="100%",
                margin_top="0.75rem",
            ),
            style=styles.card,
        ),
        rx.box(
            rx.heading(tr("trainer.summary.items"), size="4", as_="h3", margin_bottom="0.5rem"),
            rx.vstack(
                rx.foreach(
                    S.summary_items,
                    lambda line: rx.hstack(
                        rx.cond(
                            line["correct"],
                            rx.icon("circle-check", color=rx.color("grass", 10), size=18, flex_shrink="0"),
                            rx.icon("circle-x", color=rx.color("red", 10), size=18, flex_shrink="0"),
                        ),
                        rx.vstack(
                            rx.text(line["prompt"], size="2"),
                            rx.text(line["back"], size="1", color_scheme="gray"),
                            spacing="0",
                        ),
                        align="start",
                        spacing="2",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            style=styles.card,
        ),
        rx.flex(
            link_button(tr("trainer.summary.back"), href=routes.TRAINER, size="3", id="summary-back"),
            link_button(tr("trainer.summary.dashboard"), href=routes.DASHBOARD, size="3", variant="soft"),
            spacing="3",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        id="quiz-summary",
    )
