"""/tailor: the job description, the CV, the questions chosen and why, and earlier tailored interviews.

Paste a job description, upload a CV, check and correct what was read, see the questions chosen (and why),
start the tailored interview.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import form_alert
from interview_app.components.i18n import tr
from interview_app.i18n import formats, keys, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import CandidateDocument, User
from interview_app.services.accounts import profiles
from interview_app.services.billing import plans
from interview_app.services.interviews import interviews
from interview_app.services.shared import limits
from interview_app.services.tailoring import cv as cv_reader
from interview_app.services.tailoring import fetch, tailoring
from interview_app.services.tailoring import files as cv_files
from interview_app.services.tailoring import job as job_reader
from interview_app.state.auth import AuthState, with_user

UPLOAD_ID = "tailor-cv-upload"
SENIORITY_OPTIONS = [("none", tr("tailor.seniority.none"))] + [(s, s.capitalize()) for s in job_reader.SENIORITIES]
MODE_OPTIONS = [(m, tr(keys.INTERVIEW_MODE[m])) for m in interviews.ANSWER_MODES]


def _source_label(source: str, label: str, lang: str) -> str:
    head = t(keys.TAILOR_SOURCE[source], lang) if source in ("cv", "github", "company", "job", "role") else source
    return f"{head} ({label})" if label and label not in ("required", "nice", "responsibility", "skills") else head


class TailorState(AuthState):
    """The three steps of the tailoring page."""

    job_text: str = ""
    has_job: bool = False
    job_title: str = ""
    job_company: str = ""
    job_seniority: str = "none"
    job_required: str = ""
    job_nice: str = ""
    job_requirements: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    job_responsibilities: rx.Field[list[str]] = rx.field(default_factory=list)
    job_error: str = ""
    editing_job: bool = True
    url_enabled: bool = False
    job_url: str = ""

    has_cv: bool = False
    cv_filename: str = ""
    cv_roles: str = ""
    cv_projects: str = ""
    cv_skills: str = ""
    cv_metrics: rx.Field[list[str]] = rx.field(default_factory=list)
    cv_confirmed: bool = False
    cv_error: str = ""
    cv_busy: bool = False
    fetching: bool = False  # an advert is being fetched by its address

    count: str = str(tailoring.DEFAULT_COUNT)
    answer_mode: str = "text"
    plan: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    plan_error: str = ""
    planning: bool = False
    past: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _show_job(self, doc: CandidateDocument | None) -> None:
        self.has_job = doc is not None
        self.editing_job = doc is None
        if doc is None:
            return
        job = tailoring.job_of(doc)
        self.job_text = doc.text
        self.job_title, self.job_company = job.title, job.company
        self.job_seniority = job.seniority or "none"
        self.job_required, self.job_nice = ", ".join(job.required_skills), ", ".join(job.nice_skills)
        self.job_requirements = [
            {"text": r.text, "kind": self.t(keys.TAILOR_JOB_KIND[r.kind]) if r.kind in ("required", "nice") else r.kind}
            for r in job.checked_requirements()
        ]
        self.job_responsibilities = job.responsibilities[:10]

    def _show_cv(self, doc: CandidateDocument | None) -> None:
        self.has_cv = doc is not None
        if doc is None:
            self.cv_filename = self.cv_roles = self.cv_projects = self.cv_skills = ""
            self.cv_metrics, self.cv_confirmed = [], False
            return
        cv = cv_reader.CVProfile.from_dict(doc.extracted)
        self.cv_filename = doc.filename
        self.cv_roles, self.cv_projects = cv_reader.roles_text(cv), cv_reader.projects_text(cv)
        self.cv_skills, self.cv_metrics = ", ".join(cv.skills), cv.metrics[:8]
        self.cv_confirmed = doc.confirmed

    def _show_past(self, session: Session, user_id: int) -> None:
        self.past = [
            {
                "title": row.title or self.t("tailor.title"),
                "company": row.company,
                "when": formats.date(run.started_at, self.lang),
                "status": run.status,
                "run_url": routes.interview(run.id or 0),
                "report_url": routes.interview_report(run.id or 0),
                "fit_url": routes.tailor_fit(run.id or 0),
            }
            for row, run in tailoring.history(session, user_id)
        ]

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Show the latest job description, the CV and earlier tailored interviews."""
        uid = user.id or 0
        self.job_error = self.cv_error = self.plan_error = ""
        self.url_enabled = tailoring.url_fetch_enabled(session)
        self.plan, self.cv_busy, self.planning, self.fetching = [], False, False, False
        self._show_job(tailoring.current_job(session, uid))
        self._show_cv(tailoring.current_cv(session, uid))
        self._show_past(session, uid)
        if not self.has_job:
            self.job_text = ""

    @rx.event
    def set_job_text(self, value: str):
        """The pasted job description."""
        self.job_text = value[: job_reader.MAX_CHARS + 1]

    @rx.event
    def set_job_url(self, value: str):
        """The advert's address (only when fetching is on)."""
        self.job_url = value[:2000]

    @rx.event
    def fetch_job(self):
        """Fetch the advert by its address (the button shows it is busy meanwhile)."""
        self.fetching, self.job_error = True, ""
        return TailorState.fetch_job_text

    @rx.event
    @with_user
    def fetch_job_text(self, session: Session, user: User):
        """Fetch the advert's text into the box for the candidate to check (only when the operator allows it)."""
        self.fetching, self.job_error = False, ""
        try:
            self.job_text = tailoring.fetch_job_text(session, user.id or 0, self.job_url)
        except fetch.FetchError as exc:
            self.job_error = self.t(keys.TAILOR_ERRORS[exc.code])
            if exc.code == "url_disabled":  # an admin turned fetching off meanwhile: the address field goes
                self.url_enabled = False
            return None
        return rx.toast.info(self.t("tailor.job.fetched"))

    @rx.event
    def edit_job(self):
        """Paste another job description."""
        self.editing_job, self.job_error, self.plan = True, "", []

    @rx.event
    @with_user
    def read_job(self, session: Session, user: User):
        """Read the pasted job description and show what was found."""
        self.job_error, self.plan = "", []
        try:
            doc = tailoring.save_job(session, user.id or 0, self.job_text)
        except job_reader.JobError as exc:
            self.job_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        self._show_job(doc)
        return None

    @rx.event
    def set_job_field(self, name: str, value: str):
        """A field of the job review form."""
        if name in ("job_title", "job_company", "job_seniority", "job_required", "job_nice"):
            setattr(self, name, value[:2000])

    @rx.event
    @with_user
    def save_job(self, session: Session, user: User):
        """Keep the candidate's corrections of the job description."""
        self.job_error, self.plan = "", []
        form = {
            "title": self.job_title,
            "company": self.job_company,
            "seniority": "" if self.job_seniority == "none" else self.job_seniority,
            "required_skills": self.job_required,
            "nice_skills": self.job_nice,
        }
        try:
            doc = tailoring.update_job(session, user.id or 0, form)
        except tailoring.TailorError as exc:
            self.job_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        self._show_job(doc)
        return rx.toast.success(self.t("tailor.job.saved"))

    @rx.event
    def cv_uploading(self):
        """The file is on its way."""
        self.cv_busy, self.cv_error = True, ""

    @rx.event
    @with_user
    async def upload_cv(self, session: Session, user: User, files: list[rx.UploadFile]):
        """Read an uploaded CV (its type from its bytes; the size checked here too)."""
        self.cv_busy, self.cv_error, self.plan = False, "", []
        if not files or not hasattr(files[0], "read"):  # files come only through /_upload, never as plain values
            return None
        file = files[0]
        raw = await file.read(cv_files.MAX_BYTES + 1)
        try:
            doc = tailoring.save_cv(session, user.id or 0, (file.filename or "cv")[-120:], raw)
        except (cv_files.CVFileError, tailoring.TailorError) as exc:
            self.cv_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return rx.clear_selected_files(UPLOAD_ID)
        self._show_cv(doc)
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def set_cv_field(self, name: str, value: str):
        """A field of the CV review form."""
        if name in ("cv_roles", "cv_projects", "cv_skills"):
            setattr(self, name, value[:20000])

    @rx.event
    @with_user
    def save_cv(self, session: Session, user: User):
        """Keep the candidate's corrections of their CV."""
        self.cv_error, self.plan = "", []
        form = {"roles": self.cv_roles, "projects": self.cv_projects, "skills": self.cv_skills}
        try:
            doc = tailoring.update_cv(session, user.id or 0, form)
        except tailoring.TailorError as exc:
            self.cv_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        self._show_cv(doc)
        return rx.toast.success(self.t("tailor.cv.saved"))

    @rx.event
    @with_user
    def delete_cv(self, session: Session, user: User):
        """Delete the CV and everything made from it."""
        self.plan = []
        try:
            deleted = tailoring.delete_cv(session, user.id or 0)
        except tailoring.TailorError as exc:
            self.cv_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        self._show_cv(None)
        self._show_past(session, user.id or 0)
        return rx.toast.success(self.t("tailor.cv.deleted", interviews=deleted.interviews, questions=deleted.questions))

    @rx.event
    def set_count(self, value: str):
        """How many questions."""
        self.count, self.plan = value, []

    @rx.event
    def set_mode(self, value: str):
        """Text, voice or video answers."""
        if value in interviews.ANSWER_MODES:
            self.answer_mode = value

    @rx.event
    def preview(self):
        """Choose the questions (shown with their reasons before starting)."""
        self.planning, self.plan_error = True, ""
        return TailorState.make_preview

    @rx.event
    @with_user
    def make_preview(self, session: Session, user: User):
        """The questions that would be asked, with why each one was chosen."""
        self.planning = False
        try:
            role = profiles.get_profile(session, user.id or 0).target_role_slug
            seen = tailoring.preview(session, user.id or 0, int(self.count), profile_role=role)
        except (tailoring.TailorError, ValueError) as exc:
            self.plan_error = self.t(keys.TAILOR_ERRORS[getattr(exc, "code", "bad_count")])
            return None
        self.plan = [
            {
                "number": str(i + 1),
                "prompt": p.prompt,
                "type": self.t(keys.TAILOR_TYPE[p.type]) if p.type else "",
                "why": _source_label(p.source, p.label, self.lang),
                "quote": p.quote,
                "written": "yes" if p.draft is not None else "",
            }
            for i, p in enumerate(seen.plan.picks)
        ]
        return None

    @rx.event
    def start(self):
        """Build the interview and open it."""
        self.planning, self.plan_error = True, ""
        return TailorState.make_interview

    @rx.event
    @with_user
    def make_interview(self, session: Session, user: User):
        """Store the tailored interview and go to its first question."""
        self.planning = False
        try:
            role = profiles.get_profile(session, user.id or 0).target_role_slug
            run = tailoring.start(
                session, user.id or 0, count=int(self.count), answer_mode=self.answer_mode, profile_role=role
            )
        except (tailoring.TailorError, ValueError) as exc:
            self.plan_error = self.t(keys.TAILOR_ERRORS[getattr(exc, "code", "bad_count")])
            return None
        except limits.LimitExceeded as exc:
            self.plan_error = exc.message(self.lang)
            return None
        except plans.FeatureLocked as exc:
            self.plan_error = exc.message(self.lang)
            return None
        return rx.redirect(routes.interview(run.id or 0))


def _label(text: str | rx.Var, html_for: str) -> rx.Component:
    return rx.text(text, as_="label", size="2", weight="medium", html_for=html_for)


def _card(title: str | rx.Var, card_id: str, *children: rx.Component, error: Any = None) -> rx.Component:
    """One of the page's panels: its heading, the panel's error while there is one, then its content."""
    alert = (rx.cond(error != "", form_alert(error)),) if error is not None else ()
    return rx.box(
        rx.heading(title, size="4", as_="h2", margin_bottom="0.5rem"),
        *alert,
        *children,
        style=styles.card,
        id=card_id,
    )


def _field(label: str | rx.Var, name: str, value: Any, test_id: str) -> rx.Component:
    return rx.box(
        _label(label, test_id),
        rx.input(
            value=value, on_change=lambda v: TailorState.set_job_field(name, v), id=test_id, size="3", width="100%"
        ),
        width="100%",
    )


def _skills_field(label: str | rx.Var, name: str, value: Any, test_id: str) -> rx.Component:
    return rx.box(
        _label(label, test_id),
        rx.text_area(
            value=value, on_change=lambda v: TailorState.set_job_field(name, v), id=test_id, rows="2", width="100%"
        ),
        width="100%",
    )


def _job_review() -> rx.Component:
    return rx.vstack(
        rx.text(tr("tailor.job.found"), size="2", color_scheme="gray"),
        rx.grid(
            _field(tr("tailor.job.field.title"), "job_title", TailorState.job_title, "tailor-job-title"),
            _field(tr("tailor.job.field.company"), "job_company", TailorState.job_company, "tailor-job-company"),
            rx.box(
                _label(tr("tailor.job.field.seniority"), "tailor-job-seniority"),
                rx.select.root(
                    rx.select.trigger(id="tailor-job-seniority", width="100%"),
                    rx.select.content(*[rx.select.item(text, value=key) for key, text in SENIORITY_OPTIONS]),
                    value=TailorState.job_seniority,
                    on_change=lambda v: TailorState.set_job_field("job_seniority", v),
                    size="3",
                ),
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        _skills_field(tr("tailor.job.field.required"), "job_required", TailorState.job_required, "tailor-job-required"),
        _skills_field(tr("tailor.job.field.nice"), "job_nice", TailorState.job_nice, "tailor-job-nice"),
        rx.text(tr("tailor.job.requirements"), size="2", weight="medium"),
        rx.el.ul(
            rx.foreach(
                TailorState.job_requirements,
                lambda r: rx.el.li(
                    rx.text(r["text"], size="2", as_="span"),
                    rx.badge(r["kind"], variant="soft", color_scheme="gray", margin_left="0.5rem"),
                ),
            ),
            id="tailor-requirements",
            style={"padding_left": "1.2rem", "list_style": "disc", "margin": "0"},
        ),
        rx.flex(
            rx.button(tr("tailor.job.save"), on_click=TailorState.save_job, variant="soft", id="tailor-job-save"),
            rx.button(tr("tailor.job.again"), on_click=TailorState.edit_job, variant="ghost", id="tailor-job-again"),
            spacing="3",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def _job_card() -> rx.Component:
    return _card(
        tr("tailor.job.title"),
        "tailor-job",
        rx.cond(
            TailorState.editing_job,
            rx.vstack(
                rx.text(tr("tailor.job.hint"), size="2", color_scheme="gray"),
                rx.cond(
                    TailorState.url_enabled,
                    rx.box(
                        _label(tr("tailor.job.url"), "tailor-job-url"),
                        rx.flex(
                            rx.input(
                                value=TailorState.job_url,
                                on_change=TailorState.set_job_url,
                                placeholder="https://",
                                id="tailor-job-url",
                                size="3",
                                flex="1",
                                type="url",
                            ),
                            rx.button(
                                tr("tailor.job.fetch"),
                                on_click=TailorState.fetch_job,
                                loading=TailorState.fetching,
                                variant="soft",
                                size="3",
                                id="tailor-job-fetch",
                            ),
                            spacing="2",
                        ),
                        width="100%",
                    ),
                ),
                rx.text_area(
                    value=TailorState.job_text,
                    on_change=TailorState.set_job_text,
                    placeholder=tr("tailor.job.placeholder"),
                    rows="10",
                    width="100%",
                    id="tailor-job-text",
                    aria_label=tr("tailor.job.title"),
                ),
                rx.button(
                    rx.icon("scan-text"),
                    tr("tailor.job.read"),
                    on_click=TailorState.read_job,
                    id="tailor-job-read",
                    width=["100%", "auto"],
                ),
                spacing="3",
                width="100%",
            ),
            _job_review(),
        ),
        error=TailorState.job_error,
    )


def _upload_box() -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.cond(
                TailorState.cv_busy, rx.spinner(size="3"), rx.icon("file-up", size=28, color=rx.color("accent", 10))
            ),
            rx.text(
                rx.cond(TailorState.cv_busy, tr("tailor.cv.reading"), tr("tailor.cv.drop")),
                size="2",
                text_align="center",
            ),
            rx.text(tr("tailor.cv.hint"), size="1", color_scheme="gray", text_align="center"),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        multiple=False,
        max_files=1,
        max_size=cv_files.MAX_BYTES,
        accept={
            "application/pdf": [".pdf"],
            cv_files.DOCX: [".docx"],
            "text/plain": [".txt", ".md"],
        },
        on_drop=[
            TailorState.cv_uploading,
            TailorState.upload_cv(
                rx.upload_files(
                    upload_id=UPLOAD_ID, extra_headers={"Authorization": "Bearer " + TailorState.session_token}
                )
            ),
        ],
        border=f"1px dashed {rx.color('accent', 8)}",
        border_radius="var(--radius-3)",
        padding="1.25rem",
        width="100%",
        cursor="pointer",
    )


def _cv_area(label: str | rx.Var, name: str, value: Any, test_id: str, rows: str) -> rx.Component:
    return rx.box(
        _label(label, test_id),
        rx.text_area(
            value=value, on_change=lambda v: TailorState.set_cv_field(name, v), rows=rows, width="100%", id=test_id
        ),
        width="100%",
    )


def _cv_review() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.icon("file-check", size=18),
            rx.text(tr("tailor.cv.file"), rx.text.strong(TailorState.cv_filename), size="2"),
            rx.badge(
                rx.cond(TailorState.cv_confirmed, tr("tailor.cv.confirmed"), tr("tailor.cv.unconfirmed")),
                color_scheme=rx.cond(TailorState.cv_confirmed, "green", "amber"),
                variant="soft",
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.text(tr("tailor.cv.review"), size="2", color_scheme="gray"),
        _cv_area(tr("tailor.cv.field.roles"), "cv_roles", TailorState.cv_roles, "tailor-cv-roles", "9"),
        _cv_area(tr("tailor.cv.field.projects"), "cv_projects", TailorState.cv_projects, "tailor-cv-projects", "3"),
        _cv_area(tr("tailor.cv.field.skills"), "cv_skills", TailorState.cv_skills, "tailor-cv-skills", "2"),
        rx.cond(
            TailorState.cv_metrics.length() > 0,
            rx.box(
                rx.text(tr("tailor.cv.metrics"), size="2", weight="medium"),
                rx.el.ul(
                    rx.foreach(TailorState.cv_metrics, lambda m: rx.el.li(rx.text(m, size="2"))),
                    style={"padding_left": "1.2rem", "list_style": "disc", "margin": "0"},
                ),
                width="100%",
            ),
        ),
        rx.flex(
            rx.button(tr("tailor.cv.save"), on_click=TailorState.save_cv, variant="soft", id="tailor-cv-save"),
            confirm_dialog(
                rx.button(
                    rx.icon("trash-2", size=16),
                    tr("tailor.cv.delete"),
                    variant="ghost",
                    color_scheme="red",
                    id="tailor-cv-delete",
                ),
                tr("tailor.cv.delete_title"),
                tr("tailor.cv.delete_body"),
                tr("tailor.cv.delete_confirm"),
                TailorState.delete_cv,
                id="tailor-cv-delete-confirm",
            ),
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        rx.text(tr("tailor.cv.replace"), size="2", weight="medium", margin_top="0.5rem"),
        _upload_box(),
        spacing="3",
        width="100%",
    )


def _cv_card() -> rx.Component:
    return _card(
        tr("tailor.cv.title"),
        "tailor-cv",
        rx.cond(TailorState.has_cv, _cv_review(), _upload_box()),
        error=TailorState.cv_error,
    )


def _plan_item(item: dict) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.badge(item["number"], variant="solid", radius="full"),
            rx.cond(item["type"] != "", rx.badge(item["type"], variant="soft", color_scheme="gray")),
            spacing="2",
            align="center",
        ),
        rx.text(item["prompt"], size="3", margin_top="0.4rem"),
        rx.box(
            rx.text(
                rx.text.strong(item["why"], ": "),
                "\u201c",
                item["quote"],
                "\u201d",
                size="2",
                color_scheme="gray",
            ),
            padding="0.4rem 0.6rem",
            margin_top="0.4rem",
            border_left=f"3px solid {rx.color('accent', 8)}",
            background=rx.color("accent", 2),
            border_radius="var(--radius-2)",
            class_name="tailor-why",
        ),
        padding_y="0.75rem",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


def _plan_card() -> rx.Component:
    return _card(
        tr("tailor.plan.title"),
        "tailor-plan-card",
        rx.cond(
            TailorState.has_job,
            rx.vstack(
                rx.flex(
                    rx.box(
                        _label(tr("tailor.plan.count"), "tailor-count"),
                        rx.select.root(
                            rx.select.trigger(id="tailor-count", width="100%"),
                            rx.select.content(
                                *[
                                    rx.select.item(str(n), value=str(n))
                                    for n in range(interviews.MIN_QUESTIONS, interviews.MAX_QUESTIONS + 1)
                                ]
                            ),
                            value=TailorState.count,
                            on_change=TailorState.set_count,
                            size="3",
                        ),
                        min_width="7rem",
                    ),
                    rx.box(
                        _label(tr("tailor.plan.mode"), "tailor-mode"),
                        rx.select.root(
                            rx.select.trigger(id="tailor-mode", width="100%"),
                            rx.select.content(*[rx.select.item(text, value=key) for key, text in MODE_OPTIONS]),
                            value=TailorState.answer_mode,
                            on_change=TailorState.set_mode,
                            size="3",
                        ),
                        min_width="9rem",
                    ),
                    rx.button(
                        rx.icon("list-checks"),
                        tr("tailor.plan.preview"),
                        on_click=TailorState.preview,
                        loading=TailorState.planning,
                        variant="soft",
                        size="3",
                        id="tailor-preview",
                    ),
                    spacing="3",
                    align="end",
                    wrap="wrap",
                ),
                rx.cond(
                    TailorState.plan.length() > 0,
                    rx.vstack(
                        rx.box(rx.foreach(TailorState.plan, _plan_item), width="100%", id="tailor-plan"),
                        rx.button(
                            rx.icon("play"),
                            tr("tailor.plan.start"),
                            on_click=TailorState.start,
                            loading=TailorState.planning,
                            size="3",
                            id="tailor-start",
                            width=["100%", "auto"],
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.text(tr("tailor.plan.need_job"), size="2", color_scheme="gray"),
        ),
        error=TailorState.plan_error,
    )


def _past_item(item: dict) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.text(item["title"], weight="medium", size="2"),
            rx.text(item["company"], " ", item["when"], size="1", color_scheme="gray"),
            flex="1",
            min_width="12rem",
        ),
        rx.cond(
            item["status"] != "in_progress",
            rx.link(tr("tailor.past.report"), href=item["report_url"], size="2"),
            rx.link(tr("tailor.past.resume"), href=item["run_url"], size="2"),
        ),
        rx.link(tr("tailor.past.fit"), href=item["fit_url"], size="2"),
        spacing="3",
        align="center",
        wrap="wrap",
        padding_y="0.5rem",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


@rx.page(route=routes.TAILOR, title=tr("tailor.page_title"), on_load=[TailorState.require_user, TailorState.load])
def tailor_page() -> rx.Component:
    return app_shell(
        tr("tailor.title"),
        routes.TAILOR,
        rx.vstack(
            rx.text(tr("tailor.intro"), size="3", color_scheme="gray"),
            _job_card(),
            _cv_card(),
            _plan_card(),
            rx.cond(
                TailorState.past.length() > 0,
                _card(tr("tailor.past.title"), "tailor-past", rx.foreach(TailorState.past, _past_item)),
            ),
            spacing="4",
            width="100%",
        ),
    )
