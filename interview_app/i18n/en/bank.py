"""English text of the `bank.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "bank.all_competencies": "All competencies",
    "bank.all_levels": "All levels",
    "bank.all_roles": "All roles",
    "bank.all_types": "All types",
    "bank.competency": "Competency",
    "bank.difficulty": "Difficulty",
    "bank.found": "Matching questions:",
    "bank.more": "Show more",
    "bank.page_title": "Question bank · Interview Coach",
    "bank.practise": "Practise",
    "bank.role": "Role",
    "bank.search": "Search questions and topics",
    "bank.title": "Question bank",
    "bank.type": "Type",
    # question bank filter
    "bank.company": "Company",
    "bank.all_companies": "All companies",
    "bank.suits": "Suits:",
}
