"""The trainer topics that train a tailored interview's gaps: the requirements of the job with no evidence.

Each gap's skills (services/tailoring/skills.py) point to the default trainer topic that quizzes them
(PostgreSQL -> SQL, Terraform -> Cloud, communication -> Behavioural frameworks); a gap that names no skill
we know is matched to a topic by meaning (the embedding model, or shared words without it). The candidate
follows them in the trainer with one click, at high priority, and the daily quiz then draws from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from interview_app.models import Topic
from interview_app.services.tailoring import fit, similarity
from interview_app.services.tailoring import skills as sk
from interview_app.services.trainer import topics as trainer_topics

HIGH_PRIORITY = 3
MAX_TOPICS = 4
BY_MEANING = 0.45  # a gap without a known skill takes a topic at least this close in meaning
# Skill families whose members share one topic, then single skills that go elsewhere.
FAMILY_TOPICS = {
    "cloud": "cloud",
    "infra": "cloud",
    "security": "security",
    "quality": "testing",
    "ml": "machine-learning",
    "people": "behavioural-frameworks",
    "product": "product-sense",
    "frontend": "web-fundamentals",
}
SKILL_TOPICS = {
    "Python": "python",
    "JavaScript": "javascript",
    "TypeScript": "javascript",
    "Node.js": "javascript",
    "React": "javascript",
    "SQL": "sql",
    "PostgreSQL": "sql",
    "MySQL": "sql",
    "Data modelling": "sql",
    "Data warehousing": "sql",
    "Statistics": "statistics",
    "A/B testing": "statistics",
    "Metrics": "product-sense",
    "Git": "git",
    "CI/CD": "git",
    "Agile": "agile-delivery",
    "Project management": "agile-delivery",
    "Prioritisation": "agile-delivery",
    "Networking": "networking",
    "Linux": "operating-systems",
    "Concurrency": "operating-systems",
    "Bash": "operating-systems",
    "System design": "system-design",
    "Distributed systems": "system-design",
    "Microservices": "system-design",
    "Scalability": "system-design",
    "Caching": "system-design",
    "Redis": "system-design",
    "Kafka": "system-design",
    "RabbitMQ": "system-design",
    "Message queues": "system-design",
    "REST APIs": "web-fundamentals",
    "GraphQL": "web-fundamentals",
    "Performance tuning": "system-design",
    "Incident response": "system-design",
    "Observability": "system-design",
}


@dataclass
class GapTopic:
    """A trainer topic for some of the gaps: whether the candidate follows it, and the gaps it trains."""

    topic_id: int
    name: str
    following: bool
    requirements: list[str] = field(default_factory=list)


def topic_slug(skill: str) -> str:
    """The default trainer topic that quizzes `skill` ("" when none does)."""
    return SKILL_TOPICS.get(skill) or FAMILY_TOPICS.get(sk.family_of(skill), "")


def _by_meaning(texts: list[str], topics: list[Topic]) -> list[str]:
    if not texts or not topics:
        return ["" for _ in texts]
    sims = similarity.matrix(texts, [f"{t.name}: {t.description}" for t in topics])
    out = []
    for row in sims:
        best = int(row.argmax())
        out.append(topics[best].slug if float(row[best]) >= BY_MEANING else "")
    return out


def for_gaps(session: Session, user_id: int, rows: list[fit.FitRow], lang: str = "en") -> list[GapTopic]:
    """The default topics that train the gaps of `rows` (required gaps first, named in `lang`), at most MAX_TOPICS."""
    gaps = fit.gaps(rows)
    if not gaps:
        return []
    defaults = list(session.exec(select(Topic).where(col(Topic.owner_id).is_(None))).all())
    by_slug = {t.slug: t for t in defaults}
    unknown = [g for g in gaps if not any(topic_slug(s) for s in g.skills)]
    texts = [g.requirement for g in unknown]
    guessed = dict(zip(texts, _by_meaning(texts, defaults), strict=True))
    following = trainer_topics.active_topic_ids(session, user_id)
    found: dict[str, GapTopic] = {}
    for gap in gaps:
        slugs = [topic_slug(s) for s in gap.skills] or [guessed.get(gap.requirement, "")]
        for slug in dict.fromkeys(s for s in slugs if s in by_slug):
            topic = by_slug[slug]
            item = found.setdefault(
                slug,
                GapTopic(topic.id or 0, trainer_topics.localised(topic, lang).name, (topic.id or 0) in following),
            )
            if gap.requirement not in item.requirements:
                item.requirements.append(gap.requirement)
    return list(found.values())[:MAX_TOPICS]


def follow(session: Session, user_id: int, rows: list[fit.FitRow], lang: str = "en") -> list[GapTopic]:
    """Follow the gaps' topics in the trainer at high priority; returns them (all followed now).

    A candidate who followed nothing yet first gets their role's usual topics, as on opening the trainer.
    """
    chosen = for_gaps(session, user_id, rows, lang)
    if not chosen:
        return []
    trainer_topics.ensure_default_topics(session, user_id)
    for item in chosen:
        trainer_topics.follow_topic(session, user_id, item.topic_id, True, HIGH_PRIORITY)
        item.following = True
    return chosen
