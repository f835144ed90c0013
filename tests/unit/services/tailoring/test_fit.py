"""The fit matrix: strong / some / none from the material, the answers' column, gaps, stored form."""

from __future__ import annotations

from interview_app.services.tailoring import fit
from interview_app.services.tailoring.job import Requirement
from interview_app.services.tailoring.selection import Evidence

REQS = [
    Requirement(
        "Deep experience with PostgreSQL, including query tuning", "required", ["PostgreSQL", "Performance tuning"]
    ),
    Requirement("Experience with Kafka or another message broker", "required", ["Kafka", "Message queues"]),
    Requirement("Terraform and infrastructure as code", "nice", ["Terraform"]),
    Requirement("Strong written and verbal communication skills", "required", ["Communication"]),
]
CV = [
    Evidence(
        "cv",
        "Introduced PostgreSQL query reviews that reduced slow queries by 70%",
        "Introduced PostgreSQL query reviews that reduced slow queries by 70%",
        "Acme Pay",
    ),
    Evidence(
        "cv",
        "Python, Kafka, Docker",
        "Python, Kafka, Docker",
        "skills",
        ("Python", "Kafka", "Docker"),
        weight=0.5,
        listed_only=True,
    ),
]


def test_levels_and_quotes_from_the_material() -> None:
    rows = fit.build(REQS, CV)
    assert [r.level for r in rows] == ["strong", "some", "none", "none"]
    assert rows[0].quotes[0].text.startswith("Introduced PostgreSQL query reviews")
    assert rows[0].quotes[0].label == "Acme Pay"
    # A skill that is only listed is "some", and the list is what is quoted.
    assert rows[1].quotes[0].label == "skills"
    assert rows[2].quotes == [] and rows[3].quotes == []
    assert fit.summary(rows) == {"none": 2, "some": 1, "strong": 1}
    assert [r.requirement for r in fit.gaps(rows)] == [REQS[3].text, REQS[2].text]  # required first


def test_two_pieces_of_work_naming_the_skill_are_strong() -> None:
    work = [
        Evidence("cv", "Moved billing events onto Kafka topics", "Moved billing events onto Kafka topics", "A"),
        Evidence("github", "queue-doctor: finds stuck Kafka consumers", "queue-doctor", "repo queue-doctor"),
    ]
    assert fit.build(REQS[1:2], work)[0].level == "strong"
    assert fit.build(REQS[1:2], [])[0].level == "none"


def test_answers_fill_their_own_column() -> None:
    rows = fit.build(REQS, CV)
    answers = fit.answer_evidence(
        [
            (2, "I wrote the Terraform modules for our AWS accounts. Every change went through a plan review."),
            (3, "Short."),
        ]
    )
    assert [e.label for e in answers] == ["Q2", "Q2"]
    after = fit.with_answers(rows, answers)
    assert after[2].answer_level in ("some", "strong") and after[2].overall == after[2].answer_level
    assert after[2].answer_quotes[0].text.startswith("I wrote the Terraform modules")
    assert after[3].answer_level == "none" and after[3].overall == "none"
    assert after[0].level == "strong"  # the material's column is unchanged
    restored = [fit.FitRow.from_dict(r.to_dict()) for r in after]
    assert restored == after
    assert rows[2].answer_level == ""  # the input rows are not changed
