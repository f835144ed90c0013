"""How much a bank question suits what the candidate's profile says: their skills and target companies.

Every interview (plain mock interviews too) passes `weigher(profile)` to the bank's choice of questions,
which keeps its own rules first (type of each slot, not seen recently, difficulty, focus) and uses the weight
only to draw among the questions those rules leave equal: a weighted random draw, so a question that suits
the profile is several times more likely to be chosen, and every other question can still come up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interview_app.models import Profile, Question
from interview_app.services.tailoring import tracks as company_tracks

# A question that fits fully is drawn (1 + BOOST) times as often as one that does not fit at all.
BOOST = 3.0
SKILL_ONE, SKILL_MORE = 0.6, 1.0


def skill_key(name: str) -> str:
    """A skill's comparison key: its canonical name, lower-cased."""
    return company_tracks.canonical(name).lower()


@dataclass(frozen=True)
class Preferences:
    """The profile's skills (canonical names) and the tracks of its target companies."""

    skills: tuple[str, ...] = ()
    tracks: tuple[company_tracks.CompanyTrack, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the profile names no skill and no known company."""
        return not self.skills and not self.tracks


def of_profile(profile: Profile | None) -> Preferences:
    """The preferences a profile states (none for a missing profile)."""
    if profile is None:
        return Preferences()
    names = list(dict.fromkeys(company_tracks.canonical(s) for s in profile.skills if s.strip()))
    return Preferences(skills=tuple(names), tracks=tuple(company_tracks.tracks_for(profile.target_companies)))


def matched_skills(question: Question, wanted: Sequence[str]) -> list[str]:
    """The profile skills a question's prompt or tags mention."""
    text = company_tracks.question_text(question)
    return [s for s in wanted if company_tracks.mentions(text, s)]


def affinity(question: Question, prefs: Preferences) -> float:
    """How well a question suits the profile, 0-1: its skills mentioned, or a target company's fit, or both."""
    hits = len(matched_skills(question, prefs.skills)) if prefs.skills else 0
    by_skill = 0.0 if hits == 0 else (SKILL_ONE if hits == 1 else SKILL_MORE)
    by_company = max((company_tracks.question_fit(question, t) for t in prefs.tracks), default=0.0)
    return 1.0 - (1.0 - by_skill) * (1.0 - by_company)


def weigher(prefs: Preferences) -> Callable[[Question], float] | None:
    """The draw weight of each question (1 to 1 + BOOST), remembered per question; None with no preferences."""
    if prefs.empty:
        return None
    seen: dict[int | None, float] = {}

    def weight(question: Question) -> float:
        key = question.id
        if key is None or key not in seen:
            seen[key] = 1.0 + BOOST * affinity(question, prefs)
        return seen[key]

    return weight
