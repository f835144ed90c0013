"""English text of the `two_factor.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # the sign-in page's second step
    "two_factor.step.title": "Two-factor sign-in",
    "two_factor.step.text": "Open your authenticator app and enter the 6-digit code it shows for Interview Coach.",
    "two_factor.step.recovery_text": "Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each code works once.",
    "two_factor.step.code": "6-digit code",
    "two_factor.step.recovery_code": "Recovery code",
    "two_factor.step.remember": "Remember this device for 30 days",
    "two_factor.step.remember_hint": "Only on a device you do not share. You can forget it on the security settings.",
    "two_factor.step.submit": "Verify and sign in",
    "two_factor.step.use_recovery": "Lost your phone? Use a recovery code",
    "two_factor.step.use_app": "Use the code from the app instead",
    "two_factor.step.back": "Back to password sign-in",
    "two_factor.recovery_used": "You signed in with a recovery code; {left} left. Make new ones on the security settings.",
    # the security settings
    "two_factor.title": "Two-factor sign-in",
    "two_factor.text": (
        "Besides your password, ask for a code from an authenticator app on your phone (Google Authenticator, "
        "Microsoft Authenticator, 1Password, Aegis and the like)."
    ),
    "two_factor.admin_required": "Administrators must use two-factor sign-in. Turn it on here to open the admin pages.",
    "two_factor.admin_redirect": "Turn on two-factor sign-in first: administrators need it for the admin pages.",
    "two_factor.off": "Off",
    "two_factor.on": "On since {day}",
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
    "two_factor.codes.left": "Recovery codes left: {count} of 10.",
    "two_factor.codes.low": "Only a few recovery codes are left: make new ones before you run out.",
    "two_factor.codes.regenerate": "Make new recovery codes",
    "two_factor.codes.regenerate_text": "The old codes stop working. Confirm with a code from your app or your password.",
    "two_factor.codes.file_header": "Interview Coach recovery codes for {email}. Each code works once.",
    "two_factor.reauth.code": "Code from the app",
    "two_factor.reauth.or_password": "or your password",
    "two_factor.disable": "Turn off two-factor sign-in",
    "two_factor.disable_text": "Your recovery codes and remembered devices are forgotten. Confirm with a code from your app or your password.",
    "two_factor.disable_admin": "Administrators must have it: the admin pages will ask you to set it up again.",
    "two_factor.disabled_toast": "Two-factor sign-in is off.",
    "two_factor.regenerated_toast": "New recovery codes made; the old ones no longer work.",
    "two_factor.devices.title": "Remembered devices",
    "two_factor.devices.none": "No device skips the code. Tick \u201cRemember this device\u201d when you sign in to add one.",
    "two_factor.devices.meta": "Remembered {created} · last used {used} · until {expires}",
    "two_factor.devices.forget": "Forget",
    "two_factor.devices.forget_named": "Forget {device}",
    "two_factor.devices.forgotten": "That device will ask for a code at the next sign-in.",
    # an admin's user page
    "two_factor.admin.on": "Two-factor on",
    "two_factor.admin.off": "No two-factor",
}
