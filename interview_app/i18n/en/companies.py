"""English text of the `companies.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "companies.page_title": "Company tracks · Interview Coach",
    "companies.title": "Company tracks",
    "companies.intro": (
        "How the companies you target usually interview: the rounds, what they value and how to prepare. "
        "Your interviews already lean towards questions that suit them."
    ),
    "companies.note": "Processes differ between teams and change over time; ask your recruiter what your loop will be.",
    "companies.none": "You have not named any target companies yet.",
    "companies.set_targets": "Add target companies in settings",
    "companies.unknown": "No track yet for: {names}. The generic startup or enterprise track may be close.",
    "companies.browse": "Browse every track",
    "companies.pick": "Choose a company",
    "companies.rounds": "Typical rounds",
    "companies.values": "What they value",
    "companies.tips": "How to prepare",
    "companies.generic": "generic",
    "companies.link": "How your target companies interview",
    "companies.practise": "Practise this loop",
    "companies.practise_hint": "A mock interview with one question for each round, in this order.",
    "companies.error.unknown": "We have no track of that name.",
    "companies.error.too_few": "The question bank has too few questions for this company and your role to practise its loop yet.",
}
