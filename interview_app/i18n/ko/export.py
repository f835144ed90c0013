"""Korean text of the data export: its errors, the ready notice and the README in the ZIP (key prefix `export.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "export.error.not_found": "찾을 수 없는 내보내기예요. 다른 사람의 것이거나 이미 삭제됐어요.",
    "export.error.in_progress": "이미 진행 중인 내보내기가 있어요. 끝날 때까지 기다려 주세요.",
    "export.error.not_failed": "실패한 내보내기만 다시 시도할 수 있어요.",
    "export.error.link_expired": "다운로드 링크가 만료됐거나 올바르지 않아요. 내보내기를 새로 요청하세요.",
    "export.notify.title": "데이터 내보내기가 준비됐어요",
    "export.notify.body": "{hours}시간 안에 내 데이터 페이지에서 ZIP 파일을 내려받으세요. 그 뒤에는 삭제돼요.",
    "export.readme.intro": (
        "Interview Coach: 회원님에 관해 보관 중인 모든 데이터\n====================================================\n\n"
        "만든 시각: {made} (UTC). 계정의 모든 기록이 두 가지 형식으로 들어 있어요. JSON은 중첩된 값까지\n"
        "정확하게 담고, CSV는 스프레드시트용이에요(단어별 타이밍처럼 중첩된 값은 셀 안에 JSON으로 적었어요).\n"
        "시각은 UTC 오프셋을 포함한 ISO 8601 형식이에요. 파일끼리는 ID로 연결돼요. interview_id와 session_id는\n"
        "interview_sessions를, session_question_id는 questions_asked를, answer_id는 answers를 가리켜요."
    ),
    "export.readme.files": "파일:",
    "export.readme.rows": "{count}행",
    "export.readme.section.account": "계정: 이름, 이메일, 역할, 만든 날짜와 마지막 사용 시각",
    "export.readme.section.profile": "목표, 보유 기술, 환경설정, 리마인더, 시간대",
    "export.readme.section.sign_in_methods": "계정에 연결된 Google, GitHub, LinkedIn 로그인",
    "export.readme.section.sessions": "로그인한 기기: 로그인 시각, 만료 시각, 브라우저, IP 주소",
    "export.readme.section.known_devices": (
        "로그인한 적 있는 브라우저(누군가 비밀번호를 추측하려 하는 동안에도 로그인할 수 있어요): 처음·마지막 사용 시각"
    ),
    "export.readme.section.interview_sessions": "모의 면접: 설정, 상태, 종합 점수, 항목별 점수",
    "export.readme.section.questions_asked": "면접에서 받은 모든 질문(꼬리 질문 포함)과 시간 기록",
    "export.readme.section.answers": "답변: 입력한 글, 받아쓴 내용, 단어별 타이밍, 말하기 지표, 녹음 파일 이름",
    "export.readme.section.feedback": "항목별 점수, 잘한 점, 개선할 점, 채점한 엔진",
    "export.readme.section.job_descriptions_and_cvs": (
        "붙여 넣은 채용 공고와 이력서: 읽어 낸 텍스트와 추출한 내용(파일은 보관하지 않아요)"
    ),
    "export.readme.section.tailored_interviews": "맞춤 면접: 질문마다 고른 이유, 적합도 매트릭스",
    "export.readme.section.own_interview_questions": "맞춤 면접을 위해 이력서를 바탕으로 만든 질문",
    "export.readme.section.github_profile": (
        "마지막으로 가져온 공개 GitHub 프로필: 저장소, README 요약, 언어, 최근 활동"
    ),
    "export.readme.section.quiz_attempts": "트레이너의 데일리 퀴즈와 연습 퀴즈",
    "export.readme.section.quiz_items": "출제된 퀴즈 문제마다 내 응답과 정답 여부",
    "export.readme.section.review_cards": "간격 반복 복습 카드(FSRS 상태)와 놓친 핵심 포인트",
    "export.readme.section.trainer_days": "날마다 트레이너에서 한 활동(목표와 연속 학습 계산용)",
    "export.readme.section.streak": "오늘 기준 연속 학습 기록: 현재, 최고, 보호권",
    "export.readme.section.followed_topics": "팔로우하는 트레이너 주제와 우선순위",
    "export.readme.section.own_topics": "직접 만든 주제",
    "export.readme.section.own_topic_questions": "직접 만든 주제에 쓴 문제",
    "export.readme.section.study_plan": "학습 계획(없으면 비어 있음)",
    "export.readme.section.progress_stats": "학습 현황 페이지에 쓰는 누적 합계",
    "export.readme.section.notifications": "앱 안 알림",
    "export.readme.section.question_reports": "퀴즈 문제에 대해 신고한 내용",
    "export.readme.section.push_subscriptions": "푸시 리마인더를 받는 브라우저(키는 제외)",
    "export.readme.section.reminders_sent": "받은 리마인더(날짜·채널별)",
    "export.readme.section.security_log": "계정의 보안 이벤트(로그인, 비밀번호 변경, 내보내기)",
    "export.readme.media": (
        "media/: 아직 보관 중인 음성 답변 녹음 {count}개(선택한 보관 기간이 지난 녹음은 이미 삭제됐어요).\n"
        "answers 파일의 media_file 열에 각 녹음의 파일 이름이 있어요."
    ),
    "export.readme.notes": (
        "일부러 뺀 것: 비밀번호, 그리고 세션·이메일 링크·푸시 구독의 비밀 값(해시만 보관해요).\n"
        "=, +, - 또는 @로 시작하는 CSV 셀은 스프레드시트 프로그램이 수식으로 실행하지 않도록 앞에 아포스트로피를\n"
        "붙였어요. JSON 파일에는 원래 텍스트가 그대로 들어 있어요.\n\n"
        "새 내보내기는 언제든 설정의 내 데이터 페이지에서 요청할 수 있어요. 같은 페이지에서 계정을 삭제할 수도 있어요."
    ),
}
