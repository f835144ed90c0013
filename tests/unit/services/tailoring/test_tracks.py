"""Company tracks: the data files, matching company names, which questions suit a company, tag checks, evidence."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlmodel import Session

from interview_app.i18n import keys, t
from interview_app.models import Profile, Question, User
from interview_app.services.bank import checks
from interview_app.services.bank.files import COMPETENCIES, company_track_problems, load_bank
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import companies, tracks
from interview_app.services.tailoring.job import JobProfile
from tests.support.mock_interviews import seed_bank

TRACKS_DIR = tracks.TRACKS_DIR


def _question(**changes) -> Question:
    data = {
        "slug": "q",
        "type": "behavioural",
        "difficulty": "medium",
        "prompt": "Tell me about a time you changed a plan because of what a customer told you.",
        "tags": ["customers"],
        "competencies": ["customer-focus", "ownership"],
        "model_answer": "",
    }
    data.update(changes)
    return Question(**data)


def test_every_track_file_is_valid_and_the_bank_covers_their_rounds():
    loaded, problems = tracks.load_tracks()
    assert problems == []
    companies_ = [t for t in loaded if t.kind == "company"]
    assert len(companies_) >= 12
    assert {"startup", "enterprise"} <= {t.slug for t in loaded if t.kind == "generic"}
    specs, bank_problems = load_bank()
    assert bank_problems == []
    assert company_track_problems(specs) == []
    for company in loaded:
        assert set(company.competencies) <= set(COMPETENCIES)
        assert len(company.stages) >= 3


def test_a_broken_track_file_is_reported(tmp_path: Path):
    good = json.loads((TRACKS_DIR / "stripe.json").read_text(encoding="utf-8"))
    (tmp_path / "stripe.json").write_text(json.dumps(good), encoding="utf-8")
    bad = {**good, "slug": "other", "name": "Other", "aliases": ["stripe inc"], "rounds": [{"stage": "lunch"}]}
    (tmp_path / "other.json").write_text(json.dumps(bad), encoding="utf-8")
    renamed = {**good, "slug": "misnamed", "name": "Misnamed", "aliases": ["stripe inc"]}
    (tmp_path / "wrong.json").write_text(json.dumps(renamed), encoding="utf-8")
    (tmp_path / "junk.json").write_text("{", encoding="utf-8")
    loaded, problems = tracks.load_tracks(tmp_path)
    assert [t.slug for t in loaded] == ["stripe", "misnamed"]
    assert any(p.startswith("junk.json: not readable JSON") for p in problems)
    assert any(p.startswith("other.json: rounds.0.stage") for p in problems)
    assert any("wrong.json: slug 'misnamed' differs from the file name" in p for p in problems)
    assert any("'stripe inc' also names stripe" in p for p in problems)


def test_coverage_names_a_round_no_question_suits():
    google = tracks.track("google")
    assert google is not None
    only_behavioural = [_question(competencies=["collaboration", "communication"])]
    problems = tracks.coverage_problems(only_behavioural, [google], COMPETENCIES)
    assert "google.json: no bank question suits its coding round" in problems
    assert "google.json: no bank question suits its system_design round" in problems
    assert not any("behavioural round" in p for p in problems)


@pytest.mark.parametrize(
    ("typed", "slug"),
    [("Amazon", "amazon"), ("AWS", "amazon"), ("  facebook ", "meta"), ("Stripe, Inc", "stripe"), ("seed", "startup")],
)
def test_company_names_find_their_track(typed, slug):
    found = tracks.match_track(typed)
    assert found is not None and found.slug == slug


def test_unknown_companies_have_no_track():
    assert tracks.match_track("Acme Widgets") is None and tracks.match_track("") is None
    assert [t.slug for t in tracks.tracks_for(["Netflix", "Acme", "netflix", "Google"])] == ["netflix", "google"]


def test_question_fit_rules():
    amazon = tracks.track("amazon")
    google = tracks.track("google")
    assert amazon is not None and google is not None
    customer = _question()
    assert tracks.question_fit(customer, amazon) >= tracks.FIT_MIN  # two valued competencies, a behavioural round
    assert "amazon" in tracks.question_companies(customer)
    design = _question(type="system_design", prompt="Design a URL shortener for a billion links.", tags=["caching"])
    design.competencies = ["system-design", "reliability"]
    assert tracks.question_fit(design, google) > tracks.question_fit(customer, google)
    unrelated = _question(competencies=["negotiation"], tags=[], prompt="How do you negotiate a discount?")
    assert tracks.question_fit(unrelated, google) == 0.0
    pinned = _question(competencies=["negotiation"], tags=["company:google"])
    assert tracks.question_fit(pinned, google) == 1.0


def test_stages_follow_the_type_unless_tagged():
    assert tracks.question_stages(_question(type="system_design")) == ["take_home", "system_design"]
    assert "values" in tracks.question_stages(_question(type="situational"))
    assert tracks.question_stages(_question(tags=["stage:values"])) == ["values"]


def test_tag_problems():
    assert tracks.tag_problems("behavioural", ["company:amazon", "stage:values", "teamwork"]) == []
    problems = tracks.tag_problems("behavioural", ["company:acme", "stage:lunch", "stage:coding"])
    assert problems == [
        "unknown company track 'acme' in tag company:acme",
        "a behavioural question does not suit the stage 'coding'",
        "unknown interview stage 'lunch' in tag stage:lunch; use one of " + str(sorted(tracks.STAGES)),
    ]


def test_bank_checks_refuse_bad_company_and_stage_tags(session: Session, tmp_path: Path):
    item = {
        "id": "test-customer-change",
        "type": "behavioural",
        "roles": ["any"],
        "difficulty": "medium",
        "competencies": ["customer-focus"],
        "tags": ["company:acme", "stage:coding"],
        "prompt": "Tell me about a time a customer's feedback made you change what you were building.",
        "key_points": ["Names the customer feedback", "Explains the change made", "Shares the result"],
        "model_answer": (
            "I would name the customer feedback we got: three large clients said the export was unusable. I "
            "explains the change made: we rebuilt the export around their workflow in two weeks. Then I share "
            "the result: support tickets about exports fell by half and the clients renewed their contracts."
        ),
        "follow_ups": ["What did you not change?"],
        "time_limit_seconds": 180,
    }
    checked = checks.check_interview(session, item)
    assert [p.field for p in checked.problems] == ["tags", "tags"]
    (tmp_path / "t.json").write_text(json.dumps({"questions": [item]}), encoding="utf-8")
    _, problems = load_bank(tmp_path)
    assert any("test-customer-change: unknown company track 'acme'" in p for p in problems)
    good = {**item, "tags": ["company:amazon", "stage:values"]}
    assert not [p for p in checks.check_interview(session, good).problems if p.field == "tags"]


@pytest.fixture
def ada(make_user) -> User:
    return make_user()


def test_company_evidence_asks_for_suited_bank_questions(session, ada, monkeypatch):
    seed_bank(session, monkeypatch)
    assert companies.evidence_for(session, ada.id or 0, JobProfile(title="Backend engineer")) == []
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.target_companies, profile.target_role_slug = ["Netflix", "Acme"], "backend-engineer"
    session.add(profile)
    session.commit()
    items = companies.evidence_for(session, ada.id or 0, JobProfile(title="Backend engineer", company="Stripe"))
    assert [e.label for e in items] == ["Stripe", "Netflix"]
    stripe, netflix = items
    assert len(stripe.bank_slugs) == 2 and len(netflix.bank_slugs) == 1
    assert not set(stripe.bank_slugs) & set(netflix.bank_slugs)
    by_slug = {q.slug: q for q in session.query(Question).all()}
    stripe_track = tracks.track("stripe")
    assert stripe_track is not None
    for slug in stripe.bank_slugs:
        question = by_slug[slug]
        assert tracks.question_fit(question, stripe_track) >= tracks.FIT_MIN
        assert "backend-engineer" in question.roles or "any" in question.roles
    assert stripe.listed_only and stripe.source == "company" and stripe.found_skills == {"Stripe"}
    assert "Stripe interviews include:" in stripe.quote
    again = companies.evidence_for(session, ada.id or 0, JobProfile(title="Backend engineer", company="Stripe"))
    assert [e.bank_slugs for e in again] == [e.bank_slugs for e in items]  # stable for the same job


def test_page_data_shows_the_targets_and_every_track(session, ada):
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.target_companies = ["Google", "Initech"]
    session.add(profile)
    session.commit()
    data = companies.page_data(session, ada.id or 0)
    assert [t["slug"] for t in data["mine"]] == ["google"]
    assert data["unknown"] == ["Initech"]
    first = data["mine"][0]["rounds"][0]
    assert first["stage_name"] == t(keys.TRACK_STAGE[first["stage"]])
    korean = companies.page_data(session, ada.id or 0, "ko")["mine"][0]["rounds"][0]
    assert korean["stage_name"] == t(keys.TRACK_STAGE[first["stage"]], "ko") != first["stage_name"]
    assert len(data["all"]) == len(tracks.all_tracks()) >= 14


def test_the_bank_can_be_browsed_by_company(session, monkeypatch):
    from interview_app.services.bank import questions

    seed_bank(session, monkeypatch)
    amazon = tracks.track("amazon")
    assert amazon is not None
    rows, total = questions.browse(session, questions.BankFilter(company="amazon"), limit=500)
    everything, all_total = questions.browse(session, questions.BankFilter(), limit=500)
    assert 20 <= total < all_total and len(rows) == total
    assert all(tracks.question_fit(q, amazon) >= tracks.FIT_MIN for q in rows)
    fits = [tracks.question_fit(q, amazon) for q in rows]
    assert fits == sorted(fits, reverse=True)
    assert {q.id for q in rows} == {q.id for q in everything if "amazon" in tracks.question_companies(q)}
    assert questions.browse(session, questions.BankFilter(company="no-such-company"))[1] == 0


def test_practising_a_company_loop_asks_one_question_per_round(session, ada, monkeypatch):
    seed_bank(session, monkeypatch)
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.target_role_slug, profile.difficulty = "backend-engineer", "medium"
    session.add(profile)
    session.commit()
    stripe = tracks.track("stripe")
    assert stripe is not None
    run = companies.start_loop(session, ada.id or 0, "stripe", random.Random(4))
    session.commit()
    asked = [session.get(Question, sq.question_id) for sq in interviews.questions_of(session, run.id or 0)]
    rounds = [r.stage for r in stripe.rounds if r.stage not in companies.NOT_ASKED]
    assert len(asked) == len(rounds) == run.question_count and run.role_title == "Stripe"
    for question, stage in zip(asked, rounds, strict=True):
        assert question is not None and question.type in tracks.STAGE_TYPES[stage]
        assert tracks.question_fit(question, stripe) >= tracks.FIT_MIN
        assert "backend-engineer" in question.roles or "any" in question.roles
    assert len({q.id for q in asked if q is not None}) == len(asked)
    again = companies.start_loop(session, ada.id or 0, "stripe", random.Random(4))
    repeated = {sq.question_id for sq in interviews.questions_of(session, again.id or 0)}
    assert len(repeated & {q.id for q in asked if q is not None}) < len(asked)  # recent ones give way
    with pytest.raises(companies.CompanyError) as unknown:
        companies.start_loop(session, ada.id or 0, "initech")
    assert unknown.value.code == "companies.error.unknown"


def test_a_loop_the_bank_cannot_fill_is_refused(session, ada):
    with pytest.raises(companies.CompanyError) as caught:  # no bank seeded
        companies.start_loop(session, ada.id or 0, "google")
    assert caught.value.code == "companies.error.too_few"
