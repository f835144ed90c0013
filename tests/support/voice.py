"""The fake microphone of the voice tests: what it says, the Chromium flags, and starting a voice interview.

Chromium's fake capture device plays a WAV file (48 kHz, 16-bit mono) into getUserMedia; `speech_wav` makes
one with espeak-ng and sox. The `wavs` and `mic_browser` fixtures (tests/e2e/conftest.py) use these.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import open_page
from tests.support.journeys import choose

# What the fake microphone says. Whisper tiny.en hears espeak's "billing", "customer" and "minutes" correctly,
# also after the browser's Opus compression (checked with `python -m interview_app.speech transcribe` and in
# the voice journey test; "invoices" sometimes comes out as "in voices").
ANSWER_TEXT = (
    "I owned the billing service. A large customer said invoices took twenty minutes to appear. "
    "I found a slow database query and added an index, and the delay dropped to two minutes."
)
ANSWER_SECONDS = 15  # the WAV: 0.5 s of silence, about 12 s of speech, 2 s of silence
ANSWER_WORDS = ("billing", "customer", "minutes")
# Hands-free: a short answer, then more silence than the 4 s after which the recorder stops by itself.
HANDS_FREE_TEXT = "I fixed the billing bug for our biggest customer in ten minutes."
HANDS_FREE_SILENCE = 7
FAKE_DEVICE = ["--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
# Keeps every microphone stream the page opens, to check that the microphone is switched off again.
TRACK_STREAMS = """(() => {
  window.__streams = [];
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (c) => { const s = await open(c); window.__streams.push(s); return s; };
})()"""
LIVE_TRACKS = "() => (window.__streams || []).flatMap(s => s.getTracks()).filter(t => t.readyState === 'live').length"


def speech_wav(folder: Path, name: str, text: str, silence_after: float) -> Path:
    """Speak `text` with espeak-ng into a 48 kHz 16-bit mono WAV: 0.5 s of silence, the speech, silence."""
    raw, out = folder / f"{name}-raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(
        ["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(out), "pad", "0.5", str(silence_after)],
        check=True,
    )
    return out


def start_voice_interview(page: Page, base: str, hands_free: bool = False) -> None:
    """A three-question behavioural interview answered by voice."""
    open_page(page, base + "/interview/new")
    choose(page, "#setup-type", "Behavioural")
    choose(page, "#setup-mode", "Voice")
    if hands_free:
        page.click("#setup-hands-free")
    expect(page.locator("#setup-hands-free")).to_have_attribute("aria-checked", str(hands_free).lower())
    page.locator("#setup-count [role=slider]").focus()
    page.keyboard.press("Home")
    expect(page.get_by_text("Number of questions: 3")).to_be_visible()
    page.click("#setup-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(page.locator("#run-progress")).to_have_text("Question 1 of 3")
