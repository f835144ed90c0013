"""English text of the `mail.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # e-mails
    "mail.verify_subject": "Confirm your e-mail for Interview Coach",
    "mail.verify_body": (
        "Hello {name},\n\nWelcome to Interview Coach. Confirm your e-mail address by opening this link:\n\n"
        "{link}\n\nThe link works for {hours} hours. If you did not create an account, ignore this message."
    ),
    "mail.exists_subject": "Someone tried to register with your e-mail",
    "mail.exists_body": (
        "Hello {name},\n\nSomeone (perhaps you) tried to create an Interview Coach account with this address, "
        "but you already have one. Sign in here:\n\n{signin}\n\nForgot your password? Reset it here:\n\n{reset}\n"
    ),
    "mail.reset_subject": "Reset your Interview Coach password",
    "mail.reset_body": (
        "Hello {name},\n\nWe received a request to reset your password. Choose a new one here:\n\n{link}\n\n"
        "The link works for {minutes} minutes and only once. If you did not ask, ignore this message; "
        "your password stays as it is."
    ),
    "mail.change_subject": "Confirm your new e-mail for Interview Coach",
    "mail.change_body": (
        "Hello {name},\n\nOpen this link to make {email} the e-mail of your Interview Coach account:\n\n{link}\n\n"
        "The link works for {hours} hours."
    ),
    "mail.change_notice_subject": "Your Interview Coach e-mail is about to change",
    "mail.change_notice_body": (
        "Hello {name},\n\nSomeone signed in to your account asked to change its e-mail to {email}. "
        "If that was not you, change your password now and sign out everywhere."
    ),
    "mail.change_taken_subject": "An Interview Coach account already uses this address",
    "mail.change_taken_body": (
        "Hello,\n\nSomeone asked to move an Interview Coach account to this address, but an account already "
        "uses it, so nothing changed. If this was you, sign in with this address instead."
    ),
    "mail.password_changed_subject": "Your Interview Coach password was changed",
    "mail.password_changed_body": (
        "Hello {name},\n\nThe password of your account was just changed and every other device was signed out. "
        "If this was not you, reset your password now:\n\n{reset}\n"
    ),
    "mail.signin_code_subject": "{code} is your Interview Coach sign-in code",
    "mail.signin_code_body": (
        "Hello {name},\n\nYour sign-in code is {code}. It works for {minutes} minutes, once.\n\n"
        "We ask for it because someone has been trying wrong passwords on your account, so a device you have "
        "not signed in on before needs this code as well as your password. The request came from {ip}.\n\n"
        "Not you? Then someone knows your password: do not share this code, and change your password now:\n\n"
        "{reset}\n"
    ),
    "mail.signin_attack_subject": "Someone is trying to sign in to your Interview Coach account",
    "mail.signin_attack_body": (
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
    # e-mails to the owner when the protection changes (changes they did not make must not go unnoticed)
    "mail.two_factor_subject": "Two-factor sign-in changed on your Interview Coach account",
    "mail.two_factor_enabled": "Two-factor sign-in was turned on. Signing in now also takes a code from your app.",
    "mail.two_factor_disabled": (
        "Two-factor sign-in was turned off. Signing in now takes only your password, and your recovery codes "
        "and remembered devices were forgotten."
    ),
    "mail.two_factor_reset": (
        "Two-factor sign-in was turned off by the site's operator (you had lost your phone and recovery codes). "
        "Set it up again on the security settings."
    ),
    "mail.two_factor_recovery_code_used": "A recovery code was used to sign in ({left} left). Make new ones on the security settings when few are left.",
    "mail.two_factor_codes_regenerated": "New recovery codes were made; the old ones no longer work.",
    "mail.two_factor_body": (
        "Hello {name},\n\n{what}\n\nIf this was not you, change your password now and check your security "
        "settings:\n\n{security}\n"
    ),
    # e-mails about a subscriber's payments (services/billing/notices.py)
    "mail.billing_failed_subject": "Your payment for Interview Coach {plan} did not go through",
    "mail.billing_failed_body": (
        "Hello {name},\n\nWe could not take the latest payment for your {plan} plan. Nothing has been deleted, and "
        "you keep {plan} until {day}.\n\nWhat happens next: the payment provider tries the payment again over the "
        "next days. {how}\n\nIf the payment has still not gone through by {day}, your account moves to the "
        "{default_plan} plan and its limits. Your interviews, answers and reports stay as they are, and you can "
        "choose {plan} again at any time.\n\nYour payments and receipts: {invoices}\n"
    ),
    "mail.billing_fix_portal": (
        "To make sure the next try works, update your card or payment method with Manage billing in your "
        "settings: {settings}"
    ),
    "mail.billing_fix_provider": (
        "To make sure the next try works, check that your card or bank mandate can be charged, or follow the "
        "payment provider's own e-mail about it. Your subscription is in your settings: {settings}"
    ),
    "mail.billing_grace_ended_subject": "Your Interview Coach {plan} plan has ended for now",
    "mail.billing_grace_ended_body": (
        "Hello {name},\n\nThe payment for your {plan} plan has still not gone through, so your account is on the "
        "{default_plan} plan and its limits from today. Nothing has been deleted: your interviews, answers and "
        "reports stay as they are.\n\nThe payment provider may still try the payment; if it goes through, "
        "{plan} comes back by itself. {how}\n\nYou can also choose a plan again on {pricing}\n"
    ),
}
