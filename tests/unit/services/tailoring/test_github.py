"""GitHub profiles through the real client against the local fake GitHub API (tests/support/fake_github.py)."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from interview_app.models import GitHubCacheEntry, GitHubProfile, OAuthAccount, Profile, User
from interview_app.services.privacy import data_export
from interview_app.services.tailoring import github, github_projects, tailoring
from interview_app.services.tailoring.github import GitHubError
from interview_app.services.tailoring.job import JobProfile, Requirement
from interview_app.settings import get_settings
from tests.support import fake_github, tailoring_data
from tests.support.fake_github import FakeGitHub
from tests.support.live_server import free_port
from tests.support.mock_interviews import seed_bank

LEDGER_README = """# ledgerlite

[![CI](https://github.com/ada/ledgerlite/actions/workflows/ci.yml/badge.svg)](https://github.com/ada/ledgerlite/actions)
![logo](docs/logo.png)

Ledgerlite is a small double-entry bookkeeping service for freelancers. It imports bank statements,
matches them to invoices and keeps the books balanced, with a REST API and a PostgreSQL store.

## Features

- Idempotent imports of bank statements, so a file uploaded twice is booked once
- Matching of payments to open invoices by amount, date and reference
- Monthly reports as PDF and CSV
- ok

## Install

```bash
pip install ledgerlite
docker compose up
```

- Run the tests with make test
"""
TINY_README = "# notes\n\nMy notes.\n"


@pytest.fixture(autouse=True)
def _no_remembered_limits() -> Iterator[None]:
    github._LIMITS.blocked_until.clear()
    yield
    github._LIMITS.blocked_until.clear()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    server = fake_github.start()
    monkeypatch.setattr(get_settings(), "github_api_url", server.url)
    monkeypatch.setattr(get_settings(), "github_token", "")
    monkeypatch.setattr(get_settings(), "github_timeout_seconds", 2.0)
    yield server
    server.stop()


@pytest.fixture
def ada(make_user) -> User:
    return make_user()


def _now() -> datetime:
    return datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _populate(fake: FakeGitHub) -> None:
    fake.add_user("ada-l", 4242, name="Ada Lovelace", bio="Backend engineer", followers=12)
    fake.add_repo(
        "ada-l",
        "ledgerlite",
        languages={"Python": 52000, "HTML": 3000, "Dockerfile": 400},
        readme=LEDGER_README,
        description="Double-entry bookkeeping for freelancers",
        topics=["accounting", "fastapi", "postgresql"],
        stargazers_count=64,
        forks_count=5,
    )
    fake.add_repo(
        "ada-l",
        "tracer",
        languages={"Go": 30000},
        readme="# tracer\n\nA tiny distributed tracing collector written in Go that batches spans over gRPC "
        "and stores them in ClickHouse for fast queries.\n\n## Design\n\n* Spans are batched per service "
        "and flushed every second\n* Back-pressure drops the oldest batches first\n",
        topics=["observability", "go"],
        stargazers_count=3,
    )
    fake.add_repo("ada-l", "notes", languages={"Markdown": 10}, readme=TINY_README)
    fake.add_repo("ada-l", "forked-lib", languages={"C": 9000}, fork=True)
    fake.add_repo("ada-l", "empty", languages={}, size=0)
    fake.events["ada-l"] = [
        {
            "id": "1",
            "type": "PushEvent",
            "repo": {"id": 1, "name": "ada-l/ledgerlite"},
            "payload": {"size": 3, "commits": []},
            "created_at": "2026-11-28T10:00:00Z",
        },
        {
            "id": "2",
            "type": "PullRequestEvent",
            "repo": {"id": 2, "name": "someone/else"},
            "payload": {"action": "opened"},
            "created_at": "2026-11-20T10:00:00Z",
        },
        {
            "id": "3",
            "type": "PushEvent",
            "repo": {"id": 1, "name": "ada-l/ledgerlite"},
            "payload": {"size": 1},
            "created_at": "2025-01-01T10:00:00Z",
        },
    ]


def _fetch(session: Session, user: User, username: str = "ada-l", **kwargs) -> GitHubProfile:
    profile = github.fetch_profile(session, user.id or 0, username, now=_now, **kwargs)
    session.commit()
    return profile


def _nothing_stored(session: Session) -> bool:
    return not session.exec(select(GitHubProfile)).all() and not session.exec(select(GitHubCacheEntry)).all()


def test_a_profile_is_read_summarised_and_stored(session, fake, ada):
    _populate(fake)
    fake.max_per_page = 2  # five repositories: three pages, followed through the Link header
    profile = _fetch(session, ada, "https://github.com/Ada-L/")
    assert profile.username == "ada-l" and profile.github_id == 4242 and profile.name == "Ada Lovelace"
    summary = profile.summary
    assert fake.count("/users/ada-l/repos") == 3
    assert summary["repo_count"] == 5 and summary["own_repo_count"] == 4
    names = [r["name"] for r in summary["repos"]]
    assert names[0] == "ledgerlite" and "forked-lib" not in names and "empty" not in names
    ledger = summary["repos"][0]
    assert ledger["readme_summary"].startswith("Ledgerlite is a small double-entry bookkeeping service")
    assert "badge" not in ledger["readme_summary"] and "logo" not in ledger["readme_summary"]
    assert ledger["readme_points"][0].startswith("Idempotent imports of bank statements")
    assert len(ledger["readme_points"]) == 3  # "ok" is too short, the install bullet is not a feature
    assert {"FastAPI", "PostgreSQL", "REST APIs", "Docker"} <= set(ledger["technologies"])
    assert summary["languages"][0]["name"] == "Python"
    assert "Python" in summary["skills"] and "Go" in summary["skills"] and "Docker" in summary["skills"]
    assert "Dockerfile" not in summary["skills"]
    activity = summary["activity"]
    assert activity["pushes"] == 1 and activity["commits"] == 3 and activity["pull_requests"] == 1
    assert activity["active_repos"][0] == "ada-l/ledgerlite"
    assert activity["last_active"].startswith("2026-11-28")
    cached = session.exec(select(GitHubCacheEntry)).all()
    assert fake.count("/users/Ada-L") == 1  # as typed; GitHub logins are case-insensitive
    assert len(cached) == 1 + 3 + 2 * 3 + 1  # user, 3 pages, languages and README of 3 repos, events
    assert all(row.etag.startswith('W/"') for row in cached)


def test_the_next_fetch_asks_with_etags_and_reuses_unchanged_answers(session, fake, ada):
    _populate(fake)
    _fetch(session, ada)
    left = fake.remaining["anonymous"]
    sent = len(fake.requests)
    fake.readmes["ada-l/tracer"] = fake.readmes["ada-l/tracer"].replace("ClickHouse", "SQLite")
    profile = _fetch(session, ada)
    again = fake.requests[sent:]
    assert all(r.headers.get("if-none-match", "").startswith('W/"') for r in again)
    assert sum(r.status == 304 for r in again) == len(again) - 1  # only the changed README came back in full
    assert fake.remaining["anonymous"] == left - 1  # 304 answers cost nothing
    tracer = next(r for r in profile.summary["repos"] if r["name"] == "tracer")
    assert "SQLite" in tracer["readme_summary"]
    assert next(r for r in profile.summary["repos"] if r["name"] == "ledgerlite")["readme_points"]


def test_a_token_is_sent_and_gets_the_higher_limit(session, fake, ada, monkeypatch):
    _populate(fake)
    monkeypatch.setattr(get_settings(), "github_token", "ghp_test_token")
    _fetch(session, ada)
    assert all(r.headers["authorization"] == "Bearer ghp_test_token" for r in fake.requests)
    assert fake.remaining["Bearer ghp_test_token"] == fake_github.TOKEN_LIMIT - len(fake.requests)
    assert all(r.headers["x-github-api-version"] == github.API_VERSION for r in fake.requests)


def test_an_unknown_user_is_a_clear_error_and_nothing_is_stored(session, fake, ada):
    _populate(fake)
    with pytest.raises(GitHubError) as caught:
        _fetch(session, ada, "no-such-person")
    assert caught.value.code == "github.not_found"
    assert _nothing_stored(session)


@pytest.mark.parametrize("typed", ["", "   ", "-ada", "ada--l", "a" * 40, "ada l", "https://gitlab.com/ada"])
def test_a_bad_username_is_refused_before_any_request(session, fake, ada, typed):
    if not typed.strip():
        with pytest.raises(GitHubError) as caught:
            _fetch(session, ada, typed)
        assert caught.value.code == "github.no_username"
    else:
        with pytest.raises(GitHubError) as caught:
            _fetch(session, ada, typed)
        assert caught.value.code == "github.bad_username"
    assert fake.requests == []


def test_the_linked_github_account_is_used_when_no_username_is_given(session, fake, ada):
    _populate(fake)
    session.add(OAuthAccount(user_id=ada.id or 0, provider="github", subject="4242", email=ada.email))
    session.commit()
    profile = _fetch(session, ada, "")
    assert profile.username == "ada-l"
    assert fake.count("/user/4242") == 1


def test_running_out_of_requests_mid_fetch_stores_nothing_and_says_when_to_retry(session, fake, ada):
    _populate(fake)
    fake.remaining["anonymous"] = 4
    with pytest.raises(GitHubError) as caught:
        _fetch(session, ada)
    error = caught.value
    assert error.code == "github.rate_limited"
    assert error.retry_at == datetime.fromtimestamp(fake.reset_at, UTC)
    assert 55 <= error.retry_minutes(datetime.now(UTC)) <= 61
    assert _nothing_stored(session)
    sent = len(fake.requests)
    with pytest.raises(GitHubError) as again:  # the reset is remembered: no request until then
        _fetch(session, ada)
    assert again.value.code == "github.rate_limited" and len(fake.requests) == sent


def test_requests_go_through_again_after_the_reset(session, fake, ada):
    _populate(fake)
    fake.remaining["anonymous"] = 0
    fake.reset_at = int(time.time()) + 2
    with pytest.raises(GitHubError) as caught:
        github.fetch_profile(session, ada.id or 0, "ada-l")
    assert caught.value.retry_minutes() == 1
    time.sleep(max(0.0, fake.reset_at - time.time()) + 0.2)
    fake.remaining["anonymous"] = 60
    assert github.fetch_profile(session, ada.id or 0, "ada-l").username == "ada-l"


def test_a_reset_already_past_blocks_only_a_few_seconds(session, fake, ada):
    _populate(fake)
    fake.remaining["anonymous"] = 0
    fake.reset_at = int(time.time()) - 30
    before = datetime.now(UTC)
    with pytest.raises(GitHubError) as caught:
        github.fetch_profile(session, ada.id or 0, "ada-l")
    assert caught.value.retry_at is not None
    assert caught.value.retry_at - before <= timedelta(seconds=6)


def test_the_secondary_limit_uses_retry_after(session, fake, ada):
    _populate(fake)
    fake.retry_after = 90
    before = datetime.now(UTC)
    with pytest.raises(GitHubError) as caught:
        github.fetch_profile(session, ada.id or 0, "ada-l")
    assert caught.value.code == "github.rate_limited"
    assert caught.value.retry_at is not None
    assert timedelta(seconds=85) <= caught.value.retry_at - before <= timedelta(seconds=95)
    assert _nothing_stored(session)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_github_failing_is_a_clear_error(session, fake, ada, status):
    _populate(fake)
    fake.fail_status = status
    with pytest.raises(GitHubError) as caught:
        _fetch(session, ada)
    assert caught.value.code == "github.unavailable"
    assert _nothing_stored(session)


def test_github_unreachable_or_slow_is_a_clear_error(session, fake, ada, monkeypatch):
    _populate(fake)
    monkeypatch.setattr(get_settings(), "github_api_url", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(GitHubError) as refused:
        _fetch(session, ada)
    assert refused.value.code == "github.unavailable"
    monkeypatch.setattr(get_settings(), "github_api_url", fake.url)
    monkeypatch.setattr(get_settings(), "github_timeout_seconds", 0.2)
    fake.delay = 0.6
    with pytest.raises(GitHubError) as slow:
        _fetch(session, ada)
    assert slow.value.code == "github.unavailable" and "timed out" in slow.value.detail
    assert _nothing_stored(session)


def test_a_failed_refetch_keeps_the_previous_profile(session, fake, ada):
    _populate(fake)
    first = _fetch(session, ada)
    fake.fail_status = 503
    with pytest.raises(GitHubError):
        _fetch(session, ada)
    session.expire_all()
    kept = session.get(GitHubProfile, ada.id)
    assert kept is not None and kept.summary == first.summary


def test_a_body_that_is_not_json_is_unavailable(session, ada):
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(GitHubError) as caught:
        github.fetch_profile(session, ada.id or 0, "ada-l", transport=transport)
    assert caught.value.code == "github.unavailable"


def test_forget_profile_deletes_it(session, fake, ada):
    _populate(fake)
    _fetch(session, ada)
    assert github.forget_profile(session, ada.id or 0)
    assert github.stored_profile(session, ada.id or 0) is None
    assert not github.forget_profile(session, ada.id or 0)


def test_readme_digest_skips_code_html_and_badges():
    readme = (
        "<p align='center'><img src='x.png'></p>\n\nTitle\n=====\n\n"
        "> A quote that is not the summary at all, just a blockquote line.\n\n"
        "This tool turns messy CSV exports into clean, typed Parquet files in one command.\n\n"
        "```python\nprint('not a summary line at all, this is code inside a fence')\n```\n\n"
        "## How it works\n\n1. Sniffs the delimiter and encoding of each file\n2. Infers column types from a sample\n"
    )
    summary, points = github_projects.readme_digest(readme)
    assert summary == "This tool turns messy CSV exports into clean, typed Parquet files in one command."
    assert points == ["Sniffs the delimiter and encoding of each file", "Infers column types from a sample"]
    assert github_projects.readme_digest("") == ("", [])


def test_project_questions_use_the_readme_and_the_job(session, fake, ada):
    _populate(fake)
    summary = _fetch(session, ada).summary
    questions = github_projects.project_questions(summary, ["Experience with PostgreSQL at scale"])
    assert [q.repo for q in questions] == ["ledgerlite", "tracer"]  # "notes" has no real summary
    design = questions[0]
    assert design.prompt.startswith("Walk me through how you designed idempotent imports of bank statements")
    assert "in ledgerlite" in design.prompt and "What would you change" in design.prompt
    assert design.key_points[0].startswith("States what ledgerlite does: Ledgerlite is a small double-entry")
    assert any("Matching of payments to open invoices" in kp for kp in design.key_points)
    assert any("PostgreSQL at scale" in kp for kp in design.key_points)
    assert 3 <= len(design.key_points) <= 6 and design.difficulty == "hard"
    assert all(kp in design.model_answer for kp in design.key_points)
    stack = questions[1]
    assert stack.prompt.startswith("tracer is built with Go") and stack.difficulty == "medium"
    assert stack.follow_ups


def test_project_questions_in_korean(session, fake, ada):
    _populate(fake)
    summary = _fetch(session, ada).summary
    questions = github_projects.project_questions(summary, ["PostgreSQL 대용량 운영 경험"], lang="ko")
    design, stack = questions[0], questions[1]
    assert design.language == "ko"
    assert design.prompt.startswith("ledgerlite에서 \u201cIdempotent imports of bank statements, so a file")
    assert "booked once\u201d 부분을 어떻게 설계하셨는지 설명해 주세요." in design.prompt
    assert design.key_points[0].startswith("ledgerlite의 역할: Ledgerlite is a small double-entry")  # README quoted
    assert "바꾸고 싶은 점 한 가지와 그 이유" in design.key_points
    assert all(kp in design.model_answer for kp in design.key_points)
    assert design.model_answer.startswith("좋은 답변은 지원자가 ledgerlite에서 직접 한 일을")
    assert stack.prompt.startswith("tracer 프로젝트는 Go") and all(
        "?" in f and "What" not in f for f in stack.follow_ups
    )


def test_evidence_for_a_tailored_interview(session, fake, ada):
    assert github.evidence_for(session, ada.id or 0, JobProfile()) == []
    _populate(fake)
    _fetch(session, ada)
    job = JobProfile(title="Backend engineer", requirements=[Requirement("PostgreSQL in production", "required")])
    items = github.evidence_for(session, ada.id or 0, job)
    repos = [e for e in items if e.label.startswith("repo ")]
    assert [e.label for e in repos][:2] == ["repo ledgerlite", "repo tracer"]
    assert repos[0].question is not None and "ledgerlite" in repos[0].question.prompt
    assert "PostgreSQL" in repos[0].skills and repos[0].source == "github"
    listed = [e for e in items if e.listed_only]
    assert len(listed) == 1 and "Python" in listed[0].quote


def test_readme_contents_are_decoded_from_base64_lines(fake):
    fake.add_user("bo", 7)
    fake.add_repo("bo", "x", languages={"Rust": 1}, readme="é" * 100)
    body = httpx.get(f"{fake.url}/repos/bo/x/readme").json()
    assert "\n" in body["content"]
    assert github._decode_readme(body) == "é" * 100
    assert base64.b64decode(body["content"]).decode() == "é" * 100


def test_a_candidate_may_fetch_ten_times_an_hour(session, fake, ada):
    _populate(fake)
    for _ in range(github.FETCHES_PER_HOUR):
        github.fetch_for_user(session, ada.id or 0, "ada-l")
        session.commit()
    sent = len(fake.requests)
    with pytest.raises(GitHubError) as caught:
        github.fetch_for_user(session, ada.id or 0, "ada-l")
    assert caught.value.code == "github.too_many" and 1 <= caught.value.retry_minutes() <= 60
    assert len(fake.requests) == sent


def test_skills_from_github_can_be_added_to_the_profile(session, fake, ada):
    _populate(fake)
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.skills = ["python", "Leadership"]
    session.add(profile)
    session.commit()
    assert github.new_skills(session, ada.id or 0) == []
    _fetch(session, ada)
    fresh = github.new_skills(session, ada.id or 0)
    assert "Python" not in fresh and "Go" in fresh and "PostgreSQL" in fresh
    added = github.adopt_skills(session, ada.id or 0)
    session.commit()
    assert added == fresh
    assert session.get(Profile, ada.id).skills == ["python", "Leadership", *fresh]  # type: ignore[union-attr]
    assert github.adopt_skills(session, ada.id or 0) == []


def test_the_data_export_holds_the_github_profile(session, fake, ada):
    _populate(fake)
    _fetch(session, ada)
    sections = {s.name: s for s in data_export.collect(session, ada.id or 0).sections}
    rows = sections["github_profile"].rows
    assert len(rows) == 1 and rows[0]["username"] == "ada-l"
    assert rows[0]["summary"]["repos"][0]["name"] == "ledgerlite"


def test_a_tailored_interview_asks_about_repositories_and_target_companies(session, fake, ada, monkeypatch):
    seed_bank(session, monkeypatch)
    _populate(fake)
    _fetch(session, ada)
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.target_companies = ["Stripe"]
    session.add(profile)
    tailoring.save_job(session, ada.id or 0, tailoring_data.JOB_DESCRIPTION)
    session.commit()
    picks = tailoring.preview(session, ada.id or 0, 10).plan.picks
    github_picks = [p for p in picks if p.source == "github"]
    company_picks = [p for p in picks if p.source == "company"]
    assert github_picks and github_picks[0].draft is not None
    assert "ledgerlite" in github_picks[0].prompt and github_picks[0].label == "repo ledgerlite"
    assert github_picks[0].quote.startswith("Ledgerlite is a small double-entry bookkeeping service")
    assert len(company_picks) >= 1 and all(p.label in ("Stripe", "Northwind Pay") for p in company_picks)
    assert all(p.question_id is not None for p in company_picks)


def test_kept_answers_are_renewed_when_confirmed_and_dropped_when_unused(session, fake, ada, make_user):
    _populate(fake)
    fake.add_user("bo", 7)
    fake.add_repo("bo", "x", languages={"Rust": 10}, readme="# x\n")
    bob = make_user("bob@example.com", "Bob")
    _fetch(session, bob, "bo")
    bo_urls = {row.url for row in session.exec(select(GitHubCacheEntry)).all()}
    _fetch(session, ada)
    github.fetch_profile(session, ada.id or 0, "ada-l", now=lambda: _now() + timedelta(days=20))  # 304s: renewed
    session.commit()
    github.fetch_profile(session, ada.id or 0, "ada-l", now=lambda: _now() + timedelta(days=45))
    session.commit()
    session.expire_all()
    left = {row.url for row in session.exec(select(GitHubCacheEntry)).all()}
    assert not left & bo_urls  # Bob's answers were unused for 45 days
    assert any(url.endswith("/users/ada-l") for url in left)
    assert github.stored_profile(session, bob.id or 0) is not None  # the profile itself stays


def test_only_web_links_are_kept():
    assert github_projects.web_url("https://github.com/ada") == "https://github.com/ada"
    assert github_projects.web_url("javascript:alert(1)") == ""
    assert github_projects.web_url(None) == ""
