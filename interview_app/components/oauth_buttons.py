"""The "Continue with Google / GitHub / LinkedIn" buttons for the configured providers."""

import reflex as rx

from interview_app.components.i18n import tr


def oauth_buttons(providers: rx.Var) -> rx.Component:
    """A full-width button per provider (`name`, `label`, `href`), then an "or" divider; nothing when none."""
    return rx.cond(
        providers.to(list).length() > 0,
        rx.vstack(
            rx.foreach(
                providers,
                # A full page load, not a client-side route: the API answers with a redirect.
                lambda p: rx.button(
                    rx.link(
                        tr("common.continue_with", provider=p["label"]),
                        href=p["href"],
                        reload_document=True,
                        underline="none",
                        id="oauth-" + p["name"],
                    ),
                    as_child=True,
                    variant="outline",
                    size="3",
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.separator(size="4"),
                rx.text(tr("common.or"), size="2", color_scheme="gray"),
                rx.separator(size="4"),
                align="center",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
    )
