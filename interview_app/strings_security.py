"""User-facing text of account protection: the last admin, known devices, sign-in codes, attack warnings.

Merged into strings.EN.
"""

from __future__ import annotations

SECURITY_EN: dict[str, str] = {
    "last_admin": (
        "That is the last active admin account. Make another account an admin first "
        "(python -m interview_app set-role EMAIL admin)."
    ),
}
