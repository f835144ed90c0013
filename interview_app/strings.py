"""Kept for this session only: the catalogue moved to `interview_app.i18n` (issue 20).

New code imports `t` and `error_text` from `interview_app.i18n` and adds its texts to
`interview_app/i18n/en/<prefix>.py` (docs/i18n.md). This module re-exports the old names so imports
written before the move keep working until they are moved too; it goes once none is left.
"""

from __future__ import annotations

from interview_app.i18n import LANGUAGE_NAMES, LANGUAGES, catalogue, error_text, t

EN: dict[str, str] = catalogue("en")

__all__ = ["EN", "LANGUAGES", "LANGUAGE_NAMES", "error_text", "t"]
