"""A tailored interview's gaps as trainer topics: which topic trains which requirement, and following them."""

from __future__ import annotations

from sqlmodel import Session, select

from interview_app.models import Topic, UserTopic
from interview_app.services.tailoring import gap_topics
from interview_app.services.tailoring.fit import FitRow, Quote
from interview_app.services.trainer import topics

ROWS = [
    FitRow(
        "Deep experience with PostgreSQL, including query tuning",
        "required",
        ["PostgreSQL"],
        "strong",
        [Quote("cv", "A", "x")],
    ),
    FitRow("Hands-on experience with Docker and Kubernetes in production", "required", ["Docker", "Kubernetes"]),
    FitRow("Solid testing habits: unit, integration and contract tests", "required", ["Testing"]),
    FitRow("Terraform and infrastructure as code", "nice", ["Terraform"]),
    FitRow("Experience with Redis for caching", "nice", ["Redis", "Caching"], "some", [Quote("cv", "skills", "Redis")]),
    FitRow("You explain trade-offs clearly to engineers and to finance managers", "required", []),
]


def _slug(session: Session, topic_id: int) -> str:
    topic = session.get(Topic, topic_id)
    assert topic is not None
    return topic.slug


def test_skills_point_to_the_topic_that_quizzes_them() -> None:
    assert gap_topics.topic_slug("PostgreSQL") == "sql"
    assert gap_topics.topic_slug("Kubernetes") == "cloud"  # by its family
    assert gap_topics.topic_slug("Kafka") == "system-design"
    assert gap_topics.topic_slug("Mentoring") == "behavioural-frameworks"
    assert gap_topics.topic_slug("Excel") == ""


def test_only_gaps_become_topics_required_first(session: Session, make_user) -> None:
    topics.seed_quiz_bank(session)
    user = make_user()
    found = gap_topics.for_gaps(session, user.id, ROWS)
    slugs = [_slug(session, t.topic_id) for t in found]
    # Docker/Kubernetes and Terraform share Cloud; PostgreSQL and Redis have evidence, so no SQL or system design.
    assert slugs[:2] == ["cloud", "testing"]
    assert "sql" not in slugs and "system-design" not in slugs
    cloud = found[0]
    assert cloud.requirements == [ROWS[1].requirement, ROWS[3].requirement] and not cloud.following
    assert gap_topics.for_gaps(session, user.id, ROWS[:1]) == []  # no gaps, nothing to train


def test_following_them_puts_them_first_in_the_trainer(session: Session, make_user) -> None:
    topics.seed_quiz_bank(session)
    user = make_user()
    followed = gap_topics.follow(session, user.id, ROWS)
    assert followed and all(t.following for t in followed)
    rows = session.exec(select(UserTopic).where(UserTopic.user_id == user.id)).all()
    priorities = {_slug(session, r.topic_id): r.priority for r in rows if r.active}
    for item in followed:
        assert priorities[_slug(session, item.topic_id)] == gap_topics.HIGH_PRIORITY
    # The role's usual topics came first (as on opening the trainer), so following gaps did not replace them.
    assert len(priorities) > len(followed)
    again = gap_topics.for_gaps(session, user.id, ROWS)
    assert all(t.following for t in again)


def test_topics_are_named_in_the_readers_language(session: Session, make_user) -> None:
    topics.seed_quiz_bank(session)
    user = make_user()
    english = gap_topics.for_gaps(session, user.id, ROWS)
    korean = gap_topics.for_gaps(session, user.id, ROWS, "ko")
    assert [t.topic_id for t in korean] == [t.topic_id for t in english]
    for item in korean:
        topic = session.get(Topic, item.topic_id)
        assert topic is not None
        assert item.name == topics.localised(topic, "ko").name != topic.name
