"""Who is signed in, resolved on the server from the session token in every handler.

The browser keeps only a random session token (localStorage, synced across tabs).
`_signed_in_user` looks it up in `auth_sessions` each time; the public vars here are
for display only and are never trusted for access decisions. A connection gets this
state only after its hydrate presents the token again (`state/connection.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from interview_app import db, routes
from interview_app.i18n import from_accept_language, normalise, t
from interview_app.models import User
from interview_app.services.accounts import accounts, oauth, profiles, two_factor
from interview_app.services.shared.rate_limit import RateLimited

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="AuthState")
# Where an admin without two-factor sign-in is sent before any admin page works.
TWO_FACTOR_SETUP = f"{routes.SETTINGS_SECURITY}?two_factor=required"


def with_user(handler: Callable[Concatenate[S, Session, User, P], R]) -> Callable[Concatenate[S, P], R | Any]:
    """The opening of every handler that needs the signed-in user, as one decorator under `@rx.event`.

        @rx.event
        @with_user
        def load(self, session: Session, user: User, kind: str): ...

    The handler runs inside one database session (committed when it returns) with the user resolved from this
    browser's token now; a call without a valid session gets the sign-in redirect and the handler does not run.
    Reflex (and any client) sees only the handler's own arguments, `kind` above.
    """

    def opening(state: AuthState, session: Session) -> User | Any:
        user = state._signed_in_user(session)
        return state._to_sign_in() if user is None else user

    return handler_opened_by(opening, handler)


def with_user_id(handler: Callable[Concatenate[S, Session, int, P], R]) -> Callable[Concatenate[S, P], R | Any]:
    """`with_user` for a handler that needs only the signed-in user's id (`accounts.session_user_id`).

    The same checks of this browser's session, without loading the user: for the most frequent events (the
    draft's autosave), where building the user and session objects was most of the event's cost.
    """

    def opening(state: AuthState, session: Session) -> int | Any:
        user_id = accounts.session_user_id(session, state.session_token)
        return state._to_sign_in() if user_id is None else user_id

    return handler_opened_by(opening, handler, gives=int)


def handler_opened_by(
    opening: Callable[[Any, Session], Any],
    handler: Callable[Concatenate[S, Session, Any, P], R],
    gives: type = User,
) -> Callable[Concatenate[S, P], R | Any]:
    """`handler(state, session, user, *args)` run as `handler(state, *args)` inside a database session.

    `opening(state, session)` returns the user to pass on (an instance of `gives`: the `User`, or its id), or
    what the call returns instead (a redirect). The wrapper shows Reflex the handler's signature and type hints
    without `session` and `user`, so its event arguments are parsed as before. Sync and async handlers only: a
    generator would outlive the session.
    """
    if inspect.isgeneratorfunction(handler) or inspect.isasyncgenfunction(handler):
        raise TypeError(f"{handler.__qualname__}: a generator handler would run after its session has closed")
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def opened_async(state: S, *args: P.args, **kwargs: P.kwargs) -> R | Any:
            with state._session() as session:
                user = opening(state, session)
                if not isinstance(user, gives):
                    return user
                return await handler(state, session, user, *args, **kwargs)  # type: ignore[misc]

        opened: Callable[..., Any] = opened_async
    else:

        @functools.wraps(handler)
        def opened_sync(state: S, *args: P.args, **kwargs: P.kwargs) -> R | Any:
            with state._session() as session:
                user = opening(state, session)
                if not isinstance(user, gives):
                    return user
                return handler(state, session, user, *args, **kwargs)

        opened = opened_sync
    signature = inspect.signature(handler)
    state_param, session_param, user_param, *event_params = signature.parameters.values()
    opened.__signature__ = signature.replace(parameters=[state_param, *event_params])  # type: ignore[attr-defined]
    hidden = {session_param.name, user_param.name}
    opened.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k not in hidden}
    return opened


class PageText:
    """`state.t(key, **params)`: `t(key, state.lang, **params)`, bound to the state it is read from."""

    def __get__(self, state: AuthState | None, owner: type | None = None) -> Callable[..., str]:
        if state is None:
            return functools.partial(t, lang="en")
        return functools.partial(_page_text, state)


def _page_text(state: AuthState, key: str, **params: object) -> str:
    return t(key, state.lang, **params)


class AuthState(rx.State):
    """The session token and what the pages show about the signed-in user."""

    # Random session token issued at sign-in; the server keeps only its hash.
    session_token: str = rx.LocalStorage("", name="ic_session", sync=True)
    # Display-only copies of the signed-in user's details.
    user_name: rx.Field[str] = rx.field("")
    user_email: rx.Field[str] = rx.field("")
    is_admin: bool = False
    email_verified: bool = True
    signed_in: bool = False
    # The language pages show (`tr` in components/i18n.py picks texts by it) and handlers write in
    # (`self.t`): the profile's when signed in, else the visitor's choice from the header (cookie), else the
    # browser's Accept-Language. Display only, like the copies above.
    lang: str = "en"
    # A visitor's choice from the header's language menu (a year; signed-in users keep theirs in the profile).
    lang_choice: str = rx.Cookie("", name="ic_lang", max_age=365 * 24 * 3600, same_site="lax")

    @staticmethod
    def _session() -> contextlib.AbstractContextManager[Session]:
        """A database session for a handler: committed when the block ends, rolled back on an error."""
        return db.session_scope()

    @staticmethod
    async def _off_loop(fn: Callable[..., R], *args: Any) -> R:
        """Run `fn(*args)` (a handler's database work) off the event loop; see `db.run_off_loop`."""
        return await db.run_off_loop(fn, *args)

    @staticmethod
    async def _in_thread(fn: Callable[..., R], *args: Any) -> R:
        """Run `fn(*args)` on a thread, whatever the database; the caller's context vars go along.

        For work that waits for more than the database (a password hash, and its turn among
        PASSWORD_HASH_CONCURRENCY slots): it must never hold the event loop, which serves every other tab of the
        process meanwhile.
        """
        return await asyncio.to_thread(fn, *args)

    @staticmethod
    def _after_commit(session: Session, callback: Callable[[], object]) -> None:
        """Run `callback` once the handler's `session` has committed (e.g. to queue a job for a new row)."""
        db.after_commit(session, callback)

    def _client(self) -> accounts.Client:
        return accounts.Client(
            ip=self.router.session.client_ip or "", user_agent=self.router.headers.user_agent or "", language=self.lang
        )

    def _signed_in_user(self, session: Session) -> User | None:
        """The user behind this browser's token, checked against the database now."""
        return accounts.resolve_session(session, self.session_token)

    def _show_user(self, user: User | None) -> None:
        self.signed_in = user is not None
        self.user_name = user.name if user else ""
        self.user_email = user.email if user else ""
        self.is_admin = bool(user and user.role == "admin")
        self.email_verified = bool(user is None or user.email_verified_at is not None)

    def _visitor_language(self) -> str:
        """A visitor's language: the header menu's choice, else what the browser asks for."""
        if self.lang_choice:
            return normalise(self.lang_choice)
        return from_accept_language(self.router.headers.accept_language)

    def _apply_language(self, session: Session, user: User | None) -> None:
        """Show pages in the user's language (the profile's), or the visitor's."""
        visitor = self._visitor_language()
        self.lang = profiles.language_of(session, user.id, visitor) if user is not None and user.id else visitor

    # `self.t(key, **params)`: the text of `key` in this page's language, for what a handler writes (toasts,
    # errors). A descriptor rather than a method: Reflex makes every public method an event a client could call.
    t = PageText()

    @rx.event
    def set_language(self, language: str):
        """The header's language menu: a visitor's choice goes in a cookie, a signed-in user's in the profile."""
        language = normalise(language)
        if self.signed_in:
            try:
                return self._save_language(language)
            except profiles.ProfileError:
                return rx.toast.error(self.t("profile.error.language"))
        self.lang_choice = self.lang = language
        return None

    @with_user
    def _save_language(self, session: Session, user: User, language: str):
        self.lang = profiles.set_language(session, user, language)

    def _forget_session(self) -> None:
        self.session_token = ""
        self._show_user(None)

    def _oauth_providers(self) -> list[dict[str, str]]:
        """The configured OAuth providers as button data, returning to `next` afterwards."""
        next_path = self.router.url.query_parameters.get("next", "")
        suffix = f"?{urlencode({'next': routes.safe_next(next_path)})}" if next_path else ""
        return [
            {"name": p.name, "label": p.label, "href": routes.oauth_start(p.name) + suffix} for p in oauth.configured()
        ]

    def _to_sign_in(self) -> rx.event.EventSpec:
        self._forget_session()
        return rx.redirect(routes.sign_in_then(self.router.url.path or routes.DASHBOARD))

    @rx.event
    def require_user(self):
        """Page guard for candidate pages: sign-in first, then onboarding."""
        return self._guard_user()

    def _guard_user(self) -> rx.event.EventSpec | None:
        """`require_user`'s check: the redirect a visitor (or a candidate not onboarded yet) gets, else None.

        A page's own on_load event may run it first and then load its values (`open_page`): the guard's and the
        page's changes then reach the browser as one state update, rendered once, instead of two.
        """
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            self._show_user(user)
            self._apply_language(session, user)
            if user is None:
                return self._to_sign_in()
            # Admins need no candidate onboarding (the CLI makes them without a profile to fill in).
            if user.onboarded_at is None and user.role != "admin" and self.router.url.path != routes.ONBOARDING:
                return rx.redirect(routes.ONBOARDING)
        return None

    @rx.event
    def require_admin(self):
        """Page guard for admin pages (handlers check the role again themselves): admins, with two-factor on."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            self._show_user(user)
            self._apply_language(session, user)
            if user is None:
                return self._to_sign_in()
            if user.role != "admin":
                return [rx.redirect(routes.DASHBOARD), rx.toast.error(self.t("admin.denied_page"))]
            if two_factor.needs_enrolment(session, user):
                return [rx.redirect(TWO_FACTOR_SETUP), rx.toast.info(self.t("two_factor.admin_redirect"))]
        return None

    @rx.event
    def load_visitor(self):
        """On public pages: show who is signed in, if anyone, without redirecting."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            self._show_user(user)
            self._apply_language(session, user)

    @rx.event
    def redirect_if_signed_in(self):
        """On sign-in and register pages: a signed-in user goes straight to the dashboard."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            self._show_user(user)
            self._apply_language(session, user)
        if user is not None:
            return rx.redirect(routes.DASHBOARD)
        return None

    @rx.event
    def check_session(self):
        """Periodic check from signed-in pages: a revoked session returns to sign-in."""
        if not self.signed_in:
            return None
        with db.session_scope() as session:
            user = self._signed_in_user(session)
        if user is None:
            return [self._to_sign_in(), rx.toast.info(self.t("account.error.session_expired"))]
        return None

    @rx.event
    def sign_out(self):
        """End this browser's session."""
        with db.session_scope() as session:
            accounts.sign_out(session, self.session_token)
        self._forget_session()
        return rx.redirect(routes.SIGN_IN)

    @rx.event
    def sign_out_everywhere(self):
        """End every session of this user, on every device."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is not None:
                accounts.sign_out_everywhere(session, user, self._client())
        self._forget_session()
        return [rx.redirect(routes.SIGN_IN), rx.toast.success(self.t("security.signed_out_everywhere"))]

    @rx.event
    def resend_verification(self):
        """Send a new e-mail confirmation link (the signed-in shell's banner offers it)."""
        try:
            return self._resend_verification()
        except RateLimited as exc:
            return rx.toast.error(self.t("account.error.rate_limited", wait=exc.retry_text(self.lang)))

    @with_user
    def _resend_verification(self, session: Session, user: User):
        accounts.resend_verification(session, user)
        return rx.toast.success(self.t("security.verification_sent"))
