"""English text of the `security.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # security settings
    "security.page_title": "Security · Interview Coach",
    "security.title": "Security",
    "security.password.title": "Password",
    "security.password.text": "Changing it signs out every other device.",
    "security.current_password": "Current password",
    "security.change_password": "Change password",
    "security.password_changed": "Password changed. Every other device was signed out.",
    "security.password_changed_toast": "Password changed.",
    "security.signed_out_everywhere": "Signed out on every device.",
    "security.verification_sent": "We sent a new confirmation link.",
    "security.no_password.before": "You sign in with Google, GitHub or LinkedIn, so this account has no password yet. To add one, use ",
    "security.no_password.after": " with your e-mail address; a password is needed before the e-mail can change.",
    "security.new_email": "New e-mail",
    "security.send_confirmation": "Send confirmation link",
    "security.email.title": "E-mail address",
    "security.email.text": "We send a link to the new address; the change happens when you open it.",
    "security.email.current": "Current: ",
    "security.api.title": "Apps and integrations",
    "security.api.text": "Apps and integrations signed in to your account through the API. Sign out one you do not use or do not recognise: it has to sign in again.",
    "security.api.none": "No app or integration is signed in.",
    "security.api.meta": "Last used {when} · {ip}",
    "security.api.sign_out": "Sign out",
    "security.api.signed_out": "Signed out. That app or integration has to sign in again.",
    "security.sessions.title": "Sessions",
    "security.sessions.text": "Signed in on a shared or lost device? End every session at once.",
    "security.sessions.confirm_title": "Sign out on every device?",
    "security.sessions.confirm_text": "You will need to sign in again here too.",
    "security.sessions.cancel": "Cancel",
}
