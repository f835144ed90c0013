"""Browse and search the question bank; practise any single question."""

from collections.abc import Sequence
from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions
from interview_app.services.bank.files import COMPETENCIES, QUESTION_TYPES
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import tracks
from interview_app.state.auth import AuthState, with_user

PAGE_SIZE = 20


class BankState(AuthState):
    """Search box, filters and the matching questions."""

    text: str = ""
    role: str = "all"
    kind: str = "all"
    difficulty: str = "all"
    competency: str = "all"
    # A company track to filter by ("all" for none).
    company: str = "all"
    roles: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows: rx.Field[list[dict]] = rx.field(default_factory=list)
    found: int = 0
    limit: int = PAGE_SIZE
    error: str = ""

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read roles and the first page."""
        self.roles = [
            {"slug": r.slug, "title": profiles.role_name(r, self.lang)} for r in profiles.list_roles(session, self.lang)
        ]
        return BankState.search

    @rx.event
    @with_user
    def search(self, session: Session, user: User):
        """Run the search with the current filters."""
        flt = questions.BankFilter(
            text=self.text[:100],
            role="" if self.role == "all" else self.role,
            type="" if self.kind == "all" else self.kind,
            difficulty="" if self.difficulty == "all" else self.difficulty,
            competency="" if self.competency == "all" else self.competency,
            company="" if self.company == "all" else self.company,
        )
        rows, self.found = questions.browse(session, flt, limit=self.limit)
        names = {track.slug: track.name for track in tracks.all_tracks()}
        self.rows = [
            {
                "id": q.id,
                "prompt": q.prompt,
                "type": self.t(keys.QUESTION_TYPE[q.type]),
                "difficulty": self.t(keys.DIFFICULTY[q.difficulty]),
                "tags": ", ".join(q.tags),
                "suits": ", ".join(names[slug] for slug in tracks.question_companies(q)),
                "minutes": f"{q.time_limit_seconds // 60}:{q.time_limit_seconds % 60:02d}",
            }
            for q in rows
        ]
        return None

    @rx.event
    def set_text(self, value: str):
        """Search text (debounced)."""
        self.text, self.limit = value, PAGE_SIZE
        return BankState.search

    @rx.event
    def set_filter(self, name: str, value: str):
        """One of the filters changed."""
        if name in ("role", "kind", "difficulty", "competency", "company"):
            setattr(self, name, value)
        self.limit = PAGE_SIZE
        return BankState.search

    @rx.event
    def more(self):
        """Show more results."""
        self.limit += PAGE_SIZE
        return BankState.search

    @rx.event
    @with_user
    def practise(self, session: Session, user: User, question_id: int):
        """Start a one-question session."""
        try:
            interview = interviews.start_practice(session, user.id or 0, int(question_id))
        except interviews.InterviewError as exc:
            self.error = self.t(keys.INTERVIEW_ERRORS[exc.code])
            return None
        target = routes.interview(interview.id or 0)
        return rx.redirect(target)


def _filter(name: str, value, options, label: str | rx.Var) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, id=f"bank-{name}"),
        rx.select.content(*options),
        value=value,
        on_change=lambda v: BankState.set_filter(name, v),
    )


def _items(pairs: Sequence[tuple[str, str | rx.Var]]) -> list[rx.Component]:
    return [rx.select.item(text, value=key) for key, text in pairs]


def _row(row: Any) -> rx.Component:
    return rx.box(
        rx.text(row["prompt"], size="3", weight="medium"),
        rx.flex(
            rx.badge(row["type"], variant="soft"),
            rx.badge(row["difficulty"], variant="outline"),
            rx.text(row["tags"], size="1", color_scheme="gray"),
            rx.cond(
                row["suits"] != "",
                rx.text(tr("bank.suits"), " ", row["suits"], size="1", color_scheme="gray", class_name="bank-suits"),
            ),
            rx.spacer(),
            rx.button(
                rx.icon("play", size=14),
                tr("bank.practise"),
                size="2",
                variant="soft",
                on_click=BankState.practise(row["id"]),
                class_name="bank-practise",
            ),
            spacing="2",
            align="center",
            wrap="wrap",
            margin_top="0.5rem",
        ),
        style=styles.card,
        width="100%",
        class_name="bank-row",
    )


@rx.page(route=routes.QUESTIONS, title=tr("bank.page_title"), on_load=[BankState.require_user, BankState.load])
def question_bank_page() -> rx.Component:
    return app_shell(
        tr("bank.title"),
        routes.QUESTIONS,
        rx.vstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                value=BankState.text,
                on_change=BankState.set_text,
                debounce_timeout=400,
                placeholder=tr("bank.search"),
                aria_label=tr("bank.search"),
                size="3",
                width="100%",
                id="bank-search",
            ),
            rx.flex(
                _filter(
                    "role",
                    BankState.role,
                    [
                        rx.select.item(tr("bank.all_roles"), value="all"),
                        rx.foreach(BankState.roles, lambda r: rx.select.item(r["title"], value=r["slug"])),
                    ],
                    tr("bank.role"),
                ),
                _filter(
                    "kind",
                    BankState.kind,
                    _items([("all", tr("bank.all_types"))] + [(k, tr(keys.QUESTION_TYPE[k])) for k in QUESTION_TYPES]),
                    tr("bank.type"),
                ),
                _filter(
                    "difficulty",
                    BankState.difficulty,
                    _items(
                        [("all", tr("bank.all_levels"))]
                        + [(k, tr(keys.DIFFICULTY[k])) for k in ("easy", "medium", "hard")]
                    ),
                    tr("bank.difficulty"),
                ),
                _filter(
                    "competency",
                    BankState.competency,
                    _items(
                        [("all", tr("bank.all_competencies")), *[(k, tr(keys.COMPETENCY[k])) for k in COMPETENCIES]]
                    ),
                    tr("bank.competency"),
                ),
                _filter(
                    "company",
                    BankState.company,
                    _items([("all", tr("bank.all_companies"))] + [(c.slug, c.name) for c in tracks.all_tracks()]),
                    tr("bank.company"),
                ),
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            rx.text(tr("bank.found"), " ", BankState.found, size="2", color_scheme="gray", id="bank-found"),
            rx.cond(
                BankState.error != "",
                rx.callout(BankState.error, icon="triangle-alert", color_scheme="red", width="100%"),
            ),
            rx.vstack(rx.foreach(BankState.rows, _row), width="100%", spacing="3"),
            rx.cond(
                BankState.found > BankState.rows.length(),
                rx.button(tr("bank.more"), on_click=BankState.more, variant="soft"),
            ),
            spacing="3",
            width="100%",
        ),
    )
