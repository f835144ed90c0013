"""Headless Chromium for the end-to-end tests and bench/: where it is, its flags, and waiting for the app."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_page(page: Page, url: str) -> None:
    """Load `url` and wait until the page is connected to the server (clicks before that are lost)."""
    page.goto(url)
    expect(page.locator("#app-ready")).to_have_attribute("data-ready", "true")


def wait_path(page: Page, path: str) -> None:
    """Wait until the browser shows `path`."""
    page.wait_for_url(re.compile(rf"^https?://[^/]+{re.escape(path.rstrip('/'))}/?(\?.*)?$"))
    expect(page.locator("#app-ready")).to_have_attribute("data-ready", "true")
