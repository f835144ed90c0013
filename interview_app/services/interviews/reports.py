"""The session report as plain data (for the report page and the PDF)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from interview_app.i18n import formats, t
from interview_app.models import Answer, Feedback, InterviewSession, Question
from interview_app.services.accounts import profiles
from interview_app.services.answers import recordings
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.interviews import interviews
from interview_app.services.scoring.rubric import DIMENSIONS, KeyPointResult
from interview_app.settings import get_settings
from interview_app.speech import metrics as speech_metrics


def _key_point(k: dict[str, Any]) -> dict[str, Any]:
    """A key point as the report shows it: covered, partly / unclear (the answer comes close) or missing."""
    point = KeyPointResult(**k)
    return {"point": point.point, "covered": point.covered, "status": point.shown_status}


def _speech(answer: Answer | None) -> dict[str, Any]:
    """What the report shows about a recorded answer: playback link, highlighted transcript, delivery."""
    empty: dict[str, Any] = {
        "spoken": False,
        "media_url": "",
        "media_kind": "",
        "media_note": "",
        "segments": [],
        "metrics": [],
        "pace": [],
        "filler_confidence": "",
    }
    if answer is None or answer.mode == "text":
        return empty
    m = answer.metrics if answer.transcribed_at else {}
    url, note = "", ""
    if answer.media_deleted_at is not None:
        note = "deleted"
    elif answer.media_path and answer.media_bytes:
        url = recordings.media_url(answer.id or 0, answer.user_id)
    lines: list[dict[str, str]] = []
    if m.get("word_count"):
        f, p, h = m["fillers"], m["pauses"], m["hedges"]
        lines = [
            {"name": "pace", "value": str(m["wpm"])},
            {"name": "fillers", "value": f"{f['count']} ({f['per_minute']}/min)"},
            {"name": "pauses", "value": f"{p['count']} ({p['long_count']} long, longest {p['longest']} s)"},
            {"name": "hedges", "value": str(h["count"])},
            {
                "name": "talk",
                "value": f"{m['duration']:.0f} s" + (f" / {m['time_limit']} s" if m["time_limit"] else ""),
            },
        ]
    return {
        "spoken": True,
        "media_url": url,
        "media_kind": "video" if answer.media_type.startswith("video") else "audio",
        "media_note": note,
        "segments": speech_metrics.transcript_segments(list(answer.word_timings), m) if m else [],
        "metrics": lines,
        "pace": [
            {
                "t": f"{int(x['t']) // 60}:{int(x['t']) % 60:02d}",
                "wpm": x["wpm"],
                "height": min(100, round(x["wpm"] / 2)),
            }
            for x in m.get("pace", [])
        ],
        "filler_confidence": _filler_confidence(m),
    }


def _filler_confidence(m: dict[str, Any]) -> str:
    fillers = m.get("fillers", {}) if m else {}
    return "checking" if fillers.get("checking") else fillers.get("confidence", "")


def _what_counted(breakdown: dict[str, Any]) -> dict[str, Any]:
    """Which questions the overall score averages, so the report can say it.

    The overall score is the mean over every main question of the session, a skipped one (never answered,
    e.g. after ending early) counting as 0; the dimension breakdown averages the answered ones only.

    Returns:
        `counted` (questions in the overall score), `answered`, `skipped`, and `answered_average` (the
        answered questions' mean, which the dimension chart adds up to; None when none was answered).

    """
    scores = [float(v) for v in breakdown.get("questions", {}).values()]
    skipped = int(breakdown.get("skipped", 0))
    return {
        "counted": len(scores) + skipped,
        "answered": len(scores),
        "skipped": skipped,
        "answered_average": round(sum(scores) / len(scores)) if scores else None,
    }


def counted_text(report: dict[str, Any], lang: str = "en") -> str:
    """What the overall score counted, in `lang`'s words (the report page and the PDF say the same)."""
    if not report.get("counted"):
        return ""
    if not report.get("skipped"):
        return t("interview.report.counted_all", lang, counted=report["counted"])
    average = report.get("answered_average")
    return t(
        "interview.report.counted_skipped" if average is not None else "interview.report.counted_none",
        lang,
        counted=report["counted"],
        answered=report["answered"],
        skipped=report["skipped"],
        average=average,
    )


def build(session: Session, user_id: int, interview_id: int, lang: str = "en") -> dict[str, Any]:
    """Everything the report shows, its notes in `lang`; InterviewError("not_found") for another's session.

    The feedback itself is in the interview's language, as it was written when scored (docs/i18n.md).
    """
    interview = interviews.owned_session(session, user_id, interview_id)
    if interview.status in interviews.ENDED and interview.overall_score is None:
        interviews.summarise(session, interview)  # no-op while answers are still being scored
    sqs = interviews.questions_of(session, interview.id or 0)
    answers = {
        a.session_question_id: a
        for a in session.exec(select(Answer).where(col(Answer.session_question_id).in_([s.id for s in sqs]))).all()
    }
    feedback = {
        f.answer_id: f
        for f in session.exec(
            select(Feedback).where(col(Feedback.answer_id).in_([a.id for a in answers.values()]))
        ).all()
    }
    items: list[dict[str, Any]] = []
    pending = refining = 0
    fallback = ""
    for sq in sqs:
        answer = answers.get(sq.id or 0)
        fb = feedback.get(answer.id or 0) if answer else None
        question = session.get(Question, sq.question_id) if sq.question_id else None
        result = fb.result if fb else {}
        if answer and not fb and answer.status != AnswerStatus.FAILED:
            pending += 1
        elif answer and fb and answer.metrics.get("fillers", {}).get("checking"):
            refining += 1  # scored; the filler count (and so the score) may still move a little
        if result.get("fallback_reason"):
            fallback = result["fallback_reason"]
        items.append(
            {
                "id": sq.id,
                "kind": sq.kind,
                "prompt": sq.prompt,
                "status": sq.status if not answer else (AnswerStatus.SCORED.value if fb else answer.status),
                "answer": (answer.text or answer.transcript) if answer else "",
                "mode": answer.mode if answer else "text",
                **_speech(answer),
                "seconds": round(answer.duration_seconds or 0) if answer else 0,
                "total": fb.total if fb else None,
                "dimensions": [
                    {"name": d, "value": int(fb.dimensions.get(d, 0)), "why": str(result.get("why", {}).get(d, ""))}
                    for d in DIMENSIONS
                ]
                if fb
                else [],
                "strengths": result.get("strengths", []),
                "improvements": result.get("improvements", []),
                "key_points": [_key_point(k) for k in result.get("key_points", [])],
                "checklist": [{"item": k, "ok": bool(v)} for k, v in result.get("checklist", {}).items()],
                "summary": result.get("summary", ""),
                "model_answer": question.model_answer if question and sq.kind == "main" else "",
                "engine": f"{fb.engine} · {fb.model} · rubric {fb.rubric_version}" if fb else "",
            }
        )
    return {
        **_what_counted(interview.breakdown),
        "id": interview.id,
        "role": profiles.shown_role_title(interview.role_slug, interview.role_title, lang)
        or (interview.role_slug or ""),
        "type": interview.interview_type,
        "difficulty": interview.difficulty,
        "status": interview.status,
        "started_at": interview.started_at,
        "ended_at": interview.ended_at,
        "overall": interview.overall_score,
        "dimensions": interview.breakdown.get("dimensions", {}),
        "competencies": interview.breakdown.get("competencies", {}),
        "recommendations": list(interview.recommendations),
        "items": items,
        "pending": pending,
        "refining": refining,
        "fallback": fallback,
        "ended_note": _ended_note(interview, lang),
    }


def _ended_note(interview: InterviewSession, lang: str = "en") -> str:
    """Why an abandoned interview ended (it ran INTERVIEW_MAX_MINUTES), in `lang`; '' for any other."""
    if interview.status != "abandoned":
        return ""
    total = get_settings().interview_max_minutes
    return t("interview.report.abandoned", lang, hours=formats.duration(total * 60, lang))
