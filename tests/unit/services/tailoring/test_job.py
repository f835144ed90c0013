"""Reading job descriptions: title, company, seniority, skills, requirements, responsibilities, bad input."""

from __future__ import annotations

import pytest

from interview_app.services.tailoring import skills
from interview_app.services.tailoring.job import JobError, JobProfile, corrected, parse_job, split_skills
from tests.support.tailoring_data import JOB_DESCRIPTION


def test_long_job_description_with_bullets() -> None:
    job = parse_job(JOB_DESCRIPTION)
    assert job.title == "Senior Backend Engineer"
    assert job.company == "Northwind Pay"
    assert job.seniority == "senior" and job.years == 5
    for skill in ("Python", "Go", "PostgreSQL", "Kafka", "Docker", "Kubernetes", "Testing", "Communication"):
        assert skill in job.required_skills, skill
    for skill in ("PCI-DSS", "Terraform", "Observability", "Redis"):
        assert skill in job.nice_skills, skill
    assert not set(job.required_skills) & set(job.nice_skills)
    required = [r.text for r in job.requirements if r.kind == "required"]
    assert required[0] == "5+ years of professional backend development, mostly in Python or Go"
    assert len(required) == 8
    assert len([r for r in job.requirements if r.kind == "nice"]) == 5
    assert job.responsibilities[0].startswith("Design, build and run the services")
    assert len(job.responsibilities) == 7
    # Benefits, the stack list, how they work and the interview process are not requirements.
    texts = " ".join(r.text for r in job.requirements)
    assert "holiday" not in texts and "30-minute call" not in texts and "feature flags" not in texts


def test_without_headings_every_asking_bullet_is_a_requirement() -> None:
    text = (
        "Data Analyst at Fernwood Foods\n"
        "We are looking for someone to turn our sales data into decisions for the buying team.\n"
        "- 2+ years of experience writing SQL against a warehouse\n"
        "- Comfortable building dashboards in Tableau or Looker\n"
        "- Present findings to buyers every week\n"
    )
    job = parse_job(text)
    assert job.title == "Data Analyst at Fernwood Foods"
    assert job.seniority == "mid" and job.years == 2
    assert [r.text for r in job.requirements] == [
        "2+ years of experience writing SQL against a warehouse",
        "Comfortable building dashboards in Tableau or Looker",
    ]
    assert job.responsibilities == ["Present findings to buyers every week"]
    assert job.required_skills == ["SQL", "Dashboards"]


def test_inline_headings_and_labels() -> None:
    text = (
        "Job title: Frontend Developer\nCompany: Lumen Studio\n"
        "We build booking software for small gyms and want our web app to feel instant on cheap phones.\n"
        "Requirements: React, TypeScript and CSS, with an eye for accessibility.\n"
        "Nice to have: Next.js experience.\n"
    )
    job = parse_job(text)
    assert (job.title, job.company) == ("Frontend Developer", "Lumen Studio")
    assert job.required_skills == ["React", "TypeScript", "CSS", "Accessibility"]
    assert job.nice_skills == ["Next.js"]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "job_empty"),
        ("   \n ", "job_empty"),
        ("Engineer", "job_too_short"),
        ("We are hiring. Apply now!", "job_too_short"),
        ("x " * 20_000, "job_too_long"),
        (
            "Our office is near the river and has a lovely garden where the whole team eats lunch together in "
            "summer, and we have a dog called Biscuit who visits on Fridays and likes everyone very much.",
            "job_no_requirements",
        ),
    ],
)
def test_bad_job_descriptions_are_refused_with_a_reason(raw: str, code: str) -> None:
    with pytest.raises(JobError) as caught:
        parse_job(raw)
    assert caught.value.code == code


def test_corrections_and_round_trip() -> None:
    job = parse_job(JOB_DESCRIPTION)
    fixed = corrected(
        job,
        {"title": " Staff  Engineer ", "company": "NW", "seniority": "Staff", "required_skills": "golang, sql; Rust"},
    )
    assert (fixed.title, fixed.company, fixed.seniority) == ("Staff Engineer", "NW", "staff")
    assert fixed.required_skills == ["Go", "SQL", "Rust"]
    assert JobProfile.from_dict(fixed.to_dict()) == fixed
    assert corrected(job, {"seniority": "wizard"}).seniority == ""
    # Every required skill no requirement line names is checked on a line of its own.
    lines = [r.text for r in fixed.checked_requirements()]
    assert "Experience with Rust" in lines


def test_skills_vocabulary() -> None:
    assert skills.find_skills("We go to Go meetups; k8s, Postgres and C# and C++ and Node.js") == [
        "Go",
        "Kubernetes",
        "PostgreSQL",
        "C#",
        "C++",
        "Node.js",
    ]
    assert skills.find_skills("let us go and rust the swift car") == []
    assert skills.find_skills("React Native apps") == ["React Native"]
    assert split_skills("python, Python; Event sourcing\n\n") == ["Python", "Event sourcing"]
    assert skills.mentions("Built with Elm and love", "Elm") and not skills.mentions("Helm charts", "Elm")
