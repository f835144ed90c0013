"""Sign-in latency as a person sees it, over N sign-ins: click "Sign in" until the browser is on the
dashboard route (signed in), and until the dashboard's greeting is on screen.

Usage: .venv/bin/python bench/signin_ui.py [N]
Starts the real app (`reflex run --env prod`, throw-away SQLite) and drives headless
Chromium. "Signed in" covers the websocket event, argon2id, the session row and the
redirect; "shown" adds loading the dashboard's code (a fresh profile has nothing cached)
and its own load handlers.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import expect, sync_playwright

from tests.support import live_server
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, open_page
from tests.support.journeys import PASSWORD, signed_up_user


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    server = live_server.start({"SIGNIN_IP_LIMIT": "100000"})
    signed_in: list[float] = []
    shown: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            setup = browser.new_page()
            email = signed_up_user(setup, server.url, "Bench Mark")
            setup.close()
            for _ in range(n):
                context = browser.new_context()
                page = context.new_page()
                open_page(page, server.url + "/sign-in")
                page.fill("#field-email", email)
                page.fill("#field-password", PASSWORD)
                start = time.perf_counter()
                page.click("#sign-in-submit")
                page.wait_for_url("**/dashboard**")
                signed_in.append((time.perf_counter() - start) * 1000)
                expect(page.locator("#dashboard-greeting")).to_be_visible()
                shown.append((time.perf_counter() - start) * 1000)
                context.close()
            browser.close()
    finally:
        server.stop()
    print(f"sign-ins: {n} (through the browser, a fresh browser profile each)")
    for label, timings in (("click_to_signed_in", signed_in), ("click_to_dashboard_shown", shown)):
        timings.sort()
        p95 = timings[int(0.95 * len(timings)) - 1]
        print(f"{label}: p50_ms {statistics.median(timings):.1f}  p95_ms {p95:.1f}  max_ms {timings[-1]:.1f}")


if __name__ == "__main__":
    main()
