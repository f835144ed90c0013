"""Admin: create or edit one interview or quiz question, with live preview, the bank's checks, stats and history."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_question_form import interview_fields, quiz_fields
from interview_app.components.admin_question_preview import history_list, interview_preview, quiz_preview
from interview_app.components.admin_ui import error_callout, meta, note_box, section, status_badge
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.questions import stats_text
from interview_app.pages.admin.users import when
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin.questions import QuestionError
from interview_app.services.bank import checks as question_checks
from interview_app.services.bank import stats as question_stats
from interview_app.services.bank.checks import Problem
from interview_app.state.address import route_arg, route_id
from interview_app.state.admin import AdminState, with_admin

NEW_INTERVIEW = {"type": "behavioural", "difficulty": "medium", "roles": ["any"], "time_limit_seconds": 180}
NEW_QUIZ = {"kind": "single", "difficulty": "medium"}


class QuestionEditState(AdminState):
    """The question being edited as form strings, its problems, stats and revisions."""

    kind: str = "interview"
    # 0 while creating a new question.
    question_id: int = 0
    found: bool = True
    # False until the first load has filled the form, so nothing is judged or typed over before then.
    loaded: bool = False
    form: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # The first problem of each field, and every problem as a line.
    field_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    problems: rx.Field[list[str]] = rx.field(default_factory=list)
    status: str = ""
    status_label: str = ""
    source: str = ""
    version: int = 0
    stats: str = ""
    # Default topics for quiz questions: value, label.
    topics: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Revisions: id, version, action, byline (who and when).
    revisions: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    error: str = ""

    @rx.var
    def preview(self) -> dict[str, Any]:
        """The form as a candidate would see the question."""
        if self.kind == "quiz":
            return question_checks.quiz_form_data(self.form)
        return question_checks.interview_form_data(self.form)

    @rx.var
    def is_new(self) -> bool:
        """True while creating a question."""
        return self.question_id == 0

    def _check(self, session: Any) -> None:
        data = self._data()
        checked = question_checks.check(session, self.kind, data, question_id=self.question_id or None)
        self._show_problems(checked.problems)

    def _show_problems(self, problems: list[Problem]) -> None:
        errors: dict[str, str] = {}
        for p in problems:
            errors.setdefault(p.field.split(".")[0] or "_", p.message)
        self.field_errors = errors
        self.problems = [f"{p.field}: {p.message}" if p.field else p.message for p in problems]

    def _data(self) -> dict[str, Any]:
        data = dict(self.preview)
        if not data.get("id") and data.get("prompt"):
            prefix = data.get("topic", "") if self.kind == "quiz" else ""
            data["id"] = question_checks.slugify(data["prompt"], prefix=prefix)
        return data

    def _show_row(self, session: Any, row: Any) -> None:
        content = admin_questions.content_of(session, row)
        to_form = question_checks.quiz_form if self.kind == "quiz" else question_checks.interview_form
        self.form = to_form(content)
        self.status, self.source, self.version = row.status, self.t(keys.ADMIN_SOURCE[row.source]), row.version
        self.status_label = self.t(keys.ADMIN_STATUS[row.status])
        stats = question_stats.stats_for(session, self.kind, [row.id or 0]).get(row.id or 0)
        self.stats = stats_text(self.kind, stats or question_stats.QuestionStats(), self.lang)
        self.revisions = [
            {
                "id": r.id,
                "version": f"v{r.version}",
                "action": self.t(keys.ADMIN_REVISION[r.action]),
                "byline": " · ".join(part for part in (who, when(r.created_at)) if part),
            }
            for r, who in admin_questions.history(session, self.kind, row.id or 0)
        ]

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Open the question named in the address, or an empty form for a new one."""
        kind = route_arg(self.router, "kind")
        self.kind = kind if kind in question_checks.KINDS else "interview"
        self.question_id = route_id(self.router, "question_id")
        self.error, self.found, self.revisions = "", True, []
        choices = admin_questions.topic_choices(session, self.lang) if self.kind == "quiz" else []
        self.topics = [{"value": slug, "label": name} for slug, name in choices]
        if self.question_id:
            try:
                self._show_row(session, admin_questions.get_question(session, self.kind, self.question_id))
            except QuestionError:
                self.found = False
                return None
        else:
            start = NEW_QUIZ if self.kind == "quiz" else NEW_INTERVIEW
            to_form = question_checks.quiz_form if self.kind == "quiz" else question_checks.interview_form
            self.form = to_form(start)  # type: ignore[arg-type]
            self.status = self.source = self.stats = ""
            self.version = 0
        self._check(session)
        self.loaded = True
        return None

    @rx.event
    @with_admin
    def set_field(self, session: Session, admin: User, name: str, value: Any):
        """One field changed: keep it and check the question again (live validation)."""
        if name in self.form:
            text = ("true" if value else "") if isinstance(value, bool) else str(value)
            self.form = {**self.form, name: text[:6000]}
        self._check(session)
        return None

    @rx.event
    @with_admin
    def save(self, session: Session, admin: User):
        """Save the question (a new version with a revision); problems keep it unsaved."""
        try:
            row, changed = admin_questions.save_question(
                session, admin, self.kind, self._data(), question_id=self.question_id or None
            )
        except QuestionError as exc:
            self._show_problems(exc.problems)
            self.error = self.t(keys.ADMIN_ERRORS[exc.code])
            return None
        created = self.question_id == 0
        self.question_id = row.id or 0
        self._show_row(session, row)
        self._check(session)
        self.error = ""
        if created:
            return [
                rx.redirect(routes.admin_question(self.kind, self.question_id)),
                rx.toast.success(self.t("admin.edit.created")),
            ]
        return rx.toast.success(self.t("admin.edit.saved") if changed else self.t("admin.edit.unchanged"))

    @rx.event
    @with_admin
    def set_status(self, session: Session, admin: User, retire: bool):
        """Retire the question, or put it back into use."""
        try:
            change = admin_questions.retire if retire else admin_questions.restore
            row = change(session, admin, self.kind, self.question_id)
        except QuestionError as exc:
            self.error = self.t(keys.ADMIN_ERRORS[exc.code])
            return None
        self._show_row(session, row)
        return rx.toast.success(self.t("admin.questions.retired" if retire else "admin.questions.restored"))

    @rx.event
    @with_admin
    def revert(self, session: Session, admin: User, revision_id: int):
        """Save an earlier version's content as the newest version."""
        try:
            row = admin_questions.revert(session, admin, self.kind, self.question_id, int(revision_id))
        except QuestionError as exc:
            self._show_problems(exc.problems)
            self.error = self.t(keys.ADMIN_ERRORS[exc.code])
            return None
        self._show_row(session, row)
        self._check(session)
        self.error = ""
        return rx.toast.success(self.t("admin.edit.reverted"))


def _header() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), rx.text(tr("admin.edit.back")), align="center"),
            href=routes.ADMIN_QUESTIONS,
            size="2",
        ),
        rx.spacer(),
        rx.cond(
            ~QuestionEditState.is_new,
            meta(
                status_badge(QuestionEditState.status, QuestionEditState.status_label),
                rx.text(tr("admin.edit.version"), " ", QuestionEditState.version),
                rx.text(QuestionEditState.source),
            ),
        ),
        width="100%",
        align="center",
        wrap="wrap",
        gap="0.5rem",
    )


def _buttons() -> rx.Component:
    status = QuestionEditState.status
    return rx.flex(
        rx.button(
            rx.icon("check", size=16),
            rx.cond(status == "draft", tr("admin.edit.save_draft"), tr("admin.edit.save")),
            on_click=QuestionEditState.save,
            id="edit-save",
        ),
        rx.cond(
            (status == "active") | (status == "flagged"),
            rx.button(
                tr("admin.questions.retire"),
                variant="soft",
                color_scheme="red",
                on_click=QuestionEditState.set_status(True),
                id="edit-retire",
            ),
        ),
        rx.cond(
            status == "retired",
            rx.button(
                tr("admin.questions.restore"),
                variant="soft",
                on_click=QuestionEditState.set_status(False),
                id="edit-restore",
            ),
        ),
        rx.cond(status == "draft", rx.link(tr("admin.edit.review_queue"), href=routes.ADMIN_GENERATE, size="2")),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def _problems() -> rx.Component:
    return rx.cond(
        QuestionEditState.problems.length() > 0,
        note_box(
            "triangle-alert",
            "amber",
            rx.text(tr("admin.edit.problems"), weight="medium"),
            rx.el.ul(
                rx.foreach(QuestionEditState.problems, lambda p: rx.el.li(p)),
                style={"margin": "0.25rem 0 0 1rem", "list_style": "disc"},
            ),
            id="edit-problems",
        ),
        rx.callout(tr("admin.edit.all_good"), icon="circle-check", color_scheme="green", width="100%", id="edit-ok"),
    )


def _editor() -> rx.Component:
    form, errors = QuestionEditState.form, QuestionEditState.field_errors
    return rx.grid(
        rx.vstack(
            rx.cond(
                QuestionEditState.kind == "quiz",
                quiz_fields(
                    form, errors, QuestionEditState.set_field, QuestionEditState.is_new, QuestionEditState.topics
                ),
                interview_fields(form, errors, QuestionEditState.set_field, QuestionEditState.is_new),
            ),
            _problems(),
            error_callout(QuestionEditState.error, "edit-error"),
            _buttons(),
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            section(
                tr("admin.edit.preview"),
                rx.cond(
                    QuestionEditState.kind == "quiz",
                    quiz_preview(QuestionEditState.preview),
                    interview_preview(QuestionEditState.preview),
                ),
            ),
            rx.cond(
                ~QuestionEditState.is_new,
                section(tr("admin.edit.stats"), rx.text(QuestionEditState.stats, size="2", id="edit-stats")),
            ),
            rx.cond(
                ~QuestionEditState.is_new,
                section(
                    tr("admin.edit.history"),
                    history_list(QuestionEditState.revisions, QuestionEditState.revert, QuestionEditState.version),
                ),
            ),
            spacing="3",
            width="100%",
            position=rx.breakpoints(initial="static", lg="sticky"),
            top="1rem",
        ),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
        align_items="start",
    )


@rx.page(
    route=routes.ADMIN_QUESTION,
    title=tr("admin.edit.page_title"),
    on_load=[QuestionEditState.require_admin, QuestionEditState.load],
)
def admin_question_page() -> rx.Component:
    return admin_shell(
        tr("admin.edit.title"),
        routes.ADMIN_QUESTIONS,
        rx.vstack(
            _header(),
            rx.cond(
                QuestionEditState.found,
                rx.cond(
                    QuestionEditState.loaded,
                    _editor(),
                    rx.hstack(
                        rx.spinner(size="2"), rx.text(tr("admin.edit.loading"), color_scheme="gray"), id="edit-loading"
                    ),
                ),
                rx.text(tr("admin.edit.not_found"), color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
    )
