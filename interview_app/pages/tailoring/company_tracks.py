"""/companies: how the candidate's target companies interview (rounds, what is valued, tips), and every track."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.shared import limits
from interview_app.services.tailoring import companies, tracks
from interview_app.state.auth import AuthState, with_user


class CompanyTracksState(AuthState):
    """The candidate's tracks, the names without one, and a track picked to browse."""

    # The guidance of each target company's track (services/tailoring/tracks.guidance).
    mine: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # Target companies we have no track for, as one line.
    unknown: str = ""
    # Every track for the picker: [slug, name] (generic tracks say so in their names).
    choices: rx.Field[list[list[str]]] = rx.field(default_factory=list)
    # The track picked in the browser ("" for none) and its guidance.
    picked: str = ""
    picked_track: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    error: str = ""

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the profile's target companies and the tracks."""
        data = companies.page_data(session, user.id or 0, self.lang)
        self.mine = data["mine"]
        self.unknown = ", ".join(data["unknown"])
        self.choices = [[c["slug"], c["name"]] for c in data["all"]]
        self.picked, self.picked_track, self.error = "", [], ""

    @rx.event
    @with_user
    def practise(self, session: Session, user: User, slug: str):
        """Start a mock interview of the company's loop and open it."""
        try:
            interview = companies.start_loop(session, user.id or 0, str(slug))
        except companies.CompanyError as exc:
            self.error = self.t(exc.code)
            return None
        except limits.LimitExceeded as exc:
            self.error = exc.message(self.lang)
            return None
        self.error = ""
        return rx.redirect(routes.interview(interview.id or 0))

    @rx.event
    def pick(self, slug: str):
        """Show one track in the browser (a slug not known shows nothing)."""
        found = tracks.track(slug)
        self.picked = found.slug if found else ""
        self.picked_track = [tracks.guidance(found, self.lang)] if found else []


def _list(title: str | rx.Var, items: rx.Var) -> rx.Component:
    return rx.box(
        rx.heading(title, size="3", as_="h4", margin_bottom="0.4rem"),
        rx.el.ul(
            rx.foreach(items.to(list[str]), lambda item: rx.el.li(rx.text(item, size="2"))),
            padding_left="1.2rem",
            style={"list_style": "disc"},
        ),
    )


def _round(item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.text(item["name"], weight="medium", size="2"),
            rx.badge(item["stage_name"], variant="soft", radius="full"),
            gap="0.5rem",
            align="center",
            wrap="wrap",
        ),
        rx.text(item["description"], size="2", color_scheme="gray"),
        margin_bottom="0.5rem",
    )


def track_card(track: ObjectVar[dict[str, Any]]) -> rx.Component:
    """One track in full: summary, rounds in order, what is valued, how to prepare."""
    return rx.box(
        rx.flex(
            rx.heading(track["name"].to(str), size="5", as_="h3"),
            rx.cond(track["kind"].to(str) == "generic", rx.badge(tr("companies.generic"), color_scheme="gray")),
            gap="0.5rem",
            align="center",
        ),
        rx.text(track["summary"].to(str), size="2", margin_y="0.75rem"),
        rx.heading(tr("companies.rounds"), size="3", as_="h4", margin_bottom="0.4rem"),
        rx.el.ol(
            rx.foreach(track["rounds"].to(list[dict[str, str]]), _round),
            padding_left="1.2rem",
            style={"list_style": "decimal"},
        ),
        rx.grid(
            _list(tr("companies.values"), track["values"]),
            _list(tr("companies.tips"), track["tips"]),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="1rem",
            margin_top="0.5rem",
        ),
        rx.flex(
            rx.button(
                rx.icon("play", size=14),
                tr("companies.practise"),
                on_click=CompanyTracksState.practise(track["slug"].to(str)),
                class_name="company-practise",
            ),
            rx.text(tr("companies.practise_hint"), size="2", color_scheme="gray"),
            gap="0.75rem",
            align="center",
            wrap="wrap",
            margin_top="1rem",
        ),
        style=styles.card,
        class_name="company-track",
    )


def _mine() -> rx.Component:
    return rx.cond(
        CompanyTracksState.mine.length() > 0,
        rx.vstack(rx.foreach(CompanyTracksState.mine, track_card), spacing="4", width="100%"),
        rx.callout(
            # a span: the callout's text is a <p> already, and a <p> inside it is split by the HTML parser, so the
            # prerendered page did not hydrate (React error #418) and lost the shell's responsive styles
            rx.text(
                tr("companies.none"),
                " ",
                rx.link(tr("companies.set_targets"), href=routes.SETTINGS, id="companies-settings"),
                as_="span",
            ),
            icon="info",
            width="100%",
        ),
    )


def _browser() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("companies.browse"), size="4", as_="h2"),
        rx.el.label(tr("companies.pick"), html_for="companies-pick", class_name="rt-Text rt-r-size-2"),
        rx.select.root(
            rx.select.trigger(placeholder=tr("companies.pick"), id="companies-pick", width="100%", max_width="24rem"),
            rx.select.content(
                rx.foreach(CompanyTracksState.choices, lambda c: rx.select.item(c[1], value=c[0])),
            ),
            value=CompanyTracksState.picked,
            on_change=CompanyTracksState.pick,
        ),
        rx.foreach(CompanyTracksState.picked_track, track_card),
        spacing="3",
        width="100%",
    )


@rx.page(
    route=routes.COMPANIES,
    title=tr("companies.page_title"),
    on_load=[CompanyTracksState.require_user, CompanyTracksState.load],
)
def company_tracks_page() -> rx.Component:
    return app_shell(
        tr("companies.title"),
        routes.COMPANIES,
        rx.vstack(
            rx.text(tr("companies.intro"), size="3"),
            rx.text(tr("companies.note"), size="2", color_scheme="gray"),
            rx.cond(
                CompanyTracksState.error != "",
                rx.callout(CompanyTracksState.error, icon="triangle-alert", color_scheme="red", width="100%"),
            ),
            _mine(),
            rx.cond(
                CompanyTracksState.unknown != "",
                rx.callout(
                    rx.text(tr("companies.unknown", names=CompanyTracksState.unknown), as_="span"),
                    icon="info",
                    width="100%",
                ),
            ),
            rx.divider(),
            _browser(),
            spacing="4",
            width="100%",
        ),
    )
