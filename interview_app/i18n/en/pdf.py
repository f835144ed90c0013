"""English text of the `pdf.*` keys: the session report and progress PDFs."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "pdf.footer": "Interview Coach · {title} · page {page}",
    # the session report (services/interviews/report_pdf.py)
    "pdf.report.default_title": "Mock interview",
    "pdf.report.heading": "Interview report: {title}",
    "pdf.report.scoring": "Some answers are still being scored; the overall score appears when they are done.",
    "pdf.report.overall": "Overall score: {score}/100",
    "pdf.report.by_dimension": "Score by dimension",
    "pdf.report.next": "What to practise next",
    "pdf.report.follow_up": "Follow-up",
    "pdf.report.question": "Question {number}",
    "pdf.report.score": "{score}/100",
    "pdf.report.skipped": "skipped",
    "pdf.report.being_scored": "scoring",
    "pdf.report.answer": "Your answer",
    "pdf.report.transcript": "Your answer (transcript)",
    "pdf.report.metric.pace": "Words/min",
    "pdf.report.metric.fillers": "Filler words",
    "pdf.report.metric.pauses": "Pauses",
    "pdf.report.metric.hedges": "Hedging",
    "pdf.report.metric.talk": "Talk",
    "pdf.report.delivery": "Delivery: {metrics}",
    "pdf.report.dimension": "{name} {score}/25: {why}",
    "pdf.report.strengths": "Strengths",
    "pdf.report.improve": "To improve",
    "pdf.report.key_points": "Key points",
    "pdf.report.partly": " (touched on, not clearly made)",
    "pdf.report.model_answer": "Model answer",
    # the progress summary (services/progress/pdf.py)
    "pdf.progress.title": "Progress summary",
    "pdf.progress.heading": "Progress summary: {name}",
    "pdf.progress.as_of": "As of {day}",
    "pdf.progress.streak": "Streak: {days, plural, one {# day} other {# days}} (best {best}).",
    "pdf.progress.scores": "Overall score per interview",
    "pdf.progress.no_interviews": "No finished interviews yet.",
    "pdf.progress.skills": "Skills (average of recent answers, 0-100)",
    "pdf.progress.topics": "Trainer topics: chance to recall now (in 30 days)",
    "pdf.progress.topic": "{topic} ({later} later)",
    "pdf.progress.plan": "Study plan",
    "pdf.progress.week": (
        "Week {index} ({dates}): {sessions, plural, one {# mock interview} other {# mock interviews}} on {focus}; "
        "trainer: {topics}."
    ),
    "pdf.progress.note": "Note: {note}",
}
