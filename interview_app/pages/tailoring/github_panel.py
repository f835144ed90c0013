"""The GitHub profile panel: a username, "Fetch", what was read, and adding the skills it shows to the profile.

Used on the settings page (and any page that loads `GitHubState.load_github`); the fetch runs in a
background task, in a thread (GitHub can take seconds to answer).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Literal

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import form_alert, labelled
from interview_app.components.i18n import tr
from interview_app.i18n import formats, t
from interview_app.models import Profile, User
from interview_app.pages.accounts.profile_form import ProfileState
from interview_app.services.tailoring import github
from interview_app.services.tailoring.github import GitHubError
from interview_app.state.auth import AuthState, with_user

FIELD_ID = "github-username"


def error_message(exc: GitHubError, lang: str) -> str:
    """The words for a failed fetch (with the minutes to wait for a rate limit)."""
    return t(exc.code, lang, minutes=exc.retry_minutes()) if exc.retry_at else t(exc.code, lang)


def _fetch(open_session: Callable[[], AbstractContextManager[Session]], user_id: int, username: str, lang: str) -> str:
    """Fetch in this thread; "" when it worked, else the message (the attempt is counted either way)."""
    with open_session() as session:
        try:
            github.fetch_for_user(session, user_id, username)
        except GitHubError as exc:
            return error_message(exc, lang)
    return ""


def _repo_view(repo: dict[str, Any], lang: str) -> dict[str, str]:
    stack = list(dict.fromkeys([*repo.get("languages", [])[:3], *repo.get("technologies", [])[:3]]))
    return {
        "name": str(repo.get("name", "")),
        "url": str(repo.get("html_url", "")),
        "summary": str(repo.get("readme_summary") or repo.get("description") or t("github.no_summary", lang)),
        "stack": " · ".join(stack),
        "stars": t("github.stars", lang, count=int(repo.get("stars", 0))) if repo.get("stars") else "",
    }


class GitHubState(AuthState):
    """The panel's form and the stored profile as shown."""

    # What the candidate typed in the username field.
    gh_username: str = ""
    # True when the account signs in with GitHub (an empty username then reads that account).
    gh_linked: bool = False
    # A fetch is running.
    gh_busy: bool = False
    gh_error: str = ""
    gh_done: str = ""
    # The stored profile as shown: login, name, link, when, activity line, languages, skills, repositories.
    gh_has_profile: bool = False
    gh_login: str = ""
    gh_url: str = ""
    gh_fetched: str = ""
    gh_activity: str = ""
    gh_languages: rx.Field[list[str]] = rx.field(default_factory=list)
    gh_skills: rx.Field[list[str]] = rx.field(default_factory=list)
    gh_new_skills: rx.Field[list[str]] = rx.field(default_factory=list)
    gh_repos: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _show_github(self, session: Session, user_id: int) -> None:
        stored = github.stored_profile(session, user_id)
        self.gh_linked = github.linked_account_id(session, user_id) is not None
        self.gh_has_profile = stored is not None
        summary = stored.summary if stored else {}
        self.gh_login = stored.username if stored else ""
        self.gh_username = self.gh_username or self.gh_login
        self.gh_url = str(summary.get("html_url", ""))
        self.gh_fetched = (
            self.t("github.fetched", when=formats.date_time(stored.fetched_at, self.lang) + " UTC") if stored else ""
        )
        activity = summary.get("activity", {})
        days = int(activity.get("days", github.EVENTS_DAYS))
        self.gh_activity = (
            self.t(
                "github.activity",
                days=days,
                pushes=activity.get("pushes", 0),
                commits=activity.get("commits", 0),
                prs=activity.get("pull_requests", 0),
                reviews=activity.get("reviews", 0),
            )
            if activity.get("events")
            else self.t("github.activity_none", days=days)
        )
        self.gh_languages = [
            f"{lang['name']} {round(100 * float(lang['share']))} %" for lang in summary.get("languages", [])[:6]
        ]
        self.gh_skills = list(summary.get("skills", []))
        self.gh_new_skills = github.new_skills(session, user_id)
        self.gh_repos = [_repo_view(r, self.lang) for r in summary.get("repos", [])]

    @rx.event
    @with_user
    def load_github(self, session: Session, user: User):
        """Show the stored profile when the page opens."""
        self.gh_error = self.gh_done = ""
        self._show_github(session, user.id or 0)

    @rx.event
    def set_gh_username(self, value: str):
        """Keep what the candidate types."""
        self.gh_username = value[:200]

    @rx.event(background=True)
    async def fetch_github(self):
        """Read the profile from GitHub in a thread, then show it (or why it failed)."""
        async with self:
            if self.gh_busy:
                return None
            with self._session() as session:
                user = self._signed_in_user(session)
                if user is None:
                    return self._to_sign_in()
                user_id = user.id or 0
            username = self.gh_username
            self.gh_busy, self.gh_error, self.gh_done = True, "", ""
        error = await asyncio.to_thread(_fetch, self._session, user_id, username, self.lang)
        async with self:
            self.gh_busy, self.gh_error = False, error
            with self._session() as session:
                self._show_github(session, user_id)
            if not error:
                return rx.toast.success(self.t("github.fetched_toast", repos=len(self.gh_repos)))
        return None

    @rx.event
    @with_user
    async def adopt_github_skills(self, session: Session, user: User):
        """Add the new skills to the profile (and to the settings form, so a later save keeps them)."""
        added = github.adopt_skills(session, user.id or 0)
        self._show_github(session, user.id or 0)
        if added:
            profile = session.get(Profile, user.id)
            form = await self.get_state(ProfileState)
            form.skills_text = ", ".join(profile.skills if profile else added)
            self.gh_done = self.t("github.adopted", skills=", ".join(added))

    @rx.event
    @with_user
    def forget_github(self, session: Session, user: User):
        """Delete the stored profile."""
        github.forget_profile(session, user.id or 0)
        self.gh_username = ""
        self._show_github(session, user.id or 0)
        self.gh_done = self.t("github.forgotten")


def _username_form() -> rx.Component:
    return rx.form(
        labelled(
            tr("github.username"),
            FIELD_ID,
            rx.flex(
                rx.input(
                    id=FIELD_ID,
                    value=GitHubState.gh_username,
                    on_change=GitHubState.set_gh_username,
                    placeholder="octocat",
                    auto_complete="off",
                    max_length=200,
                    size="3",
                    flex="1",
                    min_width="12rem",
                    aria_describedby=f"{FIELD_ID}-error",
                ),
                rx.button(
                    rx.cond(GitHubState.gh_has_profile, tr("github.refetch"), tr("github.fetch")),
                    type="submit",
                    size="3",
                    loading=GitHubState.gh_busy,
                    id="github-fetch",
                ),
                gap="0.5rem",
                wrap="wrap",
                width="100%",
            ),
            GitHubState.gh_error,
            hint=tr("github.username_hint"),
        ),
        rx.cond(GitHubState.gh_linked, rx.text(tr("github.linked_hint"), size="1", color_scheme="gray")),
        on_submit=lambda _form: GitHubState.fetch_github(),
        width="100%",
    )


def _chips(items: rx.Var, color: Literal["gray", "teal", "amber"] = "gray") -> rx.Component:
    return rx.flex(
        rx.foreach(items, lambda item: rx.badge(item, color_scheme=color, variant="soft", radius="full")),
        wrap="wrap",
        gap="0.4rem",
    )


def _repo(repo: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.link(repo["name"], href=repo["url"], is_external=True, weight="bold"),
            rx.text(repo["stars"], size="1", color_scheme="gray"),
            justify="between",
            gap="0.5rem",
            wrap="wrap",
        ),
        rx.text(repo["stack"], size="1", color_scheme="gray"),
        rx.text(repo["summary"], size="2", margin_top="0.25rem"),
        padding="0.75rem",
        border="1px solid var(--gray-a4)",
        border_radius="var(--radius-3)",
        width="100%",
    )


def _profile() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.link(rx.text("@", GitHubState.gh_login, weight="bold"), href=GitHubState.gh_url, is_external=True),
            rx.text(GitHubState.gh_fetched, size="1", color_scheme="gray"),
            justify="between",
            align="center",
            gap="0.5rem",
            wrap="wrap",
            width="100%",
        ),
        rx.text(GitHubState.gh_activity, size="2"),
        rx.text(tr("github.languages"), size="2", weight="medium"),
        _chips(GitHubState.gh_languages),
        rx.text(tr("github.skills"), size="2", weight="medium"),
        _chips(GitHubState.gh_skills, "teal"),
        rx.cond(
            GitHubState.gh_new_skills.length() > 0,
            rx.flex(
                rx.text(tr("github.skills_new"), size="2"),
                _chips(GitHubState.gh_new_skills, "amber"),
                rx.button(
                    rx.icon("plus", size=14),
                    tr("github.adopt"),
                    size="2",
                    variant="soft",
                    on_click=GitHubState.adopt_github_skills,
                    id="github-adopt",
                    type="button",
                ),
                gap="0.5rem",
                align="center",
                wrap="wrap",
            ),
        ),
        rx.text(tr("github.repos"), size="2", weight="medium"),
        rx.cond(
            GitHubState.gh_repos.length() > 0,
            rx.vstack(rx.foreach(GitHubState.gh_repos, _repo), spacing="2", width="100%"),
            rx.text(tr("github.no_repos"), size="2", color_scheme="gray"),
        ),
        confirm_dialog(
            rx.button(tr("github.forget"), variant="ghost", color_scheme="red", size="2", type="button"),
            tr("github.forget"),
            tr("github.forget_confirm"),
            tr("github.forget"),
            GitHubState.forget_github,
        ),
        spacing="3",
        width="100%",
        id="github-profile",
    )


def github_panel() -> rx.Component:
    """The whole panel: form, messages, and the stored profile once there is one."""
    return rx.vstack(
        _username_form(),
        rx.cond(GitHubState.gh_busy, rx.text(tr("github.fetching"), size="2", color_scheme="gray", role="status")),
        form_alert(GitHubState.gh_done, "green"),
        rx.cond(GitHubState.gh_has_profile, _profile()),
        spacing="3",
        width="100%",
    )
