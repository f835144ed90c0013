"""The fit matrix of a tailored interview: its own page (/tailor/fit/<id>) and the section in the report."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.forms import form_alert
from interview_app.components.i18n import tr
from interview_app.i18n import keys, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.tailoring import fit, tailoring
from interview_app.state.address import route_arg
from interview_app.state.auth import AuthState, with_user

LEVEL_COLOURS = {"strong": "green", "some": "amber", "none": "red", "": "gray"}


def _quote_text(quotes: list[fit.Quote], lang: str) -> list[dict[str, str]]:
    out = []
    for q in quotes:
        # State data, not page text: written in the reader's language on the server (a tr() Var cannot travel).
        where = t(keys.TAILOR_SOURCE[q.source], lang) if q.source in ("cv", "github", "company", "answer") else q.source
        if q.label and q.label not in ("skills",):
            where = f"{where} ({q.label})"
        out.append({"where": where, "text": q.text})
    return out


def fit_items(rows: list[fit.FitRow], lang: str) -> list[dict]:
    """The matrix rows as the page shows them."""
    items = []
    for i, row in enumerate(rows):
        items.append(
            {
                "index": i,
                "requirement": row.requirement,
                "kind": t(keys.TAILOR_JOB_KIND[row.kind], lang) if row.kind in ("required", "nice") else row.kind,
                "level": row.level,
                "level_text": t(keys.FIT_LEVEL[row.level], lang),
                "level_colour": LEVEL_COLOURS.get(row.level, "gray"),
                "quotes": _quote_text(row.quotes, lang),
                "answer_level": row.answer_level,
                "answer_text": t(keys.FIT_LEVEL[row.answer_level], lang)
                if row.answer_level
                else t("fit.level.pending", lang),
                "answer_colour": LEVEL_COLOURS.get(row.answer_level, "gray"),
                "answer_quotes": _quote_text(row.answer_quotes, lang),
                "gap": row.overall == "none" and row.practice_question_id is not None,
            }
        )
    return items


class FitState(AuthState):
    """The fit matrix of one tailored interview (the page and the report's section)."""

    fit_interview_id: int = 0
    fit_found: bool = False
    fit_rows: rx.Field[list[dict]] = rx.field(default_factory=list)
    fit_summary: str = ""
    fit_title: str = ""
    fit_error: str = ""
    fit_topics: rx.Field[list[str]] = rx.field(default_factory=list)  # trainer topics that train the gaps
    fit_topics_following: bool = False

    def _fill(self, session: Session, user: User, raw: str) -> None:
        self.fit_error = ""
        session_id = int(raw) if raw.isdigit() else 0
        rows = tailoring.fit_rows(session, user.id or 0, session_id)
        self.fit_interview_id = session_id
        self.fit_found = rows is not None
        if rows is None:
            self.fit_rows, self.fit_summary, self.fit_title = [], "", ""
            return
        record = tailoring.tailored_for(session, user.id or 0, session_id)
        self.fit_title = " · ".join(
            p for p in ((record.title if record else ""), (record.company if record else "")) if p
        )
        self.fit_rows = fit_items(rows, self.lang)
        counts = fit.summary(rows)
        self.fit_summary = self.t("fit.summary", strong=counts["strong"], some=counts["some"], none=counts["none"])
        self._show_topics(tailoring.gap_topics_of(session, user.id or 0, session_id, self.lang))

    def _show_topics(self, topics: list) -> None:
        self.fit_topics = [topic.name for topic in topics]
        self.fit_topics_following = bool(topics) and all(topic.following for topic in topics)

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the matrix of the interview in the address (only the owner's)."""
        self._fill(session, user, route_arg(self.router, "interview_id"))

    @rx.event
    @with_user
    def follow_topics(self, session: Session, user: User):
        """Follow the trainer topics of the gaps at high priority."""
        try:
            topics = tailoring.follow_gap_topics(session, user.id or 0, self.fit_interview_id, self.lang)
        except tailoring.TailorError as exc:
            self.fit_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        self._show_topics(topics)
        return rx.toast.success(self.t("fit.topics.done", names=", ".join(self.fit_topics)))

    @rx.event
    @with_user
    def practise(self, session: Session, user: User, index: int):
        """One click from a gap to a one-question practice on it."""
        try:
            run = tailoring.practise_gap(session, user.id or 0, self.fit_interview_id, int(index))
        except tailoring.TailorError as exc:
            self.fit_error = self.t(keys.TAILOR_ERRORS[exc.code])
            return None
        return rx.redirect(routes.interview(run.id or 0))


def _quotes(quotes) -> rx.Component:
    return rx.foreach(
        quotes,
        lambda q: rx.text(
            rx.text.strong(q["where"], ": "),
            "\u201c",
            q["text"],
            "\u201d",
            size="1",
            color_scheme="gray",
            margin_top="0.25rem",
        ),
    )


def _row(item: dict) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.text(item["requirement"], size="2", weight="medium", flex="1", min_width="14rem"),
            rx.badge(item["kind"], variant="soft", color_scheme="gray"),
            spacing="2",
            align="start",
            wrap="wrap",
        ),
        rx.grid(
            rx.box(
                rx.flex(
                    rx.text(tr("fit.material"), size="1", color_scheme="gray"),
                    rx.badge(
                        item["level_text"], color_scheme=item["level_colour"], variant="soft", class_name="fit-level"
                    ),
                    spacing="2",
                    align="center",
                ),
                _quotes(item["quotes"].to(list[dict])),
            ),
            rx.box(
                rx.flex(
                    rx.text(tr("fit.answers"), size="1", color_scheme="gray"),
                    rx.badge(
                        item["answer_text"],
                        color_scheme=item["answer_colour"],
                        variant="soft",
                        class_name="fit-answer-level",
                    ),
                    spacing="2",
                    align="center",
                ),
                _quotes(item["answer_quotes"].to(list[dict])),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            margin_top="0.5rem",
        ),
        rx.cond(
            item["gap"],
            rx.button(
                rx.icon("dumbbell", size=14),
                tr("fit.practise"),
                size="1",
                variant="soft",
                margin_top="0.5rem",
                on_click=FitState.practise(item["index"]),
                class_name="fit-practise",
            ),
        ),
        padding_y="0.75rem",
        border_bottom="1px solid var(--gray-a4)",
        class_name="fit-row",
        width="100%",
    )


def fit_matrix() -> rx.Component:
    """The matrix with its summary (used by the page and by the report)."""
    return rx.box(
        rx.cond(FitState.fit_error != "", form_alert(FitState.fit_error)),
        rx.text(FitState.fit_summary, size="2", weight="medium", id="fit-summary"),
        rx.foreach(FitState.fit_rows, _row),
        _gap_topics(),
        width="100%",
        id="fit-matrix",
    )


def _gap_topics() -> rx.Component:
    """The trainer topics that train the gaps, with one click to follow them."""
    return rx.cond(
        FitState.fit_topics.length() > 0,
        rx.box(
            rx.text(tr("fit.topics.intro"), size="2", weight="medium"),
            rx.flex(
                rx.foreach(FitState.fit_topics, lambda name: rx.badge(name, variant="soft", color_scheme="blue")),
                spacing="2",
                wrap="wrap",
                margin_y="0.5rem",
            ),
            rx.cond(
                FitState.fit_topics_following,
                rx.text(tr("fit.topics.following"), size="2", color_scheme="green", id="fit-topics-following"),
                rx.button(
                    rx.icon("graduation-cap", size=14),
                    tr("fit.topics.follow"),
                    size="2",
                    variant="soft",
                    on_click=FitState.follow_topics,
                    id="fit-follow-topics",
                ),
            ),
            padding_top="0.75rem",
            id="fit-topics",
        ),
    )


def report_fit_section() -> rx.Component:
    """The report's "How you fit the job" section: shown only for a tailored interview (loads itself)."""
    return rx.box(
        rx.cond(
            FitState.fit_found,
            rx.box(
                rx.heading(tr("fit.title"), size="4", margin_bottom="0.25rem"),
                rx.text(tr("fit.intro"), size="2", color_scheme="gray", margin_bottom="0.5rem"),
                fit_matrix(),
                style=styles.card,
                id="report-fit",
            ),
        ),
        on_mount=FitState.load,
        width="100%",
    )


@rx.page(route=routes.TAILOR_FIT, title=tr("fit.page_title"), on_load=[FitState.require_user, FitState.load])
def fit_page() -> rx.Component:
    return app_shell(
        tr("fit.title"),
        routes.TAILOR,
        rx.vstack(
            rx.cond(
                FitState.fit_found,
                rx.vstack(
                    rx.heading(FitState.fit_title, size="5"),
                    rx.text(tr("fit.intro"), size="2", color_scheme="gray"),
                    rx.box(fit_matrix(), style=styles.card),
                    rx.link(tr("fit.back_report"), href=routes.interview_report(FitState.fit_interview_id), size="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(tr("fit.not_found"), size="3", color_scheme="gray", id="fit-missing"),
            ),
            spacing="4",
            width="100%",
        ),
    )
