"""English text of the `data.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "data.page_title": "Your data · Interview Coach",
    "data.title": "Your data",
    "data.link.settings": "Your data: download everything or delete your account",
    "data.link.security": "Download all your data or delete your account on the Your data page.",
    "data.link.open": "Open Your data",
    # the export card
    "data.export.title": "Export all my data",
    "data.export.text": (
        "A ZIP with everything we hold about you: your profile and account, every interview with its "
        "questions, answers, transcripts, feedback and scores, your recordings, quizzes, review cards, streaks, "
        "your own topics, study plan and notifications. JSON for programs, CSV for spreadsheets, and a README."
    ),
    "data.export.start": "Export my data",
    "data.export.limits": "Up to {per_hour} exports an hour and {limit} a day. Each download link works for {hours} hours.",
    "data.export.queued": "Waiting to start…",
    "data.export.building": "Building your export… ",
    "data.export.ready": "Your export is ready",
    "data.export.ready_until": "The link works until {time}.",
    "data.export.download": "Download ZIP",
    "data.export.download_short": "Download",
    "data.export.failed": "The export failed. Try again; if it keeps failing, tell the administrator.",
    "data.export.reason": "Reason: ",
    "data.export.retry": "Try again",
    "data.export.ready_toast": "Your data export is ready to download.",
    "data.export.started_toast": "Your export is on its way. You can leave this page: we tell you when it is ready.",
    "data.export.progress_label": "Export progress",
    "data.export.earlier": "Earlier exports",
    "data.export.none": "You have not exported your data yet.",
    "data.status.queued": "Waiting",
    "data.status.building": "Building",
    "data.status.ready": "Ready",
    "data.status.failed": "Failed",
    "data.status.expired": "Expired",
}
