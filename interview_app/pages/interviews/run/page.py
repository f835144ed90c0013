"""The interview page: progress, clock and pause above the question, then the typed or the spoken answer."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.layouts.app_shell import app_shell
from interview_app.pages.interviews.run.recorder_panel import recorder_panel
from interview_app.pages.interviews.run.state import RunState
from interview_app.pages.interviews.run.text_panel import text_panel


def _clock() -> rx.Component:
    return rx.cond(
        RunState.timer_enabled,
        rx.badge(
            rx.icon("timer", size=16),
            rx.text(RunState.clock, id="run-clock", aria_live="polite"),
            color_scheme=rx.cond(RunState.seconds_left <= 30, "red", "teal"),
            size="3",
            variant="soft",
        ),
    )


def _header() -> rx.Component:
    """Question n of m (a follow-up marked), its type, the clock and pause."""
    return rx.flex(
        rx.text(
            tr("interview.run.question"),
            " ",
            RunState.number,
            " ",
            tr("interview.run.of"),
            " ",
            RunState.total,
            size="2",
            weight="medium",
            id="run-progress",
        ),
        rx.cond(
            RunState.kind == "follow_up",
            rx.badge(tr("interview.run.follow_up"), color_scheme="amber", id="run-follow-up"),
        ),
        rx.badge(RunState.question_type, variant="outline"),
        rx.spacer(),
        _clock(),
        rx.cond(
            RunState.timer_enabled,
            rx.button(
                rx.cond(RunState.paused, rx.icon("play", size=16), rx.icon("pause", size=16)),
                rx.cond(RunState.paused, tr("interview.run.resume"), tr("interview.run.pause")),
                on_click=RunState.toggle_pause,
                variant="soft",
                id="run-pause",
            ),
        ),
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _prompt() -> rx.Component:
    return rx.box(
        rx.heading(
            RunState.prompt,
            size=rx.breakpoints(initial="4", md="5"),
            as_="h2",
            id="run-prompt",
            line_height="1.4",
        ),
        style=styles.card,
        width="100%",
    )


def _recorder_wiring() -> rx.Component:
    """For spoken answers: the once-a-second poll, the hidden bridge recorder.js clicks, and the script."""
    return rx.cond(
        RunState.answer_mode != "text",
        rx.fragment(
            rx.moment(interval=1000, on_change=RunState.poll, display="none"),
            rx.el.button(
                on_click=RunState.bridge,
                id="rec-bridge",
                type="button",
                tab_index=-1,
                aria_hidden="true",
                style={"display": "none"},
            ),
            rx.script(src="/recorder.js"),
        ),
    )


@rx.page(
    route=routes.INTERVIEW_RUN,
    title=tr("interview.run.page_title"),
    on_load=[RunState.require_user, RunState.load],
)
def interview_run_page() -> rx.Component:
    """One question at a time, until the report."""
    return app_shell(
        tr("interview.run.title"),
        routes.INTERVIEW_NEW,
        rx.cond(
            RunState.loaded,
            rx.vstack(
                _header(),
                rx.progress(
                    value=RunState.progress.to(int), width="100%", aria_label=tr("interview.run.progress_aria")
                ),
                rx.cond(
                    RunState.notice != "",
                    rx.callout(RunState.notice, icon="info", size="1", width="100%", id="run-notice"),
                ),
                rx.cond(
                    RunState.ends_soon != "",
                    rx.callout(
                        RunState.ends_soon,
                        icon="clock",
                        color_scheme="amber",
                        role="status",
                        size="1",
                        width="100%",
                        id="run-ends-soon",
                    ),
                ),
                _prompt(),
                rx.cond(
                    RunState.paused,
                    rx.callout(
                        tr("interview.run.paused"), icon="pause", color_scheme="amber", width="100%", id="run-paused"
                    ),
                    rx.cond(RunState.answer_mode != "text", recorder_panel(), text_panel()),
                ),
                rx.moment(interval=1000, on_change=RunState.tick, display="none"),
                rx.moment(interval=30_000, on_change=RunState.check_end, display="none"),
                _recorder_wiring(),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="4rem"),
        ),
    )
