"""Admin: ask the LLM for new interview questions and review the drafts (edit, approve or reject)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_generate import draft_card, generation_form, llm_missing
from interview_app.components.admin_ui import empty, error_callout, intro, section
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.services.admin.questions import QuestionError
from interview_app.services.bank import duplicates as question_duplicates
from interview_app.services.bank import generation as question_generation
from interview_app.services.bank.files import COMPETENCIES, QUESTION_TYPES
from interview_app.services.bank.generation import GenerationError
from interview_app.services.scoring.llm import LLMError
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

FIELDS = ("role", "qtype", "difficulty", "count", "notes")


def _match_drafts(ids: list[int]) -> dict[int, Any]:
    with AdminState._session() as session:
        return question_duplicates.match_drafts(session, ids)


class GenerateState(AdminState):
    """The generation form, whether a request is running, and the review queue."""

    llm_enabled: bool = False
    model: str = ""
    role: str = "any"
    qtype: str = "behavioural"
    difficulty: str = "medium"
    competencies: rx.Field[list[str]] = rx.field(default_factory=lambda: ["communication"])
    count: str = "3"
    notes: str = ""
    roles: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    generating: bool = False
    # True while the drafts are being compared with the bank (embedding similarity).
    matching: bool = False
    error: str = ""
    # Drafts waiting for review, with their problems and closest existing question.
    drafts: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    def _show_queue(self, session: Any) -> None:
        """The drafts with their check problems; the duplicate search follows (`find_matches`)."""
        titles = {"any": self.t("admin.generate.any_role"), **{r["value"]: r["label"] for r in self.roles}}
        self.drafts = [
            {
                "id": view.question.id,
                "slug": view.question.slug,
                "prompt": view.question.prompt,
                "meta": " · ".join(
                    [
                        self.t(keys.QUESTION_TYPE[view.question.type]),
                        self.t(keys.DIFFICULTY[view.question.difficulty]),
                        ", ".join(titles.get(r, r) for r in view.question.roles),
                        ", ".join(
                            self.t(keys.COMPETENCY[c]) if c in keys.COMPETENCY else c
                            for c in view.question.competencies
                        ),
                    ]
                ),
                "key_points": list(view.question.key_points),
                "model_answer": view.question.model_answer,
                "follow_ups": list(view.question.follow_ups),
                "problems": view.problems,
                "duplicate": False,
                "match_prompt": "",
                "match_slug": "",
                "similarity": "",
                "edit": routes.admin_question("interview", view.question.id or 0),
            }
            for view in question_generation.review_queue(session, with_matches=False)
        ]
        self.matching = bool(self.drafts)

    def _show_matches(self, matches: dict[int, Any]) -> None:
        for draft in self.drafts:
            match = matches.get(draft["id"])
            draft.update(
                duplicate=bool(match and match.duplicate),
                match_prompt=match.prompt if match else "",
                match_slug=match.slug if match else "",
                similarity=f"{match.similarity:.0%}" if match else "",
            )
        self.drafts = list(self.drafts)
        self.matching = False

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the settings, the roles and the review queue."""
        settings = get_settings()
        self.llm_enabled, self.model = settings.llm_enabled, settings.openai_model
        self.roles = [
            {"value": r.slug, "label": profiles.role_name(r, self.lang)}
            for r in profiles.list_roles(session, self.lang)
        ]
        self._show_queue(session)
        return GenerateState.find_matches

    @rx.event
    def set_field(self, name: str, value: str):
        """One field of the form changed."""
        if not self._is_admin("set_field"):
            return self._denied()
        if name in FIELDS:
            setattr(self, name, str(value)[:300])
        return None

    @rx.event
    def toggle_competency(self, slug: str):
        """Add or remove a competency (at most four)."""
        if not self._is_admin("toggle_competency"):
            return self._denied()
        if slug in self.competencies:
            self.competencies = [c for c in self.competencies if c != slug]
        elif slug in COMPETENCIES and len(self.competencies) < 4:
            self.competencies = [*self.competencies, slug]
        return None

    @rx.event(background=True)
    async def find_matches(self):
        """Compare the drafts with the bank in a thread (the first run loads the embedding model)."""
        async with self:
            with self._session() as session:
                if self._admin(session, "find_matches") is None:
                    return self._denied()
            ids = [d["id"] for d in self.drafts]
        matches = await asyncio.to_thread(_match_drafts, ids)
        async with self:
            self._show_matches(matches)
        return None

    @rx.event(background=True)
    async def generate(self):
        """Ask the LLM for drafts (in a background task: the call can take a while), then show the queue."""
        async with self:
            with self._session() as session:
                admin = self._admin(session, "generate")
                if admin is None:
                    return self._denied()
                try:
                    request = question_generation.prepare(
                        session,
                        admin,
                        role=self.role,
                        type=self.qtype,
                        difficulty=self.difficulty,
                        competencies=list(self.competencies),
                        count=int(self.count) if self.count.isdigit() else 0,
                        notes=self.notes,
                    )
                except GenerationError as exc:
                    self.error = self.t(keys.ADMIN_ERRORS[exc.code], wait=exc.detail)
                    return None
            self.generating, self.error = True, ""
        try:
            items = await asyncio.to_thread(question_generation.request_questions, request)
        except LLMError as err:
            async with self:
                self.generating, self.error = False, self.t("admin.generate.failed", reason=err.reason)
            return None
        async with self:
            with self._session() as session:
                admin = self._admin(session, "generate")
                if admin is None:
                    self.generating = False
                    return self._denied()
                stored = question_generation.store_drafts(session, admin, request, items, get_settings().openai_model)
            with self._session() as session:
                self._show_queue(session)
            self.generating = False
        return [GenerateState.find_matches, rx.toast.success(self.t("admin.generate.done", n=len(stored.drafts)))]

    def _review(self, action: str, run: Any, done: str):
        with self._session() as session:
            admin = self._admin(session, action)
            if admin is None:
                return self._denied()
            try:
                run(session, admin)
            except GenerationError as exc:
                return rx.toast.error(self.t(keys.ADMIN_ERRORS[exc.code], match=exc.detail))
            except QuestionError as exc:
                return rx.toast.error(self.t(keys.ADMIN_ERRORS[exc.code]))
        with self._session() as session:
            self._show_queue(session)
        return [GenerateState.find_matches, rx.toast.success(done)]

    @rx.event
    def approve(self, question_id: int, allow_duplicate: bool):
        """Make a draft an active question (a flagged duplicate needs `allow_duplicate`)."""
        return self._review(
            "approve",
            lambda s, a: question_generation.approve(s, a, int(question_id), allow_duplicate=bool(allow_duplicate)),
            self.t("admin.generate.approved"),
        )

    @rx.event
    def reject(self, question_id: int):
        """Reject a draft."""
        return self._review(
            "reject", lambda s, a: question_generation.reject(s, a, int(question_id)), self.t("admin.generate.rejected")
        )


@rx.page(
    route=routes.ADMIN_GENERATE,
    title=tr("admin.generate.page_title"),
    on_load=[GenerateState.require_admin, GenerateState.load],
)
def admin_generate_page() -> rx.Component:
    form_state = {name: getattr(GenerateState, name) for name in (*FIELDS, "competencies", "roles", "generating")}
    return admin_shell(
        tr("admin.generate.title"),
        routes.ADMIN_GENERATE,
        rx.vstack(
            intro(tr("admin.generate.intro")),
            rx.cond(
                GenerateState.llm_enabled,
                section(
                    tr("admin.generate.ask"),
                    rx.text(
                        tr("admin.generate.model"), " ", rx.code(GenerateState.model), size="2", color_scheme="gray"
                    ),
                    generation_form(
                        form_state,
                        QUESTION_TYPES,
                        GenerateState.set_field,
                        GenerateState.toggle_competency,
                        GenerateState.generate,
                    ),
                    error_callout(GenerateState.error, "generate-error"),
                ),
                llm_missing(),
            ),
            section(
                tr("admin.generate.queue"),
                rx.text(tr("admin.generate.queue_intro"), size="2", color_scheme="gray", margin_bottom="0.75rem"),
                rx.cond(
                    GenerateState.drafts.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            GenerateState.drafts,
                            lambda d: draft_card(
                                d, GenerateState.approve, GenerateState.reject, GenerateState.matching
                            ),
                        ),
                        spacing="3",
                        width="100%",
                        id="draft-list",
                    ),
                    empty(tr("admin.generate.no_drafts")),
                ),
            ),
            spacing="4",
            width="100%",
        ),
    )
