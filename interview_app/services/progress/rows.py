"""The progress page's numbers as table rows and one-line readings (plain strings, for screen readers too)."""

from __future__ import annotations

from typing import Any

from interview_app.i18n import keys, t
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.progress import charts
from interview_app.services.progress.progress import BAND_WORDS, Overview
from interview_app.services.scoring.rubric import DIMENSIONS

TREND_NAMES = {"overall": "Overall", **charts.DIMENSION_NAMES}


def _summaries(v: Overview) -> dict[str, str]:
    out: dict[str, str] = {}
    if v.points:
        first, last = v.points[0], v.points[-1]
        trend = charts.TREND_WORDS[v.trends["overall"].label]
        out["scores"] = t(
            "progress.scores.summary", n=len(v.points), first=first.overall, last=last.overall, trend=trend
        )
    if v.levels:
        best = max(v.levels.items(), key=lambda kv: kv[1])
        worst = min(v.levels.items(), key=lambda kv: kv[1])
        out["radar"] = t(
            "progress.radar.summary",
            best=COMPETENCIES.get(best[0], best[0]),
            best_score=round(best[1]),
            worst=COMPETENCIES.get(worst[0], worst[0]),
            worst_score=round(worst[1]),
        )
    if v.mastery:
        weakest = min(v.mastery, key=lambda m: m.recall.get(30, 1.0))
        out["mastery"] = t(
            "progress.mastery.summary", n=len(v.mastery), topic=weakest.topic, recall=round(100 * weakest.recall[30])
        )
    if v.speaking:
        last = v.speaking[-1]
        out["speaking"] = t(
            "progress.speaking.summary",
            wpm=round(last.get("wpm", 0)),
            fillers=last.get("fillers_per_minute", 0),
            pauses=last.get("pauses_per_minute", 0),
        )
    active = sum(1 for c in v.activity.values() if c["interview"] or c["trainer"])
    out["calendar"] = t("progress.calendar.summary", days=active, streak=v.streak.current, best=v.streak.best)
    this_week = v.weekly[-1] if v.weekly else {"sessions": 0, "interview_questions": 0, "trainer_questions": 0}
    out["weekly"] = t(
        "progress.weekly.summary",
        sessions=this_week["sessions"],
        questions=this_week["interview_questions"] + this_week["trainer_questions"],
    )
    return out


def _percentile(v: Overview) -> str:
    p = v.percentile
    if p.available:
        return t("progress.peers.value", percentile=p.percentile, n=p.group_size)
    return t(keys.PROGRESS_PEERS[p.reason])


def _plan(v: Overview) -> list[dict[str, Any]]:
    if v.plan is None:
        return []
    return [
        {
            "index": w.get("index", 0),
            "dates": f"{w.get('start', '')} to {w.get('end', '')}",
            "sessions": int(w.get("sessions", 0)),
            "focus": ", ".join(w.get("focus", [])),
            "topics": ", ".join(w.get("topics", [])),
            "checkpoint": w.get("checkpoint", ""),
            "note": w.get("note", ""),
            "tip": w.get("tip", ""),
        }
        for w in v.plan.plan.get("weeks", [])
    ]


def rows_for(v: Overview) -> dict[str, Any]:
    """Every table, reading and list the progress page shows, from the overview."""
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
            "skill": COMPETENCIES.get(c, c),
            "score": f"{s:.0f}",
            "trend": charts.TREND_WORDS[v.trends[c].label] if c in v.trends else "",
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
        {"skill": TREND_NAMES[k], "label": v.trends[k].label, "hover": charts.trend_hover(v.trends[k])}
        for k in ("overall", *DIMENSIONS)
    ]
    readiness = [
        {
            "skill": COMPETENCIES.get(s.skill, s.skill),
            "level": f"{s.level:.0f}",
            "band": BAND_WORDS[s.band],
            "trend": charts.TREND_WORDS[s.trend],
            "projected": f"{s.projected:.0f} ({BAND_WORDS[s.projected_band]})" if s.projected is not None else "",
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
        "summaries": _summaries(v),
        "trends": trends,
        "readiness": readiness,
        "percentile": _percentile(v),
        "plan": _plan(v),
    }
