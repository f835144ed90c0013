"""A printable progress summary (PDF): readiness, scores over time, skills, topics, activity and the plan."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from fpdf import FPDF
from sqlmodel import Session

from interview_app.i18n import formats, t
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.billing import plans
from interview_app.services.interviews.report_pdf import GREY, LIGHT, TEAL, _ReportPDF, _text
from interview_app.services.progress import progress
from interview_app.services.progress.rows import rows_for


def _line_chart(pdf: FPDF, values: list[int], width: float = 170, height: float = 45) -> None:
    """The overall score per session as a line on a 0-100 grid."""
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(*LIGHT)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(*GREY)
    for tick in (0, 25, 50, 75, 100):
        y = y0 + height - height * tick / 100
        pdf.line(x0 + 8, y, x0 + width, y)
        pdf.set_xy(x0, y - 2)
        pdf.cell(7, 4, str(tick), align="R")
    if values:
        step = (width - 12) / max(1, len(values) - 1)
        points = [(x0 + 10 + i * step, y0 + height - height * v / 100) for i, v in enumerate(values)]
        pdf.set_draw_color(*TEAL)
        pdf.set_line_width(0.6)
        for a, b in pairwise(points):
            pdf.line(a[0], a[1], b[0], b[1])
        pdf.set_fill_color(*TEAL)
        for x, y in points:
            pdf.ellipse(x - 0.8, y - 0.8, 1.6, 1.6, style="F")
        pdf.set_line_width(0.2)
    pdf.set_y(y0 + height + 6)


def _bars(pdf: FPDF, items: list[tuple[str, float]], scale: float = 100, width: float = 110) -> None:
    """Labelled horizontal bars."""
    pdf.set_font("DejaVu", "", 9)
    for label, value in items:
        y = pdf.get_y()
        pdf.set_text_color(40, 40, 40)
        pdf.cell(55, 6, label[:34])
        pdf.set_fill_color(*LIGHT)
        pdf.rect(pdf.l_margin + 55, y, width, 5, style="F")
        pdf.set_fill_color(*TEAL)
        if value > 0:
            pdf.rect(pdf.l_margin + 55, y, width * min(value, scale) / scale, 5, style="F")
        pdf.set_xy(pdf.l_margin + 57 + width, y)
        pdf.cell(20, 6, f"{value:.0f}")
        pdf.ln(7)
    pdf.ln(2)


def render(session: Session, user: User, now: datetime) -> bytes:
    """The signed-in candidate's progress summary as PDF bytes.

    Raises:
        plans.FeatureLocked: with plans on, the user's plan does not include PDF reports.

    """
    plans.require_feature(session, user.id or 0, "pdf_reports")
    lang = profiles.language_of(session, user.id or 0)
    v = progress.overview(session, user.id or 0, now, lang)
    rows = rows_for(v, lang)
    pdf = _ReportPDF(t("pdf.progress.title", lang), lang)
    pdf.add_page()
    _text(pdf, t("pdf.progress.heading", lang, name=user.name), 18, "B", gap=1)
    _text(pdf, t("pdf.progress.as_of", lang, day=formats.date(v.today, lang, "long")), 10, color=GREY, gap=4)
    r = v.readiness
    if r.overall:
        _text(pdf, progress.readiness_sentence(r.overall, r.days_left, r.sessions_per_week, lang), 11, gap=3)
    streak = t("pdf.progress.streak", lang, days=v.streak.current, best=v.streak.best)
    _text(pdf, f"{streak}  {rows['percentile']}", 10, gap=4)
    _text(pdf, t("pdf.progress.scores", lang), 12, "B", gap=2)
    if v.points:
        _line_chart(pdf, [p.overall for p in v.points])
        _text(pdf, rows["summaries"].get("scores", ""), 9, color=GREY, gap=3)
    else:
        _text(pdf, t("pdf.progress.no_interviews", lang), 10, "I", gap=3)
    if v.levels:
        _text(pdf, t("pdf.progress.skills", lang), 12, "B", gap=2)
        _bars(pdf, [(COMPETENCIES.get(c, c), s) for c, s in sorted(v.levels.items(), key=lambda kv: kv[1])])
    if v.mastery:
        _text(pdf, t("pdf.progress.topics", lang), 12, "B", gap=2)
        _bars(
            pdf,
            [
                (
                    t("pdf.progress.topic", lang, topic=m.topic, later=formats.percent(m.recall.get(30, 0), lang)),
                    100 * m.recall[0],
                )
                for m in v.mastery
            ],
        )
    if v.recommendations:
        _text(pdf, t("pdf.report.next", lang), 12, "B", gap=1)
        for rec in v.recommendations:
            _text(pdf, f"•  {rec.title}: {rec.reason}", 10, gap=0.5)
        pdf.ln(3)
    if v.plan is not None:
        _text(pdf, t("pdf.progress.plan", lang), 12, "B", gap=1)
        _text(pdf, v.plan.plan.get("summary", ""), 10, gap=2)
        for w in rows["plan"]:
            line = t(
                "pdf.progress.week",
                lang,
                index=w["index"],
                dates=w["dates"],
                sessions=w["sessions"],
                focus=w["focus"],
                topics=w["topics"],
            )
            if w["checkpoint"]:
                line += f" {w['checkpoint']}"
            if w["note"]:
                line += " " + t("pdf.progress.note", lang, note=w["note"])
            _text(pdf, line, 9, gap=1)
    return bytes(pdf.output())
