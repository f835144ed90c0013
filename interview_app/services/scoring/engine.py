"""Which engine scores an answer: the LLM when one is configured (falling back to offline), else offline."""

from __future__ import annotations

from interview_app.services.scoring import delivery, offline
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput
from interview_app.settings import get_settings

# The flag on a result the built-in scorer made in the LLM's place (llm.FALLBACK_FLAG is the same word).
FALLBACK_FLAG = "llm_fallback"


def score_content(inp: ScoringInput, engine: str | None = None) -> ScoreResult:
    """The configured engine's score (`SCORING_ENGINE`: auto, offline or llm), before spoken delivery."""
    settings = get_settings()
    choice = engine or settings.scoring_engine
    if choice == "offline" or (choice == "auto" and not settings.llm_enabled):
        return offline.score(inp)
    # Loaded only when an LLM scores: the openai client takes most of a second to import.
    from interview_app.services.scoring import llm

    return llm.score_or_fall_back(inp, engine=choice)


def uses_llm(engine: str | None = None) -> bool:
    """True when the configured engine would ask the LLM (`SCORING_ENGINE` llm, or auto with one configured)."""
    settings = get_settings()
    choice = engine or settings.scoring_engine
    return choice == "llm" or (choice == "auto" and settings.llm_enabled)


def built_in_instead(inp: ScoringInput, reason: str) -> ScoreResult:
    """The built-in scorer standing in for the LLM, with `reason` shown in the feedback (as after an LLM failure)."""
    result = offline.score(inp)
    result.fallback_reason = reason
    if FALLBACK_FLAG not in result.flags:
        result.flags.append(FALLBACK_FLAG)
    return result


def score(inp: ScoringInput, engine: str | None = None) -> ScoreResult:
    """Score with the configured engine; spoken delivery folded in."""
    return delivery.apply(score_content(inp, engine), inp)
