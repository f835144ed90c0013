"""The second step of a sign-in with two-factor sign-in on: a code from the app, or a recovery code.

Shared by the sign-in page (after the password or the e-mailed code) and the OAuth landing page (after
Google, GitHub or LinkedIn). Each page's state has its own `submit_second_step` event calling
`_submit_second_step` and says where a finished sign-in goes (`_finish_second_step`): Reflex runs an event
on the state class that defines it, so the shared base must not define the submit event itself.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app.components.forms import form_alert, submit_button, text_field
from interview_app.components.i18n import tr
from interview_app.i18n import error_text
from interview_app.models import User
from interview_app.services.accounts import accounts, two_factor
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.state.auth import AuthState


class TwoFactorStepState(AuthState):
    """The pending second step; the challenge stays on the server."""

    # True while the page asks for the code from the authenticator app (or a recovery code).
    two_factor_step: bool = False
    # True when the user chose to type a recovery code instead.
    use_recovery: bool = False
    # Why the last code was refused.
    step_error: str = ""
    step_busy: bool = False
    # The token this browser keeps once the user ticked "remember this device" (the server has its hash).
    remembered_device: str = rx.LocalStorage("", name="ic_2fa_device")
    # The pending challenge from the first step (never sent to the browser).
    _two_factor_challenge: str = ""

    def _enter_second_step(self, challenge: str) -> None:
        self._two_factor_challenge, self.two_factor_step = challenge, True
        self.use_recovery, self.step_error, self.step_busy = False, "", False

    def _leave_second_step(self) -> None:
        self._two_factor_challenge, self.two_factor_step = "", False
        self.use_recovery, self.step_error, self.step_busy = False, "", False

    def _finish_second_step(self, session: Session, user: User, token: str) -> rx.event.EventSpec | list:
        """Keep the new session and go on (each page says where)."""
        raise NotImplementedError

    @rx.event
    def toggle_recovery(self):
        """Switch between the app's code and a recovery code."""
        self.use_recovery, self.step_error = not self.use_recovery, ""

    def _submit_second_step(self, form: dict[str, str | bool]):
        """Check the code (or recovery code) and finish the sign-in."""
        if not self.two_factor_step:
            return None
        self.step_error = ""
        recovery = str(form.get("recovery_code", ""))[:40] if self.use_recovery else ""
        try:
            with self._session() as session:
                user, token, device = accounts.sign_in_second_step(
                    session,
                    challenge=self._two_factor_challenge,
                    code="" if self.use_recovery else str(form.get("totp_code", ""))[:12],
                    recovery_code=recovery,
                    remember_device=form.get("remember") in (True, "on", "true"),
                    remembered=self.remembered_device,
                    client=self._client(),
                )
                if device:
                    self.remembered_device = device
                left = two_factor.status(session, user).recovery_codes_left if recovery else None
                done = self._finish_second_step(session, user, token)
        except RateLimited as exc:
            self.step_error = self.t("account.error.rate_limited_two_factor", wait=exc.retry_text(self.lang))
            return None
        except accounts.AccountError as exc:
            self.step_error = error_text(exc.code, self.lang)
            if exc.code == "two_factor_challenge_expired":
                self._leave_second_step()
                return rx.toast.error(error_text(exc.code, self.lang))
            return None
        self._leave_second_step()
        if left is not None:
            return [
                *(done if isinstance(done, list) else [done]),
                rx.toast.warning(self.t("two_factor.recovery_used", left=left)),
            ]
        return done


def second_step_form(state: Any, back: Any = None) -> rx.Component:
    """The form of the second step; `back` leaves it for the password form (absent on the OAuth page)."""
    return rx.form(
        rx.vstack(
            rx.text(
                rx.cond(state.use_recovery, tr("two_factor.step.recovery_text"), tr("two_factor.step.text")),
                size="2",
                color_scheme="gray",
            ),
            form_alert(state.step_error),
            rx.cond(
                state.use_recovery,
                text_field(
                    tr("two_factor.step.recovery_code"),
                    "recovery_code",
                    autocomplete="off",
                    placeholder="abcd-efgh-jkmn-pqrs",
                    max_length=40,
                ),
                text_field(
                    tr("two_factor.step.code"),
                    "totp_code",
                    autocomplete="one-time-code",
                    placeholder="123456",
                    max_length=7,
                ),
            ),
            rx.vstack(
                rx.text(
                    rx.flex(
                        rx.checkbox(
                            name="remember", id="two-factor-remember", aria_label=tr("two_factor.step.remember")
                        ),
                        tr("two_factor.step.remember"),
                        spacing="2",
                        align="center",
                    ),
                    as_="label",
                    size="2",
                ),
                rx.text(tr("two_factor.step.remember_hint"), size="1", color_scheme="gray"),
                spacing="1",
                width="100%",
            ),
            submit_button(tr("two_factor.step.submit"), state.step_busy, "two-factor-submit"),
            rx.button(
                rx.cond(state.use_recovery, tr("two_factor.step.use_app"), tr("two_factor.step.use_recovery")),
                type="button",
                variant="ghost",
                on_click=state.toggle_recovery,
                id="two-factor-toggle-recovery",
                align_self="center",
            ),
            rx.button(
                tr("two_factor.step.back"),
                type="button",
                variant="ghost",
                color_scheme="gray",
                on_click=back,
                id="two-factor-back",
                align_self="center",
            )
            if back is not None
            else rx.fragment(),
            spacing="3",
            width="100%",
        ),
        on_submit=state.submit_second_step,
        reset_on_submit=True,
        width="100%",
        id="two-factor-form",
    )
