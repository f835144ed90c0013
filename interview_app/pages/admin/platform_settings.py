"""Admin: switches for the whole platform. The first: whether candidates may fetch job adverts by address.

The switch sits under the operator's JOB_URL_FETCH (`services/tailoring/fetch_switch.py`): with it off the
switch cannot be turned on and says why. Every change is in the audit log (`platform_setting.changed`).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import intro, note_box, section
from interview_app.components.i18n import tr
from interview_app.i18n import formats
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.tailoring import fetch_switch, tailoring
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

SWITCH_ID = "settings-url-fetch"


class PlatformSettingsState(AdminState):
    """The switches as they stand."""

    url_fetch_on: bool = False
    url_fetch_locked: bool = False
    url_fetch_changed: str = ""
    url_fetch_limits: str = ""
    url_fetch_rate: str = ""

    def _show(self, switch: fetch_switch.FetchSwitch) -> None:
        self.url_fetch_on, self.url_fetch_locked = switch.enabled, switch.locked
        if switch.updated_at is None and get_settings().job_url_fetch == "on":
            self.url_fetch_changed = self.t("admin.settings.url_fetch.never_on")
        elif switch.updated_at is None:
            self.url_fetch_changed = self.t("admin.settings.url_fetch.never_off")
        elif switch.updated_by:
            when = formats.date_time(switch.updated_at, self.lang)
            self.url_fetch_changed = self.t("admin.settings.url_fetch.changed_by", email=switch.updated_by, when=when)
        else:
            when = formats.date_time(switch.updated_at, self.lang)
            self.url_fetch_changed = self.t("admin.settings.url_fetch.changed", when=when)
        s = get_settings()
        self.url_fetch_limits = self.t(
            "admin.settings.url_fetch.rule_limits",
            kilobytes=formats.number(s.job_url_max_bytes / 1000, self.lang, digits=0),
            seconds=formats.number(s.job_url_timeout_seconds, self.lang),
        )
        self.url_fetch_rate = self.t("admin.settings.url_fetch.rule_rate", count=tailoring.URL_FETCHES_PER_HOUR)

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the switches."""
        self._show(fetch_switch.current(session))

    @rx.event
    @with_admin
    def set_url_fetch(self, session: Session, admin: User, on: bool):
        """Turn fetching job adverts by address on or off (refused on while the operator has it off)."""
        try:
            switch = fetch_switch.set_enabled(session, on is True, admin_id=admin.id or 0, ip=self._client().ip)
        except fetch_switch.SwitchLocked:
            session.rollback()
            self._show(fetch_switch.current(session))
            return rx.toast.error(self.t("admin.settings.url_fetch.locked"))
        session.commit()
        self._show(switch)
        if switch.enabled:
            return rx.toast.success(self.t("admin.settings.url_fetch.turned_on"))
        return rx.toast.success(self.t("admin.settings.url_fetch.turned_off"))


def _rule(text: str | rx.Var) -> rx.Component:
    return rx.el.li(text, margin_bottom="0.25rem")


def _url_fetch() -> rx.Component:
    s = PlatformSettingsState
    return section(
        tr("admin.settings.url_fetch.heading"),
        rx.vstack(
            rx.hstack(
                rx.switch(
                    checked=s.url_fetch_on,
                    on_change=s.set_url_fetch,
                    disabled=s.url_fetch_locked,
                    id=SWITCH_ID,
                    aria_describedby=f"{SWITCH_ID}-description {SWITCH_ID}-rules {SWITCH_ID}-state",
                    size="3",
                ),
                rx.el.label(
                    tr("admin.settings.url_fetch.label"), html_for=SWITCH_ID, font_weight="500", cursor="pointer"
                ),
                align="center",
                spacing="3",
            ),
            rx.text(tr("admin.settings.url_fetch.description"), size="2", id=f"{SWITCH_ID}-description"),
            rx.el.ul(
                _rule(tr("admin.settings.url_fetch.rule_scheme")),
                _rule(tr("admin.settings.url_fetch.rule_private")),
                _rule(s.url_fetch_limits),
                _rule(s.url_fetch_rate),
                id=f"{SWITCH_ID}-rules",
                padding_left="1.25rem",
                font_size="var(--font-size-2)",
                margin="0",
            ),
            rx.cond(
                s.url_fetch_locked,
                note_box(
                    "lock",
                    "amber",
                    rx.text(tr("admin.settings.url_fetch.locked"), size="2", as_="span"),
                    id=f"{SWITCH_ID}-locked",
                ),
            ),
            rx.text(s.url_fetch_changed, size="1", color_scheme="gray", id=f"{SWITCH_ID}-state"),
            spacing="3",
            width="100%",
        ),
        id="settings-url-fetch-section",
    )


@rx.page(
    route=routes.ADMIN_SETTINGS,
    title=tr("admin.settings.page_title"),
    on_load=[PlatformSettingsState.require_admin, PlatformSettingsState.load],
)
def admin_settings_page() -> rx.Component:
    return admin_shell(
        tr("admin.settings.title"),
        routes.ADMIN_SETTINGS,
        rx.vstack(intro(tr("admin.settings.intro")), _url_fetch(), spacing="4", width="100%"),
    )
