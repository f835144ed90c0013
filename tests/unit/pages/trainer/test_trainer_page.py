"""The trainer page before its summary is in: what its prerendered HTML (the first paint) shows."""

from __future__ import annotations

import json

from interview_app.pages.trainer import trainer


def _text(component) -> str:
    return json.dumps(component.render(), default=str)


def test_the_practice_card_is_painted_before_the_summary_arrives() -> None:
    # The page's largest text on a phone, and usable at once: it needs nothing of the summary.
    loading = _text(trainer._loading())
    assert "Beyond the daily quiz" in loading
    assert "practice-start" in loading and "practice-topic" in loading
    # The cards that show the summary's values are placeholders until then, announced as loading.
    assert "trainer-start" not in loading and "trainer-streak" not in loading
    assert "aria-busy" in loading
    # The loaded page has the same card, so nothing a user saw goes missing when the summary comes in.
    assert "Beyond the daily quiz" in _text(trainer._loaded())
