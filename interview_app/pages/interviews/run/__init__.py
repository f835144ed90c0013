"""Answering a mock interview: one question at a time, server-kept timer, autosaved drafts, follow-ups.

Answers are typed, or spoken (voice or video): the browser records with assets/recorder.js and uploads
pieces over HTTP while the candidate speaks; the page shows the live status from the answer row.

- state.py: RunState, the page's state and handlers (every one re-reads the interview from the server);
- text_panel.py, recorder_panel.py: the typed and the spoken answer; parts.py: what both panels share;
- page.py: the layout and the route.
"""

from interview_app.pages.interviews.run.page import interview_run_page
from interview_app.pages.interviews.run.state import RunState

__all__ = ["RunState", "interview_run_page"]
