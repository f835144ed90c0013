"""The interface follows the browser's language for visitors and the profile's for users; the header switches it."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlmodel import Session, select

from interview_app.i18n import t
from interview_app.models import Profile, User
from tests.support.browser import ARTIFACTS, open_page
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer

SIZES: dict[str, ViewportSize] = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _switch(page: Page, lang: str) -> None:
    page.click("#language-menu")
    page.click(f"#language-{lang}")


def test_a_korean_browser_sees_korean_until_the_header_switches_to_english(live: LiveServer, browser: Browser):
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(20_000)
    try:
        page = ctx.new_page()
        open_page(page, live.url + "/")
        headline = page.get_by_role("heading", level=1)
        expect(headline).to_have_text(t("landing.headline", "ko"))
        expect(page.locator("#hero-register")).to_have_text(t("landing.start_free", "ko"))
        expect(page).to_have_title(t("landing.page_title", "ko"))  # the tab's title too
        # The page says which language it is in (screen readers' voice, Korean line breaks between words).
        expect(page.locator("#main").locator("xpath=ancestor::*[@lang][1]")).to_have_attribute("lang", "ko")

        open_page(page, live.url + "/sign-in")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("signin.title", "ko"))
        expect(page.locator("#sign-in-submit")).to_have_text(t("common.sign_in", "ko"))

        expect(page).to_have_title(t("signin.page_title", "ko"))

        _switch(page, "en")  # instantly, in the browser
        expect(page.get_by_role("heading", level=1)).to_have_text(t("signin.title", "en"))
        expect(page).to_have_title(t("signin.page_title", "en"))
        expect(page.locator("#main").locator("xpath=ancestor::*[@lang][1]")).to_have_attribute("lang", "en")
        assert {c.get("name"): c.get("value") for c in ctx.cookies()}.get("ic_lang") == "en"
        open_page(page, live.url + "/")  # the choice outlives the page: the cookie beats Accept-Language
        expect(page.get_by_role("heading", level=1)).to_have_text(t("landing.headline", "en"))

        _switch(page, "ko")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("landing.headline", "ko"))
    finally:
        ctx.close()


def test_an_english_browser_sees_english(live: LiveServer, page: Page):
    open_page(page, live.url + "/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("signin.title", "en"))


def test_a_users_choice_is_saved_in_the_profile(live: LiveServer, page: Page, live_db: Session):
    email = signed_up_user(page, live.url, name="Sejong Kim")
    nav = page.locator("#main-nav, nav").first
    expect(nav).to_contain_text(t("nav.dashboard", "en"))
    _switch(page, "ko")
    expect(nav).to_contain_text(t("nav.dashboard", "ko"))

    def saved() -> str | None:
        live_db.expire_all()
        user = live_db.exec(select(User).where(User.email == email)).one()
        profile = live_db.get(Profile, user.id)
        return profile.language if profile else None

    for _ in range(50):
        if saved() == "ko":
            break
        page.wait_for_timeout(100)
    assert saved() == "ko"
    page.reload()  # a signed-in page takes the profile's language, whatever the browser says
    expect(page.locator("#app-ready[data-ready=true]")).to_have_count(1)
    expect(nav).to_contain_text(t("nav.dashboard", "ko"))
    expect(page).to_have_title(t("dashboard.page_title", "ko"))
    out = ARTIFACTS / "ko"
    out.mkdir(parents=True, exist_ok=True)
    for name, path in (("dashboard", "/dashboard"), ("trainer", "/trainer"), ("history", "/history")):
        for size_name, size in SIZES.items():
            page.set_viewport_size(size)
            open_page(page, live.url + path)
            expect(page.locator("#app-ready[data-ready=true]")).to_have_count(1)
            page.wait_for_timeout(500)  # the page's own data arrives after the connection
            page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=True)
            assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways at {size_name} width"


def test_korean_pages_fit_both_widths(live: LiveServer, browser: Browser):
    """Landing, sign-in and register in Korean at phone and desktop widths: no sideways scrolling.

    The screenshots are kept in test-artifacts/ko/ for a look.
    """
    out = ARTIFACTS / "ko"
    out.mkdir(parents=True, exist_ok=True)
    for size_name, size in SIZES.items():
        ctx = browser.new_context(locale="ko-KR", viewport=size)
        ctx.set_default_timeout(20_000)
        try:
            page = ctx.new_page()
            for name, path, heading in (
                ("landing", "/", "landing.headline"),
                ("sign-in", "/sign-in", "signin.title"),
                ("register", "/register", "register.title"),
            ):
                open_page(page, live.url + path)
                expect(page.get_by_role("heading", level=1)).to_have_text(t(heading, "ko"))
                page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=True)
                assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways at {size_name} width"
        finally:
            ctx.close()
