"""English text of the `onboarding.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # onboarding
    "onboarding.page_title": "Set up your practice · Interview Coach",
    "onboarding.step.goal": "Your goal",
    "onboarding.step.skills": "Your skills",
    "onboarding.step.practice": "How you practise",
    "onboarding.intro": "A minute now makes every interview fit you. You can change all of it later.",
    "onboarding.progress.step": "Step {step} of 3",
    "onboarding.progress_label": "Onboarding progress",
    "onboarding.back": "Back",
    "onboarding.continue": "Continue",
    "onboarding.finish": "Finish and open my dashboard",
}
