"""English text of the `push.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "push.error.signed_out": "You are signed out. Sign in again to turn on push notifications.",
    "push.error.request_invalid": "The browser sent a subscription the server could not read.",
    "push.error.endpoint_invalid": "The browser's push address is not one the server can send to.",
    "push.error.endpoint_insecure": "Push notifications need a secure (https) push address.",
    "push.error.keys_invalid": "The browser's push keys are missing or malformed.",
    "push.error.rate_limited": "Too many changes to push notifications. Try again in a few minutes.",
    "push.unsupported": (
        "This browser cannot show push notifications. On iPhone and iPad, add Interview Coach to the Home "
        "Screen first and open it from there."
    ),
    "push.denied": "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.",
    "push.enabled": "Push notifications are on for this device.",
    "push.disabled": "Push notifications are off for this device.",
    "push.failed": "Push notifications could not be turned on. Check the connection and try again.",
}
