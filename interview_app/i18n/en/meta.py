"""English text of the `meta.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # <meta name="description"> of the pages other than the landing (interview_app/page_meta.py)
    "meta.sign_in": "Sign in to Interview Coach to practise interviews and see your feedback and progress.",
    "meta.register": "Create a free Interview Coach account: mock interviews by voice or text, scored feedback and a daily trainer.",
    "meta.forgot_password": "Forgot your Interview Coach password? Get a link to choose a new one by e-mail.",
    "meta.companies": "Company interview tracks: how well-known employers interview, and a practice loop for each.",
    "meta.default": "Interview Coach: rehearse interviews, get honest feedback and track your progress.",
}
