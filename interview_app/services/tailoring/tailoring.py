"""Tailored interviews end to end: job description and CV, the interview built from them, its fit matrix.

The job description and CV are read, reviewed, corrected and deleted here.

A tailored interview is an ordinary interview session (services/interviews) whose questions were chosen by
`selection.plan`; written questions are stored as the candidate's own private bank questions
(`Question.owner_id`, status "private"), so the run page, scoring, follow-ups and the report work unchanged.
The `tailored_interviews` row keeps why each question was chosen and the fit matrix.

Other evidence (GitHub repositories, a company track) comes from sibling modules that define
`evidence_for(session, user_id, job) -> list[selection.Evidence]` (see `EVIDENCE_MODULES`).
"""

from __future__ import annotations

import importlib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from interview_app.clock import utcnow
from interview_app.models import (
    Answer,
    CandidateDocument,
    InterviewSession,
    JobRole,
    Question,
    SessionQuestion,
    TailoredInterview,
)
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions as bank
from interview_app.services.billing import plans
from interview_app.services.interviews import interviews
from interview_app.services.shared import rate_limit
from interview_app.services.tailoring import cv as cv_reader
from interview_app.services.tailoring import (
    fetch,
    fetch_switch,
    files,
    fit,
    gap_topics,
    selection,
    similarity,
    writer,
)
from interview_app.services.tailoring import job as job_reader
from interview_app.services.tailoring import text as tx
from interview_app.services.tailoring.cv import CVProfile
from interview_app.services.tailoring.job import JobProfile, Requirement

log = logging.getLogger(__name__)
EVIDENCE_MODULES = ("github", "companies")
KEEP_JOBS = 5
DEFAULT_COUNT = 10


class TailorError(ValueError):
    """A request we cannot do; `code` is a key under strings `tailor.error.*`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# ---- documents ----------------------------------------------------------------------------------------


def _latest(session: Session, user_id: int, kind: str) -> CandidateDocument | None:
    return session.exec(
        select(CandidateDocument)
        .where(CandidateDocument.user_id == user_id, CandidateDocument.kind == kind)
        .order_by(col(CandidateDocument.id).desc())
    ).first()


def current_job(session: Session, user_id: int) -> CandidateDocument | None:
    """The candidate's latest job description."""
    return _latest(session, user_id, "job")


def current_cv(session: Session, user_id: int) -> CandidateDocument | None:
    """The candidate's CV (one at a time)."""
    return _latest(session, user_id, "cv")


def save_job(session: Session, user_id: int, raw: str) -> CandidateDocument:
    """Read a pasted job description and keep it (the last KEEP_JOBS are kept).

    Raises:
        job_reader.JobError: The text is empty, one word, too long, or names nothing we can use.

    """
    job = job_reader.parse_job(raw)
    text = raw.strip()
    doc = CandidateDocument(
        user_id=user_id,
        kind="job",
        media_type="text/plain",
        size_bytes=len(text.encode()),
        text=text,
        extracted=job.to_dict(),
    )
    session.add(doc)
    session.flush()
    older = session.exec(
        select(CandidateDocument.id)
        .where(CandidateDocument.user_id == user_id, CandidateDocument.kind == "job")
        .order_by(col(CandidateDocument.id).desc())
        .offset(KEEP_JOBS)
    ).all()
    if older:
        session.exec(delete(CandidateDocument).where(col(CandidateDocument.id).in_(older)))  # type: ignore[call-overload]
    return doc


def update_job(session: Session, user_id: int, form: dict[str, Any]) -> CandidateDocument:
    """Apply the candidate's corrections to their latest job description."""
    doc = current_job(session, user_id)
    if doc is None:
        raise TailorError("no_job")
    job = job_reader.corrected(JobProfile.from_dict(doc.extracted), form)
    if not job.required_skills and not job.requirements:
        raise TailorError("job_no_requirements")
    doc.extracted, doc.confirmed, doc.updated_at = job.to_dict(), True, utcnow()
    session.add(doc)
    return doc


def save_cv(session: Session, user_id: int, filename: str, raw: bytes) -> CandidateDocument:
    """Read an uploaded CV and keep its text and structure (replacing an earlier CV; the file is not kept).

    Raises:
        files.CVFileError: The file is empty, too large, not a PDF/DOCX/text, broken, encrypted, a ZIP bomb,
            a scan without text, or too short.
        TailorError: `cv_nothing_found` when no role, skill or project could be read.

    """
    read = files.read_cv(raw)
    cv = cv_reader.parse_cv(read.text)
    if cv.is_empty():
        raise TailorError("cv_nothing_found")
    old = current_cv(session, user_id)
    if old is not None:
        session.delete(old)
        session.flush()
    doc = CandidateDocument(
        user_id=user_id,
        kind="cv",
        filename=(filename or "cv")[-200:],
        media_type=read.media_type,
        size_bytes=len(raw),
        text=read.text,
        extracted=cv.to_dict(),
    )
    session.add(doc)
    session.flush()
    return doc


def update_cv(session: Session, user_id: int, form: dict[str, Any]) -> CandidateDocument:
    """Apply the candidate's corrections (roles, projects, skills) to their CV and mark it reviewed."""
    doc = current_cv(session, user_id)
    if doc is None:
        raise TailorError("no_cv")
    cv = cv_reader.corrected(CVProfile.from_dict(doc.extracted), form)
    if cv.is_empty():
        raise TailorError("cv_nothing_found")
    doc.extracted, doc.confirmed, doc.updated_at = cv.to_dict(), True, utcnow()
    session.add(doc)
    return doc


@dataclass
class Deleted:
    """What deleting a CV removed."""

    documents: int = 0
    interviews: int = 0
    questions: int = 0


def delete_cv(session: Session, user_id: int) -> Deleted:
    """Delete the CV and everything derived from it.

    That is the tailored interviews built with it (their answers and feedback too) and the questions written
    from it.
    """
    out = Deleted()
    docs = list(
        session.exec(
            select(CandidateDocument).where(CandidateDocument.user_id == user_id, CandidateDocument.kind == "cv")
        ).all()
    )
    if not docs:
        raise TailorError("no_cv")
    ids = [d.id for d in docs]
    built = list(
        session.exec(
            select(TailoredInterview).where(TailoredInterview.user_id == user_id, col(TailoredInterview.cv_id).in_(ids))
        ).all()
    )
    session_ids = [t.session_id for t in built]
    for t in built:
        session.delete(t)
    session.flush()
    for sid in session_ids:
        interviews.delete_session(session, user_id, sid)
        out.interviews += 1
    out.questions = _delete_unused_own_questions(session, user_id)
    for doc in session.exec(select(CandidateDocument).where(col(CandidateDocument.id).in_(ids))).all():
        session.delete(doc)
        out.documents += 1
    session.flush()
    return out


def _delete_unused_own_questions(session: Session, user_id: int) -> int:
    used = select(SessionQuestion.question_id).where(col(SessionQuestion.question_id).is_not(None))
    result = session.exec(
        delete(Question).where(  # type: ignore[call-overload]
            col(Question.owner_id) == user_id, col(Question.id).not_in(used)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def url_fetch_enabled(session: Session) -> bool:
    """True when the server may fetch job adverts by address now (the admin switch under JOB_URL_FETCH)."""
    return fetch_switch.enabled(session)


URL_FETCHES_PER_HOUR = 20


def fetch_job_text(session: Session, user_id: int, url: str) -> str:
    """The text of the advert at `url` for the box, cut to what a job description may hold.

    At most URL_FETCHES_PER_HOUR fetches a candidate an hour, so the server is not a tool for hammering a site.

    Raises:
        fetch.FetchError: as `fetch.fetch_job_text`, or `url_too_many`.

    """
    if not fetch_switch.enabled(session):
        raise fetch.FetchError("url_disabled")
    key = f"job-url-fetch:{user_id}"
    try:
        rate_limit.check_window(session, key, limit=URL_FETCHES_PER_HOUR, window=timedelta(hours=1))
    except rate_limit.RateLimited:
        raise fetch.FetchError("url_too_many") from None
    rate_limit.hit(session, key)
    return fetch.fetch_job_text(url)[: job_reader.MAX_CHARS]


# ---- planning -----------------------------------------------------------------------------------------


def job_of(doc: CandidateDocument) -> JobProfile:
    """The structure of a job-description document."""
    return JobProfile.from_dict(doc.extracted)


def cv_of(doc: CandidateDocument | None) -> CVProfile | None:
    """The structure of a CV document."""
    return CVProfile.from_dict(doc.extracted) if doc is not None else None


def extra_evidence(session: Session, user_id: int, job: JobProfile) -> list[selection.Evidence]:
    """Evidence from the sibling sources (GitHub, company tracks); a failing source is logged and skipped."""
    out: list[selection.Evidence] = []
    for name in EVIDENCE_MODULES:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "evidence_for", None)
        if provider is None:
            continue
        try:
            out.extend(provider(session, user_id, job))
        except Exception:
            log.exception("evidence from %s failed; tailoring without it", name)
    return out


# The words of a Korean job title that name no role by themselves: "백엔드 개발자" is matched to "백엔드 엔지니어" by
# 백엔드, and "클라우드 인프라 엔지니어" to nothing (not to every "... 엔지니어").
_KO_ROLE_NOUNS = re.compile(r"엔지니어|개발자|매니저|디자이너|담당자|프로그래머|전문가|시니어|주니어|신입|리드|경력")


def _korean_role_words(title: str) -> str:
    return " ".join(_KO_ROLE_NOUNS.sub(" ", re.sub(r"[()/\[\]|·,]", " ", title)).split())


def role_for(session: Session, job: JobProfile, fallback: str | None = None) -> str | None:
    """The seeded job role closest to the job's title (None when nothing is close; then `fallback`).

    A Korean title is compared with the roles' Korean titles by their distinctive words (the embedding model
    reads English only, and "엔지니어" alone would match every engineer's role).
    """
    roles = list(session.exec(select(JobRole)).all())
    if not roles or not job.title:
        return fallback
    if tx.is_korean(job.title):
        query = _korean_role_words(job.title)
        titles = [_korean_role_words(profiles.role_name(r, "ko")) for r in roles]
        if not query:
            return fallback
        sims = similarity.matrix([query], titles)[0]
    else:
        sims = similarity.matrix([job.title], [f"{r.title}" for r in roles])[0]
    best = int(sims.argmax())
    return roles[best].slug if float(sims[best]) >= 0.55 else fallback


@dataclass
class Preview:
    """The questions a tailored interview would ask, with their reasons (nothing stored yet)."""

    plan: selection.Plan
    role_slug: str | None
    job: JobProfile
    cv: CVProfile | None
    evidence: list[selection.Evidence] = field(default_factory=list)


def preview(session: Session, user_id: int, count: int = DEFAULT_COUNT, *, profile_role: str | None = None) -> Preview:
    """Choose the questions for the latest job description and the CV (reads only)."""
    job_doc = current_job(session, user_id)
    if job_doc is None:
        raise TailorError("no_job")
    if not interviews.MIN_QUESTIONS <= count <= interviews.MAX_QUESTIONS:
        raise TailorError("bad_count")
    job, cv = job_of(job_doc), cv_of(current_cv(session, user_id))
    extra = extra_evidence(session, user_id, job)
    role = role_for(session, job, profile_role)
    chosen = selection.plan(session, user_id=user_id, job=job, cv=cv, count=count, role_slug=role, extra=extra)
    writer.rewrite(job, chosen.picks)
    return Preview(chosen, role, job, cv, [*selection.cv_evidence(cv), *extra])


def _store_draft(session: Session, user_id: int, draft: selection.QuestionDraft, role: str | None) -> Question:
    slug = selection.draft_slug(user_id, draft)
    row = session.exec(select(Question).where(Question.slug == slug)).first()
    if row is not None:
        return row
    row = Question(
        slug=slug,
        type=draft.type,
        difficulty=draft.difficulty,
        roles=[role or "any"],
        competencies=list(draft.competencies),
        tags=["tailored"],
        prompt=draft.prompt[:1000],
        key_points=list(draft.key_points),
        model_answer=draft.model_answer[:6000],
        follow_ups=list(draft.follow_ups),
        time_limit_seconds=draft.time_limit_seconds,
        language=draft.language,
        source="tailored",
        status="private",
        owner_id=user_id,
        search_text=bank.search_text(draft.prompt, ["tailored"], draft.competencies),
    )
    session.add(row)
    session.flush()
    return row


def _practice_for(session: Session, rows: list[fit.FitRow], role: str | None) -> None:
    """Give each requirement without evidence the bank question that practises it best."""
    missing = [r for r in rows if r.level == "none"]
    if not missing:
        return
    active = [q for q in session.exec(select(Question).where(Question.status == "active")).all()]
    fitting = [q for q in active if bank.fits_role(q, role)] or active
    if not fitting:
        return
    reqs = [Requirement(r.requirement, r.kind, r.skills) for r in missing]
    scores = selection._bank_scores(fitting, reqs)
    for i, row in enumerate(missing):
        row.practice_question_id = fitting[int(scores[i].argmax())].id


def start(
    session: Session,
    user_id: int,
    *,
    count: int = DEFAULT_COUNT,
    answer_mode: str = "text",
    timer_enabled: bool = True,
    profile_role: str | None = None,
) -> InterviewSession:
    """Build and start the tailored interview; returns the interview session (the run page takes over).

    Raises:
        plans.FeatureLocked: with plans on, the user's plan does not include tailored interviews.
        TailorError: nothing to build it from, or no questions.
        limits.LimitExceeded: an interview quota is used up (checked first, before any question is drafted).

    """
    plans.require_feature(session, user_id, "tailored_interviews")
    interviews.check_can_start(session, user_id)
    job_doc = current_job(session, user_id)
    cv_doc = current_cv(session, user_id)
    seen = preview(session, user_id, count, profile_role=profile_role)
    chosen: list[Question] = []
    picks: list[dict[str, Any]] = []
    for pick in seen.plan.picks:
        question = (
            _store_draft(session, user_id, pick.draft, seen.role_slug)
            if pick.draft is not None
            else session.get(Question, pick.question_id or 0)
        )
        if question is None:
            continue
        pick.question_id = question.id
        chosen.append(question)
        picks.append(pick.to_dict())
    if not chosen:
        raise TailorError("no_questions")
    try:
        options = interviews.validate_setup(
            {
                "role_slug": seen.role_slug or "",
                "role_title": seen.job.title or "Tailored interview",
                "interview_type": "mixed",
                "difficulty": selection.LEVEL_DIFFICULTY.get(seen.job.seniority, "medium"),
                "question_count": str(max(len(chosen), interviews.MIN_QUESTIONS)),
                "timer_enabled": timer_enabled,
                "answer_mode": answer_mode,
            }
        )
    except interviews.InterviewError as exc:
        raise TailorError(exc.code) from exc
    interview = interviews.start_chosen(session, user_id, options, chosen)
    rows = fit.build(seen.job.checked_requirements(), seen.evidence)
    _practice_for(session, rows, seen.role_slug)
    session.add(
        TailoredInterview(
            user_id=user_id,
            session_id=interview.id or 0,
            job_id=job_doc.id if job_doc else None,
            cv_id=cv_doc.id if cv_doc else None,
            title=(seen.job.title or "")[:200],
            company=(seen.job.company or "")[:120],
            picks=picks,
            fit=[r.to_dict() for r in rows],
        )
    )
    session.flush()
    return interview


# ---- after the interview ------------------------------------------------------------------------------


def tailored_for(session: Session, user_id: int, session_id: int) -> TailoredInterview | None:
    """The tailored-interview record of a session (None for an ordinary interview or someone else's)."""
    row = session.exec(select(TailoredInterview).where(TailoredInterview.session_id == session_id)).first()
    return row if row is not None and row.user_id == user_id else None


def _answers(session: Session, session_id: int) -> list[tuple[int, str]]:
    asked = interviews.questions_of(session, session_id)
    numbers: dict[int, int] = {}
    main = 0
    for sq in asked:
        if sq.kind == "main":
            main += 1
        numbers[sq.id or 0] = main
    rows = session.exec(select(Answer).where(col(Answer.session_question_id).in_(list(numbers)))).all()
    return [(numbers[a.session_question_id], a.text or a.transcript) for a in rows if (a.text or a.transcript).strip()]


def fit_rows(session: Session, user_id: int, session_id: int) -> list[fit.FitRow] | None:
    """The fit matrix of a tailored interview, with the answers' column once answers exist (None: not tailored).

    The answers' column is worked out again whenever an answer was added since (voice answers are
    transcribed after the interview), and stored.
    """
    row = tailored_for(session, user_id, session_id)
    if row is None:
        return None
    rows = [fit.FitRow.from_dict(r) for r in row.fit]
    answers = _answers(session, session_id)
    if not answers:
        return rows
    marker = len(answers), sum(len(t) for _, t in answers)
    if row.fit_from_answers and row.fit and row.fit[0].get("answers_seen") == list(marker):
        return rows
    rows = fit.with_answers(rows, fit.answer_evidence(answers))
    stored = [r.to_dict() for r in rows]
    if stored:
        stored[0]["answers_seen"] = list(marker)
    row.fit, row.fit_from_answers, row.updated_at = stored, True, utcnow()
    session.add(row)
    return rows


def gap_topics_of(session: Session, user_id: int, session_id: int, lang: str = "en") -> list[gap_topics.GapTopic]:
    """The trainer topics that train the gaps of a tailored interview's fit matrix (none for another's), in `lang`."""
    rows = fit_rows(session, user_id, session_id)
    return gap_topics.for_gaps(session, user_id, rows, lang) if rows else []


def follow_gap_topics(session: Session, user_id: int, session_id: int, lang: str = "en") -> list[gap_topics.GapTopic]:
    """Follow the gaps' trainer topics at high priority.

    Raises:
        TailorError: `not_found` for an interview that is not a tailored one of this candidate.

    """
    rows = fit_rows(session, user_id, session_id)
    if rows is None:
        raise TailorError("not_found")
    return gap_topics.follow(session, user_id, rows, lang)


def practise_gap(session: Session, user_id: int, session_id: int, index: int) -> InterviewSession:
    """A one-question practice session for requirement `index` of the interview's fit matrix."""
    rows = fit_rows(session, user_id, session_id)
    if rows is None or not 0 <= index < len(rows) or rows[index].practice_question_id is None:
        raise TailorError("no_practice")
    try:
        return interviews.start_practice(session, user_id, rows[index].practice_question_id or 0)
    except interviews.InterviewError as exc:
        raise TailorError("no_practice") from exc


def history(session: Session, user_id: int, limit: int = 10) -> list[tuple[TailoredInterview, InterviewSession]]:
    """The candidate's tailored interviews, newest first, with their sessions."""
    rows = session.exec(
        select(TailoredInterview, InterviewSession)
        .join(InterviewSession, col(InterviewSession.id) == col(TailoredInterview.session_id))
        .where(TailoredInterview.user_id == user_id)
        .order_by(col(TailoredInterview.id).desc())
        .limit(limit)
    ).all()
    return [(t, s) for t, s in rows]
