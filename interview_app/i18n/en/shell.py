"""English text of the `shell.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "shell.verify_banner": "Please confirm your e-mail address; we sent you a link.",
    "shell.verify_resend": "Send a new link",
}
