"""A Korean candidate's tailored interview in the browser: a Korean advert and a Korean CV (a DOCX with a table of
jobs) give Korean questions with Korean reasons, the interview runs in Korean, and the fit matrix reads the
Korean answer (what they did counts, what they have never used does not)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from interview_app.i18n import t
from interview_app.models import Profile, User
from tests.support import tailoring_data_ko as data
from tests.support.browser import ARTIFACTS, open_page
from tests.support.journeys import choose, signed_up_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ANSWER = (
    "한빛데이터에서 Airflow와 Spark로 하루 5억 건의 로그 파이프라인을 직접 구축했어요. "
    "Kubernetes는 사용해 본 적이 없지만, Docker로 배치 작업을 배포하고 운영했어요. "
    "다시 한다면 파이프라인 모니터링을 처음부터 넣을 것 같아요."
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _korean_profile(db: Session, email: str) -> None:
    user = db.exec(select(User).where(User.email == email)).one()
    profile = db.get(Profile, user.id)
    assert profile is not None
    profile.language, profile.target_role_slug = "ko", "backend-engineer"
    db.add(profile)
    db.commit()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"tailor-ko-{name}.png"), full_page=True)


def test_korean_advert_and_cv_to_korean_questions_and_fit_matrix(
    live: LiveServer, page: Page, live_db: Session
) -> None:
    email = signed_up_user(page, live.url, "김민지")
    _korean_profile(live_db, email)
    open_page(page, live.url + "/tailor")
    expect(page.get_by_role("heading", level=1).first).to_have_text(t("tailor.title", "ko"))

    page.fill("#tailor-job-text", data.JOB_DESCRIPTION_KO)
    page.click("#tailor-job-read")
    expect(page.locator("#tailor-job-title")).to_have_value("백엔드 엔지니어", timeout=30_000)
    expect(page.locator("#tailor-job-company")).to_have_value("한빛페이")
    expect(page.locator("#tailor-requirements")).to_contain_text("Kafka 같은 메시지 큐")
    page.set_input_files(
        "#tailor-cv-upload input[type=file]",
        files=[{"name": "이력서.docx", "mimeType": DOCX, "buffer": data.docx_with_table_ko()}],
    )
    expect(page.locator("#tailor-cv-roles")).to_have_value(
        re.compile(r"^데이터 엔지니어 \| 한빛데이터 \| 2020\.05"), timeout=30_000
    )

    # Korean questions, each with a Korean reason.
    choose(page, "#tailor-count", "4")
    page.click("#tailor-preview")
    why = page.locator("#tailor-plan .tailor-why")
    expect(why).to_have_count(4, timeout=60_000)
    expect(why.first).to_contain_text(t("tailor.source.cv", "ko"))
    prompts = page.locator("#tailor-plan").inner_text()
    assert "Walk me through" not in prompts and "Your CV mentions" not in prompts
    expect(page.locator("#tailor-plan")).to_contain_text("차근차근 설명해 주세요")
    _shot(page, "plan")

    page.click("#tailor-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    interview_url = page.url.rstrip("/")
    prompt = page.locator("#run-prompt")
    expect(prompt).to_contain_text(HANGUL, timeout=30_000)
    page.fill("#run-answer", ANSWER)
    expect(page.locator("#run-saved")).to_contain_text("임시 저장됨", timeout=30_000)
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))

    # The fit matrix: Korean requirements, the Korean answer quoted where it shows work.
    fit = page.locator("#report-fit")
    expect(fit).to_be_visible(timeout=60_000)
    expect(fit).to_contain_text(t("fit.answers", "ko"))
    expect(fit).to_contain_text("Docker로 배치 작업을 배포하고 운영했어요.")
    expect(fit).not_to_contain_text("Kubernetes는 사용해 본 적이 없지만")
    _shot(page, "report")
    open_page(page, interview_url.replace("/interview/", "/tailor/fit/"))
    rows = page.locator("#fit-matrix .fit-row")
    expect(rows.first).to_contain_text(HANGUL)
    _shot(page, "fit")
