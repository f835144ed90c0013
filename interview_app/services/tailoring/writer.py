"""The candidate's own questions written by an LLM, when one is configured (OPENAI_BASE_URL / OPENAI_API_KEY).

The offline templates (`selection.write_question`) always write a question first. With an LLM, one request
asks for all of them at once, grounded in the same material: the CV's words, where they come from and the
requirement they matched. Each reply item must pass the bank's own checks (the schema of a bank question and
every key point said in the model answer) and stay grounded (the prompt uses the candidate's own words or
names the place); an item that fails keeps its template, and any failure of the request keeps them all.
Replies are remembered per process for the same material, so the questions previewed are the ones started.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from interview_app.services.bank.files import QuestionSpec, key_point_gaps
from interview_app.services.scoring import llm
from interview_app.services.scoring import text as stx
from interview_app.services.tailoring.job import JobProfile
from interview_app.services.tailoring.selection import Pick, QuestionDraft
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
SCHEMA_NAME = "tailored_questions"
TEMPERATURE = 0.4
MAX_CACHE = 200
_cache: dict[tuple[Any, ...], list[QuestionDraft | None]] = {}
_lock = threading.Lock()


def schema(count: int) -> dict[str, Any]:
    """The JSON the LLM must answer with: one question per item, in order."""
    item = {
        "type": "object",
        "properties": {
            "prompt": {"type": "string"},
            "key_points": {"type": "array", "items": {"type": "string"}},
            "model_answer": {"type": "string"},
        },
        "required": ["prompt", "key_points", "model_answer"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"questions": {"type": "array", "items": item, "minItems": count, "maxItems": count}},
        "required": ["questions"],
        "additionalProperties": False,
    }


def _messages(job: JobProfile, picks: Sequence[Pick]) -> list[Any]:
    items = [
        {
            "number": i + 1,
            "candidate_wrote": p.quote,
            "where": p.label,
            "job_requirement": p.requirement,
            "kind": "project" if p.label == "project" else "work experience",
        }
        for i, p in enumerate(picks)
    ]
    system = (
        "You are an experienced interviewer preparing a mock interview for one candidate. For each item, write "
        "one open interview question about what the candidate wrote, in their own words, asking how they did "
        "it, the decisions and trade-offs, the result and what they would change; link it to the job "
        "requirement when one is given. Use only facts in the item: invent no names, numbers or technologies. "
        "For each question give 4 or 5 key points a strong answer makes (short sentences, each one idea) and a "
        "model answer of 120-250 words, written as an outline of a strong answer, that says every key point. "
        'Reply with JSON only: {"questions": [{"prompt", "key_points", "model_answer"}, ...]}, one per item, '
        "in order. Write everything in the interview's language (`language`: en English; ko Korean, as a Korean "
        "interviewer speaks: polite 해요체 questions, key points as short noun phrases)."
    )
    language = next((p.draft.language for p in picks if p.draft is not None), "en")
    user = json.dumps(
        {
            "job_title": job.title,
            "company": job.company,
            "seniority": job.seniority,
            "language": language,
            "items": items,
        },
        ensure_ascii=False,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _grounded(prompt: str, pick: Pick) -> bool:
    """The prompt uses the candidate's own words (or names the place they did it)."""
    if "{" in prompt or "}" in prompt:
        return False
    if pick.label and pick.label not in ("project", "skills") and pick.label.lower() in prompt.lower():
        return True
    own = set(stx.content_terms(pick.quote))
    return len(own & set(stx.content_terms(prompt))) >= min(2, len(own))


def checked(item: object, pick: Pick, template: QuestionDraft) -> QuestionDraft | None:
    """The LLM's question as a draft if it passes the bank's checks and is grounded; else None."""
    if not isinstance(item, dict):
        return None
    prompt = " ".join(str(item.get("prompt", "")).split())
    points = [" ".join(str(p).split()) for p in item.get("key_points", []) if str(p).strip()]
    answer = str(item.get("model_answer", "")).strip()
    try:
        spec = QuestionSpec(
            id="tailored-check",
            type=template.type,  # pyright: ignore[reportArgumentType]
            roles=["any"],
            difficulty=template.difficulty,  # pyright: ignore[reportArgumentType]
            competencies=list(template.competencies),
            prompt=prompt,
            key_points=points,
            model_answer=answer,
            follow_ups=list(template.follow_ups) or ["What would you do differently?"],
            time_limit_seconds=template.time_limit_seconds,
        )
    except ValidationError:
        return None
    if key_point_gaps(spec) or not _grounded(prompt, pick):
        return None
    return QuestionDraft(
        prompt=spec.prompt,
        key_points=tuple(spec.key_points),
        model_answer=spec.model_answer,
        type=template.type,
        competencies=template.competencies,
        difficulty=template.difficulty,
        follow_ups=template.follow_ups,
        time_limit_seconds=template.time_limit_seconds,
        language=template.language,
    )


def _request(job: JobProfile, picks: Sequence[Pick], client: Any = None) -> list[Any]:
    client = client or llm.make_client()
    model = get_settings().openai_model
    body = schema(len(picks))
    strict: Any = {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": body, "strict": True}}
    use_schema, failures = True, 0
    while True:
        try:
            content = llm._complete(
                client,
                model,
                _messages(job, picks),
                temperature=TEMPERATURE,
                response_format=strict if use_schema else {"type": "json_object"},
            )
            items = llm._parse_json(content).get("questions")
            if not isinstance(items, list):
                raise llm.LLMError("schema: no questions in the reply")
            return items
        except llm.LLMError as err:
            if err.unsupported_format and use_schema:
                use_schema = False
                continue
            failures += 1
            if not err.retryable or failures >= llm.ATTEMPTS:
                raise


def rewrite(job: JobProfile, picks: list[Pick], *, client: Any = None) -> None:
    """Give the template-written picks LLM-written questions where they pass the checks (in place)."""
    if not get_settings().llm_enabled:
        return
    mine = [p for p in picks if p.written_by == "template" and p.draft is not None]
    if not mine:
        return
    language = next((p.draft.language for p in mine if p.draft is not None), "en")
    key = (job.title, job.company, job.seniority, language, *((p.quote, p.label, p.requirement) for p in mine))
    with _lock:
        known = _cache.get(key)
    if known is None:
        try:
            items = _request(job, mine, client)
        except Exception as exc:  # any failure: the templates stay
            log.warning("tailored questions by the LLM failed, keeping the templates: %s", exc)
            return
        known = [
            checked(items[i], p, p.draft) if i < len(items) and p.draft is not None else None
            for i, p in enumerate(mine)
        ]
        with _lock:
            if len(_cache) >= MAX_CACHE:
                _cache.clear()
            _cache[key] = known
    for pick, draft in zip(mine, known, strict=True):
        if draft is not None:
            pick.draft, pick.prompt, pick.written_by = draft, draft.prompt, "llm"
