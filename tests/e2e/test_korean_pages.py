"""Every page in Korean at 1280 and 390 px wide: a screenshot of each in test-artifacts/ko/pages/, no sideways
scrolling, no English text of the catalogue left on the page, and a Korean tab title.

One tab per role (a visitor, a candidate with history, an admin), each page loaded once and looked at in both
widths in place. "English left" means a visible text that is exactly an English catalogue text whose Korean
differs: what a person typed (names, answers, the question bank's English questions) never matches one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.i18n import catalogue, t
from interview_app.models import ApiTokenFamily, Profile, Question, User
from interview_app.services.accounts import accounts
from tests.support.browser import ARTIFACTS, open_page
from tests.support.history import seed_history
from tests.support.journeys import CANDIDATE_PAGES, PASSWORD, make_admin, signed_up_user
from tests.support.live_server import LiveServer
from tests.support.two_factor_browser import enrol_live, sign_in_with_code

pytestmark = pytest.mark.e2e

SIZES: dict[str, ViewportSize] = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
OUT = ARTIFACTS / "ko" / "pages"
EN, KO = catalogue("en"), catalogue("ko")
# English texts a Korean page must not show: whole texts without parameters, which Korean writes differently,
# and texts with plain parameters as patterns (a parameter matches anything) when their own words are long enough.
ENGLISH = {text.strip() for key, text in EN.items() if "{" not in text and KO.get(key, text) != text and len(text) > 3}


def _pattern(text: str) -> re.Pattern[str] | None:
    pieces = re.split(r"\{[a-z_]+\}", text.strip())
    if "{" in "".join(pieces) or "}" in "".join(pieces) or len("".join(pieces).strip()) < 16:
        return None  # a plural or select, or too few words of its own to tell
    return re.compile("^" + "(.+?)".join(re.escape(piece) for piece in pieces) + "$", re.S)


ENGLISH_PATTERNS = [
    found
    for key, text in EN.items()
    if "{" in text and KO.get(key, text) != text and (found := _pattern(text)) is not None
]


# A day or month written the English way (a chart's axis, a "last used" time): Korean writes `12월 7일`, `2026. 12. 7.`.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
ENGLISH_DATE = re.compile(rf"\b(?:\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,4}})\b|\d{{2}}:\d{{2}} UTC\b")


def _is_english(text: str) -> bool:
    return text in ENGLISH or any(pattern.match(text) for pattern in ENGLISH_PATTERNS)


def _stored(text: str) -> bool:
    """A stored text written in English when it was made (see STORED), the sign-up e-mail's body included."""
    body = _pattern(EN["mail.verify_body"])
    return text in STORED or (body is not None and body.match(text) is not None)


# The dev outbox lists every account's e-mails, each written in its recipient's language: in the full suite most
# recipients are English accounts of other tests. Only the page around the messages must be Korean there.
MAIL_KEYS = [key for key in EN if key.startswith(("mail.", "reminder.")) and key.endswith(("_subject", "_body"))]
MAIL_TEXTS = {EN[key].strip() for key in MAIL_KEYS if "{" not in EN[key]}
MAIL_PATTERNS = [found for key in MAIL_KEYS if "{" in EN[key] and (found := _pattern(EN[key])) is not None]


def _mail(path: str, text: str) -> bool:
    return path == "/dev/outbox" and (text in MAIL_TEXTS or any(pattern.match(text) for pattern in MAIL_PATTERNS))


def _english_left(path: str, text: str) -> bool:
    """English the page should have written in Korean (not a stored text or an e-mail)."""
    return not _stored(text) and not _mail(path, text) and _is_english(text)


# The visible texts of the page, each element's own text (not its children's), plus the tab's title.
VISIBLE_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el || el.closest('script, style, noscript, [hidden], .ic-sr-only')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || style.visibility === 'hidden' || style.display === 'none') continue;
    out.push(text);
  }
  return out;
}"""
# What sticks out past the right edge (the first few), when the page scrolls sideways.
STICKING_OUT = """() => {
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1 && !el.closest('[data-radix-popper-content-wrapper]')) {
      const classes = [...el.classList].slice(0, 2).map(c => '.' + c).join('');
      const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + classes;
      out.push(name + ' ' + (el.innerText || '').trim().slice(0, 30));
      if (out.length >= 3) break;
    }
  }
  return out;
}"""
# Stored texts written in the reader's language when they were made: the account signed up in English, so its
# first e-mail (in the inbox and the dev outbox) is English, as it should be; a plan's name is what the admin
# called it (the seeded plans are named in English).
STORED = {t("mail.verify_subject", "en"), "Free"}


@pytest.fixture
def korean_tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ko-KR", viewport=SIZES["1280"])
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "landing"


def _look(page: Page, path: str, problems: list[str], name: str | None = None) -> None:
    """Screenshots at both widths; sideways scrolling, English texts and an English title are problems."""
    page.wait_for_timeout(400)  # the page's own data arrives after the connection
    title = page.title()
    if _is_english(title):
        problems.append(f"{path}: English title {title!r}")
    description = page.locator('meta[name="description"]').first.get_attribute("content") or ""
    if _is_english(description):
        problems.append(f"{path}: English meta description {description!r}")
    texts = page.evaluate(VISIBLE_TEXTS)
    english = sorted({text for text in texts if _english_left(path, text)})
    if english:
        problems.append(f"{path}: English left {english}")
    dates = sorted({text for text in texts if ENGLISH_DATE.search(text) and not _mail(path, text)})
    if dates:
        problems.append(f"{path}: English dates {dates[:5]}")
    for width, size in SIZES.items():
        page.set_viewport_size(size)
        page.wait_for_timeout(150)
        page.screenshot(path=str(OUT / f"{name or _name(path)}-{width}.png"), full_page=True)
        sticking_out = page.evaluate(STICKING_OUT)
        if sticking_out:
            problems.append(f"{path}: scrolls sideways at {width} px: {sticking_out}")
    page.set_viewport_size(SIZES["1280"])


def _visit(page: Page, url: str, path: str, problems: list[str]) -> None:
    open_page(page, url + path)
    _look(page, path, problems)


def test_every_page_in_korean_at_both_widths(live: LiveServer, live_db: Session, browser: Browser, korean_tab: Page):
    OUT.mkdir(parents=True, exist_ok=True)
    base, problems = live.url, []
    page = korean_tab
    # A page that does not hydrate (React error #418) loses its responsive styles: every script error is a problem.
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error {str(error)[:200]}"))
    for path in ("/", "/sign-in", "/register", "/forgot-password", "/reset-password?token=x", "/no-such-page"):
        _visit(page, base, path, problems)
    expect(page).to_have_title(t("not_found.page_title", "ko"))

    # A candidate with history, who chose Korean (signed up in English: the onboarding helper reads English).
    english = browser.new_context(viewport=SIZES["1280"])
    try:
        email = signed_up_user(english.new_page(), base, "이서연")
    finally:
        english.close()
    user = live_db.exec(select(User).where(User.email == email)).one()
    profile = live_db.get(Profile, user.id)
    assert profile is not None
    profile.language = "ko"
    live_db.add(profile)
    seed_history(live_db, user.id or 0, sessions=4)
    # An app signed in through the API two hours ago: the security page says when it was last used.
    phone = accounts.Client(ip="203.0.113.9", user_agent="Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile")
    accounts.start_api_session(live_db, user, phone, via="password")
    for family in live_db.exec(select(ApiTokenFamily).where(ApiTokenFamily.user_id == user.id)).all():
        family.last_used_at = utcnow() - timedelta(hours=2, minutes=5)
        live_db.add(family)
    live_db.commit()
    open_page(page, base + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page).to_have_title(t("dashboard.page_title", "ko"))
    for path in (
        *CANDIDATE_PAGES,
        "/tailor",
        "/companies",
        "/pricing",
    ):
        _visit(page, base, path, problems)
    # Names in the reader's order: Hangul in 가나다 order, then Latin names ("보안" before "SQL").
    open_page(page, base + "/trainer/topics")
    expect(page.locator("#topic-list")).to_contain_text("SQL")
    lines = [line.strip() for line in page.locator("#topic-list").inner_text().splitlines()]
    assert lines.index("보안") < lines.index("시스템 설계") < lines.index("SQL"), lines
    open_page(page, base + "/settings/security")
    expect(page.locator(".api-sign-in")).to_contain_text("마지막 사용 2시간 전 · 203.0.113.9")
    # An interview in Korean: the run page, then its report.
    open_page(page, base + "/interview/new")
    page.click("#setup-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(page.locator("#run-prompt")).to_be_visible()
    _look(page, "/interview/<id>", problems, "interview-run")
    answer = "결제 서비스를 단계별로 옮기면서 오류를 절반으로 줄였어요. 먼저 지표를 정하고 팀과 계획을 세웠어요."
    page.fill("#run-answer", answer)
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    expect(page.locator("#report-overall")).to_be_visible(timeout=60_000)
    _look(page, "/interview/<id>/report", problems, "interview-report")
    open_page(page, base + "/trainer")
    page.click("#practice-start")
    page.wait_for_url(re.compile(r"/trainer/quiz/\d+/?$"))
    expect(page.locator("#quiz-prompt")).to_be_visible()
    _look(page, "/trainer/quiz/<id>", problems, "trainer-quiz")

    # A Korean admin: every admin page.
    page.context.clear_cookies()
    page.evaluate("localStorage.clear()")
    admin_email = make_admin(live_db, "ko-admin", "김관리", language="ko")
    key, _ = enrol_live(live, live_db, admin_email)
    sign_in_with_code(page, base, admin_email, key, expect_path="/admin")
    question = live_db.exec(select(Question).limit(1)).one()
    for path in (
        "/admin",
        "/admin/users",
        f"/admin/users/{user.id}",
        "/admin/questions",
        f"/admin/questions/interview/{question.id}",
        "/admin/questions/import",
        "/admin/generate",
        "/admin/reports",
        "/admin/sessions",
        "/admin/analytics",
        "/admin/audit",
        "/admin/plans",
        "/admin/costs",
        "/admin/settings",
        "/dev/outbox",
    ):
        _visit(page, base, path, problems)

    assert not problems, "Korean pages:\n" + "\n".join(problems)
