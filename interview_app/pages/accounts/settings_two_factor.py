"""The two-factor card of the security settings: set up with a QR code, recovery codes, remembered devices, off.

Admins are sent here (`?two_factor=required`) until they turn it on (state/admin.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from interview_app import styles
from interview_app.clock import aware, utcnow
from interview_app.components.forms import form_alert, text_field
from interview_app.components.i18n import tr
from interview_app.i18n import error_text, formats
from interview_app.models import User
from interview_app.services.accounts import profiles, two_factor
from interview_app.services.accounts.two_factor import TwoFactorError
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.state.auth import AuthState, with_user


def _day(session: Session, user: User, moment: datetime | None, lang: str) -> str:
    """A day on the user's own calendar, written for the language: `7 Dec 2026` / `2026. 12. 7.`."""
    return formats.date(profiles.local_time(session, user.id or 0, aware(moment)), lang) if moment else ""


def _ago(moment: datetime | None, lang: str) -> str:
    """How long ago: `3 hours ago` / `3시간 전` (never in the future, should a clock run ahead)."""
    return formats.relative(min(aware(moment) - utcnow(), timedelta(0)), lang) if moment else ""


class TwoFactorSettingsState(AuthState):
    """What the card shows; the key and the recovery codes only at the moment they are made."""

    enabled: bool = False
    enabled_on: str = ""
    required: bool = False
    # True when an admin page sent this admin here.
    sent_here: bool = False
    codes_left: int = 0
    devices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # A pending enrolment: the QR code (data: URI) and the key to type.
    qr: str = ""
    manual_key: str = ""
    # Recovery codes just made (shown once) and the file to download.
    recovery_codes: rx.Field[list[str]] = rx.field(default_factory=list)
    recovery_text: str = ""
    enrol_error: str = ""
    manage_error: str = ""
    # Which confirmation form is open: "", "regenerate" or "disable".
    manage: str = ""

    @rx.event
    def load(self):
        """Read the user's two-factor status when the page opens."""
        self.enrol_error = self.manage_error = self.manage = ""
        self.recovery_codes, self.recovery_text = [], ""
        self.sent_here = self.router.url.query_parameters.get("two_factor", "") == "required"
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        self._show_status(session, user)
        pending = two_factor.pending_enrolment(session, user)
        self.qr, self.manual_key = (pending.qr_svg, pending.grouped_secret) if pending else ("", "")

    def _show_status(self, session: Session, user: User) -> None:
        status = two_factor.status(session, user)
        self.enabled, self.required, self.codes_left = status.enabled, status.required, status.recovery_codes_left
        self.enabled_on = _day(session, user, status.enabled_at, self.lang)
        self.devices = [
            {
                "id": str(d.id),
                "label": d.label,
                "meta": self.t(
                    "two_factor.devices.meta",
                    created=_day(session, user, d.created_at, self.lang),
                    used=_ago(d.last_used_at, self.lang),
                    expires=_day(session, user, d.expires_at, self.lang),
                ),
            }
            for d in status.devices
        ]

    @rx.event
    @with_user
    def start_enrolment(self, session: Session, user: User):
        """Make the key and show its QR code."""
        self.enrol_error = ""
        try:
            enrolment = two_factor.begin_enrolment(session, user, ip=self._client().ip)
        except TwoFactorError as exc:
            self.enrol_error = error_text(exc.code, self.lang)
            return
        self.qr, self.manual_key = enrolment.qr_svg, enrolment.grouped_secret

    @rx.event
    @with_user
    def cancel_enrolment(self, session: Session, user: User):
        """Drop the pending key."""
        two_factor.cancel_enrolment(session, user)
        self.qr = self.manual_key = self.enrol_error = ""

    @rx.event
    def confirm(self, form: dict[str, str]):
        """Check the first code from the app and turn two-factor sign-in on."""
        self.enrol_error = ""
        try:
            return self._confirm(str(form.get("enrol_code", ""))[:12])
        except RateLimited as exc:
            self.enrol_error = self.t("account.error.rate_limited_two_factor", wait=exc.retry_text())
        except TwoFactorError as exc:
            self.enrol_error = error_text(exc.code, self.lang)
        return None

    @with_user
    def _confirm(self, session: Session, user: User, code: str):
        codes = two_factor.confirm_enrolment(session, user, code, ip=self._client().ip)
        self.qr = self.manual_key = ""
        self._show_codes(user, codes)
        self._show_status(session, user)
        self.sent_here = False
        return rx.toast.success(self.t("two_factor.enabled_toast"))

    def _show_codes(self, user: User, codes: list[str]) -> None:
        self.recovery_codes = codes
        self.recovery_text = "\n".join([self.t("two_factor.codes.file_header", email=user.email), "", *codes, ""])

    @rx.event
    def codes_saved(self):
        """Hide the recovery codes: they are never shown again."""
        self.recovery_codes, self.recovery_text = [], ""

    @rx.event
    def download_codes(self):
        """The recovery codes as a text file."""
        if not self.recovery_text:
            return None
        return rx.download(data=self.recovery_text, filename="interview-coach-recovery-codes.txt")

    @rx.event
    def open_manage(self, which: str):
        """Open the confirmation form of `regenerate` or `disable` (or close it with "")."""
        self.manage = which if which in ("regenerate", "disable") else ""
        self.manage_error = ""

    @rx.event
    async def submit_manage(self, form: dict[str, str]):
        """New recovery codes, or two-factor sign-in off, after a code from the app or the password.

        The password is checked on a thread (`_in_thread`): its hash never holds the event loop.
        """
        self.manage_error = ""
        code, password = str(form.get("manage_code", ""))[:12], str(form.get("manage_password", ""))[:256]
        try:
            return await self._in_thread(self._manage, code, password)
        except RateLimited as exc:
            self.manage_error = self.t("account.error.rate_limited_two_factor", wait=exc.retry_text())
        except TwoFactorError as exc:
            self.manage_error = error_text(exc.code, self.lang)
        return None

    @with_user
    def _manage(self, session: Session, user: User, code: str, password: str):
        ip = self._client().ip
        if self.manage == "regenerate":
            codes = two_factor.regenerate_recovery_codes(session, user, code=code, password=password, ip=ip)
            self._show_codes(user, codes)
            toast = self.t("two_factor.regenerated_toast")
        elif self.manage == "disable":
            two_factor.disable(session, user, code=code, password=password, ip=ip)
            self.recovery_codes, self.recovery_text = [], ""
            toast = self.t("two_factor.disabled_toast")
        else:
            return None
        self.manage = ""
        self._show_status(session, user)
        return rx.toast.success(toast)

    @rx.event
    @with_user
    def forget_device(self, session: Session, user: User, device_id: str):
        """Forget one remembered device: it asks for a code at its next sign-in."""
        if device_id.isdigit() and two_factor.revoke_device(session, user, int(device_id), ip=self._client().ip):
            self._show_status(session, user)
            return rx.toast.success(self.t("two_factor.devices.forgotten"))
        self._show_status(session, user)
        return None


S = TwoFactorSettingsState


def _status_badge() -> rx.Component:
    return rx.cond(
        S.enabled,
        rx.badge(tr("two_factor.on", day=S.enabled_on), color_scheme="green", size="2", id="two-factor-status"),
        rx.badge(tr("two_factor.off"), color_scheme="gray", size="2", id="two-factor-status"),
    )


def _recovery_codes() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("two_factor.codes.title"), size="3", as_="h3"),
        rx.text(tr("two_factor.codes.text"), size="2"),
        rx.grid(
            rx.foreach(S.recovery_codes, lambda c: rx.code(c, size="3", variant="ghost", class_name="recovery-code")),
            columns=rx.breakpoints(initial="1", xs="2"),
            spacing="2",
            width="100%",
            id="recovery-codes",
        ),
        rx.flex(
            rx.button(
                rx.icon("download", size=16),
                tr("two_factor.codes.download"),
                variant="soft",
                on_click=S.download_codes,
                id="recovery-codes-download",
            ),
            rx.button(tr("two_factor.codes.done"), on_click=S.codes_saved, id="recovery-codes-done"),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
        padding="1rem",
        border="1px solid var(--amber-7)",
        border_radius="var(--radius-3)",
        background="var(--amber-2)",
    )


def _enrolment() -> rx.Component:
    return rx.vstack(
        rx.text(tr("two_factor.scan"), size="2", weight="medium"),
        rx.image(
            src=S.qr,
            alt=tr("two_factor.qr_alt"),
            width="196px",
            height="196px",
            id="two-factor-qr",
            style={"image_rendering": "pixelated", "border_radius": "var(--radius-2)"},
        ),
        rx.text(tr("two_factor.manual"), size="2", color_scheme="gray"),
        rx.code(S.manual_key, size="3", id="two-factor-key", style={"word_break": "break-all"}),
        rx.form(
            rx.vstack(
                text_field(
                    tr("two_factor.enter_first"),
                    "enrol_code",
                    autocomplete="one-time-code",
                    placeholder="123456",
                    max_length=7,
                    error=S.enrol_error,
                ),
                rx.flex(
                    rx.button(tr("two_factor.confirm"), type="submit", id="two-factor-confirm"),
                    rx.button(
                        tr("two_factor.cancel"),
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.cancel_enrolment,
                        id="two-factor-cancel",
                    ),
                    spacing="2",
                ),
                spacing="3",
                width="100%",
                max_width=styles.FORM_MAX_WIDTH,
            ),
            on_submit=S.confirm,
            reset_on_submit=True,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _manage_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(
                rx.cond(S.manage == "disable", tr("two_factor.disable_text"), tr("two_factor.codes.regenerate_text")),
                size="2",
            ),
            rx.cond(
                (S.manage == "disable") & S.required,
                rx.text(tr("two_factor.disable_admin"), size="2", color_scheme="amber"),
                rx.fragment(),
            ),
            form_alert(S.manage_error),
            text_field(
                tr("two_factor.reauth.code"),
                "manage_code",
                autocomplete="one-time-code",
                placeholder="123456",
                max_length=7,
                required=False,
            ),
            text_field(
                tr("two_factor.reauth.or_password"),
                "manage_password",
                type="password",
                autocomplete="current-password",
                required=False,
                max_length=256,
            ),
            rx.flex(
                rx.cond(
                    S.manage == "disable",
                    rx.button(
                        tr("two_factor.disable"), type="submit", color_scheme="red", id="two-factor-manage-submit"
                    ),
                    rx.button(tr("two_factor.codes.regenerate"), type="submit", id="two-factor-manage-submit"),
                ),
                rx.button(
                    tr("two_factor.cancel"),
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.open_manage(""),
                    id="two-factor-manage-cancel",
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
            max_width=styles.FORM_MAX_WIDTH,
        ),
        on_submit=S.submit_manage,
        reset_on_submit=True,
        width="100%",
    )


def _device_row(device: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(device["label"], size="2", weight="medium"),
            rx.text(device["meta"], size="1", color_scheme="gray"),
            spacing="0",
            min_width="0",
        ),
        rx.button(
            tr("two_factor.devices.forget"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=S.forget_device(device["id"]),
            aria_label=tr("two_factor.devices.forget_named", device=device["label"]),
        ),
        justify="between",
        align="center",
        gap="3",
        wrap="wrap",
        width="100%",
        class_name="remembered-device",
    )


def _enabled() -> rx.Component:
    return rx.vstack(
        rx.text(
            tr("two_factor.codes.left", count=S.codes_left),
            size="2",
            id="two-factor-codes-left",
        ),
        rx.cond(
            S.codes_left <= 3,
            rx.text(tr("two_factor.codes.low"), size="2", color_scheme="amber"),
            rx.fragment(),
        ),
        rx.cond(
            S.manage != "",
            _manage_form(),
            rx.flex(
                rx.button(
                    tr("two_factor.codes.regenerate"),
                    variant="soft",
                    on_click=S.open_manage("regenerate"),
                    id="two-factor-regenerate",
                ),
                rx.button(
                    tr("two_factor.disable"),
                    variant="soft",
                    color_scheme="red",
                    on_click=S.open_manage("disable"),
                    id="two-factor-disable",
                ),
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.divider(),
        rx.heading(tr("two_factor.devices.title"), size="3", as_="h3"),
        rx.cond(
            S.devices.length() > 0,  # type: ignore[attr-defined]
            rx.vstack(rx.foreach(S.devices, _device_row), spacing="3", width="100%", id="remembered-devices"),
            rx.text(tr("two_factor.devices.none"), size="2", color_scheme="gray", id="remembered-devices-none"),
        ),
        spacing="3",
        width="100%",
    )


def two_factor_card() -> rx.Component:
    """The card on the security settings."""
    return rx.vstack(
        rx.flex(
            rx.heading(tr("two_factor.title"), size="4", as_="h2"),
            _status_badge(),
            justify="between",
            align="center",
            gap="2",
            wrap="wrap",
            width="100%",
        ),
        rx.text(tr("two_factor.text"), size="2", color_scheme="gray"),
        rx.cond(
            S.required & ~S.enabled,
            rx.callout(
                rx.cond(S.sent_here, tr("two_factor.admin_redirect"), tr("two_factor.admin_required")),
                icon="shield-alert",
                color_scheme="amber",
                id="two-factor-admin-required",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(S.recovery_codes.length() > 0, _recovery_codes(), rx.fragment()),  # type: ignore[attr-defined]
        rx.cond(
            S.enabled,
            _enabled(),
            rx.cond(
                S.qr != "",
                _enrolment(),
                rx.vstack(
                    form_alert(S.enrol_error),
                    rx.button(
                        rx.icon("shield-check", size=16),
                        tr("two_factor.start"),
                        on_click=S.start_enrolment,
                        id="two-factor-start",
                    ),
                    spacing="2",
                ),
            ),
        ),
        style=styles.card,
        spacing="3",
        id="two-factor",
        width="100%",
    )
