"""English text of the `history.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "history.delete": "Delete this session",
    "history.delete_confirm": "Delete session",
    "history.delete_text": "This deletes the session with all its answers, recordings and feedback. It cannot be undone.",
    "history.delete_title": "Delete this interview?",
    "history.deleted": "The session was deleted.",
    "history.empty": "No interviews yet. Start one to see it here.",
    "history.filter.all": "All sessions",
    "history.filter.all_types": "All types",
    "history.filter.status": "Filter by status",
    "history.filter.type": "Filter by type",
    "history.page_title": "History · Interview Coach",
    "history.status.abandoned": "Abandoned",
    "history.status.completed": "Completed",
    "history.status.in_progress": "In progress",
    "history.title": "Interview history",
    "history.questions": "questions",
}
