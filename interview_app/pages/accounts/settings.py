"""Profile and preferences, editable any time."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.layouts.app_shell import app_shell
from interview_app.pages.accounts.profile_form import (
    ProfileState,
    practice_fields,
    role_fields,
    skill_fields,
    trainer_fields,
)
from interview_app.pages.billing.subscription_card import SubscriptionState, subscription_card
from interview_app.pages.billing.usage_card import UsageState, usage_card
from interview_app.pages.tailoring.github_panel import GitHubState, github_panel
from interview_app.settings import get_settings


def _section(title: str | rx.Var, description: str | rx.Var, body: rx.Component) -> rx.Component:
    return rx.box(
        rx.heading(title, size="4", as_="h2"),
        rx.text(description, size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.box(body, max_width="36rem"),
        style=styles.card,
    )


@rx.page(
    route=routes.SETTINGS,
    title=tr("settings.page_title"),
    on_load=[
        ProfileState.require_user,
        ProfileState.load,
        GitHubState.load_github,
        SubscriptionState.load_subscription,
        UsageState.load_usage,
    ],
)
def settings_page() -> rx.Component:
    return app_shell(
        tr("settings.title"),
        routes.SETTINGS,
        rx.vstack(
            rx.link(
                rx.hstack(
                    rx.icon("file-archive", size=16), rx.text(tr("data.link.settings"), size="2"), align="center"
                ),
                href=routes.SETTINGS_DATA,
                id="settings-data-link",
            ),
            *(
                [
                    rx.link(
                        rx.hstack(rx.icon("receipt", size=16), rx.text(tr("invoice.nav"), size="2"), align="center"),
                        href=routes.SETTINGS_INVOICES,
                        id="settings-invoices-link",
                    )
                ]
                if get_settings().plans_enabled
                else []
            ),
            _section(
                tr("settings.goal.title"),
                tr("settings.goal.text"),
                rx.vstack(
                    role_fields(),
                    rx.link(tr("companies.link"), href=routes.COMPANIES, size="2", id="settings-companies-link"),
                    spacing="3",
                ),
            ),
            usage_card(),
            subscription_card(),
            _section(tr("settings.skills.title"), tr("settings.skills.text"), skill_fields()),
            _section(tr("github.title"), tr("github.text"), github_panel()),
            _section(tr("settings.practice.title"), tr("settings.practice.text"), practice_fields()),
            _section(tr("settings.trainer.title"), tr("settings.trainer.text"), trainer_fields()),
            rx.hstack(
                rx.spacer(),
                rx.button(tr("settings.save"), on_click=ProfileState.save_settings, size="3", id="settings-save"),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
