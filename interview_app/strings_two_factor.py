"""User-facing text of two-factor sign-in (services/accounts/two_factor.py): errors, sign-in step, settings.

Merged into strings.EN.
"""

from __future__ import annotations

TWO_FACTOR_EN: dict[str, str] = {
    # errors raised by the service
    "two_factor_required": "Enter the 6-digit code from your authenticator app to finish signing in.",
    "two_factor_code_wrong": (
        "That code is not right. Use the newest code your authenticator app shows (check the phone's clock is "
        "set automatically), or a recovery code."
    ),
    "two_factor_challenge_expired": (
        "This sign-in took too long or was already finished. Sign in again with your password."
    ),
    "two_factor_code_required": "Enter the 6-digit code from your app, or a recovery code.",
    "two_factor_not_started": "Start the set-up again: the key was not made yet.",
    "two_factor_already_enabled": "Two-factor sign-in is already on for this account.",
    "two_factor_not_enabled": "Two-factor sign-in is not on for this account.",
    "rate_limited_two_factor": "Too many wrong codes. Try again in {wait}.",
    # the sign-in page's second step
    "two_factor.step.title": "Two-factor sign-in",
    "two_factor.step.text": "Open your authenticator app and enter the 6-digit code it shows for Interview Coach.",
    "two_factor.step.recovery_text": (
        "Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once."
    ),
    "two_factor.step.code": "6-digit code",
    "two_factor.step.recovery_code": "Recovery code",
    "two_factor.step.remember": "Remember this device for 30 days",
    "two_factor.step.remember_hint": "Only on a device you do not share. You can forget it on the security settings.",
    "two_factor.step.submit": "Verify and sign in",
    "two_factor.step.use_recovery": "Lost your phone? Use a recovery code",
    "two_factor.step.use_app": "Use the code from the app instead",
    "two_factor.step.back": "Back to password sign-in",
    "two_factor.recovery_used": (
        "You signed in with a recovery code; {left} left. Make new ones on the security settings."
    ),
    # the security settings
    "two_factor.title": "Two-factor sign-in",
    "two_factor.text": (
        "Besides your password, ask for a code from an authenticator app on your phone (Google Authenticator, "
        "Microsoft Authenticator, 1Password, Aegis and the like)."
    ),
    "two_factor.admin_required": (
        "Administrators must use two-factor sign-in. Turn it on here to open the admin pages."
    ),
    "two_factor.admin_redirect": "Turn on two-factor sign-in first: administrators need it for the admin pages.",
    "two_factor.off": "Off",
    "two_factor.on": "On since",
    "two_factor.start": "Set up two-factor sign-in",
    "two_factor.scan": "1. Scan this QR code with your authenticator app.",
    "two_factor.manual": "Cannot scan it? Enter this key in the app instead (time-based, 6 digits):",
    "two_factor.enter_first": "2. Enter the 6-digit code the app now shows, to check it works.",
    "two_factor.confirm": "Turn on",
    "two_factor.cancel": "Cancel",
    "two_factor.qr_alt": "QR code with the key for your authenticator app",
    "two_factor.enabled_toast": "Two-factor sign-in is on.",
    "two_factor.codes.title": "Save your recovery codes",
    "two_factor.codes.text": (
        "If you lose your phone, each of these codes signs you in once instead of a code from the app. "
        "Keep them somewhere safe, such as a password manager. They are shown only now."
    ),
    "two_factor.codes.download": "Download",
    "two_factor.codes.done": "I have saved them",
    "two_factor.codes.left_before": "Recovery codes left: ",
    "two_factor.codes.left_after": " of 10.",
    "two_factor.codes.low": "Only a few recovery codes are left: make new ones before you run out.",
    "two_factor.codes.regenerate": "Make new recovery codes",
    "two_factor.codes.regenerate_text": (
        "The old codes stop working. Confirm with a code from your app or your password."
    ),
    "two_factor.codes.file_header": "Interview Coach recovery codes for {email}. Each code works once.",
    "two_factor.reauth.code": "Code from the app",
    "two_factor.reauth.or_password": "or your password",
    "two_factor.disable": "Turn off two-factor sign-in",
    "two_factor.disable_text": (
        "Your recovery codes and remembered devices are forgotten. Confirm with a code from your app or your password."
    ),
    "two_factor.disable_admin": "Administrators must have it: the admin pages will ask you to set it up again.",
    "two_factor.disabled_toast": "Two-factor sign-in is off.",
    "two_factor.regenerated_toast": "New recovery codes made; the old ones no longer work.",
    "two_factor.devices.title": "Remembered devices",
    "two_factor.devices.none": (
        "No device skips the code. Tick \u201cRemember this device\u201d when you sign in to add one."
    ),
    "two_factor.devices.meta": "Remembered {created} · last used {used} · until {expires}",
    "two_factor.devices.forget": "Forget",
    "two_factor.devices.forgotten": "That device will ask for a code at the next sign-in.",
    # an admin's user page
    "two_factor.admin.on": "Two-factor on",
    "two_factor.admin.off": "No two-factor",
    # e-mails to the owner when the protection changes (changes they did not make must not go unnoticed)
    "mail_two_factor_subject": "Two-factor sign-in changed on your Interview Coach account",
    "mail_two_factor_enabled": "Two-factor sign-in was turned on. Signing in now also takes a code from your app.",
    "mail_two_factor_disabled": (
        "Two-factor sign-in was turned off. Signing in now takes only your password, and your recovery codes "
        "and remembered devices were forgotten."
    ),
    "mail_two_factor_reset": (
        "Two-factor sign-in was turned off by the site's operator (you had lost your phone and recovery codes). "
        "Set it up again on the security settings."
    ),
    "mail_two_factor_recovery_code_used": (
        "A recovery code was used to sign in ({left} left). Make new ones on the security settings when few are left."
    ),
    "mail_two_factor_codes_regenerated": "New recovery codes were made; the old ones no longer work.",
    "mail_two_factor_body": (
        "Hello {name},\n\n{what}\n\nIf this was not you, change your password now and check your security "
        "settings:\n\n{security}\n"
    ),
}
