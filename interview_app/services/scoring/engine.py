"""Which engine scores an answer: the LLM when one is configured (falling back to offline), else offline."""

from __future__ import annotations

from interview_app.services.scoring import delivery, offline
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput
from interview_app.settings import get_settings


def score(inp: ScoringInput, engine: str | None = None) -> ScoreResult:
    """Score with the configured engine (`SCORING_ENGINE`: auto, offline or llm); spoken delivery folded in."""
    settings = get_settings()
    choice = engine or settings.scoring_engine
    if choice == "offline" or (choice == "auto" and not settings.llm_enabled):
        result = offline.score(inp)
    else:
        from interview_app.services.scoring import llm

        result = llm.score_answer(inp, engine=choice)
    return delivery.apply(result, inp)
