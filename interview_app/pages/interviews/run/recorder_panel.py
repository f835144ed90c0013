"""The spoken answer (voice or video): the recorder, then the handed-in answer's progress and feedback.

The browser records with assets/recorder.js; these panels only show what RunState reads back from it and
from the answer row.
"""

from typing import Any

import reflex as rx

from interview_app import styles
from interview_app.components.i18n import tr
from interview_app.pages.interviews.run.parts import action_button, action_row, error_alert, note, skip_button
from interview_app.pages.interviews.run.state import HAND_IN, STOP, RunState
from interview_app.settings import get_settings

# Seconds of lag from which the recorder says the transcription is behind (streaming's own lag is less).
BEHIND_SHOWN_FROM = round(get_settings().stream_min_seconds + 6)


def _rerecord_button() -> rx.Component:
    return action_button(
        "rotate-ccw", tr("interview.voice.record_again"), RunState.rerecord, "run-rerecord", variant="soft"
    )


def _step(label: str | rx.Var, done: Any, active: Any) -> rx.Component:
    return rx.flex(
        rx.cond(
            done,
            rx.icon("circle-check", size=16, color="var(--teal-10)"),
            rx.cond(active, rx.spinner(size="1"), rx.icon("circle", size=16, color="var(--gray-8)")),
        ),
        rx.text(label, size="2", weight=rx.cond(active, "bold", "regular")),
        align="center",
        spacing="1",
    )


def _pipeline_steps() -> rx.Component:
    s = RunState.rec_status
    return rx.flex(
        _step(tr("interview.voice.step_uploaded"), s != "", False),
        _step(
            tr("interview.voice.step_transcribing"),
            (s == "scoring") | (s == "scored"),
            (s == "uploaded") | (s == "transcribing"),
        ),
        _step(tr("interview.voice.step_scoring"), s == "scored", s == "scoring"),
        _step(tr("interview.voice.step_ready"), s == "scored", False),
        spacing="4",
        wrap="wrap",
        id="run-rec-status",
        aria_live="polite",
        data_status=s,
    )


def _comment_item(c: Any) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.cond(
                c["tone"] == "good",
                rx.icon("thumbs-up", size=14, color="var(--teal-10)"),
                rx.icon("arrow-up-right", size=14, color="var(--amber-10)"),
            ),
            rx.text(c["text"], size="2"),
            spacing="2",
            align="start",
        ),
        rx.cond(
            c["quote"] != "",
            rx.el.blockquote(
                rx.text("“", c["quote"], "”", size="2", color_scheme="gray"),
                class_name="ic-quote",
                margin_left="1.4rem",
            ),
        ),
        width="100%",
    )


def _transcript() -> rx.Component:
    return rx.cond(
        RunState.transcript != "",
        rx.box(
            rx.text(tr("interview.voice.transcript"), size="2", weight="bold"),
            rx.text(RunState.transcript, size="3", id="run-transcript", line_height="1.6"),
            width="100%",
        ),
    )


def _metrics() -> rx.Component:
    return rx.cond(
        RunState.metrics_line.length() > 0,  # pyright: ignore[reportAttributeAccessIssue]
        rx.box(
            rx.flex(
                rx.foreach(RunState.metrics_line, lambda m: rx.badge(m, variant="soft", size="2")),
                spacing="2",
                wrap="wrap",
                id="run-metrics",
            ),
            note(
                RunState.filler_note,
                margin_top="0.35rem",
                id="run-fillers-note",
                data_checking=rx.cond(RunState.fillers_checking, "yes", "no"),
            ),
            width="100%",
        ),
    )


def _feedback() -> rx.Component:
    return rx.cond(
        RunState.fb_total >= 0,
        rx.vstack(
            rx.flex(
                rx.badge(RunState.fb_total, "/100", size="3", color_scheme="teal", id="run-score"),
                rx.text(RunState.fb_summary, size="2"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.foreach(RunState.fb_comments, _comment_item),
            note(tr("interview.voice.full_feedback")),
            spacing="2",
            width="100%",
            id="run-feedback",
        ),
    )


def _handed_in_actions() -> rx.Component:
    no_speech = RunState.rec_failed_reason == tr("interview.voice.no_speech")
    return action_row(
        action_button(
            "arrow-right",
            tr("interview.voice.continue"),
            RunState.continue_on,
            "run-continue",
            loading=RunState.submitting,
            disabled=(RunState.rec_status == "uploaded") | (RunState.rec_status == "transcribing") | no_speech,
        ),
        rx.cond(
            RunState.rec_status == "failed",
            rx.cond(
                no_speech,
                _rerecord_button(),
                action_button(
                    "refresh-cw", tr("interview.voice.retry"), RunState.retry_recording, "run-retry", variant="soft"
                ),
            ),
        ),
    )


def _handed_in_panel() -> rx.Component:
    """After handing in a recording: live progress, then transcript, speaking metrics and feedback."""
    return rx.vstack(
        _pipeline_steps(),
        rx.cond(RunState.rec_behind != "", rx.text(RunState.rec_behind, size="2", id="run-rec-behind")),
        rx.cond(
            RunState.rec_status == "failed",
            rx.callout(
                rx.cond(RunState.rec_failed_reason != "", RunState.rec_failed_reason, tr("interview.voice.failed")),
                icon="triangle-alert",
                color_scheme="red",
                width="100%",
                id="run-rec-failed",
            ),
        ),
        _transcript(),
        _metrics(),
        _feedback(),
        error_alert(),
        _handed_in_actions(),
        spacing="3",
        width="100%",
        style=styles.card,
    )


def _recorder_status() -> rx.Component:
    """What the recorder is doing, and for how long it has recorded."""
    return rx.flex(
        rx.icon(rx.cond(RunState.answer_mode == "video", "video", "mic"), size=20, flex_shrink="0"),
        rx.text(
            rx.match(
                RunState.rec_local,
                ("recording", tr("interview.voice.state_recording")),
                ("starting", tr("interview.voice.state_starting")),
                ("speaking", tr("interview.voice.state_speaking")),
                ("stopped", tr("interview.voice.state_stopped")),
                ("sending", tr("interview.voice.state_sending")),
                ("sent", tr("interview.voice.state_sending")),
                rx.cond(
                    RunState.rec_status == "recording",
                    tr("interview.voice.state_saved"),
                    tr("interview.voice.state_idle"),
                ),
            ),
            size="2",
            weight="medium",
            id="run-rec-state",
            aria_live="polite",
        ),
        rx.spacer(),
        rx.text("0:00", id="rec-elapsed", size="3", weight="bold", font_variant_numeric="tabular-nums"),
        align="center",
        spacing="2",
        width="100%",
    )


def _media() -> tuple[rx.Component, ...]:
    """The level meter, the camera preview and the players for listening back (recorder.js drives them)."""
    return (
        rx.box(
            rx.box(id="rec-level-bar", class_name="ic-level-bar"),
            id="rec-level",
            custom_attrs={"role": "meter"},
            aria_label=tr("interview.voice.level"),
            aria_valuemin="0",
            aria_valuemax="100",
            aria_valuenow="0",
            class_name="ic-level",
            width="100%",
        ),
        rx.el.video(id="rec-preview", class_name="ic-video", muted=True, plays_inline=True, auto_play=True),
        rx.el.audio(
            id="rec-playback", controls=True, class_name="ic-playback", aria_label=tr("interview.voice.playback")
        ),
        rx.el.video(
            id="rec-playback-video", controls=True, class_name="ic-video", aria_label=tr("interview.voice.playback")
        ),
        note("", id="rec-upload"),
        # recorder.js fills it from each piece's answer while recording ("Transcribing, 20 s behind"), once the
        # lag is more than streaming's own (a stretch is transcribed when STREAM_MIN_SECONDS are new and a
        # pause comes): then steps are queuing up.
        note(
            "",
            id="rec-behind",
            aria_live="polite",
            custom_attrs={"data-template": tr("interview.voice.behind", n="{n}"), "data-from": str(BEHIND_SHOWN_FROM)},
        ),
    )


def _recorder_actions() -> rx.Component:
    """Stop while recording; with a take, hand in or record again; else record."""
    local = RunState.rec_local
    recording = (local == "recording") | (local == "starting")
    has_take = (local == "stopped") | ((RunState.rec_status == "recording") & ~recording & (local != "sending"))
    return action_row(
        rx.cond(
            recording,
            action_button("square", tr("interview.voice.stop"), STOP, "run-stop", color_scheme="red"),
            rx.cond(
                has_take,
                rx.fragment(
                    action_button(
                        "send", tr("interview.voice.hand_in"), HAND_IN, "run-send-recording", loading=local == "sending"
                    ),
                    _rerecord_button(),
                ),
                action_button(
                    "mic",
                    rx.cond(local == "speaking", tr("interview.voice.answer_now"), tr("interview.voice.record")),
                    RunState.record,
                    "run-record",
                    loading=local == "sending",
                ),
            ),
        ),
        action_button(
            "volume-2", tr("interview.voice.read_aloud"), RunState.read_aloud, "run-read-aloud", variant="soft"
        ),
        skip_button(),
    )


def _recording_panel() -> rx.Component:
    """Record, stop, listen back, record again, hand in; level meter and upload state from recorder.js."""
    return rx.vstack(
        _recorder_status(),
        *_media(),
        rx.cond(
            RunState.rec_message != "",
            rx.callout(RunState.rec_message, icon="info", color_scheme="amber", width="100%", id="run-rec-message"),
        ),
        error_alert(),
        _recorder_actions(),
        note(
            rx.cond(RunState.answer_mode == "video", tr("interview.voice.video_note"), tr("interview.voice.audio_note"))
        ),
        rx.cond(RunState.hands_free, note(tr("interview.voice.hands_free_note"))),
        spacing="3",
        width="100%",
        style=styles.card,
        id="run-recorder",
    )


def recorder_panel() -> rx.Component:
    """The recorder until the answer is handed in, then its progress and feedback."""
    return rx.cond(RunState.handed_in, _handed_in_panel(), _recording_panel())
