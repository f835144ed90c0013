"""The session report as a PDF: score, a bar chart of the four dimensions, and feedback per question.

Drawn with fpdf2 (vector bars, no browser needed); DejaVu fonts are bundled so any user text prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

from interview_app.services.interviews import reports

FONT_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
TEAL = (18, 165, 148)
GREY = (110, 110, 110)
LIGHT = (232, 236, 236)
GREEN = (40, 130, 70)
AMBER = (170, 100, 0)
DIMENSION_LABELS = {
    "relevance": "Relevance",
    "structure": "Structure",
    "specificity": "Specificity",
    "impact": "Impact and fit",
}


class _ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self._title = title
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Interview Coach")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"Interview Coach · {self._title} · page {self.page_no()}", align="C")


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


def _bar_chart(pdf: FPDF, dims: dict[str, float], width: float = 120) -> None:
    """Horizontal bars, one per dimension, out of 25."""
    label_w, bar_h, gap = 34, 6, 3
    x0, y = pdf.l_margin, pdf.get_y()
    pdf.set_font("DejaVu", "", 9)
    for key, label in DIMENSION_LABELS.items():
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


def render(report: dict[str, Any]) -> bytes:
    """A PDF of the report built by `services.reports.build`."""
    title = report.get("role") or "Mock interview"
    pdf = _ReportPDF(title)
    pdf.add_page()
    _text(pdf, f"Interview report: {title}", 18, "B", gap=1)
    started = report.get("started_at")
    when = started.strftime("%d %B %Y") if started else ""
    kind = str(report.get("type", "")).replace("_", " ")
    _text(
        pdf, f"{kind.capitalize()} · {str(report.get('difficulty', '')).capitalize()} · {when}", 10, color=GREY, gap=4
    )
    overall = report.get("overall")
    if overall is None:
        _text(pdf, "Some answers are still being scored; the overall score appears when they are done.", 11, "I")
    else:
        _text(pdf, f"Overall score: {overall}/100", 16, "B", color=TEAL, gap=3)
        if counted := reports.counted_text(report):
            _text(pdf, counted, 10, color=GREY, gap=3)
    if report.get("ended_note"):  # an abandoned interview: why it ended
        _text(pdf, str(report["ended_note"]), 10, color=GREY, gap=3)
    _text(pdf, "Score by dimension", 12, "B", gap=2)
    _bar_chart(pdf, report.get("dimensions") or {})
    if report.get("fallback"):
        _text(pdf, str(report["fallback"]), 9, "I", color=AMBER, gap=3)
    recs = report.get("recommendations") or []
    if recs:
        _text(pdf, "What to practise next", 12, "B", gap=1)
        for rec in recs:
            _text(pdf, f"•  {rec}", 10, gap=0.5)
        pdf.ln(3)
    number = 0
    for item in report.get("items", []):
        number += item.get("kind") != "follow_up"
        _item(pdf, number, item)
    return bytes(pdf.output())


def _item(pdf: FPDF, number: int, item: dict[str, Any]) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.set_draw_color(*LIGHT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    label = "Follow-up" if item.get("kind") == "follow_up" else f"Question {number}"
    total = item.get("total")
    status = f"{total}/100" if total is not None else ("skipped" if item.get("status") == "skipped" else "scoring")
    _text(pdf, f"{label} · {status}", 9, "B", color=GREY, gap=0.5)
    _text(pdf, str(item.get("prompt", "")), 12, "B", gap=2)
    if item.get("answer"):
        _text(pdf, "Your answer (transcript)" if item.get("spoken") else "Your answer", 9, "B", color=GREY, gap=0.5)
        _text(pdf, str(item["answer"]), 10, gap=2)
    if item.get("metrics"):
        names = {
            "pace": "Words/min",
            "fillers": "Filler words",
            "pauses": "Pauses",
            "hedges": "Hedging",
            "talk": "Talk",
        }
        line = " · ".join(f"{names.get(m['name'], m['name'])}: {m['value']}" for m in item["metrics"])
        _text(pdf, f"Delivery: {line}", 9, color=GREY, gap=2)
    if item.get("summary"):
        _text(pdf, str(item["summary"]), 10, "I", gap=2)
    for d in item.get("dimensions") or []:
        if d.get("why"):
            _text(pdf, f"{str(d['name']).capitalize()} {d['value']}/25: {d['why']}", 9, color=GREY, gap=0.3)
    for heading, key, color in (("Strengths", "strengths", GREEN), ("To improve", "improvements", AMBER)):
        comments = item.get(key) or []
        if comments:
            _text(pdf, heading, 10, "B", color=color, gap=0.5)
            for c in comments:
                _text(pdf, f"•  {c.get('text', '')}", 10, gap=0.3)
                if c.get("quote"):
                    pdf.set_x(pdf.l_margin + 6)
                    _text(pdf, f"“{c['quote']}”", 9, "I", color=GREY, gap=0.8)
            pdf.ln(1)
    points = item.get("key_points") or []
    if points:
        _text(pdf, "Key points", 10, "B", gap=0.5)
        for k in points:
            status = k.get("status", "missing")
            mark = {"covered": "✓", "partly": "~", "unclear": "~"}.get(status, "✗")
            note = " (touched on, not clearly made)" if status in ("partly", "unclear") else ""
            colour = GREEN if status == "covered" else AMBER
            _text(pdf, f"{mark}  {k.get('point', '')}{note}", 10, color=colour, gap=0.3)
        pdf.ln(1)
    if item.get("model_answer"):
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        _text(pdf, "Model answer", 10, "B", gap=0.5)
        _text(pdf, str(item["model_answer"]), 9, color=(60, 60, 60), gap=3)
