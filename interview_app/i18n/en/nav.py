"""English text of the `nav.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # signed-in shell: navigation, account menu, e-mail reminder
    "nav.dashboard": "Dashboard",
    "nav.settings": "Settings",
    "nav.security": "Security",
    "nav.main_label": "Main",
    "nav.more": "More",
    "nav.more_label": "More pages",
    "nav.account_menu": "Account menu",
    "nav.menu.settings": "Settings",
    "nav.menu.sign_out": "Sign out",
    "nav.menu.sign_out_everywhere": "Sign out everywhere",
    "nav.interview": "Interview",
    "nav.questions": "Questions",
    "nav.history": "History",
    "nav.admin": "Admin",
    "nav.progress": "Progress",
    "nav.tailor": "Tailored",
    # company tracks page
    "nav.trainer": "Trainer",
    "nav.notifications": "Notifications",
}
