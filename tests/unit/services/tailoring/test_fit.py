"""The fit matrix: strong / some / none from the material, the answers' column, gaps, stored form."""

from __future__ import annotations

import pytest

from interview_app.services.tailoring import fit
from interview_app.services.tailoring.cv import parse_cv
from interview_app.services.tailoring.job import Requirement, parse_job
from interview_app.services.tailoring.selection import Evidence, cv_evidence
from tests.support import tailoring_data as data

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


# Near misses: evidence that looks close but does not show what the requirement asks for.
DOCKER_K8S = Requirement(
    "Hands-on experience with Docker and Kubernetes in production", "required", ["Docker", "Kubernetes"]
)
PCI = Requirement("Experience with PCI-DSS or other payment regulations", "nice", ["PCI-DSS", "Payments"])
POSTGRES = Requirement(
    "Deep experience with PostgreSQL, including schema design, query tuning and safe migrations on large tables",
    "required",
    ["PostgreSQL", "Data modelling", "Performance tuning"],
)
PYTHON_OR_GO = Requirement(
    "5+ years of professional backend development, mostly in Python or Go", "required", ["Python", "Go"]
)
TERRAFORM = Requirement("Terraform and infrastructure as code", "nice", ["Terraform"])


def _cv(text: str, **kwargs) -> Evidence:
    return Evidence("cv", text, text, "Acme", **kwargs)


def test_core_skills_leave_out_asides_and_broad_domain_words() -> None:
    assert fit.core_skills(POSTGRES) == (["PostgreSQL"], True)  # "including ..." names aspects
    assert fit.core_skills(PCI) == (["PCI-DSS"], True)  # "payment" is the domain, not the skill
    assert fit.core_skills(DOCKER_K8S) == (["Docker", "Kubernetes"], False)  # each is needed
    assert fit.core_skills(PYTHON_OR_GO) == (["Python", "Go"], True)  # either will do
    assert fit.core_skills(Requirement("Experience with Redis for caching", "nice", ["Redis", "Caching"])) == (
        ["Redis"],
        True,
    )


@pytest.mark.parametrize(
    ("req", "evidence", "level"),
    [
        # One of two skills asked for is some evidence, not strong; the quote is the piece that shows it.
        (DOCKER_K8S, [_cv("Moved the deployment pipeline to Docker, from weekly to daily releases")], "some"),
        (
            DOCKER_K8S,
            [_cv("Ran our services on Docker and Kubernetes in production, with Helm for 40 services")],
            "strong",
        ),
        # Working on payments is not experience with payment regulations.
        (PCI, [_cv("Led the payment migration from a monolith to Kafka-based services")], "none"),
        (PCI, [_cv("Led our PCI-DSS audit and cut the card data scope to two services")], "strong"),
        # Latency work names an aspect of the requirement (query tuning) but not PostgreSQL, and is about
        # something else.
        (POSTGRES, [_cv("Cut p99 latency of the checkout API by 40%")], "none"),
        # A job title alone is never strong evidence.
        (
            PYTHON_OR_GO,
            [Evidence("cv", "Python Developer at Acme", "Python Developer at Acme", "2019", weight=0.6)],
            "some",
        ),
        # A company track is how they interview, not what the candidate did.
        (
            PYTHON_OR_GO,
            [
                Evidence(
                    "company",
                    "Stripe interview process",
                    "Python and Go",
                    "Stripe",
                    ("Python",),
                    weight=0.0,
                    listed_only=True,
                )
            ],
            "none",
        ),
    ],
)
def test_near_misses_are_not_generous(req: Requirement, evidence: list[Evidence], level: str) -> None:
    (row,) = fit.build([req], evidence)
    assert row.level == level
    if level == "none":
        assert row.quotes == []
    else:
        assert row.quotes and row.quotes[0].text == evidence[0].quote


def test_a_skills_list_is_quoted_by_the_items_that_back_the_requirement() -> None:
    (row,) = fit.build([DOCKER_K8S], CV)
    assert row.level == "some"
    assert [(q.label, q.text) for q in row.quotes] == [("skills", "Docker")]


@pytest.mark.parametrize(
    ("answer", "terraform", "quote"),
    [
        ("I have never used Terraform, but I'd like to learn it.", "none", None),
        ("I don't have Terraform experience yet.", "none", None),
        ("We had no experience with Terraform and infrastructure as code.", "none", None),
        ("Terraform keeps infrastructure as code, so every change can be reviewed.", "some", None),
        ("I would use Terraform modules to keep our infrastructure as code.", "some", None),
        (
            "I wrote the Terraform modules that keep our infrastructure as code, and every change went through review.",
            "strong",
            "I wrote the Terraform modules that keep our infrastructure as code",
        ),
    ],
)
def test_answers_count_only_what_the_candidate_did(answer: str, terraform: str, quote: str | None) -> None:
    (row,) = fit.with_answers(fit.build([TERRAFORM], []), fit.answer_evidence([(1, answer)]))
    assert row.answer_level == terraform
    assert bool(row.answer_quotes) == (terraform != "none")
    if quote:
        assert row.answer_quotes[0].text.startswith(quote) and row.answer_quotes[0].label == "Q1"


def test_a_clause_that_denies_does_not_spoil_the_one_that_tells() -> None:
    evidence = fit.answer_evidence([(3, "I haven't used Kubernetes, but I ran Docker in production for three years.")])
    assert [(e.text, e.weight) for e in evidence] == [("I ran Docker in production for three years.", 1.0)]
    (row,) = fit.with_answers(fit.build([DOCKER_K8S], []), evidence)
    assert row.answer_level == "some"  # Docker shown, Kubernetes not


def test_every_level_from_the_fixtures_comes_with_a_quote() -> None:
    job = parse_job(data.JOB_DESCRIPTION)
    rows = fit.build(job.requirements, cv_evidence(parse_cv(data.CV_TEXT)))

    def level(start: str) -> str:
        return next(r.level for r in rows if r.requirement.startswith(start))

    assert all(bool(r.quotes) == (r.level != "none") for r in rows)
    # The CV names Docker but not Kubernetes, payments but no regulation.
    assert level("Hands-on experience with Docker and Kubernetes") == "some"
    assert level("Experience with PCI-DSS") == "none"
    assert level("Deep experience with PostgreSQL") == "strong"
