"""Which engine scores an answer: the LLM when one is configured (falling back to offline), else offline."""

from __future__ import annotations

from interview_app.services.scoring import delivery, offline
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput
from interview_app.settings import get_settings


def score_content(inp: ScoringInput, engine: str | None = None) -> ScoreResult:
    """The configured engine's score (`SCORING_ENGINE`: auto, offline or llm), before spoken delivery."""
    settings = get_settings()
    choice = engine or settings.scoring_engine
    if choice == "offline" or (choice == "auto" and not settings.llm_enabled):
        return offline.score(inp)
    # Loaded only when an LLM scores: the openai client takes most of a second to import.
    from interview_app.services.scoring import llm

    return llm.score_or_fall_back(inp, engine=choice)


def score(inp: ScoringInput, engine: str | None = None) -> ScoreResult:
    """Score with the configured engine; spoken delivery folded in."""
    return delivery.apply(score_content(inp, engine), inp)
