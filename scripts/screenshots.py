"""Screenshots of every page at desktop (1280x800) and phone (390x844) widths.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
The app must be running on BASE_URL with the same database as this process
(REFLEX_DB_URL). A demo candidate is created (or reused) and signed in directly.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from interview_app import db
from interview_app.services import accounts, profiles

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
PUBLIC = {
    "landing": "/",
    "sign-in": "/sign-in",
    "register": "/register",
    "forgot-password": "/forgot-password",
    "not-found": "/no-such-page",
    "offline": "/offline",
    "outbox": "/dev/outbox",
}
PRIVATE = {
    "dashboard": "/dashboard",
    "settings": "/settings",
    "security": "/settings/security",
    "onboarding": "/onboarding",
}


def demo_token() -> str:
    """A session token for an onboarded demo candidate."""
    email, password = "demo.candidate@example.com", "practice makes progress"
    with db.session_scope() as session:
        user = accounts.find_user(session, email)
        if user is None:
            accounts.register(session, name="Dana Rivera", email=email, password=password, client=accounts.Client())
            user = accounts.find_user(session, email)
        assert user is not None
        user.email_verified_at = user.email_verified_at or user.created_at
        profiles.update_profile(
            session,
            user,
            {
                "target_role": "backend-engineer",
                "level": "senior",
                "skills": "Python, SQL, Distributed systems",
                "target_companies": "Acme, Globex",
                "interview_date": (date.today() + timedelta(days=18)).isoformat(),
                "timezone": "Europe/Berlin",
            },
            finish_onboarding=True,
        )
        return accounts.create_session(session, user, accounts.Client(ip="127.0.0.1", user_agent="screenshots"))


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    token = demo_token()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size_name, (w, h) in SIZES.items():
            for signed_in, pages in ((False, PUBLIC), (True, PRIVATE)):
                ctx = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
                if signed_in:
                    ctx.add_init_script(f"window.localStorage.setItem('ic_session', {token!r});")
                page = ctx.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(800)
                    page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=size_name == "desktop")
                ctx.close()
        browser.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
