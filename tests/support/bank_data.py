"""Question-bank data for tests: the curated backend bank, valid interview and quiz questions, a generated one."""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlmodel import Session

from interview_app.models import Topic
from interview_app.services.bank.files import BANK_DIR
from interview_app.services.trainer.quiz_bank import QUIZ_DIR

BANK = json.loads((BANK_DIR / "backend-engineer.json").read_text(encoding="utf-8"))["questions"]
QUIZ_FILE = json.loads((QUIZ_DIR / "sql.json").read_text(encoding="utf-8"))


def interview_data(**changes: Any) -> dict[str, Any]:
    """A valid interview question (a bank question under a new id and a slightly different prompt)."""
    data = copy.deepcopy(BANK[1])
    data["id"] = "admin-seat-race"
    data["prompt"] = (
        "A cinema booking service sells one seat twice when two buyers click at once. "
        + data["prompt"].split(". ", 1)[1]
    )
    data.update(changes)
    return data


def quiz_data(**changes: Any) -> dict[str, Any]:
    """A valid single-choice quiz question on the `sql` topic."""
    data = copy.deepcopy(QUIZ_FILE["questions"][0])
    data["id"] = "sql-admin-null-check"
    data["prompt"] = "Why does `WHERE deleted_at = NULL` find no rows even where deleted_at was never set?"
    data["topic"] = "sql"
    data.update(changes)
    return data


def make_sql_topic(session: Session) -> Topic:
    """The default `sql` topic (without its questions)."""
    topic = Topic(slug="sql", name="SQL", category="Data", description="Relational SQL.", is_default=True)
    session.add(topic)
    session.commit()
    return topic


# A generated question that passes every bank check (its key points are all in the model answer).
GENERATED: dict[str, Any] = {
    "prompt": "Tell me about a time you had to learn an unfamiliar database quickly to ship a backend feature. "
    "How did you approach it?",
    "key_points": [
        "Set a clear learning goal tied to the feature",
        "Read the official documentation and run small experiments",
        "Ask an experienced colleague to review the design",
        "Share what you learned with the team afterwards",
    ],
    "model_answer": (
        "Last spring our team had to move the search feature to Elasticsearch, which I had never used, and the "
        "launch was three weeks away. I owned the indexing service, so I set a clear learning goal tied to the "
        "feature: by the end of the first week I wanted to index our product catalogue and answer the five "
        "queries the product manager cared about. I read the official documentation on mappings and analyzers "
        "and ran small experiments against a local cluster, timing each query. I asked an experienced colleague "
        "from the data team to review the design of my index before I wrote the production code, and she caught "
        "a mapping mistake that would have broken sorting. We shipped on time, search latency dropped from 900 ms "
        "to 120 ms, and I shared what I learned with the team afterwards in a one-hour session and a short guide."
    ),
    "follow_ups": ["What would you do differently with more time?", "How did you know your design was good enough?"],
    "tags": ["Learning", "databases"],
    "time_limit_seconds": 180,
}
