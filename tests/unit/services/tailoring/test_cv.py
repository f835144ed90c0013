"""Reading a CV's text: roles and dates in several layouts, projects, metrics, and the candidate's corrections."""

from __future__ import annotations

from interview_app.services.tailoring.cv import CVProfile, corrected, parse_cv, projects_text, roles_text
from tests.support.tailoring_data import CV_TEXT


def test_roles_projects_skills_metrics() -> None:
    cv = parse_cv(CV_TEXT)
    assert [(r.title, r.company, r.dates) for r in cv.roles] == [
        ("Senior Backend Engineer", "Acme Pay", "Mar 2021 \u2013 Present"),
        ("Backend Developer", "Shopwise", "Jun 2018 \u2013 Feb 2021"),
    ]
    assert len(cv.roles[0].highlights) == 4 and len(cv.roles[1].highlights) == 3
    assert [p.name for p in cv.projects] == ["ledgerlite", "queue-doctor"]
    assert cv.projects[1].description.startswith("a tool that finds stuck Kafka consumer groups")
    assert {"Python", "Go", "PostgreSQL", "Kafka", "Django", "Event sourcing"} <= set(cv.skills)
    assert "Led the payment migration from a monolith to Kafka-based services, cutting p99 latency by 40%" in cv.metrics
    assert "Mentored three engineers; two were promoted to senior within 18 months" in cv.metrics
    # Education dates are not a job.
    assert all("University" not in r.company for r in cv.roles)


def test_other_layouts() -> None:
    text = (
        "SAM RIVERA\n\nWORK HISTORY\n"
        "Globex \u2014 Product Designer\n2019 \u2013 now\n"
        "\u2022 Redesigned onboarding, lifting activation from 31% to 45%\n"
        "Data Analyst, Initech, 03/2016 - 12/2018\n"
        "* Built weekly sales dashboards in Looker for 40 store managers\n"
        "Interests\nClimbing\n"
    )
    cv = parse_cv(text)
    assert [(r.title, r.company, r.start, r.end) for r in cv.roles] == [
        ("Product Designer", "Globex", "2019", "now"),
        ("Data Analyst", "Initech", "03/2016", "12/2018"),
    ]
    assert cv.roles[0].highlights == ["Redesigned onboarding, lifting activation from 31% to 45%"]
    assert "Dashboards" in cv.skills


def test_corrections_round_trip() -> None:
    cv = parse_cv(CV_TEXT)
    again = corrected(cv, {"roles": roles_text(cv), "projects": projects_text(cv), "skills": ", ".join(cv.skills)})
    assert again.roles == cv.roles and again.projects == cv.projects and again.skills == cv.skills
    fixed = corrected(
        cv,
        {
            "roles": "Staff Engineer | Acme Pay | 2021 - 2024\n- Cut cloud costs by 30%\nConsultant | Self",
            "projects": "- tinyq: a queue in 300 lines",
            "skills": "Rust, rust, Haskell",
        },
    )
    assert [(r.title, r.company, r.start, r.end, r.highlights) for r in fixed.roles] == [
        ("Staff Engineer", "Acme Pay", "2021", "2024", ["Cut cloud costs by 30%"]),
        ("Consultant", "Self", "", "", []),
    ]
    assert [(p.name, p.description) for p in fixed.projects] == [("tinyq", "a queue in 300 lines")]
    assert fixed.skills == ["Rust", "Haskell"]
    assert fixed.metrics == ["Cut cloud costs by 30%", "tinyq: a queue in 300 lines"] or fixed.metrics[0] == (
        "Cut cloud costs by 30%"
    )
    assert CVProfile.from_dict(fixed.to_dict()) == fixed
    assert CVProfile().is_empty() and not fixed.is_empty()
