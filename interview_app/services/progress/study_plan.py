"""What to practise next, and a study plan counted back from the interview date.

Recommendations (weakest first, each with a one-click start): the weakest competencies from recent
interviews (a focused interview), key points missed in interviews that wait as review cards (the
trainer), and trainer topics whose recall has dropped or whose cards are overdue (practice on the topic).

The plan is rule-based: one entry per week until the interview date (4 weeks when no date is set, at most
12), sessions per week from the time left (3, or 4 in the last two weeks, or 5 with one week left), the
weakest competencies and topics rotated through the weeks, and checkpoints: a full-length mock interview
in the middle and in the last week. With an LLM configured, its summary and weekly tips are reworded by
the model (validated, falling back to the rules' wording). Candidates accept, edit or regenerate it.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from interview_app.clock import aware, utcnow
from interview_app.i18n import formats, keys, normalise, t
from interview_app.models import Profile, ReviewCard, StudyPlan, TailoredInterview, User
from interview_app.services.progress import analytics
from interview_app.services.progress.dashboard import summary as dashboard_summary
from interview_app.services.trainer import topics
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
DEFAULT_WEEKS = 4
MAX_WEEKS = 12
WEAK_COMPETENCY = 70.0
WEAK_RECALL = 0.8
MAX_NOTE = 300


@dataclass(frozen=True)
class Recommendation:
    """One thing to practise next; `action` says what the one-click start does."""

    kind: str  # competency, missed_points, topic
    title: str
    reason: str
    action: str  # interview, trainer, practice
    target: str = ""  # competency slug or topic id


def recommendations(
    session: Session,
    user_id: int,
    points: list[analytics.SessionPoint],
    now: Any | None = None,
    mastery: list[analytics.TopicMastery] | None = None,
    lang: str = "en",
) -> list[Recommendation]:
    """Up to five recommendations, weakest first, in `lang` (`mastery` when the caller has read it already)."""
    now = aware(now or utcnow())
    mastery = analytics.topic_mastery(session, user_id, now, lang) if mastery is None else mastery
    out: list[Recommendation] = []
    levels = analytics.competency_levels(points)
    for comp, score in sorted(levels.items(), key=lambda kv: kv[1])[:2]:
        if score < WEAK_COMPETENCY:
            name = competency_name(comp, lang).lower()
            out.append(
                Recommendation(
                    "competency",
                    t("study.rec.competency", lang, name=name),
                    t("study.rec.competency_why", lang, name=name, score=round(score)),
                    "interview",
                    comp,
                )
            )
    missed_due = session.exec(
        select(ReviewCard.id).where(
            ReviewCard.user_id == user_id,
            col(ReviewCard.interview_question_id).is_not(None),
            col(ReviewCard.due) <= now,
        )
    ).all()
    if missed_due:
        out.append(
            Recommendation(
                "missed_points",
                t("study.rec.missed", lang, count=len(missed_due)),
                t("study.rec.missed_why", lang),
                "trainer",
            )
        )
    for topic_id, name, due, recall in weak_topics(mastery)[:2]:
        why = (
            t("study.rec.topic_overdue", lang, count=due)
            if due
            else t("study.rec.topic_recall", lang, percent=round(100 * recall))
        )
        out.append(Recommendation("topic", t("study.rec.topic", lang, name=name), why, "practice", str(topic_id)))
    return out[:5]


def competency_name(slug: str, lang: str) -> str:
    """A competency's name in `lang` (the slug itself for one the bank does not know)."""
    return t(keys.COMPETENCY[slug], lang) if slug in keys.COMPETENCY else slug


def weak_topics(mastery: list[analytics.TopicMastery]) -> list[tuple[int, str, int, float]]:
    """Topics with overdue cards or low predicted recall: (topic id, name, overdue cards, recall now)."""
    out = [
        (m.topic_id, m.topic, m.due, m.recall.get(0, 1.0))
        for m in mastery
        if m.due or m.recall.get(0, 1.0) < WEAK_RECALL
    ]
    return sorted(out, key=lambda t: (-t[2], t[3]))


def sessions_per_week(days_left: int | None) -> int:
    """How many mock interviews a week the plan asks for."""
    if days_left is not None and days_left <= 7:
        return 5
    if days_left is not None and days_left <= 14:
        return 4
    return 3


def build_plan(
    *,
    today: date,
    interview_date: date | None,
    weak_competencies: list[str],
    weak_topic_names: list[str],
    followed_topics: list[str],
    role_title: str,
    job_gaps: list[str] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The rule-based plan in `lang`: weeks from today to the interview date with focus, sessions and checkpoints.

    `job_gaps` are the requirements of the latest tailored interview's job with no evidence yet (its fit
    matrix); they come first among the weeks' topics.
    """
    days_left = (interview_date - today).days if interview_date else None
    if days_left is not None and days_left < 0:
        days_left = None
    weeks = min(MAX_WEEKS, max(1, math.ceil(days_left / 7))) if days_left is not None else DEFAULT_WEEKS
    focus_pool = weak_competencies or ["communication", "problem-solving", "ownership"]
    topic_pool = list(dict.fromkeys((job_gaps or []) + weak_topic_names + followed_topics)) or [
        t("study.plan.default_topic", lang)
    ]
    plan_weeks = []
    for i in range(weeks):
        start = today + timedelta(weeks=i)
        end = (
            min(start + timedelta(days=6), interview_date - timedelta(days=1))
            if interview_date
            else start + timedelta(days=6)
        )
        left = (interview_date - start).days if interview_date else None
        focus = [focus_pool[i % len(focus_pool)]]
        if len(focus_pool) > 1:
            focus.append(focus_pool[(i + 1) % len(focus_pool)])
        checkpoint = ""
        if weeks >= 3 and i == weeks // 2:
            checkpoint = t("study.plan.halfway", lang)
        if i == weeks - 1:
            checkpoint = t("study.plan.final", lang)
        plan_weeks.append(
            {
                "index": i + 1,
                "start": start.isoformat(),
                "end": max(start, end).isoformat(),
                "sessions": sessions_per_week(left),
                "focus": [competency_name(c, lang) for c in dict.fromkeys(focus)],
                "topics": [topic_pool[(2 * i + k) % len(topic_pool)] for k in range(min(2, len(topic_pool)))],
                "checkpoint": checkpoint,
                "note": "",
            }
        )
    dated = interview_date is not None and days_left is not None
    key = _SUMMARY[(bool(role_title), dated)]
    summary = t(
        key,
        lang,
        weeks=weeks,
        role=role_title,
        day=formats.date(interview_date, lang, "long") if interview_date and dated else "",
        sessions=plan_weeks[0]["sessions"],
        focus=", ".join(plan_weeks[0]["focus"]).lower(),
    )
    if interview_date is None:
        summary += " " + t("study.plan.no_date", lang)
    return {
        "summary": summary,
        "weeks": plan_weeks,
        "days_left": days_left,
        "generated_on": today.isoformat(),
    }


# The plan's summary by (a role is named, the interview date is set).
_SUMMARY = {
    (False, False): "study.plan.summary",
    (True, False): "study.plan.summary_role",
    (False, True): "study.plan.summary_date",
    (True, True): "study.plan.summary_role_date",
}


def plan_inputs(session: Session, user_id: int, today: date) -> dict[str, Any]:
    """What the plan is built from, read for one candidate (the plan is written in their profile's language)."""
    profile = session.get(Profile, user_id)
    lang = normalise(profile.language) if profile else "en"
    points = analytics.completed_sessions(session, user_id, profile)
    levels = analytics.competency_levels(points)
    weak = [c for c, s in sorted(levels.items(), key=lambda kv: kv[1]) if s < 80][:4]
    mastery = analytics.topic_mastery(session, user_id, utcnow(), lang)
    weak_names = [name for _id, name, _due, _recall in weak_topics(mastery)][:4]
    followed = [v.name for v in topics.list_topics(session, user_id, lang=lang) if v.following]

    user = session.get(User, user_id)
    role_title = dashboard_summary(session, user, lang=lang).role_title if user else ""
    tailored = session.exec(
        select(TailoredInterview).where(TailoredInterview.user_id == user_id).order_by(col(TailoredInterview.id).desc())
    ).first()
    return {
        "today": today,
        "interview_date": profile.interview_date if profile else None,
        "weak_competencies": weak,
        "weak_topic_names": weak_names,
        "followed_topics": followed,
        "role_title": role_title if role_title != "your next role" else "",
        "job_gaps": job_gaps(tailored, lang=lang),
        "lang": lang,
    }


def job_gaps(tailored: TailoredInterview | None, limit: int = 4, lang: str = "en") -> list[str]:
    """Study-plan topics from a tailored interview's fit matrix: the required lines with no evidence first."""
    if tailored is None:
        return []
    missing = [r for r in tailored.fit if r.get("overall", r.get("level")) == "none" and r.get("requirement")]
    missing.sort(key=lambda r: r.get("kind") != "required")
    out = []
    for row in missing[:limit]:
        text = " ".join(str(row["requirement"]).split())
        short = text if len(text) <= 90 else text[:89].rstrip() + "\u2026"
        if tailored.company:
            out.append(t("study.plan.job_gap_company", lang, company=tailored.company, requirement=short))
        else:
            out.append(t("study.plan.job_gap", lang, requirement=short))
    return out


def _llm_wording(plan: dict[str, Any], lang: str = "en") -> tuple[dict[str, Any], str]:
    """Ask the LLM (when configured) to reword the summary and add a tip per week; the plan's facts stay."""
    if not get_settings().llm_enabled:
        return plan, "rules"
    try:
        # Loaded only when an LLM is configured: the openai client takes most of a second to import.
        from interview_app.services.scoring import llm

        client = llm.make_client(timeout=20)
        facts = {k: plan[k] for k in ("summary", "weeks", "days_left")}
        reply = client.chat.completions.create(
            model=get_settings().openai_model,
            messages=[
                {
                    "role": "system",
                    "content": (
                        "You are an interview coach. Reword a study plan warmly and concretely. Reply with JSON "
                        '{"summary": str, "tips": [str, ...]} with exactly one short tip (under 200 characters) per '
                        "week, in order. Do not change numbers, dates or topics."
                        + (" Write in natural Korean, in the polite 해요체 style." if lang == "ko" else "")
                    ),
                },
                {"role": "user", "content": json.dumps(facts)},
            ],
            response_format={"type": "json_object"},
        )
        data = json.loads(reply.choices[0].message.content or "{}")
        tips = data.get("tips")
        summary = data.get("summary")
        if not isinstance(summary, str) or not isinstance(tips, list) or len(tips) != len(plan["weeks"]):
            raise ValueError("the reply does not fit the plan")
        worded = {**plan, "summary": summary.strip()[:600]}
        worded["weeks"] = [
            {**w, "tip": str(tip).strip()[:MAX_NOTE]} for w, tip in zip(plan["weeks"], tips, strict=True)
        ]
        return worded, f"llm:{get_settings().openai_model}"
    except Exception as exc:  # any failure keeps the rules' wording
        log.warning("study plan wording by the LLM failed, keeping the rules' wording: %s", exc)
        return plan, "rules"


def current_plan(session: Session, user_id: int) -> StudyPlan | None:
    """The candidate's saved plan, if any."""
    return session.exec(select(StudyPlan).where(StudyPlan.user_id == user_id)).first()


def generate(session: Session, user_id: int, today: date) -> StudyPlan:
    """Build (or rebuild) the candidate's plan as a draft."""
    inputs = plan_inputs(session, user_id, today)
    plan, source = _llm_wording(build_plan(**inputs), inputs["lang"])
    row = current_plan(session, user_id) or StudyPlan(user_id=user_id)
    row.plan, row.source, row.status, row.edited = plan, source, "draft", False
    row.interview_date = inputs["interview_date"]
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


class PlanError(ValueError):
    """An edit the candidate must fix; `code` is a catalogue key (interview_app/i18n) under "progress.plan.error."."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def accept(session: Session, user_id: int) -> StudyPlan:
    """Accept the current plan."""
    row = current_plan(session, user_id)
    if row is None:
        raise PlanError("no_plan")
    row.status, row.updated_at = "accepted", utcnow()
    session.add(row)
    return row


def edit_week(session: Session, user_id: int, index: int, sessions: int, note: str) -> StudyPlan:
    """Change one week's number of mock interviews (0-7) and its note; the plan counts as edited."""
    row = current_plan(session, user_id)
    if row is None:
        raise PlanError("no_plan")
    if not 0 <= sessions <= 7:
        raise PlanError("sessions_range")
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise PlanError("note_too_long")
    weeks = [dict(w) for w in row.plan.get("weeks", [])]
    if not 1 <= index <= len(weeks):
        raise PlanError("no_week")
    weeks[index - 1].update(sessions=sessions, note=note)
    row.plan = {**row.plan, "weeks": weeks}
    row.edited, row.updated_at = True, utcnow()
    session.add(row)
    return row
