"""Tailored interviews in Korean: Korean adverts and CVs read, questions written in Korean, Korean answers in the
fit matrix (done / would / never), and a Korean candidate's whole tailored interview held in Korean."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from interview_app.models import Profile, Question, User
from interview_app.services.accounts import profiles
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import fit, selection, skills, tailoring
from interview_app.services.tailoring.cv import parse_cv
from interview_app.services.tailoring.files import read_cv
from interview_app.services.tailoring.job import JobProfile, Requirement, parse_job
from tests.support import tailoring_data as data_en
from tests.support import tailoring_data_ko as data
from tests.support.mock_interviews import current, seed_bank, submit

HANGUL = range(0xAC00, 0xD7A4)


def _korean(text: str) -> bool:
    return any(ord(c) in HANGUL for c in text)


# ---- reading Korean text ------------------------------------------------------------------------------------


def test_skills_are_found_with_korean_particles_and_spellings() -> None:
    assert skills.find_skills("Kafka로 이벤트를 처리하고 쿠버네티스를 도입했어요") == ["Kafka", "Kubernetes"]
    assert skills.find_skills("자바스크립트와 타입스크립트") == ["JavaScript", "TypeScript"]  # not Java
    assert skills.find_skills("Go로 작성한 서버, PostgreSQL에서") == ["Go", "PostgreSQL"]
    # A name inside a longer Korean word is not the skill, nor a Latin word glued to another.
    assert skills.find_skills("카프카클러스터 pre-Kafka") == []
    # English text reads as before.
    assert skills.find_skills("I used Kafka, k8s and Postgres") == ["Kafka", "Kubernetes", "PostgreSQL"]


def test_korean_job_description_sections_title_company_and_years() -> None:
    job = parse_job(data.JOB_DESCRIPTION_KO)
    assert (job.title, job.company, job.seniority, job.years, job.language) == (
        "백엔드 엔지니어",
        "한빛페이",
        "senior",
        5,
        "ko",
    )
    required = [r for r in job.requirements if r.kind == "required"]
    nice = [r for r in job.requirements if r.kind == "nice"]
    assert len(required) == 4 and len(nice) == 3  # 자격요건 and 우대사항
    assert required[3].skills == ["Docker", "Kubernetes"]
    assert nice[0].skills == ["Terraform"] and "Mentoring" in job.nice_skills
    assert len(job.responsibilities) == 3 and job.responsibilities[1].startswith("Kafka 기반")  # 주요업무
    # 회사 소개, 채용 절차 and 복지 are never requirements.
    assert not any("출퇴근" in r.text or "서류" in r.text or "3만 곳" in r.text for r in job.requirements)
    # A skill named only in the skills list gets its own line, in the advert's language.
    extra = JobProfile(language="ko", required_skills=["Redis"]).checked_requirements()
    assert [r.text for r in extra] == ["Redis 실무 경험"]
    assert JobProfile(required_skills=["Redis"]).checked_requirements()[0].text == "Experience with Redis"


def test_korean_headings_in_brackets_and_marks() -> None:
    text = (
        "서버 개발자 채용\n[주요 업무]\n- 주문 API를 설계하고 개발해요\n■ 자격요건\n- Python으로 3년 이상 개발한 경험\n"
        "- Redis 캐시를 운영해 본 경험\n<우대사항>\n- AWS 운영 경험\n" + "우리 팀은 작지만 빠르게 성장하고 있어요. " * 3
    )
    job = parse_job(text)
    assert [(r.kind, r.skills) for r in job.requirements] == [
        ("required", ["Python"]),
        ("required", ["Redis", "Caching"]),
        ("nice", ["AWS"]),
    ]
    assert job.responsibilities == ["주문 API를 설계하고 개발해요"]


def test_korean_cv_with_dotted_dates() -> None:
    cv = parse_cv(data.CV_TEXT_KO)
    assert [(r.title, r.company, r.start, r.end) for r in cv.roles] == [
        ("시니어 백엔드 엔지니어", "한빛커머스", "2021.03", "현재"),
        ("백엔드 개발자", "누리마켓", "2018.01", "2021.02"),
    ]
    assert len(cv.roles[0].highlights) == 3 and len(cv.roles[1].highlights) == 2
    assert [p.name for p in cv.projects] == ["ledger-lite", "queue-doctor"]
    assert {"Java", "Kotlin", "Spring", "PostgreSQL", "Kafka", "Redis", "Docker"} <= set(cv.skills)
    assert "PostgreSQL 인덱스를 재설계하여 정산 배치 시간을 3시간에서 25분으로 단축" in cv.metrics
    assert "Redis 캐시를 도입하여 상품 조회 응답 시간 85% 개선" in cv.metrics
    assert all("대학교" not in r.company for r in cv.roles)  # 학력 dates are not a job


def test_korean_cv_with_year_month_dates_and_lines_around_them() -> None:
    cv = parse_cv(data.CV_TEXT_KO_LINES)
    assert [(r.title, r.company, r.dates) for r in cv.roles] == [
        ("프론트엔드 개발자", "주식회사 다온랩", "2021년 3월 \u2013 현재"),
        ("웹 개발자", "마루소프트", "2019년 7월 \u2013 2021년 2월"),
    ]
    assert cv.roles[0].highlights[1] == "디자인 시스템을 구축해 화면 개발 기간을 절반으로 줄였어요"
    assert {"React", "TypeScript", "Vue", "Next.js"} <= set(cv.skills)
    assert cv.metrics == ["React와 TypeScript로 주문 화면을 다시 만들어 전환율 12% 향상"]


def test_korean_docx_cv_with_a_table_of_jobs() -> None:
    cv = parse_cv(read_cv(data.docx_with_table_ko()).text)
    assert [(r.title, r.company, r.start, r.end) for r in cv.roles] == [
        ("데이터 엔지니어", "한빛데이터", "2020.05", "재직 중"),
        ("백엔드 개발자", "누리소프트", "2017.03", "2020.04"),
    ]
    assert cv.roles[0].highlights == [
        "Airflow와 Spark로 일 5억 건의 로그 데이터 파이프라인 구축",
        "BigQuery 비용을 쿼리 최적화로 월 30% 절감했습니다",
    ]
    assert {"Python", "Spark", "Airflow", "BigQuery"} <= set(cv.skills)
    assert "BigQuery 비용을 쿼리 최적화로 월 30% 절감했습니다" in cv.metrics


# ---- questions written in Korean ----------------------------------------------------------------------------


def test_questions_are_written_in_korean_from_korean_highlights() -> None:
    job = parse_job(data.JOB_DESCRIPTION_KO)
    cv = parse_cv(data.CV_TEXT_KO)
    kafka = next(r for r in job.requirements if "Kafka" in r.skills)
    highlight = next(e for e in selection.cv_evidence(cv) if e.quote.startswith("결제 시스템"))
    draft = selection.write_question(highlight, kafka, job, "ko")
    assert draft.language == "ko"
    assert draft.prompt == (
        "한빛커머스에서 결제 시스템을 모놀리스에서 Kafka 기반 MSA로 전환 주도하신 과정을 처음부터 차근차근 설명해 "
        "주세요. 다시 한다면 무엇을 바꾸시겠어요?"
    )
    assert draft.key_points[0] == "한빛커머스에서의 상황 설명: 목표, 제약 조건, 무엇이 걸려 있었는지"
    assert "결과를 근거(p99 응답 시간 40% 단축)로 뒷받침하고 어떻게 측정했는지 설명" in draft.key_points
    assert draft.key_points[-1].startswith("이 경험을 공고의 요구 사항과 연결: Kafka 같은 메시지 큐")
    assert all(point in draft.model_answer for point in draft.key_points)
    assert draft.model_answer.startswith("좋은 답변은 이런 내용을 차례로 담아요.")
    assert all(_korean(f) for f in draft.follow_ups) and "leadership" in draft.competencies
    # "멘토링했습니다" ends with what was done; a highlight that does not is quoted.
    mentoring = next(e for e in selection.cv_evidence(cv) if e.quote.startswith("주니어"))
    assert selection.write_question(mentoring, None, job, "ko").prompt.startswith(
        "한빛커머스에서 주니어 개발자 3명을 멘토링하신 과정을"
    )
    words = "결제 도메인에서 7년 동안 일한 경력"
    plain = selection.Evidence("cv", words, words, "한빛커머스")
    assert selection.write_question(plain, None, job, "ko").prompt.startswith(
        "이력서에 한빛커머스에서 \u201c결제 도메인에서 7년 동안 일한 경력\u201d라고 적어 주셨어요."
    )
    project = next(e for e in selection.cv_evidence(cv) if e.label == "project")
    assert selection.write_question(project, None, job, "ko").prompt.startswith("ledger-lite 프로젝트 이야기를")
    # The same material in English keeps the English templates.
    english = selection.write_question(highlight, kafka, job, "en")
    assert english.prompt.startswith("Your CV mentions") and english.language == "en"


def test_korean_result_clause_is_the_evidence_not_the_action() -> None:
    assert selection._action("Redis 캐시를 도입하여 상품 조회 응답 시간 85% 개선", "ko") == (
        "Redis 캐시를 도입",
        "상품 조회 응답 시간 85% 개선",
    )
    assert selection._action("Java와 Spring으로 환불 API를 개발했습니다 (가맹점 2만 곳 사용)", "ko") == (
        "Java와 Spring으로 환불 API를 개발",
        "가맹점 2만 곳 사용",
    )
    # Near misses: no verbal noun at the end, or one word only, is not an action to walk through.
    assert selection._action("결제 도메인 전문가", "ko")[0] == ""
    assert selection._action("개발", "ko")[0] == ""


# ---- the fit matrix reads Korean answers --------------------------------------------------------------------

KUBE = Requirement("Docker와 Kubernetes 기반으로 서비스를 배포하고 운영한 경험", "required", ["Docker", "Kubernetes"])
KAFKA = Requirement("Kafka 같은 메시지 큐를 운영 환경에서 사용한 경험", "required", ["Kafka", "Message queues"])
PG = Requirement("PostgreSQL 등 관계형 데이터베이스의 쿼리 튜닝 경험", "required", ["PostgreSQL", "Performance tuning"])
TERRAFORM = Requirement("Terraform으로 인프라를 코드로 관리해 본 경험", "nice", ["Terraform"])


def _answer_level(req: Requirement, answer: str) -> tuple[str, list[str]]:
    level, quotes = fit.assess([req], fit.answer_evidence([(1, answer)]))[0]
    return level, [q.text for q in quotes]


def test_korean_answers_done_would_and_never() -> None:
    done = "결제 이벤트 파이프라인을 Kafka로 직접 구축했어요. 파티션 수를 늘려서 처리량을 세 배로 올렸습니다."
    assert _answer_level(KAFKA, done) == ("strong", ["결제 이벤트 파이프라인을 Kafka로 직접 구축했어요."])
    # Only what they would do is "some" at most.
    for would in (
        "Kafka를 쓴다면 파티션을 주문 번호로 나눌 것 같아요.",
        "기회가 된다면 Kafka로 이벤트 파이프라인을 만들어 보고 싶어요.",
        "저라면 Kafka로 재시도 큐를 따로 두겠습니다.",
    ):
        assert _answer_level(KAFKA, would)[0] == "some", would
    # Saying they have not done it is no evidence at all.
    for never in (
        "Terraform은 사용해 본 적이 없어요.",
        "Terraform 경험은 아직 없습니다.",
        "Terraform은 써 보지 못했어요.",
        "솔직히 Terraform은 잘 몰라요.",
    ):
        assert _answer_level(TERRAFORM, never) == ("none", []), never


def test_korean_clauses_are_read_apart_with_english_skill_names() -> None:
    mixed = "Kubernetes는 사용해 본 적이 없지만, Docker로 운영 환경의 서비스를 배포하고 직접 운영했어요."
    level, quotes = _answer_level(KUBE, mixed)
    assert level == "some" and quotes == ["Docker로 운영 환경의 서비스를 배포하고 직접 운영했어요."]
    # Both skills done: strong, quoted from the Korean answer.
    both = "Docker 이미지를 만들고 Kubernetes 클러스터에 결제 서비스를 배포해서 운영했어요."
    assert _answer_level(KUBE, both) == ("strong", [both])
    # Someone else's work is not the candidate's.
    assert _answer_level(KAFKA, "동료가 Kafka 클러스터를 구축했어요.")[0] == "some"
    # "PostgreSQL 등" asks for PostgreSQL or its kind: PostgreSQL work is strong.
    tuned = "PostgreSQL 인덱스를 다시 설계해서 쿼리 시간을 80% 줄였습니다."
    assert _answer_level(PG, tuned)[0] == "strong"


def test_korean_requirement_core_skills() -> None:
    assert fit.core_skills(KAFKA) == (["Kafka", "Message queues"], True)
    assert fit.core_skills(KUBE) == (["Docker", "Kubernetes"], False)
    either = Requirement("Java 또는 Kotlin으로 백엔드 서비스를 개발한 경험", "required", ["Java", "Kotlin"])
    assert fit.core_skills(either) == (["Java", "Kotlin"], True)


# ---- a Korean candidate's tailored interview ------------------------------------------------------------------


@pytest.fixture
def minji(session: Session, make_user, monkeypatch: pytest.MonkeyPatch) -> User:
    seed_bank(session, monkeypatch)
    user = make_user("minji@example.com", "김민지")
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language, profile.target_role_slug = "ko", "backend-engineer"
    session.add(profile)
    session.commit()
    return user


def test_a_korean_candidates_tailored_interview_is_korean(session: Session, minji: User) -> None:
    uid = minji.id or 0
    tailoring.save_job(session, uid, data.JOB_DESCRIPTION_KO)
    tailoring.save_cv(session, uid, "cv.docx", data.docx_with_table_ko())
    session.commit()
    seen = tailoring.preview(session, uid, 6, profile_role="backend-engineer")
    assert len(seen.plan.picks) == 6
    assert all(_korean(p.prompt) for p in seen.plan.picks), [p.prompt for p in seen.plan.picks]
    written = [p for p in seen.plan.picks if p.draft is not None]
    assert written and all(p.draft and p.draft.language == "ko" for p in written)
    assert all(_korean(k) for p in written if p.draft for k in p.draft.key_points)
    run = tailoring.start(session, uid, count=6, profile_role="backend-engineer")
    session.commit()
    assert run.language == "ko"
    own = session.exec(select(Question).where(Question.owner_id == uid)).all()
    assert own and all(q.language == "ko" for q in own)
    answer = (
        "저는 Kafka는 써 본 적이 없지만, Airflow와 Spark로 로그 파이프라인을 직접 구축했어요. "
        "Kubernetes는 앞으로 배워 보고 싶어요."
    )
    submit(session, minji, current(session, run), answer)
    rows = tailoring.fit_rows(session, uid, run.id or 0)
    session.commit()
    assert rows is not None and all(_korean(r.requirement) for r in rows)
    kafka = next(r for r in rows if "Kafka" in r.skills)
    assert kafka.answer_level == "none"  # "써 본 적이 없지만" is no evidence
    kube = next(r for r in rows if "Kubernetes" in r.skills)
    assert kube.answer_level == "some" and kube.answer_quotes[0].text == "Kubernetes는 앞으로 배워 보고 싶어요."
    assert interviews.questions_of(session, run.id or 0)


def test_an_english_candidate_still_gets_english(session: Session, minji: User, make_user) -> None:
    jane = make_user("jane@example.com", "Jane")
    uid = jane.id or 0
    tailoring.save_job(session, uid, data_en.JOB_DESCRIPTION)
    tailoring.save_cv(session, uid, "jane.txt", data_en.CV_TEXT.encode())
    session.commit()
    seen = tailoring.preview(session, uid, 6)
    assert not any(_korean(p.prompt) for p in seen.plan.picks)


def test_the_llm_is_asked_for_the_interviews_language() -> None:
    import json

    from interview_app.services.tailoring import writer

    job = parse_job(data.JOB_DESCRIPTION_KO)
    evidence = selection.cv_evidence(parse_cv(data.CV_TEXT_KO))[0]
    draft = selection.write_question(evidence, None, job, "ko")
    pick = selection.Pick("cv", evidence.quote, evidence.label, draft=draft, prompt=draft.prompt, written_by="template")
    messages = writer._messages(job, [pick])
    assert json.loads(messages[1]["content"])["language"] == "ko" and "해요체" in messages[0]["content"]
    # A checked reply keeps the template's language.
    item = {"prompt": draft.prompt, "key_points": list(draft.key_points[:4]), "model_answer": draft.model_answer * 2}
    checked = writer.checked(item, pick, draft)
    assert checked is not None and checked.language == "ko"


def test_a_korean_job_title_finds_its_seeded_role_by_its_distinctive_words(session: Session) -> None:
    profiles.seed_job_roles(session)
    session.commit()
    found = {
        title: tailoring.role_for(session, JobProfile(title=title), "general")
        for title in ("시니어 백엔드 개발자", "프론트엔드 개발자", "데이터 분석가", "QA 엔지니어", "보안 엔지니어")
    }
    assert found == {
        "시니어 백엔드 개발자": "backend-engineer",
        "프론트엔드 개발자": "frontend-engineer",
        "데이터 분석가": "data-analyst",
        "QA 엔지니어": "qa-engineer",
        "보안 엔지니어": "security-engineer",
    }
    # "엔지니어" alone names no role: a title sharing only that keeps the candidate's own role.
    assert tailoring.role_for(session, JobProfile(title="클라우드 인프라 엔지니어"), "general") == "general"
    assert tailoring.role_for(session, JobProfile(title="개발자"), "general") == "general"
    assert tailoring.role_for(session, JobProfile(title="Senior Backend Engineer"), "general") == "backend-engineer"
