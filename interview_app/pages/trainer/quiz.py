"""Taking a quiz: one question at a time, optional timer, immediate feedback, reports, and a summary."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.clock import local_today, utcnow
from interview_app.components.i18n import tr
from interview_app.components.quiz import feedback_panel, question_panel, report_dialog, summary_panel
from interview_app.i18n import keys, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import Profile, User
from interview_app.services.trainer import home as trainer_home
from interview_app.services.trainer import quiz, streaks
from interview_app.state.address import route_id
from interview_app.state.auth import AuthState, with_user


class QuizState(AuthState):
    """The quiz being taken; the server decides what is current and judges every answer."""

    loaded: bool = False
    missing: bool = False
    title: str = ""
    total: int = 0
    # The item on screen.
    item_id: int = 0
    position: int = 0
    kind: str = ""
    topic: str = ""
    difficulty: str = ""
    source: str = ""
    prompt: str = ""
    options: rx.Field[list[str]] = rx.field(default_factory=list)
    question_id: int = 0
    interview_prompt: str = ""
    interview_href: str = ""
    # Timer: seconds left on the server's clock (-1: no timer).
    seconds_left: int = -1
    limit_seconds: int = 0
    # The candidate's selection before handing in.
    choice: str = ""
    choices: rx.Field[list[str]] = rx.field(default_factory=list)
    text: str = ""
    submitting: bool = False
    error: str = ""
    # After answering: the verdict and explanations.
    answered: bool = False
    correct: bool = False
    verdict: str = ""
    explanation: str = ""
    source_note: str = ""
    model_answer: str = ""
    option_feedback: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    covered: rx.Field[list[str]] = rx.field(default_factory=list)
    missed: rx.Field[list[str]] = rx.field(default_factory=list)
    score: int = -1
    comes_back: str = ""
    finished_quiz: bool = False
    # The end: totals, by topic, and each item.
    done: bool = False
    summary_correct: int = 0
    summary_answered: int = 0
    summary_minutes: str = ""
    summary_streak: int = 0
    by_topic: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    summary_items: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # Reporting the question on screen.
    report_open: bool = False
    report_reason: str = ""
    report_comment: str = ""
    report_error: str = ""

    @rx.var
    def quiz_id(self) -> int:
        """The quiz in the address."""
        return route_id(self.router, "quiz_id")

    @rx.var
    def clock(self) -> str:
        """m:ss left on this question."""
        s = max(0, self.seconds_left)
        return f"{s // 60}:{s % 60:02d}"

    @rx.var
    def can_submit(self) -> bool:
        """Something is chosen or written."""
        if self.kind in ("short", "missed_point"):
            return bool(self.text.strip())
        return bool(self.choices) if self.kind == "multi" else self.choice != ""

    def _clear_item(self) -> None:
        self.choice, self.choices, self.text, self.error = "", [], "", ""
        self.answered, self.correct, self.verdict, self.explanation = False, False, "", ""
        self.source_note, self.model_answer, self.option_feedback = "", "", []
        self.covered, self.missed, self.score, self.comes_back = [], [], -1, ""
        self.report_open, self.report_reason, self.report_comment, self.report_error = False, "", "", ""

    @rx.event
    def load(self):
        """Show the current question of the candidate's quiz, or its summary when every question is answered."""
        self.loaded, self.missing, self.submitting, self.finished_quiz = False, False, False, False
        self._clear_item()
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        now = utcnow()
        try:
            attempt, item = quiz.current_item(session, user.id or 0, self.quiz_id, now)
        except quiz.QuizError:
            self.missing, self.loaded = True, True
            return None
        self.title = trainer_home.quiz_title(
            attempt.kind, trainer_home.topic_name(session, attempt.topic_id, self.lang), self.lang
        )
        self.total = attempt.total
        if item is None:
            self._read_summary(session, user.id or 0, now)
        else:
            self.done = False
            self._show(quiz.item_view(session, attempt, item, now, self.lang))
        self.loaded = True
        return None

    def _show(self, view: quiz.ItemView) -> None:
        self.item_id, self.position, self.kind, self.topic = view.id, view.position, view.kind, view.topic
        self.difficulty = self.t(keys.DIFFICULTY[view.difficulty]) if view.difficulty in keys.DIFFICULTY else ""
        self.source = self.t(keys.TRAINER_SOURCE[view.source]) if view.source in ("review", "new", "practice") else ""
        if view.kind == "missed_point":
            self.source = self.t("trainer.source.missed_point")
        self.prompt, self.options, self.question_id = view.prompt, list(view.labels), view.question_id or 0
        self.interview_prompt = view.interview_prompt
        self.interview_href = routes.interview_report(view.interview_session_id) if view.interview_session_id else ""
        self.seconds_left = view.seconds_left if view.seconds_left is not None else -1
        self.limit_seconds = view.limit_seconds or 0

    def _read_summary(self, session, user_id: int, now) -> None:
        result = quiz.summary(session, user_id, self.quiz_id, now, self.lang)
        self.done = True
        self.summary_correct, self.summary_answered = result.correct, result.answered
        minutes = max(1, round(result.seconds / 60))
        self.summary_minutes = self.t("trainer.summary.minutes", minutes=minutes)
        self.by_topic = result.by_topic
        profile = session.get(Profile, user_id)
        self.summary_streak = streaks.streak_for(session, user_id, local_today(profile, now)).current
        self.summary_items = [
            {
                **line,
                "back": _comes_back(line["days"], self.lang)
                if line["answered"]
                else self.t("trainer.summary.unanswered"),
            }
            for line in result.items
        ]

    @rx.event
    def choose(self, value: str):
        """Pick one option (single choice, true/false)."""
        if not self.answered:
            self.choice = value

    @rx.event
    def toggle(self, index: str, on: bool):
        """Tick or untick an option (multi choice)."""
        if self.answered or index not in {str(i) for i in range(len(self.options))}:
            return
        picked = [c for c in self.choices if c != index]
        self.choices = sorted([*picked, index], key=int) if on else picked

    @rx.event
    def set_text(self, value: str):
        """The short answer being written."""
        if not self.answered:
            self.text = value[: quiz.MAX_SHORT_ANSWER + 100]

    def _response(self, skipped: bool) -> dict[str, Any]:
        if skipped:
            return {"skipped": True}
        if self.kind in ("short", "missed_point"):
            return {"text": self.text}
        if self.kind == "multi":
            return {"choices": [int(c) for c in self.choices]}
        return {"choice": int(self.choice) if self.choice.isdigit() else -1}

    @rx.event
    def submit(self):
        """Hand in the answer and show the verdict with its explanation."""
        return self._answer(skipped=False)

    @rx.event
    def dont_know(self):
        """Admit not knowing: counts as wrong and shows the answer (the card comes back soon)."""
        return self._answer(skipped=True)

    def _answer(self, skipped: bool):
        if self.submitting or self.answered or not self.item_id:
            return None
        self.submitting, self.error = True, ""
        outcome = self._hand_in(skipped)
        self.submitting = False
        return outcome

    @with_user
    def _hand_in(self, session: Session, user: User, skipped: bool):
        try:
            result = quiz.answer_item(session, user.id or 0, self.item_id, self._response(skipped), utcnow())
        except quiz.QuizError as exc:
            if exc.code in ("already_answered", "not_current"):
                return QuizState.load
            self.error = self.t(keys.TRAINER_ERRORS[exc.code])
            return None
        self._show_result(result)
        return None

    def _show_result(self, result: quiz.AnswerResult) -> None:
        fb = result.feedback
        self.answered, self.correct, self.finished_quiz = True, result.correct, result.finished
        if result.timed_out:
            self.verdict = self.t("trainer.verdict.time_up")
        elif fb.get("skipped"):
            self.verdict = self.t("trainer.verdict.skipped")
        else:
            self.verdict = self.t("trainer.verdict.right") if result.correct else self.t("trainer.verdict.wrong")
        self.explanation, self.source_note = fb.get("explanation", ""), fb.get("source", "")
        self.model_answer = fb.get("model_answer", "")
        self.option_feedback = quiz.feedback_options(fb, self.lang)
        self.covered, self.missed = list(fb.get("covered", [])), list(fb.get("missed", []))
        self.score = int(fb["score"]) if isinstance(fb.get("score"), int) else -1
        self.seconds_left = -1
        if result.next_due is not None:
            days = max(0, round((result.next_due - utcnow()).total_seconds() / 86400))
            self.comes_back = _comes_back(days, self.lang)

    @rx.event
    def next_question(self):
        """Move on to the next question (or the summary)."""
        return QuizState.load

    @rx.event
    def tick(self):
        """Once a second with a timer: read the clock; at zero, hand in what is chosen (or nothing)."""
        if not self.loaded or self.done or self.answered or self.seconds_left < 0 or self.submitting:
            return None
        with self._session() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            try:
                attempt, item = quiz.current_item(session, user.id or 0, self.quiz_id, utcnow())
            except quiz.QuizError:
                return None
            if item is None or item.id != self.item_id:
                return QuizState.load
            view = quiz.item_view(session, attempt, item, utcnow(), self.lang)
        self.seconds_left = view.seconds_left if view.seconds_left is not None else -1
        if self.seconds_left == 0:
            return self._answer(skipped=not self.can_submit)
        return None

    @rx.event
    def open_report(self, open_: bool):
        """Open or close the report form."""
        self.report_open, self.report_error = open_, ""

    @rx.event
    def set_report_reason(self, value: str):
        """Why the question is being reported."""
        self.report_reason = value

    @rx.event
    def set_report_comment(self, value: str):
        """More detail for the report."""
        self.report_comment = value[:1200]

    @rx.event
    def send_report(self):
        """Report the question on screen to the admins."""
        if not self.report_reason:
            self.report_error = self.t("trainer.error.report_reason")
            return None
        return self._report()

    @with_user
    def _report(self, session: Session, user: User):
        try:
            quiz.report_question(session, user.id or 0, self.question_id, self.report_reason, self.report_comment)
        except quiz.QuizError as exc:
            self.report_error = self.t(keys.TRAINER_ERRORS[exc.code])
            return None
        self.report_open, self.report_reason, self.report_comment = False, "", ""
        return rx.toast.success(self.t("trainer.report.thanks"))


def _comes_back(days: int | None, lang: str) -> str:
    if days is None:
        return ""
    if days <= 1:
        return t("trainer.back.tomorrow", lang)
    return t("trainer.back.days", lang, days=days)


def _header() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(QuizState.title, size="2", weight="medium", color_scheme="gray"),
            rx.cond(
                ~QuizState.done,
                rx.text(
                    tr("trainer.run.question"),
                    " ",
                    QuizState.position + 1,
                    " / ",
                    QuizState.total,
                    size="2",
                    id="quiz-progress",
                ),
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            (QuizState.seconds_left >= 0) & ~QuizState.answered & ~QuizState.done,
            rx.badge(
                rx.icon("timer", size=14),
                QuizState.clock,
                size="3",
                color_scheme="amber",
                id="quiz-clock",
                aria_live="polite",
            ),
        ),
        width="100%",
        align="center",
    )


@rx.page(
    route=routes.TRAINER_QUIZ,
    title=tr("trainer.run.page_title"),
    on_load=[QuizState.require_user, QuizState.load],
)
def trainer_quiz_page() -> rx.Component:
    return app_shell(
        tr("trainer.run.title"),
        routes.TRAINER,
        rx.cond(
            QuizState.missing,
            rx.callout(tr("trainer.error.quiz_not_found"), icon="triangle_alert", color_scheme="red", width="100%"),
            rx.cond(
                QuizState.loaded,
                rx.vstack(
                    _header(),
                    rx.cond(
                        QuizState.done,
                        summary_panel(QuizState),
                        rx.vstack(
                            question_panel(QuizState),
                            rx.cond(QuizState.answered, feedback_panel(QuizState)),
                            report_dialog(QuizState),
                            spacing="4",
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        (QuizState.seconds_left >= 0) & ~QuizState.answered,
                        rx.moment(interval=1000, on_change=QuizState.tick, display="none"),
                    ),
                    spacing="4",
                    width="100%",
                    max_width="44rem",
                    margin_x="auto",
                    style={"& .ic-card": styles.card},
                ),
                rx.center(rx.spinner(size="3"), padding="3rem"),
            ),
        ),
    )
