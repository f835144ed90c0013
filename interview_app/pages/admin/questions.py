"""Admin: the interview and quiz question banks, with search, filters, stats, retire/restore and export."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_bank import bank_toolbar, question_row
from interview_app.components.admin_ui import (
    dynamic_select,
    empty,
    filters,
    intro,
    native_select,
    pager,
    search_box,
)
from interview_app.components.i18n import tr
from interview_app.i18n import LANGUAGE_NAMES, keys, t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin.questions import QuestionError, QuestionFilter
from interview_app.services.bank import export as question_export
from interview_app.services.bank import stats as question_stats
from interview_app.services.bank.files import QUESTION_TYPES
from interview_app.services.trainer.quiz_bank import QUIZ_KINDS
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 20
KIND_OPTIONS = [("interview", tr("admin.questions.kind.interview")), ("quiz", tr("admin.questions.kind.quiz"))]
STATUS_OPTIONS = [("", tr("admin.questions.any_status"))] + [
    (s, tr(keys.ADMIN_STATUS[s])) for s in admin_questions.STATUSES
]
SOURCE_OPTIONS = [("", tr("admin.questions.any_source"))] + [
    (s, tr(keys.ADMIN_SOURCE[s])) for s in admin_questions.SOURCES
]
DIFFICULTY_OPTIONS = [("", tr("admin.questions.any_difficulty"))] + [
    (d, tr(keys.DIFFICULTY[d])) for d in ("easy", "medium", "hard")
]
TYPE_KEYS = {**{k: keys.QUESTION_TYPE[k] for k in QUESTION_TYPES}, **{k: keys.ADMIN_QUIZ_KIND[k] for k in QUIZ_KINDS}}
LANGUAGE_OPTIONS = [("", tr("admin.questions.any_language")), *LANGUAGE_NAMES.items()]
FILTERS = ("status", "source", "qtype", "difficulty", "group", "language")


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage, or a dash."""
    return f"{round(100 * share)}%" if share is not None else "—"


def stats_text(kind: str, stats: question_stats.QuestionStats, lang: str) -> str:
    """Times asked, average score, skip rate (and reports for quiz questions) in one line."""
    average = "—" if stats.average is None else f"{stats.average:.0f}" + ("%" if kind == "quiz" else "")
    text = t("admin.questions.stats", lang, asked=stats.asked, average=average, skips=percent(stats.skip_rate))
    return text + (" · " + t("admin.questions.reports", lang, n=stats.reports) if kind == "quiz" else "")


class QuestionsState(AdminState):
    """The bank list: which kind, the search, the filters and one page."""

    kind: str = "interview"
    text: str = ""
    status: str = ""
    source: str = ""
    qtype: str = ""
    difficulty: str = ""
    group: str = ""
    language: str = ""
    page: int = 1
    total: int = 0
    # Roles (interview) or topics (quiz) to filter by: value, label.
    groups: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # One page: id, slug, prompt, type, difficulty, status, status_label, source, version, stats, href.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # The page's language when it loaded, for the type filter's labels (a var of this state, so the computed
    # options do not hang on AuthState.lang).
    labels_lang: str = "en"

    @rx.var
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def type_options(self) -> list[dict[str, str]]:
        """Question types (interview) or kinds (quiz) for the type filter."""
        keys = QUIZ_KINDS if self.kind == "quiz" else QUESTION_TYPES
        return [{"value": k, "label": t(TYPE_KEYS[k], self.labels_lang)} for k in keys]

    def _filter(self) -> QuestionFilter:
        return QuestionFilter(
            kind=self.kind,
            text=self.text[:100],
            status=self.status,
            source=self.source,
            type=self.qtype,
            difficulty=self.difficulty,
            group=self.group,
            language=self.language,
        )

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the filter options and the current page."""
        self.labels_lang = self.lang
        if self.kind == "quiz":
            self.groups = [{"value": s, "label": n} for s, n in admin_questions.topic_choices(session, self.lang)]
        else:
            self.groups = [
                {"value": r.slug, "label": profiles.role_name(r, self.lang)}
                for r in profiles.list_roles(session, self.lang)
            ]
        rows, self.total = admin_questions.list_questions(
            session, self._filter(), limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE
        )
        stats = question_stats.stats_for(session, self.kind, [r.id for r in rows])
        self.rows = [self._row(r, stats.get(r.id or 0)) for r in rows]
        return None

    def _row(self, row: Any, stats: question_stats.QuestionStats | None) -> dict[str, Any]:
        kind_key = row.kind if self.kind == "quiz" else row.type
        return {
            "id": row.id,
            "slug": row.slug,
            "prompt": row.prompt,
            "type": self.t(TYPE_KEYS[kind_key]) if kind_key in TYPE_KEYS else kind_key,
            "difficulty": self.t(keys.DIFFICULTY[row.difficulty]),
            "status": row.status,
            "status_label": self.t(keys.ADMIN_STATUS[row.status]),
            "source": self.t(keys.ADMIN_SOURCE[row.source]),
            "version": f"v{row.version}",
            "stats": stats_text(self.kind, stats or question_stats.QuestionStats(), self.lang),
            "href": routes.admin_question(self.kind, row.id or 0),
        }

    @rx.event
    def set_kind(self, kind: str):
        """Switch between the interview and the quiz bank."""
        if not self._is_admin("set_kind"):
            return self._denied()
        if kind in ("interview", "quiz"):
            self.kind, self.page, self.qtype, self.group = kind, 1, "", ""
        return QuestionsState.load

    @rx.event
    def set_text(self, value: str):
        """The search text changed (debounced)."""
        if not self._is_admin("set_text"):
            return self._denied()
        self.text, self.page = str(value)[:100], 1
        return QuestionsState.load

    @rx.event
    def set_filter(self, name: str, value: str):
        """One of the filters changed."""
        if not self._is_admin("set_filter"):
            return self._denied()
        if name in FILTERS:
            setattr(self, name, str(value)[:80])
        self.page = 1
        return QuestionsState.load

    @rx.event
    def turn_page(self, step: int):
        """Go to the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_page"):
            return self._denied()
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        return QuestionsState.load

    @rx.event
    @with_admin
    def set_status(self, session: Session, admin: User, question_id: int, retire: bool):
        """Retire a question, or put a retired one back into use."""
        try:
            if retire:
                admin_questions.retire(session, admin, self.kind, int(question_id))
            else:
                admin_questions.restore(session, admin, self.kind, int(question_id))
        except QuestionError as exc:
            return rx.toast.error(self.t(keys.ADMIN_ERRORS[exc.code]))
        return [
            QuestionsState.load,
            rx.toast.success(self.t("admin.questions.retired" if retire else "admin.questions.restored")),
        ]

    @rx.event
    @with_admin
    def export(self, session: Session, admin: User, fmt: str):
        """Download the filtered bank as CSV or JSON (importable again)."""
        try:
            text, filename = question_export.export(session, admin, self.kind, str(fmt), self._filter())
        except QuestionError as exc:
            return rx.toast.error(self.t(keys.ADMIN_ERRORS[exc.code]))
        mime = "application/json" if filename.endswith(".json") else "text/csv"
        return rx.download(data=text, filename=filename, mime_type=mime)


@rx.page(
    route=routes.ADMIN_QUESTIONS,
    title=tr("admin.questions.page_title"),
    on_load=[QuestionsState.require_admin, QuestionsState.load],
)
def admin_questions_page() -> rx.Component:
    return admin_shell(
        tr("admin.questions.title"),
        routes.ADMIN_QUESTIONS,
        rx.vstack(
            intro(tr("admin.questions.intro")),
            bank_toolbar(
                QuestionsState.kind, KIND_OPTIONS, lambda v: QuestionsState.set_kind(v.to(str)), QuestionsState.export
            ),
            search_box(QuestionsState.text, QuestionsState.set_text, tr("admin.questions.search"), "questions-search"),
            filters(
                native_select(
                    QuestionsState.status,
                    STATUS_OPTIONS,
                    lambda v: QuestionsState.set_filter("status", v),
                    tr("admin.questions.filter_status"),
                    "questions-status",
                ),
                native_select(
                    QuestionsState.source,
                    SOURCE_OPTIONS,
                    lambda v: QuestionsState.set_filter("source", v),
                    tr("admin.questions.filter_source"),
                    "questions-source",
                ),
                dynamic_select(
                    QuestionsState.qtype,
                    ("", tr("admin.questions.any_type")),
                    QuestionsState.type_options,
                    lambda v: QuestionsState.set_filter("qtype", v),
                    tr("admin.questions.filter_type"),
                    "questions-type",
                ),
                native_select(
                    QuestionsState.difficulty,
                    DIFFICULTY_OPTIONS,
                    lambda v: QuestionsState.set_filter("difficulty", v),
                    tr("admin.questions.filter_difficulty"),
                    "questions-difficulty",
                ),
                dynamic_select(
                    QuestionsState.group,
                    (
                        "",
                        rx.cond(
                            QuestionsState.kind == "quiz",
                            tr("admin.questions.any_topic"),
                            tr("admin.questions.any_role"),
                        ),
                    ),
                    QuestionsState.groups,
                    lambda v: QuestionsState.set_filter("group", v),
                    tr("admin.questions.filter_group"),
                    "questions-group",
                ),
                native_select(
                    QuestionsState.language,
                    LANGUAGE_OPTIONS,
                    lambda v: QuestionsState.set_filter("language", v),
                    tr("admin.questions.filter_language"),
                    "questions-language",
                ),
            ),
            pager(
                QuestionsState.page,
                QuestionsState.pages,
                QuestionsState.total,
                QuestionsState.turn_page(-1),
                QuestionsState.turn_page(1),
                "questions-pager",
            ),
            rx.cond(
                QuestionsState.rows.length() > 0,
                rx.vstack(
                    rx.foreach(QuestionsState.rows, lambda r: question_row(r, QuestionsState.set_status)),
                    spacing="2",
                    width="100%",
                    id="questions-list",
                ),
                empty(tr("admin.questions.none")),
            ),
            spacing="3",
            width="100%",
        ),
    )
