"""Korean text of tailored interviews: the job description, the CV, the question plan (key prefix `tailor.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "tailor.page_title": "맞춤 면접 · Interview Coach",
    "tailor.title": "지원할 직무에 맞춘 면접",
    "tailor.intro": (
        "채용 공고를 붙여 넣고 이력서를 올려 주세요. 그 직무에 맞는 질문을 고르고, 회원님의 경험을 바탕으로 한 질문도 "
        "만들어 드려요. 자격 요건마다 지금까지의 경력이 얼마나 맞는지도 보여 드려요."
    ),
    "tailor.job.title": "1. 채용 공고",
    "tailor.job.hint": "공고 전체를 붙여 넣으세요. 직무명, 주요 업무, 자격 요건, 우대 사항까지 모두요.",
    "tailor.job.placeholder": "OO회사 백엔드 엔지니어 (시니어)\n\n주요 업무\n- ...\n\n자격 요건\n- ...",
    "tailor.job.read": "채용 공고 분석하기",
    "tailor.job.url": "또는 공고 주소 (내용을 가져오면 직접 확인할 수 있어요)",
    "tailor.job.fetch": "가져오기",
    "tailor.job.fetched": "공고 내용을 입력란에 넣었어요. 확인한 다음 분석하세요.",
    "tailor.job.again": "다른 공고 붙여 넣기",
    "tailor.job.found": "분석한 내용이에요. 잘못 읽은 부분은 고쳐 주세요:",
    "tailor.job.field.title": "직무명",
    "tailor.job.field.company": "회사",
    "tailor.job.field.seniority": "경력 수준",
    "tailor.job.field.required": "필수 역량 (쉼표로 구분)",
    "tailor.job.field.nice": "우대 역량 (쉼표로 구분)",
    "tailor.job.requirements": "확인할 자격 요건",
    "tailor.job.save": "수정 내용 저장",
    "tailor.job.saved": "채용 공고를 수정했어요.",
    "tailor.job.kind.required": "필수",
    "tailor.job.kind.nice": "우대",
    "tailor.seniority.none": "명시되지 않음",
    "tailor.cv.title": "2. 이력서 (선택, 추천)",
    "tailor.cv.hint": (
        "PDF, Word(.docx), 텍스트 파일을 5MB까지 올릴 수 있어요. 읽어 낸 텍스트만 보관하고 파일은 저장하지 않아요."
    ),
    "tailor.cv.drop": "이력서 파일을 여기에 끌어다 놓거나 클릭해서 선택하세요",
    "tailor.cv.reading": "이력서를 읽는 중…",
    "tailor.cv.file": "읽은 파일: ",
    "tailor.cv.review": "사용하기 전에 읽어 낸 내용을 확인하고 고쳐 주세요:",
    "tailor.cv.field.roles": '경력 ("직함 | 회사 | 기간" 줄 다음에 "- 한 일" 줄)',
    "tailor.cv.field.projects": '프로젝트 (한 줄에 하나씩, "이름: 설명")',
    "tailor.cv.field.skills": "기술 (쉼표로 구분)",
    "tailor.cv.metrics": "찾아낸 수치 성과",
    "tailor.cv.save": "수정 내용 저장",
    "tailor.cv.saved": "이력서 수정 내용을 저장했어요.",
    "tailor.cv.confirmed": "확인 완료",
    "tailor.cv.unconfirmed": "아직 확인 전",
    "tailor.cv.replace": "다른 이력서 올리기",
    "tailor.cv.delete": "이력서 삭제",
    "tailor.cv.delete_title": "이력서를 삭제할까요?",
    "tailor.cv.delete_body": (
        "이력서 텍스트와 거기서 읽어 낸 내용, 이력서로 만든 질문, 이력서를 바탕으로 한 맞춤 면접(답변과 피드백 포함)이 "
        "모두 삭제돼요. 되돌릴 수 없어요."
    ),
    "tailor.cv.delete_confirm": "이력서와 관련 데이터 모두 삭제",
    "tailor.cv.deleted": "이력서를 삭제했어요. 이 이력서로 만든 맞춤 면접 {interviews}개와 질문 {questions}개도 함께 삭제했어요.",
    "tailor.plan.title": "3. 질문 구성",
    "tailor.plan.count": "질문 수",
    "tailor.plan.mode": "답변 방식",
    "tailor.plan.preview": "질문 고르기",
    "tailor.plan.start": "맞춤 면접 시작",
    "tailor.plan.need_job": "먼저 채용 공고를 분석해 주세요.",
    "tailor.source.cv": "내 이력서",
    "tailor.source.github": "내 GitHub",
    "tailor.source.company": "기업 트랙",
    "tailor.source.job": "자격 요건",
    "tailor.source.role": "직무 관련",
    "tailor.source.answer": "내 답변",
    "tailor.type.behavioural": "인성",
    "tailor.type.technical": "기술",
    "tailor.type.system_design": "시스템 설계",
    "tailor.type.situational": "상황 대처",
    "tailor.past.title": "내 맞춤 면접",
    "tailor.past.fit": "적합도 매트릭스",
    "tailor.past.report": "리포트",
    "tailor.past.resume": "이어서 하기",
    "tailor.error.job_empty": "먼저 채용 공고를 붙여 넣으세요.",
    "tailor.error.job_too_short": (
        "채용 공고라고 보기엔 너무 짧아요. 공고 전체를 붙여 넣으세요. 직무, 주요 업무, 자격 요건이 담긴 몇 문장 이상이 "
        "필요해요."
    ),
    "tailor.error.job_too_long": "채용 공고라고 보기엔 너무 길어요(30,000자 초과). 공고 내용만 붙여 넣으세요.",
    "tailor.error.job_no_requirements": (
        "이 텍스트에서 자격 요건이나 기술을 찾지 못했어요. 직무에서 요구하는 내용이 나열된 부분을 붙여 넣으세요."
    ),
    "tailor.error.no_job": "먼저 채용 공고를 분석해 주세요.",
    "tailor.error.url_disabled": (
        "이 서버에서는 주소로 공고를 가져오는 기능이 꺼져 있어요. 공고 내용을 직접 붙여 넣으세요."
    ),
    "tailor.error.url_bad": "http:// 또는 https://로 시작하는 웹 주소를 입력하세요.",
    "tailor.error.url_private": "사설 네트워크 안쪽을 가리키는 주소라서 가져오지 않았어요.",
    "tailor.error.url_failed": "페이지를 가져오지 못했어요. 공고 내용을 복사해서 붙여 넣으세요.",
    "tailor.error.url_too_large": "채용 공고라고 보기엔 페이지가 너무 커요. 공고 내용을 복사해서 붙여 넣으세요.",
    "tailor.error.url_not_text": "웹 페이지 주소가 아니에요. 공고 내용을 복사해서 붙여 넣으세요.",
    "tailor.error.url_too_slow": "페이지가 너무 늦게 응답했어요. 공고 내용을 복사해서 붙여 넣으세요.",
    "tailor.error.url_too_many": "최근 한 시간 동안 페이지를 많이 가져왔어요. 공고 내용을 붙여 넣거나 나중에 다시 시도하세요.",
    "tailor.error.no_cv": "수정할 이력서가 없어요.",
    "tailor.error.bad_count": "질문 수는 3~15개 중에서 고르세요.",
    "tailor.error.no_questions": "이 직무에 맞는 질문을 고르지 못했어요. 다른 채용 공고로 해 보세요.",
    "tailor.error.no_practice": "이 요건에 맞는 연습 질문이 없어요.",
    "tailor.error.cv_empty": "빈 파일이에요.",
    "tailor.error.cv_too_large": "파일이 5MB를 넘어요. 더 작은 PDF나 .docx로 저장해서 다시 올려 주세요.",
    "tailor.error.cv_unsupported": (
        "이력서는 PDF, Word(.docx), 텍스트 파일만 읽을 수 있어요. 이 파일은 그중 어느 형식도 아니에요."
    ),
    "tailor.error.cv_old_word": "예전 Word(.doc) 형식 파일이에요. .docx나 PDF로 저장해서 올려 주세요.",
    "tailor.error.cv_corrupt": "파일이 손상되어 읽을 수 없어요. 다시 내보낸 파일을 올려 주세요.",
    "tailor.error.cv_encrypted": "비밀번호로 보호된 PDF예요. 비밀번호를 없앤 사본을 저장해서 올려 주세요.",
    "tailor.error.cv_too_many_pages": "PDF가 20쪽을 넘어요. 이력서치고 너무 길어서 다른 파일을 고르신 것 같아요.",
    "tailor.error.cv_zip_bomb": "이 Word 파일은 압축을 풀면 이력서라고 볼 수 없을 만큼 데이터가 커져서 열지 않았어요.",
    "tailor.error.cv_no_text": (
        "이 PDF에는 읽을 수 있는 텍스트가 없어요 — 스캔본이나 이미지 같아요. 원본 문서(Word나 Google Docs에서 내보낸 "
        "PDF, 또는 .docx)를 올려 주세요."
    ),
    "tailor.error.cv_too_short": "이 파일에서 찾은 단어가 몇 개뿐이에요. 이력서 전체가 맞나요?",
    "tailor.error.cv_nothing_found": (
        "이 이력서에서 경력, 기술, 프로젝트를 찾지 못했어요. 본인 이력서가 맞는지 확인하거나 텍스트로 붙여 넣으세요."
    ),
}
