"""Progress: charts of scores, skills, topics, speaking and activity; readiness, peers, what next, a plan."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.clock import utcnow
from interview_app.components.figures import BLANK_FIGURE
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.models import User
from interview_app.pages.progress.progress_view import page_body
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.billing import plans
from interview_app.services.interviews import interviews
from interview_app.services.progress import charts, progress, study_plan
from interview_app.services.progress import pdf as progress_pdf
from interview_app.services.progress.rows import rows_for
from interview_app.services.shared import limits
from interview_app.services.trainer import quiz
from interview_app.state.auth import AuthState, with_user


class ProgressState(AuthState):
    """The progress page; every handler resolves the signed-in user on the server."""

    loaded: bool = False
    has_sessions: bool = False
    has_mastery: bool = False
    has_speaking: bool = False
    # Figures, and the same numbers as table rows (strings) with a one-line reading of each chart.
    scores_fig: go.Figure = BLANK_FIGURE
    radar_fig: go.Figure = BLANK_FIGURE
    mastery_fig: go.Figure = BLANK_FIGURE
    speaking_fig: go.Figure = BLANK_FIGURE
    calendar_fig: go.Figure = BLANK_FIGURE
    weekly_fig: go.Figure = BLANK_FIGURE
    scores_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    radar_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    mastery_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    speaking_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    calendar_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    weekly_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    summaries: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # Trend of the overall score and each dimension: skill, label, how it was worked out.
    trend_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    readiness_text: str = ""
    readiness_rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    share_progress: bool = False
    percentile_text: str = ""
    streak: int = 0
    recommendations: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The study plan.
    plan_exists: bool = False
    plan_summary: str = ""
    plan_status: str = ""
    plan_edited: bool = False
    plan_by_llm: bool = False
    plan_weeks: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    edit_index: int = 0
    edit_sessions: str = "3"
    edit_note: str = ""
    plan_error: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        """Read the candidate's progress."""
        self.busy, self.plan_error = False, ""
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        view = progress.overview(session, user.id or 0, utcnow(), self.lang)
        self._show(view)
        self.loaded = True
        return None

    def _show(self, v: progress.Overview) -> None:
        self.has_sessions, self.has_mastery, self.has_speaking = bool(v.points), bool(v.mastery), bool(v.speaking)
        lang = self.lang
        self.scores_fig = charts.scores_over_time(v.points, v.trends, lang)
        self.radar_fig = charts.skill_radar(v.levels, lang)
        self.mastery_fig = charts.mastery_heatmap(v.mastery, lang)
        self.speaking_fig = charts.speaking_chart(v.speaking, lang)
        self.calendar_fig = charts.activity_calendar(v.activity, v.today, lang)
        self.weekly_fig = charts.weekly_chart(v.weekly, lang)
        rows = rows_for(v, self.lang)
        self.scores_rows, self.radar_rows, self.mastery_rows = rows["scores"], rows["radar"], rows["mastery"]
        self.speaking_rows, self.calendar_rows, self.weekly_rows = rows["speaking"], rows["calendar"], rows["weekly"]
        self.summaries, self.trend_rows = rows["summaries"], rows["trends"]
        r = v.readiness
        self.readiness_text = (
            progress.readiness_sentence(r.overall, r.days_left, r.sessions_per_week, self.lang)
            if r.overall
            else self.t("progress.readiness.none")
        )
        self.readiness_rows = rows["readiness"]
        self.share_progress, self.streak = v.share_progress, v.streak.current
        self.percentile_text = rows["percentile"]
        self.recommendations = [
            {"kind": x.kind, "title": x.title, "reason": x.reason, "action": x.action, "target": x.target}
            for x in v.recommendations
        ]
        plan = v.plan
        self.plan_exists = plan is not None
        self.plan_summary = plan.plan.get("summary", "") if plan else ""
        self.plan_status, self.plan_edited = (plan.status, plan.edited) if plan else ("", False)
        self.plan_by_llm = bool(plan and plan.source.startswith("llm:"))
        self.plan_weeks = rows["plan"]

    @rx.event
    @with_user
    def set_sharing(self, session: Session, user: User, on: bool):
        """Opt in to (or out of) comparing with peers."""
        progress.set_sharing(session, user.id or 0, bool(on))
        return ProgressState.load

    @rx.event
    def start(self, action: str, target: str):
        """One-click start of a recommendation: a focused interview, the trainer, or practice on a topic."""
        if self.busy:
            return None
        self.busy = True
        return self._start_recommendation(action, target)

    @with_user
    def _start_recommendation(self, session: Session, user: User, action: str, target: str):
        uid = user.id or 0
        try:
            if action == "interview" and target in COMPETENCIES:
                defaults = interviews.defaults_for(session, uid)
                options = interviews.validate_setup(
                    {**defaults, "interview_type": "mixed", "question_count": "5", "focus": [target]}
                )
                started = interviews.start_session(session, uid, options)
                return rx.redirect(routes.interview(started.id or 0))
            if action in ("trainer", "practice"):
                topic_id = int(target) if action == "practice" and target.isdigit() else None
                attempt = quiz.start_practice(session, uid, topic_id, 5, utcnow())
                return rx.redirect(routes.trainer_quiz(attempt.id or 0))
        except limits.LimitExceeded as exc:
            self.busy = False
            return rx.toast.error(exc.message(self.lang))
        except (interviews.InterviewError, quiz.QuizError) as exc:
            self.busy = False
            table = keys.INTERVIEW_ERRORS if isinstance(exc, interviews.InterviewError) else keys.TRAINER_ERRORS
            return rx.toast.error(self.t(table[exc.code]))
        self.busy = False
        return rx.toast.error(self.t("progress.error.unknown_action"))

    @rx.event
    @with_user
    def make_plan(self, session: Session, user: User):
        """Build (or rebuild) the study plan."""
        study_plan.generate(session, user.id or 0, progress.local_today_for(session, user.id or 0))
        return [ProgressState.load, rx.toast.success(self.t("progress.plan.made"))]

    @rx.event
    def accept_plan(self):
        """Accept the study plan."""
        return self._plan_change(lambda session, uid: study_plan.accept(session, uid), "progress.plan.accepted")

    @rx.event
    def open_edit(self, index: int, sessions: int, note: str):
        """Open the editor for one week of the plan."""
        self.edit_index, self.edit_sessions, self.edit_note, self.plan_error = index, str(sessions), note, ""

    @rx.event
    def close_edit(self, open_: bool):
        """Close the week editor."""
        if not open_:
            self.edit_index = 0

    @rx.event
    def set_edit_sessions(self, value: str):
        """Mock interviews planned for the week being edited."""
        self.edit_sessions = value

    @rx.event
    def set_edit_note(self, value: str):
        """The candidate's own note for the week."""
        self.edit_note = value[:400]

    @rx.event
    def save_week(self):
        """Save the edited week."""
        try:
            sessions = int(self.edit_sessions)
        except ValueError:
            self.plan_error = self.t("progress.plan.error.sessions_range")
            return None
        index, note = self.edit_index, self.edit_note
        return self._plan_change(
            lambda session, uid: study_plan.edit_week(session, uid, index, sessions, note), "progress.plan.saved"
        )

    @with_user
    def _plan_change(self, session: Session, user: User, change, done_key: str):
        try:
            change(session, user.id or 0)
        except study_plan.PlanError as exc:
            self.plan_error = self.t(keys.PROGRESS_PLAN_ERRORS[exc.code])
            return rx.toast.error(self.plan_error)
        self.edit_index = 0
        return [ProgressState.load, rx.toast.success(self.t(done_key))]

    @rx.event
    @with_user
    def download_pdf(self, session: Session, user: User):
        """A printable progress summary (PDF), built on the server for the signed-in user."""
        try:
            data = progress_pdf.render(session, user, utcnow())
        except plans.FeatureLocked as exc:
            return rx.toast.error(exc.message(self.lang))
        return rx.download(data=data, filename="interview-coach-progress.pdf")


@rx.page(
    route=routes.PROGRESS, title=tr("progress.page_title"), on_load=[ProgressState.require_user, ProgressState.load]
)
def progress_page() -> rx.Component:
    return page_body(ProgressState)
