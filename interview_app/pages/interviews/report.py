"""The report of one session: overall score, breakdown chart, feedback per question, recommendations."""

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.i18n import formats, keys, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.pages.tailoring.fit import report_fit_section
from interview_app.services.accounts import profiles
from interview_app.services.billing import plans
from interview_app.services.interviews import interviews, report_pdf, reports
from interview_app.services.trainer import quiz
from interview_app.state.address import route_id
from interview_app.state.auth import AuthState, with_user


def type_and_level(kind: str, difficulty: str, lang: str) -> str:
    """Type and difficulty of a session as shown to users, e.g. Behavioural · Medium."""
    return f"{t(keys.INTERVIEW_TYPE[kind], lang)} · {t(keys.DIFFICULTY[difficulty], lang)}"


SUMMARY_WAITS = 30  # polls of 2 s
DIMENSIONS = ("relevance", "structure", "specificity", "impact")
DIMENSION_MAX = 25  # points per rubric dimension


class ReportState(AuthState):
    """The report data; refreshed while answers are still being scored."""

    interview_id: int = 0
    overall: int = -1
    title: str = ""
    meta: str = ""
    status: str = ""
    pending: int = 0
    refining: int = 0
    fallback: str = ""
    ended_note: str = ""  # why an abandoned interview ended
    recommendations: rx.Field[list[str]] = rx.field(default_factory=list)
    items: rx.Field[list[dict]] = rx.field(default_factory=list)
    # The dimension chart's bars: label, value ("15/25") and the bar's length in per cent.
    bars: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The chart in words, for screen readers (and anyone who cannot read the bars).
    chart_text: str = ""
    # What the overall score counted (skipped questions count as 0), said under the score.
    counted_text: str = ""
    skipped: int = 0
    loaded: bool = False
    # Key points this session missed that now wait as review cards in the daily trainer.
    trainer_cards: int = 0
    # Reloads spent waiting for the overall score once every answer is scored (it is summed up by the
    # last scoring job, or by the next load if that job lost a race with the end of the session).
    _summary_waits: int = 0
    # Whether the page still polls (answers being scored, or the overall score being summed up): the
    # 2-second timer is on the page only then, so a finished report does no work every two seconds.
    polling: bool = False

    @rx.event
    def open_page(self):
        """On load: the page guard, then the report, in one event (one state update, one render)."""
        return self._guard_user() or self._load()

    @rx.event
    def load(self):
        """Read the report again (only the owner's sessions)."""
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        """Read the report (only the owner's sessions)."""
        try:
            data = reports.build(session, user.id or 0, route_id(self.router, "interview_id"), self.lang)
        except interviews.InterviewError:
            return rx.redirect(routes.HISTORY)
        started = profiles.local_time(session, user.id or 0, data["started_at"])
        self.trainer_cards = len(quiz.missed_point_cards(session, user.id or 0, data["id"]))
        self.interview_id = data["id"]
        self.overall = data["overall"] if data["overall"] is not None else -1
        self.title = data["role"] or self.t("interview.report.untitled")
        self.meta = (
            type_and_level(data["type"], data["difficulty"], self.lang) + " · " + formats.date(started, self.lang)
        )
        self.status, self.pending, self.fallback = data["status"], data["pending"], data["fallback"]
        self.ended_note = data["ended_note"]
        self.refining = data["refining"]
        self.recommendations = data["recommendations"]
        self.items = [
            {
                **item,
                "total_text": str(item["total"]) if item["total"] is not None else "",
                "minutes": f"{item['seconds'] // 60}:{item['seconds'] % 60:02d}",
                "dimension_rows": [
                    {"label": f"{self.t(keys.RUBRIC[d['name']])} {d['value']}/25", "why": d.get("why", "")}
                    for d in item["dimensions"]
                ],
            }
            for item in data["items"]
        ]
        dims = data["dimensions"]
        self.bars = _bars(dims, self.lang)
        self.chart_text = self.t("interview.report.chart_alt") + ", ".join(
            f"{self.t(keys.RUBRIC[d])} {float(dims.get(d, 0)):.0f}/25" for d in DIMENSIONS
        )
        self.counted_text, self.skipped = reports.counted_text(data, self.lang), data["skipped"]
        self.polling = self._waiting()
        self.loaded = True
        return None

    @rx.event
    @with_user
    def download_pdf(self, session: Session, user: User):
        """The report as a PDF file (built on the server for the owner only; with plans on, if the plan has PDFs)."""
        try:
            plans.require_feature(session, user.id or 0, "pdf_reports")
            data = reports.build(session, user.id or 0, self.interview_id, self.lang)
        except interviews.InterviewError:
            return rx.toast.error(self.t("interview.error.not_found"))
        except plans.FeatureLocked as exc:
            return rx.toast.error(exc.message(self.lang))
        return rx.download(
            data=report_pdf.render(data, self.lang),
            filename=f"interview-report-{self.interview_id}.pdf",
            mime_type="application/pdf",
        )

    @rx.event
    def poll(self):
        """Reload while answers are still being scored, and briefly while the overall score is summed up."""
        if not self.loaded:
            return None
        if self.pending > 0 or self.refining > 0:
            self._summary_waits = 0
            return ReportState.load
        if self._waiting():
            self._summary_waits += 1
            return ReportState.load
        self.polling = False
        return None

    def _waiting(self) -> bool:
        """Whether something on the report is still to come (scores, or the overall score's sum)."""
        if self.pending > 0 or self.refining > 0:
            return True
        return self.status in interviews.ENDED and self.overall < 0 and self._summary_waits < SUMMARY_WAITS


def _bars(dims: dict, lang: str) -> list[dict[str, str]]:
    """The dimension chart as plain data: one bar per rubric dimension, its value written level beside it.

    Drawn with HTML and CSS (`_chart_card`), not plotly: four bars do not need a 1 MB chart library, whose
    evaluation was the report's longest task on a phone.
    """
    bars = []
    for d in DIMENSIONS:
        value = min(max(float(dims.get(d, 0)), 0.0), float(DIMENSION_MAX))
        bars.append(
            {
                "label": t(keys.RUBRIC[d], lang),
                "value": f"{value:.0f}/{DIMENSION_MAX}",
                "width": f"{100 * value / DIMENSION_MAX:.1f}%",
            }
        )
    return bars


def _comment(c: Any, tone: str) -> rx.Component:
    return rx.box(
        rx.text(c["text"], size="2"),
        rx.cond(
            c["quote"],
            rx.el.blockquote(
                rx.text("“", c["quote"], "”", size="2"),
                border_left=f"3px solid var(--{tone}-8)",
                background=f"var(--{tone}-3)",
                padding="0.25rem 0.6rem",
                margin_top="0.25rem",
                border_radius="4px",
            ),
        ),
        margin_bottom="0.5rem",
    )


def _segment(seg: Any) -> rx.Component:
    return rx.el.span(
        seg["text"],
        class_name=rx.match(seg["kind"], ("filler", "ic-filler"), ("hedge", "ic-hedge"), ("pause", "ic-pause"), ""),
    )


def _metric(m: Any) -> rx.Component:
    return rx.badge(
        rx.match(
            m["name"],
            ("pace", tr("interview.report.m_pace")),
            ("fillers", tr("interview.report.m_fillers")),
            ("pauses", tr("interview.report.m_pauses")),
            ("hedges", tr("interview.report.m_hedges")),
            tr("interview.report.m_talk"),
        ),
        ": ",
        m["value"],
        variant="soft",
        size="2",
    )


def _pace_bar(p: Any) -> rx.Component:
    return rx.tooltip(
        rx.box(
            rx.box(height=p["height"].to(str) + "%", class_name="ic-pace-fill"),
            class_name="ic-pace-bar",
            aria_label=p["t"].to(str) + " " + p["wpm"].to(str) + " words/min",
        ),
        content=p["t"].to(str) + ": " + p["wpm"].to(str) + " words/min",
    )


def _spoken(item: Any) -> rx.Component:
    """A recorded answer: playback, the transcript with fillers, hedges and long pauses marked, delivery."""
    return rx.vstack(
        rx.cond(
            item["media_url"] != "",
            rx.cond(
                item["media_kind"] == "video",
                rx.el.video(src=item["media_url"], controls=True, class_name="ic-report-video", preload="metadata"),
                rx.el.audio(src=item["media_url"], controls=True, class_name="ic-report-audio", preload="metadata"),
            ),
            rx.cond(
                item["media_note"] == "deleted",
                rx.text(tr("interview.report.media_deleted"), size="1", color_scheme="gray"),
            ),
        ),
        rx.text(
            rx.foreach(item["segments"].to(list[dict]), _segment),
            size="2",
            line_height="1.7",
            class_name="ic-transcript",
        ),
        rx.cond(
            item["segments"].to(list).length() > 0,  # pyright: ignore[reportAttributeAccessIssue]
            rx.text(tr("interview.report.transcript_legend"), size="1", color_scheme="gray"),
        ),
        rx.flex(rx.foreach(item["metrics"].to(list[dict]), _metric), spacing="2", wrap="wrap"),
        rx.cond(
            item["pace"].to(list).length() > 1,  # pyright: ignore[reportAttributeAccessIssue]
            rx.box(
                rx.text(tr("interview.report.pace_chart"), size="1", weight="bold", color_scheme="gray"),
                rx.flex(rx.foreach(item["pace"].to(list[dict]), _pace_bar), class_name="ic-pace", spacing="1"),
            ),
        ),
        rx.cond(
            item["filler_confidence"] != "",
            rx.text(
                rx.match(
                    item["filler_confidence"],
                    ("checking", tr("interview.report.fillers_checking")),
                    ("high", tr("interview.report.fillers_high")),
                    ("medium", tr("interview.report.fillers_medium")),
                    tr("interview.report.fillers_low"),
                ),
                size="1",
                color_scheme="gray",
            ),
        ),
        rx.cond(
            item["media_kind"] == "video",
            rx.text(tr("interview.voice.video_note"), size="1", color_scheme="gray"),
        ),
        spacing="2",
        width="100%",
    )


def _point_icon(name: str, colour: str, label: str) -> rx.Component:
    """The mark before a key point: covered, touched on, or missing."""
    return rx.icon(name, color=f"var(--{colour}-9)", size=16, flex_shrink="0", aria_label=tr(label))


def _item(item: Any) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.cond(item["kind"] == "follow_up", rx.badge(tr("interview.run.follow_up"), color_scheme="amber")),
            rx.heading(item["prompt"], size="3", as_="h3"),
            rx.spacer(),
            rx.cond(
                item["total_text"] != "",
                rx.badge(item["total_text"], "/100", size="3", color_scheme="teal"),
                rx.match(
                    item["status"],
                    ("skipped", rx.badge(tr("interview.report.skipped"), color_scheme="gray")),
                    ("pending", rx.badge(tr("interview.report.not_answered"), color_scheme="gray")),
                    ("active", rx.badge(tr("interview.report.not_answered"), color_scheme="gray")),
                    ("failed", rx.badge(tr("interview.report.failed"), color_scheme="red")),
                    rx.badge(tr("interview.report.scoring"), color_scheme="amber"),
                ),
            ),
            spacing="2",
            align="start",
            width="100%",
        ),
        rx.cond(
            item["summary"] != "",
            rx.text(item["summary"], size="2", margin_top="0.5rem"),
        ),
        rx.cond(
            (item["answer"] != "") | (item["summary"] != ""),
            rx.el.details(
                rx.el.summary(
                    tr("interview.report.details"),
                    style={"cursor": "pointer", "fontWeight": 600, "marginTop": "0.5rem"},
                ),
                _item_details(item),
                class_name="report-item-details",
            ),
        ),
        style=styles.card,
        width="100%",
        class_name="report-item",
    )


def _item_details(item: Any) -> rx.Component:
    """Under the fold of each question: the answer, the reasons per dimension, comments and key points."""
    return rx.fragment(
        rx.cond(
            item["answer"] != "",
            rx.box(
                rx.text(
                    tr("interview.report.your_answer"),
                    " (",
                    item["minutes"],
                    ")",
                    size="1",
                    weight="bold",
                    color_scheme="gray",
                ),
                rx.cond(
                    item["spoken"],
                    _spoken(item),
                    rx.text(item["answer"], size="2", white_space="pre-wrap"),
                ),
                margin_top="0.5rem",
            ),
        ),
        rx.cond(
            item["summary"] != "",
            rx.box(
                rx.el.ul(
                    rx.foreach(
                        item["dimension_rows"].to(list[dict]),
                        lambda d: rx.el.li(
                            rx.text(
                                rx.text.span(d["label"], weight="medium"),
                                rx.cond(d["why"] != "", rx.text.span(" — ", d["why"])),
                                size="1",
                                color_scheme="gray",
                            ),
                        ),
                    ),
                    style={"listStyle": "none", "padding": 0, "margin": "0.25rem 0 0 0"},
                ),
                rx.grid(
                    rx.box(
                        rx.text(tr("interview.report.strengths"), size="2", weight="bold", color_scheme="green"),
                        rx.foreach(item["strengths"].to(list[dict]), lambda c: _comment(c, "green")),
                    ),
                    rx.box(
                        rx.text(tr("interview.report.improvements"), size="2", weight="bold", color_scheme="amber"),
                        rx.foreach(item["improvements"].to(list[dict]), lambda c: _comment(c, "amber")),
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    margin_top="0.75rem",
                ),
                rx.text(tr("interview.report.key_points"), size="2", weight="bold", margin_top="0.5rem"),
                rx.vstack(
                    rx.foreach(
                        item["key_points"].to(list[dict]),
                        lambda k: rx.flex(
                            rx.match(
                                k["status"],
                                ("covered", _point_icon("circle-check", "green", "interview.report.point_covered")),
                                ("partly", _point_icon("circle-dot-dashed", "amber", "interview.report.point_partly")),
                                ("unclear", _point_icon("circle-dot-dashed", "amber", "interview.report.point_partly")),
                                _point_icon("circle-x", "red", "interview.report.point_missing"),
                            ),
                            rx.text(
                                k["point"],
                                rx.cond(
                                    (k["status"] == "partly") | (k["status"] == "unclear"),
                                    rx.text.span(" · ", tr("interview.report.point_partly"), color_scheme="amber"),
                                ),
                                size="2",
                            ),
                            spacing="2",
                            align="start",
                        ),
                    ),
                    spacing="1",
                ),
                rx.cond(
                    item["model_answer"] != "",
                    rx.el.details(
                        rx.el.summary(
                            tr("interview.report.model_answer"), style={"cursor": "pointer", "fontWeight": 600}
                        ),
                        rx.text(item["model_answer"], size="2", margin_top="0.5rem"),
                        margin_top="0.75rem",
                    ),
                ),
                rx.text(item["engine"], size="1", color_scheme="gray", margin_top="0.5rem"),
            ),
        ),
    )


@rx.page(
    route=routes.INTERVIEW_REPORT,
    title=tr("interview.report.page_title"),
    on_load=ReportState.open_page,
)
def interview_report_page() -> rx.Component:
    return app_shell(
        tr("interview.report.title"),
        routes.HISTORY,
        rx.cond(
            ReportState.loaded,
            rx.vstack(
                rx.grid(_summary_card(), _chart_card(), columns=rx.breakpoints(initial="1", md="2"), spacing="4"),
                rx.cond(
                    ReportState.ended_note != "",
                    rx.callout(
                        ReportState.ended_note, icon="clock", color_scheme="gray", width="100%", id="report-ended-note"
                    ),
                ),
                rx.cond(
                    ReportState.fallback != "",
                    rx.callout(ReportState.fallback, icon="info", color_scheme="amber", width="100%"),
                ),
                rx.cond(
                    ReportState.recommendations.length() > 0,
                    rx.box(
                        rx.heading(tr("interview.report.next"), size="4", as_="h2"),
                        rx.el.ul(
                            rx.foreach(ReportState.recommendations, lambda r: rx.el.li(rx.text(r, size="2"))),
                            padding_left="1.25rem",
                            list_style_type="disc",
                            margin_top="0.5rem",
                        ),
                        style=styles.card,
                        width="100%",
                        id="report-recommendations",
                    ),
                ),
                rx.cond(
                    ReportState.trainer_cards > 0,
                    rx.callout(
                        rx.text(
                            tr("interview.report.trainer_cards", count=ReportState.trainer_cards),
                            " ",
                            rx.link(tr("interview.report.trainer_link"), href=routes.TRAINER),
                        ),
                        icon="calendar-check",
                        width="100%",
                        id="report-trainer-cards",
                    ),
                ),
                report_fit_section(),
                rx.heading(tr("interview.report.questions"), size="4", as_="h2", margin_top="0.5rem"),
                rx.foreach(ReportState.items, _item),
                rx.cond(
                    ReportState.polling,
                    rx.moment(interval=2000, on_change=ReportState.poll, display="none"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="4rem"),
        ),
    )


def _summary_card() -> rx.Component:
    """The score, what it counted, and the actions: first on every screen."""
    return rx.vstack(
        rx.heading(ReportState.title, size="4", as_="h2"),
        rx.text(ReportState.meta, size="2", color_scheme="gray"),
        rx.cond(
            ReportState.overall >= 0,
            rx.vstack(
                rx.flex(
                    rx.text(ReportState.overall, size="9", weight="bold", id="report-overall"),
                    rx.text("/100", size="4", color_scheme="gray"),
                    align="baseline",
                    spacing="1",
                ),
                rx.text(ReportState.counted_text, size="2", color_scheme="gray", id="report-counted"),
                spacing="1",
            ),
            rx.flex(
                rx.spinner(),
                rx.text(tr("interview.report.pending"), size="2"),
                spacing="2",
                margin_top="0.25rem",
                id="report-pending",
            ),
        ),
        rx.flex(
            rx.button(
                rx.icon("file-down", size=16),
                tr("interview.report.pdf"),
                on_click=ReportState.download_pdf,
                size="2",
                variant="outline",
                id="report-pdf",
            ),
            link_button(tr("interview.report.again"), href=routes.INTERVIEW_NEW, id="report-again"),
            link_button(tr("nav.history"), href=routes.HISTORY, variant="soft"),
            spacing="2",
            wrap="wrap",
            margin_top="0.5rem",
        ),
        spacing="1",
        style=styles.card,
    )


def _bar(bar: Any) -> rx.Component:
    """One row of the dimension chart: the name, the bar on its track and the value (the chart's label says it all)."""
    return rx.el.div(
        rx.el.span(bar["label"], class_name="ic-bar-label"),
        rx.el.span(rx.el.span(class_name="ic-bar-fill", style={"width": bar["width"]}), class_name="ic-bar-track"),
        rx.el.span(bar["value"], class_name="ic-bar-value"),
        class_name="ic-bar",
        aria_hidden="true",
    )


def _chart_card() -> rx.Component:
    """The dimension chart, with its values in words for screen readers."""
    return rx.box(
        rx.heading(
            rx.cond(
                ReportState.skipped > 0, tr("interview.report.breakdown_answered"), tr("interview.report.breakdown")
            ),
            size="2",
            as_="h2",
        ),
        rx.box(
            rx.foreach(ReportState.bars, _bar),
            role="img",
            aria_label=ReportState.chart_text,
            id="report-chart",
            class_name="ic-bars",
        ),
        style=styles.card,
        min_width="0",
    )
