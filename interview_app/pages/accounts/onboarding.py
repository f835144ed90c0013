"""Three short steps after the first sign-in: goal, skills, practice habits."""

import reflex as rx

from interview_app import routes
from interview_app.components.i18n import tr
from interview_app.layouts.public import card_page
from interview_app.pages.accounts.profile_form import (
    ProfileState,
    practice_fields,
    reminder_fields,
    role_fields,
    skill_fields,
)

STEPS = (tr("onboarding.step.goal"), tr("onboarding.step.skills"), tr("onboarding.step.practice"))


def _progress() -> rx.Component:
    return rx.vstack(
        rx.text(
            tr("onboarding.progress.step", step=ProfileState.step),
            size="2",
            color_scheme="gray",
            id="onboarding-step",
        ),
        rx.progress(
            value=ProfileState.step * 33 + 1, max=100, width="100%", aria_label=tr("onboarding.progress_label")
        ),
        width="100%",
        spacing="2",
    )


def _nav() -> rx.Component:
    return rx.hstack(
        rx.cond(
            ProfileState.step > 1,
            rx.button(
                tr("onboarding.back"), variant="soft", on_click=ProfileState.previous_step, size="3", type="button"
            ),
        ),
        rx.spacer(),
        rx.cond(
            ProfileState.step < 3,
            rx.button(
                tr("onboarding.continue"),
                on_click=ProfileState.next_step,
                size="3",
                id="onboarding-next",
                type="button",
            ),
            rx.button(
                tr("onboarding.finish"),
                on_click=ProfileState.finish_onboarding,
                size="3",
                id="onboarding-finish",
                type="button",
            ),
        ),
        width="100%",
    )


@rx.page(
    route=routes.ONBOARDING,
    title=tr("onboarding.page_title"),
    on_load=[ProfileState.require_user, ProfileState.load],
)
def onboarding_page() -> rx.Component:
    return card_page(
        rx.match(ProfileState.step, (1, STEPS[0]), (2, STEPS[1]), STEPS[2]),
        tr("onboarding.intro"),
        _progress(),
        rx.match(
            ProfileState.step,
            (1, role_fields()),
            (2, skill_fields()),
            rx.vstack(practice_fields(), reminder_fields(), spacing="4", width="100%"),
        ),
        _nav(),
        max_width="34rem",
        home=routes.ONBOARDING,
    )
