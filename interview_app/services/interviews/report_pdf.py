"""The session report as a PDF: score, a bar chart of the four dimensions, and feedback per question.

Drawn with fpdf2 (vector bars, no browser needed) in the reader's language (`pdf.*` keys). DejaVu fonts are
bundled so any Latin, Greek or Cyrillic text prints, and NanumGothic (SIL Open Font License, from Debian's
fonts-nanum) stands in for the characters DejaVu lacks, so Korean prints too; fpdf2 embeds only the glyphs used.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fpdf import FPDF

from interview_app.i18n import formats, keys, t
from interview_app.services.interviews import reports

FONT_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
# fontTools warns about NanumGothic's hinting-source tables (TSI*) each time it subsets the font; harmless.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
TEAL = (18, 165, 148)
GREY = (110, 110, 110)
LIGHT = (232, 236, 236)
GREEN = (40, 130, 70)
AMBER = (170, 100, 0)
DIMENSIONS = ("relevance", "structure", "specificity", "impact")


class _ReportPDF(FPDF):
    def __init__(self, title: str, lang: str = "en") -> None:
        super().__init__(format="A4")
        self._title, self.lang = title, lang
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.add_font("Nanum", "", str(FONT_DIR / "NanumGothic.ttf"))
        self.add_font("Nanum", "B", str(FONT_DIR / "NanumGothicBold.ttf"))
        # Hangul is not in DejaVu: Nanum draws it (upright in italic runs: Korean has no italic).
        self.set_fallback_fonts(["Nanum"], exact_match=False)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Interview Coach")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 6, t("pdf.footer", self.lang, title=self._title, page=self.page_no()), align="C")


def _text(
    pdf: FPDF,
    text: str,
    size: float = 10,
    style: str = "",
    color: tuple[int, int, int] = (20, 20, 20),
    gap: float = 1.5,
) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _bar_chart(pdf: _ReportPDF, dims: dict[str, float], width: float = 120) -> None:
    """Horizontal bars, one per dimension, out of 25."""
    label_w, bar_h, gap = 34, 6, 3
    x0, y = pdf.l_margin, pdf.get_y()
    pdf.set_font("DejaVu", "", 9)
    for key in DIMENSIONS:
        label = t(keys.RUBRIC[key], pdf.lang)
        value = max(0.0, min(25.0, float(dims.get(key, 0) or 0)))
        pdf.set_text_color(40, 40, 40)
        pdf.set_xy(x0, y)
        pdf.cell(label_w, bar_h, label)
        pdf.set_fill_color(*LIGHT)
        pdf.rect(x0 + label_w, y, width, bar_h, style="F")
        pdf.set_fill_color(*TEAL)
        if value > 0:
            pdf.rect(x0 + label_w, y, width * value / 25, bar_h, style="F")
        pdf.set_xy(x0 + label_w + width + 2, y)
        pdf.cell(20, bar_h, f"{value:.0f}/25")
        y += bar_h + gap
    pdf.set_draw_color(*GREY)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(*GREY)
    for tick in (0, 5, 10, 15, 20, 25):
        x = x0 + label_w + width * tick / 25
        pdf.line(x, y - gap + 1, x, y)
        pdf.set_xy(x - 3, y)
        pdf.cell(6, 4, str(tick), align="C")
    pdf.set_y(y + 7)


def render(report: dict[str, Any], lang: str = "en") -> bytes:
    """A PDF of the report built by `services.reports.build`, in `lang`."""
    title = report.get("role") or t("pdf.report.default_title", lang)
    pdf = _ReportPDF(title, lang)
    pdf.add_page()
    _text(pdf, t("pdf.report.heading", lang, title=title), 18, "B", gap=1)
    started = report.get("started_at")
    kind, difficulty = str(report.get("type", "")), str(report.get("difficulty", ""))
    meta = [
        t(keys.INTERVIEW_TYPE[kind], lang) if kind in keys.INTERVIEW_TYPE else kind,
        t(keys.DIFFICULTY[difficulty], lang) if difficulty in keys.DIFFICULTY else difficulty,
        formats.date(started, lang, "long") if started else "",
    ]
    _text(pdf, " · ".join(part for part in meta if part), 10, color=GREY, gap=4)
    overall = report.get("overall")
    if overall is None:
        _text(pdf, t("pdf.report.scoring", lang), 11, "I")
    else:
        _text(pdf, t("pdf.report.overall", lang, score=overall), 16, "B", color=TEAL, gap=3)
        if counted := reports.counted_text(report, lang):
            _text(pdf, counted, 10, color=GREY, gap=3)
    if report.get("ended_note"):  # an abandoned interview: why it ended
        _text(pdf, str(report["ended_note"]), 10, color=GREY, gap=3)
    _text(pdf, t("pdf.report.by_dimension", lang), 12, "B", gap=2)
    _bar_chart(pdf, report.get("dimensions") or {})
    if report.get("fallback"):
        _text(pdf, str(report["fallback"]), 9, "I", color=AMBER, gap=3)
    recs = report.get("recommendations") or []
    if recs:
        _text(pdf, t("pdf.report.next", lang), 12, "B", gap=1)
        for rec in recs:
            _text(pdf, f"•  {rec}", 10, gap=0.5)
        pdf.ln(3)
    number = 0
    for item in report.get("items", []):
        number += item.get("kind") != "follow_up"
        _item(pdf, number, item)
    return bytes(pdf.output())


def _item(pdf: _ReportPDF, number: int, item: dict[str, Any]) -> None:
    lang = pdf.lang
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.set_draw_color(*LIGHT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    label = (
        t("pdf.report.follow_up", lang)
        if item.get("kind") == "follow_up"
        else t("pdf.report.question", lang, number=number)
    )
    total = item.get("total")
    if total is not None:
        status = t("pdf.report.score", lang, score=total)
    else:
        status = t("pdf.report.skipped" if item.get("status") == "skipped" else "pdf.report.being_scored", lang)
    _text(pdf, f"{label} · {status}", 9, "B", color=GREY, gap=0.5)
    _text(pdf, str(item.get("prompt", "")), 12, "B", gap=2)
    if item.get("answer"):
        _text(
            pdf,
            t("pdf.report.transcript" if item.get("spoken") else "pdf.report.answer", lang),
            9,
            "B",
            color=GREY,
            gap=0.5,
        )
        _text(pdf, str(item["answer"]), 10, gap=2)
    if item.get("metrics"):
        names = {
            "pace": "pdf.report.metric.pace",
            "fillers": "pdf.report.metric.fillers",
            "pauses": "pdf.report.metric.pauses",
            "hedges": "pdf.report.metric.hedges",
            "talk": "pdf.report.metric.talk",
        }
        line = " · ".join(
            f"{t(names[m['name']], lang) if m['name'] in names else m['name']}: {m['value']}" for m in item["metrics"]
        )
        _text(pdf, t("pdf.report.delivery", lang, metrics=line), 9, color=GREY, gap=2)
    if item.get("summary"):
        _text(pdf, str(item["summary"]), 10, "I", gap=2)
    for d in item.get("dimensions") or []:
        if d.get("why"):
            name = str(d["name"])
            label = t(keys.RUBRIC[name], lang) if name in keys.RUBRIC else name.capitalize()
            _text(
                pdf, t("pdf.report.dimension", lang, name=label, score=d["value"], why=d["why"]), 9, color=GREY, gap=0.3
            )
    for heading, key, color in (
        ("pdf.report.strengths", "strengths", GREEN),
        ("pdf.report.improve", "improvements", AMBER),
    ):
        comments = item.get(key) or []
        if comments:
            _text(pdf, t(heading, lang), 10, "B", color=color, gap=0.5)
            for c in comments:
                _text(pdf, f"•  {c.get('text', '')}", 10, gap=0.3)
                if c.get("quote"):
                    pdf.set_x(pdf.l_margin + 6)
                    _text(pdf, f"“{c['quote']}”", 9, "I", color=GREY, gap=0.8)
            pdf.ln(1)
    points = item.get("key_points") or []
    if points:
        _text(pdf, t("pdf.report.key_points", lang), 10, "B", gap=0.5)
        for k in points:
            status = k.get("status", "missing")
            mark = {"covered": "✓", "partly": "~", "unclear": "~"}.get(status, "✗")
            note = t("pdf.report.partly", lang) if status in ("partly", "unclear") else ""
            colour = GREEN if status == "covered" else AMBER
            _text(pdf, f"{mark}  {k.get('point', '')}{note}", 10, color=colour, gap=0.3)
        pdf.ln(1)
    if item.get("model_answer"):
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        _text(pdf, t("pdf.report.model_answer", lang), 10, "B", gap=0.5)
        _text(pdf, str(item["model_answer"]), 9, color=(60, 60, 60), gap=3)
