"""Public pages, the 404 page and the installable PWA."""

from __future__ import annotations

import re
import shutil
import tempfile

from playwright.sync_api import Page, Playwright, expect

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, open_page, wait_path
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer


def test_landing_explains_and_leads_to_register(live: LiveServer, page: Page) -> None:
    open_page(page, live.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Walk into your next interview ready.")
    page.click("#hero-register")
    wait_path(page, "/register")


def test_unknown_page_shows_404(live: LiveServer, page: Page) -> None:
    open_page(page, live.url + "/no/such/page")
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()
    page.get_by_role("link", name="Go home").click()
    wait_path(page, "/")


def test_private_pages_send_visitors_to_sign_in(live: LiveServer, page: Page) -> None:
    for path in ("/dashboard", "/settings", "/settings/security", "/onboarding"):
        open_page(page, live.url + path)
        wait_path(page, "/sign-in")
        assert "next=" in page.url


UNNAMED_CONTROLS = """() => [...document.querySelectorAll('button, a[href], input, select, textarea, [role=switch]')]
  .filter(el => el.offsetParent !== null && el.type !== 'hidden')
  .filter(el => {
    const label = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label')
      || el.innerText.trim() || el.getAttribute('title');
    return !label;
  }).map(el => el.outerHTML.slice(0, 120))"""


def test_every_control_has_an_accessible_name(live: LiveServer, page: Page) -> None:
    for path in ("/", "/sign-in", "/register", "/forgot-password", "/no-such-page"):
        open_page(page, live.url + path)
        unnamed = page.evaluate(UNNAMED_CONTROLS)
        assert unnamed == [], f"{path}: {unnamed}"
    signed_up_user(page, live.url, "Label Checker")
    for path in ("/dashboard", "/settings", "/settings/security", "/onboarding"):
        open_page(page, live.url + path)
        unnamed = page.evaluate(UNNAMED_CONTROLS)
        assert unnamed == [], f"{path}: {unnamed}"


def test_every_page_has_one_meta_description_of_its_own(live: LiveServer, page: Page) -> None:
    """Search engines show it under the title (Lighthouse's SEO audit asks for it on every page)."""
    seen: dict[str, str] = {}
    for path in ("/", "/sign-in", "/register", "/forgot-password"):
        open_page(page, live.url + path)
        meta = page.locator('meta[name="description"]')
        expect(meta).to_have_count(1)
        seen[path] = meta.get_attribute("content") or ""
        assert len(seen[path]) >= 50, (path, seen[path])
    assert len(set(seen.values())) == len(seen), seen  # the public pages each say what they are
    signed_up_user(page, live.url, "Meta Reader")
    open_page(page, live.url + "/dashboard")
    expect(page.locator('meta[name="description"]')).to_have_attribute("content", re.compile(r"^Interview Coach: "))


def test_pwa_is_installable_and_service_worker_controls_pages(live: LiveServer, playwright: Playwright) -> None:
    profile = tempfile.mkdtemp(prefix="ic-pwa-profile-")
    try:
        # Installability is only reported in a persistent (non-incognito) profile.
        ctx = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = ctx.new_page()
        open_page(page, live.url + "/")
        page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        cdp = ctx.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        page.context.set_offline(True)
        page.goto(live.url + "/never-visited")
        assert "You are offline" in page.content()
        # It says what is true of the page asked for: no "answers saved as you type" on every page.
        expect(page.locator("#offline-text")).to_have_text(
            "This page needs a connection to open. It loads by itself as soon as you are back online."
        )
        # In a tab of its own: the offline page reloads itself on an "online" event, which Chromium may send while
        # its offline emulation settles, and that reload would race a second navigation in the same tab.
        interview = ctx.new_page()
        interview.goto(live.url + "/interview/12345")
        expect(interview.locator("#offline-text")).to_contain_text("Your interview waits where you left it")
        ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
