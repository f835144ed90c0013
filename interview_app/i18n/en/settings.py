"""English text of the `settings.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # settings
    "settings.page_title": "Settings · Interview Coach",
    "settings.title": "Settings",
    "settings.goal.title": "Your goal",
    "settings.goal.text": "The role and level your interviews are built for.",
    "settings.skills.title": "Your skills",
    "settings.skills.text": "Questions and the study plan lean on these.",
    "settings.practice.title": "Practice",
    "settings.practice.text": "Difficulty, the answer timer, your time zone and your recordings.",
    "settings.trainer.title": "Daily trainer and reminders",
    "settings.trainer.text": "How long your daily quiz is, your daily goal, and when and how we remind you.",
    "settings.save": "Save settings",
}
