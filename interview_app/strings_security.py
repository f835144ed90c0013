"""User-facing text of account protection: the last admin, known devices, sign-in codes, attack warnings.

Merged into strings.EN.
"""

from __future__ import annotations

SECURITY_EN: dict[str, str] = {
    "last_admin": (
        "That is the last active admin account. Make another account an admin first "
        "(python -m interview_app set-role EMAIL admin)."
    ),
    # sign-in while someone else is guessing the password (services/sign_in_protection.py)
    "signin_code_required": (
        "Someone has been trying to sign in to this account, so new devices need a code for a while. If the "
        "password was right, we have e-mailed a 6-digit code to the account's address: enter it below."
    ),
    "signin_code_wrong": "That code is not right. Check the newest sign-in e-mail and try again.",
    "signin_code_expired": (
        "That code can no longer be used (it is used, over 10 minutes old, or was mistyped too often). "
        "Sign in again to get a new one."
    ),
    "signin.code.title": "Enter the code from your e-mail",
    "signin.code.no_mail": (
        "No e-mail within a few minutes? The password may have been mistyped: go back and sign in again. "
        "Or wait {wait} and sign in with your password alone."
    ),
    "signin.code.field": "6-digit code",
    "signin.code.submit": "Sign in",
    "signin.code.back": "Back to password sign-in",
    "mail_signin_code_subject": "{code} is your Interview Coach sign-in code",
    "mail_signin_code_body": (
        "Hello {name},\n\nYour sign-in code is {code}. It works for {minutes} minutes, once.\n\n"
        "We ask for it because someone has been trying wrong passwords on your account, so a device you have "
        "not signed in on before needs this code as well as your password. The request came from {ip}.\n\n"
        "Not you? Then someone knows your password: do not share this code, and change your password now:\n\n"
        "{reset}\n"
    ),
    "mail_signin_attack_subject": "Someone is trying to sign in to your Interview Coach account",
    "mail_signin_attack_body": (
        "Hello {name},\n\nThere have been {count} failed attempts to sign in to your account with a wrong "
        "password. To stop the guessing, new devices now need a code we e-mail you before they can sign in.\n\n"
        "What this means for you:\n"
        "- Devices you have signed in on before keep working with your password.\n"
        "- On a new device, sign in as usual and enter the code we send you.\n"
        "- If the attempts were not you and you use this password anywhere else, change it now:\n\n"
        "{reset}\n\n"
        "You can also sign out every other device on {security}\n\n"
        "We will not write again about these attempts unless they stop and start again."
    ),
}
