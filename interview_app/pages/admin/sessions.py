"""Admin: interview sessions and quizzes across users, failed answers (with retry) and failed jobs."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_activity import failures, session_row
from interview_app.components.admin_ui import empty, filters, intro, native_select, pager
from interview_app.components.i18n import tr
from interview_app.i18n import keys, t
from interview_app.jobs import runner
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.users import when
from interview_app.services.accounts import profiles
from interview_app.services.admin import activity as admin_activity
from interview_app.services.admin.activity import ActivityError
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 25
TABS = [
    ("interviews", tr("admin.sessions.tab.interviews")),
    ("quizzes", tr("admin.sessions.tab.quizzes")),
    ("failures", tr("admin.sessions.tab.failures")),
]
STATUS_OPTIONS = [("", tr("admin.sessions.any_status"))] + [
    (s, tr(keys.HISTORY_STATUS[s])) for s in admin_activity.SESSION_STATUSES
]
MODE_OPTIONS = [("", tr("admin.sessions.any_mode"))] + [
    (m, tr(keys.ADMIN_SESSIONS_MODE[m])) for m in admin_activity.MODES
]
DAY_OPTIONS = [(str(n), tr("admin.sessions.days", n=n)) for n in (1, 7, 30, 90)]
VIEWS = {"interviews", "quizzes", "failures"}


ENGINE_LABELS = {"offline": "admin.chart.offline", "llm": "admin.chart.llm"}


def engines_text(engines: dict[str, int], fallbacks: int, lang: str) -> str:
    """How a session's answers were scored, e.g. "LLM 1 · Offline 2 · 1 LLM fallback(s)"."""
    parts = [
        f"{t(ENGINE_LABELS[engine], lang) if engine in ENGINE_LABELS else engine} {n}"
        for engine, n in sorted(engines.items())
    ]
    if fallbacks:
        parts.append(t("admin.sessions.fallbacks", lang, n=fallbacks))
    return " · ".join(parts) or t("admin.sessions.not_scored", lang)


class SessionsState(AdminState):
    """Which list is shown, its filters and rows."""

    view: str = "interviews"
    status: str = ""
    mode: str = ""
    days: str = "7"
    page: int = 1
    total: int = 0
    # Interview or quiz rows, whichever view is open.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # Failed answers and failed jobs (the failures view).
    failed: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    jobs: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.var
    def pages(self) -> int:
        """How many pages the list fills."""
        return max(1, -(-self.total // PAGE_SIZE))

    def _read(self, session: Any) -> None:
        offset, days = (self.page - 1) * PAGE_SIZE, int(self.days) if self.days.isdigit() else 7
        if self.view == "interviews":
            found, self.total = admin_activity.recent_interviews(
                session, status=self.status, mode=self.mode, days=days, limit=PAGE_SIZE, offset=offset
            )
            self.rows = [
                {
                    "title": profiles.shown_role_title(r.session.role_slug, r.session.role_title, self.lang)
                    or self.t("interview.report.untitled"),
                    "user": f"{r.user_name} <{r.user_email}>",
                    "href": routes.admin_user(r.session.user_id),
                    "status": r.session.status,
                    "status_label": self.t(keys.HISTORY_STATUS[r.session.status]),
                    "meta": f"{self.t(keys.INTERVIEW_TYPE[r.session.interview_type])} · "
                    f"{self.t(keys.ADMIN_SESSIONS_MODE[r.session.answer_mode])} · "
                    f"{self.t('admin.sessions.answers', n=r.answers)}",
                    "score": str(r.session.overall_score) if r.session.overall_score is not None else "—",
                    "engines": engines_text(r.engines, r.fallbacks, self.lang),
                    "failed": r.failed,
                    "when": when(r.session.started_at),
                }
                for r in found
            ]
        elif self.view == "quizzes":
            quizzes, self.total = admin_activity.recent_quizzes(session, days=days, limit=PAGE_SIZE, offset=offset)
            self.rows = [
                {
                    "title": q.topic or self.t(keys.ADMIN_SESSIONS_QUIZ_KIND[q.attempt.kind]),
                    "user": f"{q.user_name} <{q.user_email}>",
                    "href": routes.admin_user(q.attempt.user_id),
                    "status": q.attempt.status,
                    "status_label": self.t(keys.ADMIN_SESSIONS_QUIZ_STATUS[q.attempt.status]),
                    "meta": self.t(
                        "admin.sessions.quiz_meta",
                        answered=q.attempt.answered,
                        total=q.attempt.total,
                        correct=q.attempt.correct,
                    ),
                    "score": "",
                    "engines": "",
                    "failed": 0,
                    "when": when(q.attempt.created_at),
                }
                for q in quizzes
            ]
        else:
            self.failed = [
                {
                    "id": f.answer.id,
                    "user": f"{f.user_name} <{f.user_email}>",
                    "prompt": f.prompt,
                    "stage": self.t(keys.ADMIN_SESSIONS_STAGE[f.stage]),
                    "error": f.answer.last_error or "—",
                    "attempts": f.answer.attempts,
                    "mode": self.t(keys.ADMIN_SESSIONS_MODE[f.answer.mode]),
                    "when": when(f.answer.submitted_at),
                    "session": f"#{f.session_id} · Q{f.position + 1}",
                }
                for f in admin_activity.failed_answers(session)
            ]
            self.jobs = [
                {"name": j.name, "error": j.error, "when": when(j.started_at), "seconds": f"{j.seconds:.2f} s"}
                for j in admin_activity.failed_jobs(session, days=days)
            ]

    @rx.event
    def from_link(self):
        """Open the view named in the address (`?view=failures`), before the first load."""
        if not self._is_admin("from_link"):
            return self._denied()
        view = self.router.url.query_parameters.get("view", "")
        if view in VIEWS:
            self.view, self.page = str(view), 1
        return None

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the open list."""
        self._read(session)
        return None

    @rx.event
    @with_admin
    def set_view(self, session: Session, admin: User, view: str | list[str]):
        """Show interviews, quizzes or failures (the segmented control sends one value)."""
        if isinstance(view, str) and view in VIEWS:
            self.view, self.page = view, 1
        self._read(session)
        return None

    @rx.event
    @with_admin
    def set_filter(self, session: Session, admin: User, name: str, value: str):
        """A filter changed (status, answer mode or days)."""
        if name in ("status", "mode", "days"):
            setattr(self, name, str(value)[:20])
        self.page = 1
        self._read(session)
        return None

    @rx.event
    @with_admin
    def turn_page(self, session: Session, admin: User, step: int):
        """Go to the previous (-1) or next (+1) page."""
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        self._read(session)
        return None

    @rx.event
    def retry(self, answer_id: int):
        """Give a failed answer new attempts and queue its transcription or scoring again."""
        with self._session() as session:
            admin = self._admin(session, "retry")
            if admin is None:
                return self._denied()
            try:
                name, args = admin_activity.retry_answer(session, admin, int(answer_id), self._client().ip)
            except ActivityError as exc:
                return rx.toast.error(self.t(keys.ADMIN_ERRORS[exc.code]))
            self._after_commit(session, lambda: runner.enqueue(name, *args))
        with self._session() as session:
            self._read(session)
        return rx.toast.success(self.t("admin.sessions.retried"))


@rx.page(
    route=routes.ADMIN_SESSIONS,
    title=tr("admin.sessions.page_title"),
    on_load=[SessionsState.require_admin, SessionsState.from_link, SessionsState.load],
)
def admin_sessions_page() -> rx.Component:
    return admin_shell(
        tr("admin.sessions.title"),
        routes.ADMIN_SESSIONS,
        rx.vstack(
            intro(tr("admin.sessions.intro")),
            # A segmented control, not tabs: it filters the one list below (tabs would point at panels).
            rx.segmented_control.root(
                *[rx.segmented_control.item(label, value=key) for key, label in TABS],
                value=SessionsState.view,
                on_change=SessionsState.set_view,
                id="sessions-tabs",
            ),
            filters(
                rx.cond(
                    SessionsState.view == "interviews",
                    native_select(
                        SessionsState.status,
                        STATUS_OPTIONS,
                        lambda v: SessionsState.set_filter("status", v),
                        tr("admin.sessions.filter_status"),
                        "sessions-status",
                    ),
                ),
                rx.cond(
                    SessionsState.view == "interviews",
                    native_select(
                        SessionsState.mode,
                        MODE_OPTIONS,
                        lambda v: SessionsState.set_filter("mode", v),
                        tr("admin.sessions.filter_mode"),
                        "sessions-mode",
                    ),
                ),
                native_select(
                    SessionsState.days,
                    DAY_OPTIONS,
                    lambda v: SessionsState.set_filter("days", v),
                    tr("admin.sessions.filter_days"),
                    "sessions-days",
                ),
            ),
            rx.cond(
                SessionsState.view == "failures",
                failures(SessionsState.failed, SessionsState.jobs, SessionsState.retry),
                rx.vstack(
                    pager(
                        SessionsState.page,
                        SessionsState.pages,
                        SessionsState.total,
                        SessionsState.turn_page(-1),
                        SessionsState.turn_page(1),
                        "sessions-pager",
                    ),
                    rx.cond(
                        SessionsState.rows.length() > 0,
                        rx.vstack(rx.foreach(SessionsState.rows, session_row), spacing="2", width="100%"),
                        empty(tr("admin.sessions.none")),
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
    )
