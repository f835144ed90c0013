"""Sign-in latency as a person sees it: click "Sign in" until the dashboard shows, over N sign-ins.

Usage: .venv/bin/python bench/signin_ui.py [N]
Starts the real app (`reflex run --env prod`, throw-away SQLite) and drives headless
Chromium: the time covers the websocket event, argon2id, the session row, the redirect
and the dashboard's own load handlers until its greeting is on screen.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import expect, sync_playwright

from tests import live_server
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, open_page
from tests.e2e.helpers import PASSWORD, signed_up_user


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    server = live_server.start({"SIGNIN_IP_LIMIT": "100000"})
    timings: list[float] = []
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
                expect(page.locator("#dashboard-greeting")).to_be_visible()
                timings.append((time.perf_counter() - start) * 1000)
                context.close()
            browser.close()
    finally:
        server.stop()
    timings.sort()
    print(f"sign-ins: {n} (through the browser)")
    print(f"p50_ms: {statistics.median(timings):.1f}")
    print(f"p95_ms: {timings[int(0.95 * len(timings)) - 1]:.1f}")
    print(f"max_ms: {timings[-1]:.1f}")


if __name__ == "__main__":
    main()
