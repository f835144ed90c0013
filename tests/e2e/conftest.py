"""End-to-end fixtures: one live app per test session, headless Chromium via Playwright, a fake microphone."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from sqlmodel import Session, create_engine

from tests.support import live_server
from tests.support.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.support.voice import ANSWER_TEXT, FAKE_DEVICE, HANDS_FREE_SILENCE, HANDS_FREE_TEXT, TRACK_STREAMS, speech_wav

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def live_db(live: live_server.LiveServer) -> Iterator[Session]:
    """A session on the live app's database, for checks the UI cannot show."""
    engine = create_engine(live.db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver, started once."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    b = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser profile (like another device); a screenshot and the app log are kept when the test fails."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(20_000)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        server = request.getfixturevalue("live") if "live" in request.fixturenames else None
        if server is not None:
            # The server's own account of what went wrong ends up in the CI output.
            print(f"\n--- app log (tail) ---\n{server.log_tail(6000)}")
        ARTIFACTS.mkdir(exist_ok=True)
        for i, pg in enumerate(ctx.pages):
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the fresh profile."""
    return context.new_page()


@pytest.fixture(scope="session")
def wavs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fake microphone's recordings: a ~15 s answer, and a short one followed by a long silence."""
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} needed to make the fake microphone's speech")
    folder = tmp_path_factory.mktemp("fake-mic")
    return {
        "answer": speech_wav(folder, "answer", ANSWER_TEXT, 2),
        "hands_free": speech_wav(folder, "hands-free", HANDS_FREE_TEXT, HANDS_FREE_SILENCE),
    }


@pytest.fixture
def mic_browser(
    playwright: Playwright, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserContext]]:
    """Opens persistent Chromium profiles: `launch(wav, allow=True, device=True)`.

    wav: what the fake microphone plays (None: a fake beep). allow=False leaves the permission prompt
    unanswered, which headless Chromium treats as a refusal; device=False: no microphone at all.
    A screenshot of every tab and the app log are kept when the test fails.
    """
    opened: list[BrowserContext] = []

    def launch(wav: Path | None = None, allow: bool = True, device: bool = True) -> BrowserContext:
        args = [*CHROMIUM_ARGS]
        if device:
            args += FAKE_DEVICE
        if allow:
            args.append("--use-fake-ui-for-media-stream")
        if wav is not None:
            args.append(f"--use-file-for-fake-audio-capture={wav}")
        ctx = playwright.chromium.launch_persistent_context(
            str(tmp_path / f"profile-{len(opened)}"),
            executable_path=CHROMIUM,
            headless=True,
            args=args,
            viewport={"width": 1280, "height": 800},
        )
        ctx.set_default_timeout(20_000)
        ctx.add_init_script(TRACK_STREAMS)
        opened.append(ctx)
        return ctx

    yield launch
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    if failed:
        live: live_server.LiveServer = request.getfixturevalue("live")
        print(f"\n--- app log (tail) ---\n{live.log_tail(6000)}")
        ARTIFACTS.mkdir(exist_ok=True)
    for n, ctx in enumerate(opened):
        if failed:
            for i, pg in enumerate(p for p in ctx.pages if p.url != "about:blank"):
                pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{n}-{i}.png"), full_page=True)
        ctx.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item (for failure screenshots)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
