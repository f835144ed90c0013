"""A candidate's public GitHub profile through GitHub's REST API: fetched, cached by ETag, summarised and stored.

One fetch reads the account (`/users/{login}`), its own repositories (`/users/{login}/repos`, following the
`Link` header's `next` pages), the languages and README of the most notable ones and the recent public events.
Every answer is kept with its ETag (`github_cache`), so the next fetch sends `If-None-Match` and a `304 Not
Modified` (which GitHub does not count against the rate limit) reuses the kept body. The rate-limit headers
are read on every answer: when none are left, no request goes out until `X-RateLimit-Reset`, and a 403/429
rate-limit answer (or `Retry-After`) becomes a `GitHubError("github.rate_limited")` with the time to try again.
`GITHUB_TOKEN` raises the limit from 60 to 5,000 requests an hour; `GITHUB_API_URL` points the client
elsewhere (the tests' fake server). A fetch stores everything at the end or, on any error, nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlmodel import Session, col, delete, select

from interview_app.clock import utcnow
from interview_app.i18n import t
from interview_app.models import GitHubCacheEntry, GitHubProfile, OAuthAccount, Profile
from interview_app.services.accounts.profiles import MAX_LIST_ITEMS
from interview_app.services.bank import questions as bank
from interview_app.services.shared import rate_limit
from interview_app.services.tailoring import github_projects, skills
from interview_app.services.tailoring.job import JobProfile
from interview_app.services.tailoring.selection import Evidence, QuestionDraft
from interview_app.settings import get_settings

USERNAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
API_VERSION = "2022-11-28"
REPOS_PER_PAGE = 100
MAX_REPO_PAGES = 3
NOTABLE_REPOS = 6
README_MAX_BYTES = 200_000
EVENTS_DAYS = 90
# Fetches one candidate may start per hour: each costs up to ~20 of the server's GitHub requests.
FETCHES_PER_HOUR = 10
# Kept answers nobody's fetch has used for this long are deleted (by the next fetch).
CACHE_KEPT = timedelta(days=30)
_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class GitHubError(Exception):
    """A fetch that could not finish; `code` is a strings key (`github.*`), `retry_at` set for rate limits."""

    def __init__(self, code: str, detail: str = "", retry_at: datetime | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.retry_at = retry_at

    def retry_minutes(self, now: datetime | None = None) -> int:
        """Whole minutes until `retry_at` (at least 1), or 0 when there is none."""
        if self.retry_at is None:
            return 0
        seconds = (self.retry_at - (now or utcnow())).total_seconds()
        return max(1, int(seconds // 60) + (1 if seconds % 60 else 0))


@dataclass
class _Cached:
    etag: str
    link: str
    body: Any


@dataclass
class _Limits:
    """What the last answers said about the rate limit, per API address and token (for this process)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    blocked_until: dict[str, datetime] = field(default_factory=dict)

    def check(self, key: str, now: datetime) -> None:
        with self.lock:
            until = self.blocked_until.get(key)
        if until is not None and until > now:
            raise GitHubError("github.rate_limited", "no requests left until the reset", retry_at=until)

    def block(self, key: str, until: datetime) -> None:
        with self.lock:
            self.blocked_until[key] = until


_LIMITS = _Limits()


class GitHubClient:
    """GET requests to the REST API with ETags, rate-limit bookkeeping and clear errors.

    Answers are read through `cached` (url -> kept answer) and new ones collected in `fresh`; the caller
    stores `fresh` only once the whole fetch has worked.
    """

    def __init__(
        self,
        cached: Callable[[str], _Cached | None],
        *,
        base_url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        settings = get_settings()
        self.base_url = (base_url or settings.github_api_url).rstrip("/")
        self._token = settings.github_token if token is None else token
        self._cached = cached
        self._now = now
        self._limit_key = f"{self.base_url}|{'token' if self._token else 'anonymous'}|{hash(self._token)}"
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
        headers["User-Agent"] = "Interview-Coach"
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        self._http = httpx.Client(
            headers=headers, timeout=timeout or settings.github_timeout_seconds, transport=transport
        )
        self.fresh: dict[str, _Cached] = {}
        self.requests = 0
        self.not_modified = 0
        # Kept answers GitHub confirmed unchanged (304): their stored time is renewed with the fetch.
        self.confirmed: set[str] = set()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        """The absolute URL of an API path (the cache key)."""
        return f"{self.base_url}{path}" + (f"?{urlencode(params)}" if params else "")

    def get(self, url: str, *, missing_ok: bool = False) -> tuple[Any, str]:
        """The JSON body and Link header of a GET; None body for a 404 when `missing_ok`.

        Raises:
            GitHubError: not found (404), rate limited, bad token, GitHub unreachable or failing.

        """
        _LIMITS.check(self._limit_key, self._now())
        kept = self.fresh.get(url) or self._cached(url)
        headers = {"If-None-Match": kept.etag} if kept and kept.etag else {}
        try:
            response = self._http.get(url, headers=headers)
        except httpx.TimeoutException as exc:
            raise GitHubError("github.unavailable", f"timed out: {exc}") from exc
        except httpx.HTTPError as exc:
            raise GitHubError("github.unavailable", f"{type(exc).__name__}: {exc}") from exc
        self.requests += 1
        self._note_limits(response)
        if response.status_code == 304 and kept is not None:
            self.not_modified += 1
            self.confirmed.add(url)
            return kept.body, kept.link
        if response.status_code == 200:
            try:
                body = response.json()
            except ValueError as exc:
                raise GitHubError("github.unavailable", f"not JSON from {url}") from exc
            link = response.headers.get("Link", "")[:1000]
            etag = response.headers.get("ETag", "")[:200]
            self.fresh[url] = _Cached(etag=etag, link=link, body=body)
            return body, link
        self._raise_for(response, url, missing_ok)
        return None, ""

    def _note_limits(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining")
        reset = _reset_time(response.headers.get("X-RateLimit-Reset"))
        if remaining is not None and remaining.strip() == "0" and reset is not None:
            _LIMITS.block(self._limit_key, reset)

    def _raise_for(self, response: httpx.Response, url: str, missing_ok: bool) -> None:
        status = response.status_code
        message = _message(response)
        if status == 404:
            if missing_ok:
                return
            raise GitHubError("github.not_found", url)
        if status in (403, 429):
            retry_at = self._retry_at(response)
            if retry_at is not None or "rate limit" in message.lower():
                if retry_at is None:  # a limit without its reset time: a minute, as GitHub advises
                    retry_at = self._now() + timedelta(minutes=1)
                elif retry_at <= self._now():  # the reset has just passed (or the clocks differ a little)
                    retry_at = self._now() + timedelta(seconds=5)
                _LIMITS.block(self._limit_key, retry_at)
                raise GitHubError("github.rate_limited", message, retry_at=retry_at)
            raise GitHubError("github.forbidden", message)
        if status == 401:
            raise GitHubError("github.bad_token", message)
        raise GitHubError("github.unavailable", f"HTTP {status} from {url}: {message}")

    def _retry_at(self, response: httpx.Response) -> datetime | None:
        after = response.headers.get("Retry-After", "").strip()
        if after.isdigit():
            return self._now() + timedelta(seconds=int(after))
        if response.headers.get("X-RateLimit-Remaining", "").strip() == "0":
            return _reset_time(response.headers.get("X-RateLimit-Reset"))
        return None


def _reset_time(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(str(value).strip()), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return str(body.get("message", ""))[:300] if isinstance(body, dict) else ""


def next_page(link: str) -> str | None:
    """The `rel="next"` URL of a Link header, if any."""
    found = _LINK_NEXT.search(link or "")
    return found.group(1) if found else None


def clean_username(raw: str) -> str:
    """A GitHub login from what the candidate typed (a bare name, `@name` or a profile URL).

    Raises:
        GitHubError: `github.bad_username` when it cannot be a GitHub login.

    """
    text = (raw or "").strip().removeprefix("@")
    text = re.sub(r"^(?:https?://)?(?:www\.)?github\.com/", "", text, flags=re.IGNORECASE).strip("/")
    if not USERNAME_RE.match(text):
        raise GitHubError("github.bad_username")
    return text


def linked_account_id(session: Session, user_id: int) -> int | None:
    """The numeric GitHub account id the user signed in with (OAuth), if any."""
    link = session.exec(
        select(OAuthAccount).where(OAuthAccount.user_id == user_id, OAuthAccount.provider == "github")
    ).first()
    return int(link.subject) if link is not None and link.subject.isdigit() else None


def _decode_readme(body: Any) -> str:
    if not isinstance(body, dict) or body.get("encoding") != "base64":
        return ""
    try:
        raw = base64.b64decode(str(body.get("content", "")), validate=False)
    except (binascii.Error, ValueError):
        return ""
    return raw[:README_MAX_BYTES].decode("utf-8", errors="replace")


def _repos(client: GitHubClient, login: str) -> list[dict[str, Any]]:
    url: str | None = client.url(f"/users/{login}/repos", {"per_page": REPOS_PER_PAGE, "sort": "pushed"})
    repos: list[dict[str, Any]] = []
    for _ in range(MAX_REPO_PAGES):
        if url is None:
            break
        body, link = client.get(url)
        if not isinstance(body, list):
            raise GitHubError("github.unavailable", "the repository list is not a list")
        repos.extend(r for r in body if isinstance(r, dict))
        url = next_page(link)
    return repos


def read_profile(client: GitHubClient, login: str, now: datetime | None = None) -> dict[str, Any]:
    """Everything one fetch reads, summarised (see `github_projects.summarise`).

    Raises:
        GitHubError: as `GitHubClient.get`; `github.not_found` for an unknown login.

    """
    user, _ = client.get(client.url(f"/users/{login}"))
    if not isinstance(user, dict) or not user.get("login"):
        raise GitHubError("github.unavailable", "the user answer has no login")
    login = str(user["login"])
    repos = _repos(client, login)
    details: dict[str, dict[str, Any]] = {}
    for repo in github_projects.notable(repos, NOTABLE_REPOS, now or utcnow()):
        full = str(repo.get("full_name") or f"{login}/{repo.get('name')}")
        languages, _ = client.get(client.url(f"/repos/{full}/languages"))
        readme, _ = client.get(client.url(f"/repos/{full}/readme"), missing_ok=True)
        details[full] = {
            "languages": languages if isinstance(languages, dict) else {},
            "readme": _decode_readme(readme),
        }
    events, _ = client.get(client.url(f"/users/{login}/events/public", {"per_page": 100}))
    return github_projects.summarise(
        user, repos, details, events if isinstance(events, list) else [], now or utcnow(), EVENTS_DAYS
    )


def fetch_profile(
    session: Session,
    user_id: int,
    username: str = "",
    *,
    transport: httpx.BaseTransport | None = None,
    now: Callable[[], datetime] = utcnow,
) -> GitHubProfile:
    """Fetch and store the user's GitHub profile: `username`, or the account they signed in with when empty.

    Nothing is written unless the whole fetch works; the answers' ETags are stored with the profile.

    Raises:
        GitHubError: bad username, no linked account, not found, rate limited, GitHub unavailable.

    """
    login = clean_username(username) if username.strip() else ""

    def cached(url: str) -> _Cached | None:
        row = session.get(GitHubCacheEntry, url)
        return _Cached(etag=row.etag, link=row.link, body=row.body) if row is not None else None

    client = GitHubClient(cached, transport=transport, now=now)
    try:
        if not login:
            account_id = linked_account_id(session, user_id)
            if account_id is None:
                raise GitHubError("github.no_username")
            found, _ = client.get(client.url(f"/user/{account_id}"))
            login = clean_username(str((found or {}).get("login", "")))
        summary = read_profile(client, login, now())
    finally:
        client.close()
    stamp = now()
    for url, answer in client.fresh.items():
        row = session.get(GitHubCacheEntry, url) or GitHubCacheEntry(url=url)
        row.etag, row.link, row.body, row.fetched_at = answer.etag, answer.link, answer.body, stamp
        session.add(row)
    for url in client.confirmed - set(client.fresh):
        kept = session.get(GitHubCacheEntry, url)
        if kept is not None:
            kept.fetched_at = stamp
            session.add(kept)
    session.exec(delete(GitHubCacheEntry).where(col(GitHubCacheEntry.fetched_at) < stamp - CACHE_KEPT))  # type: ignore[call-overload]
    profile = session.get(GitHubProfile, user_id) or GitHubProfile(user_id=user_id, username=login)
    profile.username = str(summary.get("login") or login)
    profile.github_id = summary.get("id") if isinstance(summary.get("id"), int) else None
    profile.name = str(summary.get("name") or "")[:255]
    profile.summary = summary
    profile.fetched_at = stamp
    session.add(profile)
    session.flush()
    return profile


def fetch_for_user(
    session: Session, user_id: int, username: str = "", *, transport: httpx.BaseTransport | None = None
) -> GitHubProfile:
    """`fetch_profile` for a candidate's own request, at most `FETCHES_PER_HOUR` an hour.

    Raises:
        GitHubError: as `fetch_profile`, or `github.too_many` with the time to try again.

    """
    key = f"github-fetch:{user_id}"
    try:
        rate_limit.check_window(session, key, limit=FETCHES_PER_HOUR, window=timedelta(hours=1))
    except rate_limit.RateLimited as exc:
        raise GitHubError("github.too_many", retry_at=utcnow() + timedelta(seconds=exc.retry_after)) from None
    rate_limit.hit(session, key)
    return fetch_profile(session, user_id, username, transport=transport)


def new_skills(session: Session, user_id: int) -> list[str]:
    """Skills the stored GitHub profile shows that the candidate's profile does not list yet."""
    stored = stored_profile(session, user_id)
    if stored is None:
        return []
    profile = session.get(Profile, user_id)
    listed = {skills.canonical(s).lower() for s in (profile.skills if profile else [])}
    return [s for s in stored.summary.get("skills", []) if skills.canonical(s).lower() not in listed]


def adopt_skills(session: Session, user_id: int) -> list[str]:
    """Add the GitHub profile's new skills to the candidate's profile (up to its limit); returns those added."""
    adding = new_skills(session, user_id)
    profile = session.get(Profile, user_id) or Profile(user_id=user_id)
    added = adding[: max(0, MAX_LIST_ITEMS - len(profile.skills))]
    if added:
        profile.skills = [*profile.skills, *added]
        profile.updated_at = utcnow()
        session.add(profile)
        session.flush()
    return added


def stored_profile(session: Session, user_id: int) -> GitHubProfile | None:
    """The user's last fetched GitHub profile, if any."""
    return session.get(GitHubProfile, user_id)


def forget_profile(session: Session, user_id: int) -> bool:
    """Delete the user's stored GitHub profile; True when there was one."""
    row = session.get(GitHubProfile, user_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def _repo_evidence(repo: dict[str, Any], question: github_projects.ProjectQuestion | None) -> Evidence | None:
    words = [repo.get("description", ""), repo.get("readme_summary", ""), *repo.get("readme_points", [])]
    stack = [*repo.get("languages", []), *repo.get("technologies", []), *repo.get("topics", [])]
    text = " ".join(w for w in [*words, ", ".join(stack)] if w).strip()
    if not text:
        return None
    draft = None
    if question is not None:
        draft = QuestionDraft(
            prompt=question.prompt,
            key_points=tuple(question.key_points),
            model_answer=question.model_answer,
            type=question.type,
            competencies=question.competencies,
            difficulty=question.difficulty,
            follow_ups=question.follow_ups,
            language=question.language,
        )
    return Evidence(
        source="github",
        text=text,
        quote=repo.get("readme_summary") or repo.get("description") or ", ".join(stack),
        label=f"repo {repo.get('name', '')}",
        skills=tuple(skills.find_skills(" ".join([text, *stack]))),
        question=draft,
        weight=0.8,
    )


def evidence_for(session: Session, user_id: int, job: JobProfile) -> list[Evidence]:
    """The stored GitHub profile as evidence for a tailored interview.

    Each notable repository comes with a question about it (key points from its README and the job's
    matching requirement); the skills the repositories show come as one listed-only item.
    """
    profile = stored_profile(session, user_id)
    if profile is None or not profile.summary:
        return []
    summary = profile.summary
    requirements = [r.text for r in job.checked_requirements()]
    lang = bank.preferred_language(session, user_id)  # the interview's, unless the bank cannot hold it in that
    questions = {q.repo: q for q in github_projects.project_questions(summary, requirements, lang=lang)}
    items = [e for repo in summary.get("repos", []) if (e := _repo_evidence(repo, questions.get(repo.get("name", ""))))]
    languages = [f"{lang['name']} {round(100 * float(lang['share']))} %" for lang in summary.get("languages", [])]
    if summary.get("skills"):
        items.append(
            Evidence(
                source="github",
                text=", ".join(summary["skills"]),
                quote=t("draft.repo.languages", lang, languages=", ".join(languages[:5])),
                label="languages",
                skills=tuple(skills.canonical(s) for s in summary["skills"]),
                weight=0.5,
                listed_only=True,
            )
        )
    return items
