"""The progress page's numbers as table rows and one-line readings (plain strings, for screen readers too)."""

from __future__ import annotations

from typing import Any

from interview_app.i18n import keys, t
from interview_app.services.progress import charts
from interview_app.services.progress.progress import Overview
from interview_app.services.progress.study_plan import competency_name
from interview_app.services.scoring.rubric import DIMENSIONS


def _trend(label: str, lang: str) -> str:
    return t(keys.READINESS_TREND[label], lang)


def _skill_name(key: str, lang: str) -> str:
    """A trend row's name: the overall score or a rubric dimension."""
    return t("readiness.overall", lang) if key == "overall" else t(keys.RUBRIC[key], lang)


def _summaries(v: Overview, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if v.points:
        first, last = v.points[0], v.points[-1]
        trend = _trend(v.trends["overall"].label, lang)
        out["scores"] = t(
            "progress.scores.summary", lang, n=len(v.points), first=first.overall, last=last.overall, trend=trend
        )
    if v.levels:
        best = max(v.levels.items(), key=lambda kv: kv[1])
        worst = min(v.levels.items(), key=lambda kv: kv[1])
        out["radar"] = t(
            "progress.radar.summary",
            lang,
            best=competency_name(best[0], lang),
            best_score=round(best[1]),
            worst=competency_name(worst[0], lang),
            worst_score=round(worst[1]),
        )
    if v.mastery:
        weakest = min(v.mastery, key=lambda m: m.recall.get(30, 1.0))
        out["mastery"] = t(
            "progress.mastery.summary",
            lang,
            n=len(v.mastery),
            topic=weakest.topic,
            recall=round(100 * weakest.recall[30]),
        )
    if v.speaking:
        last = v.speaking[-1]
        out["speaking"] = t(
            "progress.speaking.summary",
            lang,
            wpm=round(last.get("wpm", 0)),
            fillers=last.get("fillers_per_minute", 0),
            pauses=last.get("pauses_per_minute", 0),
        )
    active = sum(1 for c in v.activity.values() if c["interview"] or c["trainer"])
    out["calendar"] = t("progress.calendar.summary", lang, days=active, streak=v.streak.current, best=v.streak.best)
    this_week = v.weekly[-1] if v.weekly else {"sessions": 0, "interview_questions": 0, "trainer_questions": 0}
    out["weekly"] = t(
        "progress.weekly.summary",
        lang,
        sessions=this_week["sessions"],
        questions=this_week["interview_questions"] + this_week["trainer_questions"],
    )
    return out


def _percentile(v: Overview, lang: str) -> str:
    p = v.percentile
    if p.available:
        return t("progress.peers.value", lang, percentile=p.percentile, n=p.group_size)
    return t(keys.PROGRESS_PEERS[p.reason], lang)


def _plan(v: Overview, lang: str) -> list[dict[str, Any]]:
    if v.plan is None:
        return []
    return [
        {
            "index": w.get("index", 0),
            "dates": t("study.plan.dates", lang, start=w.get("start", ""), end=w.get("end", "")),
            "sessions": int(w.get("sessions", 0)),
            "focus": ", ".join(w.get("focus", [])),
            "topics": ", ".join(w.get("topics", [])),
            "checkpoint": w.get("checkpoint", ""),
            "note": w.get("note", ""),
            "tip": w.get("tip", ""),
        }
        for w in v.plan.plan.get("weeks", [])
    ]


def rows_for(v: Overview, lang: str = "en") -> dict[str, Any]:
    """Every table, reading and list the progress page shows, from the overview, in `lang`."""
    scores = [
        {
            "date": p.day.isoformat(),
            "overall": str(p.overall),
            **{d: f"{p.dimensions.get(d, 0):g}" for d in DIMENSIONS},
        }
        for p in v.points
    ]
    radar = [
        {
            "skill": competency_name(c, lang),
            "score": f"{s:.0f}",
            "trend": _trend(v.trends[c].label, lang) if c in v.trends else "",
        }
        for c, s in v.levels.items()
    ]
    mastery = [
        {"topic": m.topic, "cards": str(m.cards), **{f"d{d}": f"{100 * r:.0f}%" for d, r in m.recall.items()}}
        for m in v.mastery
    ]
    speaking = [
        {
            "date": s["day"].isoformat(),
            "wpm": f"{s.get('wpm', 0):.0f}",
            "fillers": f"{s.get('fillers_per_minute', 0):g}",
            "pauses": f"{s.get('pauses_per_minute', 0):g}",
        }
        for s in v.speaking
    ]
    calendar = [
        {"date": day.isoformat(), "interview": str(c["interview"]), "trainer": str(c["trainer"])}
        for day, c in sorted(v.activity.items(), reverse=True)
        if c["interview"] or c["trainer"]
    ]
    weekly = [
        {
            "week": w["week"].isoformat(),
            "sessions": str(w["sessions"]),
            "interview": str(w["interview_questions"]),
            "trainer": str(w["trainer_questions"]),
        }
        for w in v.weekly
    ]
    trends = [
        {"skill": _skill_name(k, lang), "label": v.trends[k].label, "hover": charts.trend_hover(v.trends[k], lang)}
        for k in ("overall", *DIMENSIONS)
    ]
    readiness = [
        {
            "skill": competency_name(s.skill, lang),
            "level": f"{s.level:.0f}",
            "band": t(keys.READINESS_BAND[s.band], lang),
            "trend": _trend(s.trend, lang),
            "projected": f"{s.projected:.0f} ({t(keys.READINESS_BAND[s.projected_band], lang)})"
            if s.projected is not None
            else "",
        }
        for s in v.readiness.skills
    ]
    return {
        "scores": scores,
        "radar": radar,
        "mastery": mastery,
        "speaking": speaking,
        "calendar": calendar,
        "weekly": weekly,
        "summaries": _summaries(v, lang),
        "trends": trends,
        "readiness": readiness,
        "percentile": _percentile(v, lang),
        "plan": _plan(v, lang),
    }
