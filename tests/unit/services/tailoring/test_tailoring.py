"""Tailored interviews end to end in the services: documents, the plan and its reasons, the interview through
the normal run and scoring, the fit matrix with answers, gap practice, deletion, export and erasure."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from interview_app.models import CandidateDocument, InterviewSession, Question, SessionQuestion, TailoredInterview, User
from interview_app.services.admin import questions as admin_questions
from interview_app.services.bank import questions as bank
from interview_app.services.interviews import interviews
from interview_app.services.privacy import data_export, privacy
from interview_app.services.tailoring import files, selection, tailoring
from interview_app.services.tailoring.job import JobError
from tests.support import tailoring_data as data
from tests.support.mock_interviews import current, run_after_commit, seed_bank, start, submit


@pytest.fixture
def ada(session: Session, make_user, monkeypatch: pytest.MonkeyPatch) -> User:
    seed_bank(session, monkeypatch)
    return make_user()


def _prepare(session: Session, user: User) -> None:
    tailoring.save_job(session, user.id or 0, data.JOB_DESCRIPTION)
    tailoring.save_cv(session, user.id or 0, "jane.pdf", data.two_column_pdf())
    session.commit()


def test_documents_are_read_stored_corrected_and_replaced(session: Session, ada: User) -> None:
    uid = ada.id or 0
    with pytest.raises(JobError):
        tailoring.save_job(session, uid, "Engineer")
    with pytest.raises(files.CVFileError):
        tailoring.save_cv(session, uid, "cv.pdf", data.encrypted_pdf())
    assert session.exec(select(CandidateDocument)).all() == []  # nothing stored half-way
    _prepare(session, ada)
    cv_doc = tailoring.current_cv(session, uid)
    assert cv_doc is not None and cv_doc.media_type == files.PDF and not cv_doc.confirmed
    assert "Acme Pay" in cv_doc.text
    fixed = tailoring.update_cv(session, uid, {"skills": "Python, Rust"})
    assert fixed.confirmed and fixed.extracted["skills"] == ["Python", "Rust"]
    with pytest.raises(tailoring.TailorError):
        tailoring.update_cv(session, uid, {"roles": "", "projects": "", "skills": ""})
    job = tailoring.update_job(session, uid, {"title": "Payments Engineer", "seniority": "staff"})
    assert job.extracted["title"] == "Payments Engineer" and job.confirmed
    tailoring.save_cv(session, uid, "jane.docx", data.docx_with_tables())
    docs = session.exec(select(CandidateDocument).where(CandidateDocument.kind == "cv")).all()
    assert [d.filename for d in docs] == ["jane.docx"]  # one CV at a time


def test_plan_explains_every_question(session: Session, ada: User) -> None:
    _prepare(session, ada)
    seen = tailoring.preview(session, ada.id or 0, 10)
    picks = seen.plan.picks
    assert len(picks) == 10 and seen.role_slug == "backend-engineer"
    written = [p for p in picks if p.draft is not None]
    assert 2 <= len(written) <= 4 and picks[0].draft is not None
    for p in written:
        assert p.source == "cv" and p.quote and p.draft is not None
        assert len(p.draft.key_points) >= 4
        for point in p.draft.key_points:  # the model answer says every key point
            assert point[1:].lower() in p.draft.model_answer.lower()
    prompts = " ".join(p.prompt for p in written)
    assert "at Acme Pay" in prompts or "at Shopwise" in prompts
    chosen = [p for p in picks if p.draft is None]
    assert all(p.source == "job" and p.requirement for p in chosen)
    assert len({p.question_id for p in chosen}) == len(chosen)
    # The first requirements of the job are covered first.
    assert chosen[0].requirement.startswith("5+ years") or chosen[0].requirement.startswith("Deep experience")


def test_tailored_interview_runs_like_any_other(session: Session, ada: User) -> None:
    _prepare(session, ada)
    uid = ada.id or 0
    run = tailoring.start(session, uid, count=6)
    session.commit()
    asked = interviews.questions_of(session, run.id or 0)
    assert len(asked) == 6 and asked[0].status == "active"
    own = session.exec(select(Question).where(Question.owner_id == uid)).all()
    assert own and all(q.status == "private" and q.source == "tailored" for q in own)
    assert asked[0].question_id in {q.id for q in own}
    record = tailoring.tailored_for(session, uid, run.id or 0)
    assert record is not None and record.title == "Senior Backend Engineer" and record.company == "Northwind Pay"
    assert [p["question_id"] for p in record.picks] == [sq.question_id for sq in asked]
    rows = tailoring.fit_rows(session, uid, run.id or 0)
    assert rows is not None and rows[0].level == "strong" and all(r.answer_level == "" for r in rows)
    # Answer the first question through the ordinary service: the fit matrix reads the answer.
    answer = (
        "At Acme Pay I led the payment migration onto Kafka. I wrote the Terraform for the new clusters and "
        "reviewed every plan with the platform team, and p99 latency dropped by 40 percent."
    )
    submit(session, ada, current(session, run), answer)
    rows = tailoring.fit_rows(session, uid, run.id or 0)
    session.commit()
    assert rows is not None
    terraform = next(r for r in rows if r.requirement.startswith("Terraform"))
    assert terraform.answer_level in ("some", "strong") and terraform.answer_quotes[0].label == "Q1"
    # A gap is one click from a practice question on it.
    gap = next(i for i, r in enumerate(rows) if r.overall == "none" and r.practice_question_id)
    practice = tailoring.practise_gap(session, uid, run.id or 0, gap)
    assert practice.practice and practice.question_count == 1
    # Nobody else sees it.
    assert tailoring.fit_rows(session, uid + 99, run.id or 0) is None


def test_own_questions_stay_private(session: Session, ada: User, make_user) -> None:
    _prepare(session, ada)
    tailoring.start(session, ada.id or 0, count=5)
    session.commit()
    own_ids = {q.id for q in session.exec(select(Question).where(col(Question.owner_id).is_not(None))).all()}
    assert own_ids
    bob = make_user("bob@example.com", "Bob")
    plain = start(session, bob, question_count=15, interview_type="behavioural")
    asked = {sq.question_id for sq in interviews.questions_of(session, plain.id or 0)}
    assert not asked & own_ids
    page, _ = bank.browse(session, bank.BankFilter(text="walk me through"), limit=500)
    assert not {q.id for q in page} & own_ids
    listed, _ = admin_questions.list_questions(session, admin_questions.QuestionFilter(kind="interview"), limit=500)
    assert not {q.id for q in listed} & own_ids
    with pytest.raises(admin_questions.QuestionError):
        admin_questions.get_question(session, "interview", next(iter(own_ids)) or 0)


def test_deleting_the_cv_removes_everything_made_from_it(session: Session, ada: User) -> None:
    _prepare(session, ada)
    uid = ada.id or 0
    run = tailoring.start(session, uid, count=5)
    submit(session, ada, current(session, run), "An answer about the payment migration and what I would change.")
    deleted = tailoring.delete_cv(session, uid)
    session.commit()
    assert (deleted.documents, deleted.interviews) == (1, 1) and deleted.questions >= 1
    assert tailoring.current_cv(session, uid) is None
    assert tailoring.current_job(session, uid) is not None  # the job description stays
    assert session.get(InterviewSession, run.id) is None
    assert session.exec(select(TailoredInterview)).all() == []
    assert session.exec(select(Question).where(Question.owner_id == uid)).all() == []
    with pytest.raises(tailoring.TailorError):
        tailoring.delete_cv(session, uid)


def test_export_and_account_deletion(session: Session, ada: User) -> None:
    _prepare(session, ada)
    uid = ada.id or 0
    tailoring.start(session, uid, count=5)
    session.commit()
    content = data_export.collect(session, uid)
    sections = {s.name: s for s in content.sections}
    kinds = sorted(r["kind"] for r in sections["job_descriptions_and_cvs"].rows)
    assert kinds == ["cv", "job"]
    assert len(sections["tailored_interviews"].rows) == 1
    assert sections["own_interview_questions"].rows
    assert "job_descriptions_and_cvs" in data_export.readme(content)
    privacy.erase_user(session, ada)
    run_after_commit(session)
    for model in (CandidateDocument, TailoredInterview):
        assert session.exec(select(model)).all() == []
    assert session.exec(select(Question).where(col(Question.owner_id).is_not(None))).all() == []
    assert session.exec(select(SessionQuestion)).all() == []


def test_extra_evidence_feeds_the_plan_and_the_matrix(session: Session, ada: User, monkeypatch) -> None:
    _prepare(session, ada)
    some_bank_question = session.exec(select(Question).where(Question.status == "active")).first()
    assert some_bank_question is not None
    repo_question = selection.QuestionDraft(
        prompt="Walk me through how you designed tf-stacks; what would you change?",
        key_points=("Explains the module layout", "Names a trade-off"),
        model_answer="A strong answer explains the module layout. It names a trade-off.",
    )
    extra = [
        selection.Evidence(
            "github",
            "tf-stacks: Terraform modules for AWS accounts",
            "tf-stacks",
            "repo tf-stacks",
            question=repo_question,
        ),
        selection.Evidence(
            "company",
            "Northwind Pay track: ownership and payments",
            "Northwind Pay track",
            "Northwind Pay",
            bank_slugs=(some_bank_question.slug,),
        ),
    ]
    monkeypatch.setattr(tailoring, "extra_evidence", lambda *_: extra)
    seen = tailoring.preview(session, ada.id or 0, 10)
    sources = [(p.source, p.question_id) for p in seen.plan.picks]
    assert ("company", some_bank_question.id) in sources
    assert any(p.source == "github" and p.draft is repo_question for p in seen.plan.picks)
    run = tailoring.start(session, ada.id or 0, count=10)
    rows = tailoring.fit_rows(session, ada.id or 0, run.id or 0)
    assert rows is not None
    terraform = next(r for r in rows if r.requirement.startswith("Terraform"))
    assert terraform.level != "none" and terraform.quotes[0].source == "github"


def test_requirements_without_evidence_become_study_plan_topics(session: Session, ada: User) -> None:
    from datetime import date

    from interview_app.services.progress import study_plan

    _prepare(session, ada)
    assert study_plan.plan_inputs(session, ada.id or 0, date(2026, 12, 7))["job_gaps"] == []
    run = tailoring.start(session, ada.id or 0, count=5)
    rows = tailoring.fit_rows(session, ada.id or 0, run.id or 0)
    assert rows is not None
    gaps = [r.requirement for r in rows if r.overall == "none"]
    plan = study_plan.generate(session, ada.id or 0, date(2026, 12, 7)).plan
    topics = [topic for week in plan["weeks"] for topic in week["topics"]]
    assert f"For the job (Northwind Pay): {gaps[0]}"[:100] in {t[:100] for t in topics}
    assert all(t.startswith("For the job") for t in plan["weeks"][0]["topics"])
