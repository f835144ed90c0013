"""English text of the `level.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # profile levels, difficulties and validation (services/profiles.py)
    "level.intern": "Intern or student",
    "level.junior": "Junior, 0-2 years",
    "level.mid": "Mid-level, 2-5 years",
    "level.senior": "Senior, 5+ years",
    "level.staff": "Staff or lead",
    "level.manager": "Manager",
}
