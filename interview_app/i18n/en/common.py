"""English text of the `common.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # shared across pages
    "common.app_name": "Interview Coach",
    "common.home_label": "Interview Coach home",
    "common.theme_toggle": "Switch light and dark theme",
    "common.sign_in": "Sign in",
    "common.open_dashboard": "Open dashboard",
    "common.continue": "Continue",
    "common.back_to_sign_in": "Back to sign in",
    "common.forgot_password": "Forgot your password?",
    "common.sign_out_everywhere": "Sign out everywhere",
    "common.or": "or",
    "common.loading": "Loading…",
    "common.continue_with": "Continue with {provider}",
    "common.cancel": "Cancel",
    "common.language_menu": "Language",
    "common.unexpected_error": "Something went wrong on our side, so nothing was changed. Please try again.",
}
