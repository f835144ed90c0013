"""Answering a mock interview: one question at a time, server-kept timer, autosaved drafts, follow-ups."""

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from interview_app import db, routes, styles
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import form_alert
from interview_app.jobs import runner
from interview_app.layouts.app_shell import app_shell
from interview_app.models import Question
from interview_app.services import interviews
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState
from interview_app.strings import t

MAX_CHARS = get_settings().answer_max_chars


class RunState(AuthState):
    """The current question, the draft and the clock, always re-read from the server."""

    interview_id: int = 0
    sq_id: int = 0
    prompt: str = ""
    kind: str = "main"
    number: int = 0
    total: int = 0
    question_type: str = ""
    draft: str = ""
    saved_note: str = ""
    timer_enabled: bool = True
    seconds_left: int = -1
    paused: bool = False
    finished: bool = False
    submitting: bool = False
    error: str = ""
    notice: str = ""
    loaded: bool = False
    _question_id: int = 0

    def _interview_id(self) -> int:
        raw = str(self.router.page.params.get("interview_id", ""))
        return int(raw) if raw.isdigit() else 0

    def _refresh(self, session, user_id: int) -> None:
        interview = interviews.owned_session(session, user_id, self._interview_id())
        self.interview_id = interview.id or 0
        self.timer_enabled = interview.timer_enabled
        self.paused = interview.paused_at is not None
        sqs = interviews.questions_of(session, self.interview_id)
        mains = [s for s in sqs if s.kind == "main"]
        self.total = len(mains)
        sq = interviews.current_question(session, interview)
        self.finished = sq is None
        if sq is None:
            self.sq_id, self.prompt = 0, ""
            return
        if sq.id != self.sq_id:
            self.draft = sq.draft
            self.saved_note = t("interview.run.draft_restored") if sq.draft else ""
        self.sq_id, self.prompt, self.kind = sq.id or 0, sq.prompt, sq.kind
        main_position = sq.position - (sq.position % interviews.POSITION_STEP)
        self.number = next((i + 1 for i, s in enumerate(mains) if s.position == main_position), 1)
        question = session.get(Question, sq.question_id) if sq.question_id else None
        self._question_id = sq.question_id or 0
        self.question_type = t(f"question.type.{question.type}") if question else ""
        left = interviews.seconds_left(sq, interview)
        self.seconds_left = -1 if left is None else left

    def _prepare(self) -> None:
        """Embed the current question's side in the background, so its answer is scored without delay."""
        if self._question_id and not self.finished:
            runner.enqueue("prepare_question", self._question_id)

    @rx.event
    def load(self):
        """Open the session where the candidate left it (draft, clock and all)."""
        self.error, self.notice, self.submitting, self.loaded, self.sq_id = "", "", False, False, 0
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            try:
                self._refresh(session, user.id or 0)
            except interviews.InterviewError:
                return rx.redirect(routes.HISTORY)
        self.loaded = True
        if self.finished:
            return rx.redirect(routes.interview_report(self.interview_id))
        self._prepare()
        return None

    @rx.event
    def tick(self):
        """Once a second: read the clock from the server; when it runs out, hand in what is there."""
        if not self.loaded or self.finished or self.paused or not self.timer_enabled or self.submitting:
            return None
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            try:
                self._refresh(session, user.id or 0)
            except interviews.InterviewError:
                return None
        if self.seconds_left == 0 and not self.finished:
            self.notice = t("interview.run.times_up")
            return RunState.submit if self.draft.strip() else RunState.skip
        return None

    @rx.event
    def change_draft(self, value: str):
        """Autosave the draft (debounced in the browser)."""
        self.draft = value
        if len(value) > MAX_CHARS:
            self.error = t("interview.error.too_long")
            return None
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            try:
                saved = interviews.save_draft(session, user.id or 0, self.sq_id, value)
            except interviews.InterviewError as exc:
                self.error = t(f"interview.error.{exc.code}")
                return None
        self.error = ""
        self.saved_note = t("interview.run.saved_at", time=saved.strftime("%H:%M:%S"))
        return None

    @rx.event
    def submit(self):
        """Hand in the answer; a follow-up may come next."""
        if self.submitting:
            return None
        self.submitting, self.error = True, ""
        yield
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                self.submitting = False
                yield self._to_sign_in()
                return
            try:
                outcome = interviews.submit_answer(
                    session, user.id or 0, self.sq_id, self.draft, follow_up_writer=interviews.llm_follow_up
                )
            except interviews.InterviewError as exc:
                self.error = t(f"interview.error.{exc.code}")
                self.submitting = False
                if exc.code in ("already_answered", "not_current"):
                    self._refresh(session, user.id or 0)
                return
            session.flush()
            self._refresh(session, user.id or 0)
        self.notice = t("interview.run.follow_up_notice") if outcome.follow_up else t("interview.run.answer_saved")
        self.submitting = False
        self._prepare()
        if self.finished:
            yield rx.redirect(routes.interview_report(self.interview_id))

    def _act(self, action: Callable[[Session, int], object]) -> tuple[bool, rx.event.EventSpec | None]:
        """Run one service call for the signed-in user, then re-read the page; (succeeded, redirect)."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None:
                return False, self._to_sign_in()
            try:
                action(session, user.id or 0)
            except interviews.InterviewError as exc:
                self.error = t(f"interview.error.{exc.code}")
                return False, None
            session.flush()
            self._refresh(session, user.id or 0)
        self.error = ""
        return True, None

    @rx.event
    def skip(self):
        """Skip the current question."""
        done, redirect = self._act(lambda session, user_id: interviews.skip_question(session, user_id, self.sq_id))
        if not done:
            return redirect
        self.notice = t("interview.run.skipped")
        self._prepare()
        return rx.redirect(routes.interview_report(self.interview_id)) if self.finished else None

    @rx.event
    def toggle_pause(self):
        """Pause or resume the clock."""
        change = interviews.resume if self.paused else interviews.pause
        return self._act(lambda session, user_id: change(session, user_id, self.interview_id))[1]

    @rx.event
    def end_now(self):
        """End the interview early and go to the report."""
        done, redirect = self._act(lambda session, user_id: interviews.end_early(session, user_id, self.interview_id))
        return rx.redirect(routes.interview_report(self.interview_id)) if done else redirect

    @rx.var
    def clock(self) -> str:
        """mm:ss left."""
        s = max(0, self.seconds_left)
        return f"{s // 60}:{s % 60:02d}"

    @rx.var
    def progress(self) -> int:
        """Percent of the main questions reached."""
        return round(self.number * 100 / self.total) if self.total else 0

    @rx.var
    def char_count(self) -> int:
        """Characters typed."""
        return len(self.draft)


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


def _end_dialog() -> rx.Component:
    return confirm_dialog(
        rx.button(t("interview.run.end"), variant="ghost", color_scheme="red", id="run-end"),
        t("interview.run.end_title"),
        t("interview.run.end_text"),
        t("interview.run.end_confirm"),
        RunState.end_now,
        id="run-end-confirm",
    )


@rx.page(
    route=routes.INTERVIEW_RUN,
    title=t("interview.run.page_title"),
    on_load=[RunState.require_user, RunState.load],
)
def interview_run_page() -> rx.Component:
    return app_shell(
        t("interview.run.title"),
        routes.INTERVIEW_NEW,
        rx.cond(
            RunState.loaded,
            rx.vstack(
                rx.flex(
                    rx.text(
                        t("interview.run.question"),
                        " ",
                        RunState.number,
                        " ",
                        t("interview.run.of"),
                        " ",
                        RunState.total,
                        size="2",
                        weight="medium",
                        id="run-progress",
                    ),
                    rx.cond(
                        RunState.kind == "follow_up",
                        rx.badge(t("interview.run.follow_up"), color_scheme="amber", id="run-follow-up"),
                    ),
                    rx.badge(RunState.question_type, variant="outline"),
                    rx.spacer(),
                    _clock(),
                    rx.cond(
                        RunState.timer_enabled,
                        rx.button(
                            rx.cond(RunState.paused, rx.icon("play", size=16), rx.icon("pause", size=16)),
                            rx.cond(RunState.paused, t("interview.run.resume"), t("interview.run.pause")),
                            on_click=RunState.toggle_pause,
                            variant="soft",
                            id="run-pause",
                        ),
                    ),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                    width="100%",
                ),
                rx.progress(value=RunState.progress.to(int), width="100%"),
                rx.cond(
                    RunState.notice != "",
                    rx.callout(RunState.notice, icon="info", size="1", width="100%", id="run-notice"),
                ),
                rx.box(
                    rx.heading(
                        RunState.prompt,
                        size=rx.breakpoints(initial="4", md="5"),
                        as_="h2",
                        id="run-prompt",
                        line_height="1.4",
                    ),
                    style=styles.card,
                    width="100%",
                ),
                rx.cond(
                    RunState.paused,
                    rx.callout(
                        t("interview.run.paused"), icon="pause", color_scheme="amber", width="100%", id="run-paused"
                    ),
                    rx.vstack(
                        rx.text_area(
                            value=RunState.draft,
                            on_change=RunState.change_draft,
                            debounce_timeout=600,
                            placeholder=t("interview.run.placeholder"),
                            rows="9",
                            min_height=["12rem", "16rem"],
                            width="100%",
                            size="3",
                            id="run-answer",
                            aria_label=t("interview.run.answer_label"),
                            max_length=MAX_CHARS + 500,
                        ),
                        rx.flex(
                            rx.text(RunState.saved_note, size="1", color_scheme="gray", id="run-saved"),
                            rx.spacer(),
                            rx.text(
                                RunState.char_count,
                                f" / {MAX_CHARS}",
                                size="1",
                                color_scheme=rx.cond(RunState.char_count > MAX_CHARS, "red", "gray"),
                                id="run-count",
                            ),
                            width="100%",
                        ),
                        rx.cond(RunState.error != "", form_alert(RunState.error)),
                        rx.flex(
                            rx.button(
                                rx.icon("send", size=16),
                                t("interview.run.submit"),
                                on_click=RunState.submit,
                                loading=RunState.submitting,
                                disabled=RunState.char_count > MAX_CHARS,
                                size="3",
                                id="run-submit",
                            ),
                            rx.button(
                                t("interview.run.skip"), on_click=RunState.skip, variant="soft", size="3", id="run-skip"
                            ),
                            rx.spacer(),
                            _end_dialog(),
                            spacing="3",
                            wrap="wrap",
                            width="100%",
                            align="center",
                        ),
                        width="100%",
                        spacing="2",
                    ),
                ),
                rx.moment(interval=1000, on_change=RunState.tick, display="none"),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="4rem"),
        ),
    )
