"""한국어: 모의 면접 (설정, 진행, 음성 답변, 리포트)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # errors from services/interviews and services/answers
    "interview.error.not_found": "면접을 찾을 수 없어요.",
    "interview.error.too_long": (
        "답변이 글자 수 제한을 넘었어요. 줄인 뒤 보내 주세요. 입력한 내용은 그대로 남아 있어요."
    ),
    "interview.error.empty": "답변을 입력한 뒤 보내거나, 이 질문을 건너뛰세요.",
    "interview.error.already_answered": "이미 보낸 답변이에요. 다음 질문으로 넘어갈게요.",
    "interview.error.not_current": "지금 진행 중인 질문이 아니에요. 현재 위치를 다시 보여 드릴게요.",
    "interview.error.paused": "면접이 일시정지 상태예요. 다시 시작한 뒤 답변을 보내 주세요.",
    "interview.error.session_over": "이미 끝난 면접이에요.",
    "interview.error.no_questions": "이 설정에 맞는 질문이 아직 없어요. 다른 유형이나 난이도를 골라 보세요.",
    "interview.error.bad_type": "면접 유형을 골라 주세요.",
    "interview.error.bad_difficulty": "난이도를 골라 주세요.",
    "interview.error.bad_count": "질문 수는 3개에서 15개 사이로 골라 주세요.",
    "interview.error.bad_focus": "집중 영역은 목록에서 최대 다섯 개까지 고를 수 있어요.",
    "interview.error.bad_limit": "제한 시간은 30초에서 15분 사이로 골라 주세요.",
    "interview.error.bad_mode": "답변 방식을 골라 주세요.",
    "interview.error.not_spoken": "이 면접은 글로 답하는 면접이에요. 녹음하려면 음성 또는 영상 면접을 시작하세요.",
    "interview.error.empty_piece": "녹음 일부가 비어 있는 채로 도착했어요. 자동으로 다시 보내고 있어요.",
    "interview.error.piece_too_large": "녹음 일부가 너무 커서 받을 수 없었어요.",
    "interview.error.recording_too_large": (
        "녹음 파일이 너무 커요. 녹음을 멈추고 지금까지 녹음한 답변을 제출하거나, 더 짧게 다시 녹음하세요."
    ),
    "interview.error.recording_too_long": "녹음이 답변 하나의 최대 길이인 15분을 넘었어요.",
    "interview.error.not_audio": "오디오나 영상으로 읽을 수 없는 파일이라 저장하지 않았어요. 다시 녹음해 주세요.",
    "interview.error.out_of_order": "녹음 조각이 순서가 뒤바뀐 채 도착했어요. 나머지를 다시 보내고 있어요.",
    "interview.error.missing_pieces": "녹음 일부가 아직 도착하지 않았어요. 다시 보내고 있어요.",
    "interview.error.no_recording": "이 질문에 대한 녹음이 아직 없어요. 녹음 버튼을 누르고 소리 내어 답해 보세요.",
    "interview.error.too_short": "녹음이 너무 짧아서 받아쓸 수 없어요. 한 문장 이상 녹음해 주세요.",
    "interview.error.still_transcribing": "답변을 아직 받아쓰는 중이에요. 몇 초면 끝나요.",
    "interview.error.signed_out": "로그아웃되었어요. 다시 로그인해 주세요. 녹음은 이 페이지에 그대로 남아 있어요.",
    "interview.error.rate_limited": (
        "한꺼번에 너무 많이 업로드하고 있어요. 잠시 기다려 주세요. 녹음은 그대로 남아 있어요."
    ),
    "interview.error.link_expired": "재생 링크가 만료되었어요. 리포트를 새로고침하세요.",
    # interview types and answer modes
    "interview.type.behavioural": "인성",
    "interview.type.technical": "기술",
    "interview.type.system_design": "시스템 설계",
    "interview.type.mixed": "혼합",
    # report
    "interview.report.again": "새 면접",
    "interview.report.pdf": "PDF 다운로드",
    "interview.run.progress_aria": "완료한 질문",
    "interview.report.breakdown": "항목별 점수",
    "interview.report.breakdown_answered": "항목별 점수 (답한 질문만)",
    "interview.report.counted_all": "점수는 질문 {counted}개 전체의 평균이에요. 건너뛴 질문 없이 모두 답했어요.",
    "interview.report.counted_skipped": (
        "점수는 질문 {counted}개 전체의 평균이에요. {answered}개에 답했고 {skipped}개는 건너뛰었어요. 건너뛴 "
        "질문은 0점으로 계산해요. 답한 질문만 따로 평균을 내면 {average}/100점이고, 차트는 이 점수를 보여 줘요."
    ),
    "interview.report.counted_none": (
        "답한 질문이 없어서 점수는 0점이에요. 질문 {counted}개를 모두 건너뛰었고, 건너뛴 질문은 0점으로 계산해요."
    ),
    "interview.report.questions": "질문별 결과",
    "interview.report.details": "내 답변과 피드백",
    "interview.report.chart_alt": "항목별 점수: ",
    "interview.report.improvements": "개선할 점",
    "interview.report.key_points": "핵심 포인트",
    "interview.report.point_covered": "다룸",
    "interview.report.point_partly": "언급했지만 분명하지 않음",
    "interview.report.point_missing": "빠짐",
    "interview.report.model_answer": "모범 답안 보기",
    "interview.report.next": "다음에 연습할 것",
    "interview.report.page_title": "면접 리포트 · Interview Coach",
    "interview.report.pending": "답변을 채점하고 있어요…",
    "interview.report.scoring": "채점 중…",
    "interview.report.skipped": "건너뜀",
    "interview.report.not_answered": "아직 답하지 않음",
    "interview.report.failed": "채점하지 못함",
    "interview.report.strengths": "잘한 점",
    "interview.report.title": "면접 리포트",
    "interview.report.untitled": "모의 면접",
    "interview.report.your_answer": "내 답변",
    # spoken answers
    "interview.voice.state_idle": "녹음 버튼을 누르고 실제 면접처럼 소리 내어 답해 보세요.",
    "interview.voice.state_starting": "마이크를 켜는 중…",
    "interview.voice.state_recording": "녹음 중: 말하는 동안 답변이 계속 저장돼요.",
    "interview.voice.state_speaking": "면접관이 질문을 읽고 있어요…",
    "interview.voice.state_stopped": "녹음을 멈췄어요. 다시 들어 보거나, 새로 녹음하거나, 제출하세요.",
    "interview.voice.state_saved": "이 답변의 녹음이 저장되어 있어요. 제출하거나 다시 녹음하세요.",
    "interview.voice.state_sending": "답변을 제출하는 중…",
    "interview.voice.level": "마이크 입력 크기",
    "interview.voice.playback": "내 답변 듣기",
    "interview.voice.record": "녹음",
    "interview.voice.answer_now": "지금 답하기",
    "interview.voice.stop": "정지",
    "interview.voice.hand_in": "답변 제출",
    "interview.voice.record_again": "다시 녹음",
    "interview.voice.read_aloud": "질문 읽어 주기",
    "interview.voice.retry": "다시 시도",
    "interview.voice.continue": "계속",
    "interview.voice.send_failed": "답변을 제출하지 못했어요. 녹음은 남아 있으니 다시 시도해 주세요.",
    "interview.voice.failed": "답변을 처리하지 못했어요.",
    "interview.voice.no_speech": "이 녹음에서 말소리가 들리지 않았어요. 마이크를 확인하고 다시 녹음해 주세요.",
    "interview.voice.transcript": "받아쓴 내용",
    "interview.voice.full_feedback": "모범 답안을 포함한 전체 피드백은 리포트에서 볼 수 있어요.",
    "interview.voice.step_uploaded": "업로드 완료",
    "interview.voice.step_transcribing": "받아쓰는 중",
    "interview.voice.behind": "받아쓰는 중, {n}초 지연",
    "interview.voice.step_scoring": "채점 중",
    "interview.voice.step_ready": "완료",
    "interview.voice.m_pace": "분당 {wpm}단어",
    "interview.voice.m_fillers": "군말: {n}회 (분당 {per_minute}회)",
    "interview.voice.m_pauses": "멈춤: {n}회 (최장 {longest}초)",
    "interview.voice.m_hedges": "얼버무리는 표현: {n}회",
    "interview.voice.m_talk": "발화 시간 {talk}",
    "interview.voice.m_talk_of": "발화 시간 {talk} / {limit}",
    "interview.voice.confidence_checking": (
        "지금까지 센 군말: 받아쓰기에서 {heard}회, 다시 들어서 {recovered}회 찾았어요. 끝부분의 머뭇거림을 아직 "
        "다시 듣고 있어요 ({pending}개 남음). 잠시 뒤 횟수와 점수가 조금 바뀔 수 있어요."
    ),
    "interview.voice.confidence_high": (
        "군말 횟수: 신뢰도 높음 (받아쓰기에서 {heard}회, 받아쓰기에 빠진 머뭇거림을 다시 들어서 {recovered}회 "
        "더 찾았어요)."
    ),
    "interview.voice.confidence_medium": (
        "군말 횟수: 신뢰도 보통 (받아쓰기에서 {heard}회, 다시 들어서 {recovered}회). 일부 머뭇거림은 멈춤과 "
        "구별하지 못해서 실제 횟수는 조금 더 많을 수 있어요."
    ),
    "interview.voice.confidence_low": (
        "군말 횟수: 신뢰도 낮음 (받아쓰기에서 {heard}회, 다시 들어서 {recovered}회). 분류하지 못한 머뭇거림이 "
        "많으니 최소 횟수로 봐 주세요."
    ),
    "interview.voice.audio_note": (
        "말하는 동안 오디오가 업로드되므로 페이지가 닫혀도 잃어버리지 않아요. 녹음은 설정에서 정한 기간 동안 "
        "보관하고, 받아쓴 내용은 계속 남아요."
    ),
    "interview.voice.video_note": (
        "영상은 다시 볼 수 있도록 답변과 함께 저장해요. 얼굴, 시선, 감정은 분석하지 않아요. 피드백은 말한 내용과 "
        "말하는 방식(속도, 멈춤, 군말, 발화 시간)만 보고 드려요."
    ),
    "interview.voice.hands_free_note": (
        "핸즈프리: 질문을 소리 내어 읽어 주고, 질문이 끝나면 녹음이 시작되며 4초쯤 조용하면 녹음이 멈춰요. "
        "면접은 저절로 다음 질문으로 넘어가요. 언제든 정지나 일시정지를 누를 수 있어요."
    ),
    # taking the interview
    "interview.run.answer_label": "내 답변",
    "interview.run.answer_saved": "답변을 저장했어요. 다음 질문이에요.",
    "interview.run.draft_restored": "작성 중이던 답변을 복원했어요.",
    "interview.run.end": "면접 종료",
    "interview.run.end_confirm": "지금 종료",
    "interview.run.end_text": "입력란에 남은 보내지 않은 글은 답변으로 저장되고, 남은 질문은 건너뛴 것으로 처리돼요.",
    "interview.run.end_title": "지금 면접을 끝낼까요?",
    "interview.run.follow_up": "꼬리 질문",
    "interview.run.preparing": "답변을 저장했어요. 다음 질문을 준비하고 있어요…",
    "interview.run.follow_up_notice": "답변을 저장했어요. 면접관이 꼬리 질문을 하려고 해요.",
    "interview.run.of": "/",
    "interview.run.page_title": "면접 · Interview Coach",
    "interview.run.pause": "일시정지",
    "interview.run.paused": "일시정지했어요. 시간도 멈췄으니 준비되면 다시 시작하세요.",
    "interview.run.placeholder": "실제로 말하듯이 답변을 입력하세요…",
    "interview.run.question": "질문",
    "interview.run.resume": "다시 시작",
    "interview.run.saved_at": "{time}에 임시 저장됨",
    "interview.run.skip": "건너뛰기",
    "interview.run.skipped": "질문을 건너뛰었어요.",
    "interview.run.submit": "답변 보내기",
    "interview.run.times_up": "이 질문의 답변 시간이 끝났어요.",
    "interview.run.title": "모의 면접",
    # setting up an interview
    "interview.setup.count": "질문 수:",
    "interview.setup.difficulty": "난이도",
    "interview.setup.focus": "집중 영역 (선택)",
    "interview.setup.focus_hint": "연습할 역량을 최대 다섯 개까지 고르세요.",
    "interview.setup.intro": "내 직무에 맞는 질문을 고르고, 최근에 본 질문은 빼고 출제해요.",
    "interview.setup.limit": "질문당 시간",
    "interview.setup.mode": "답변 방식",
    "interview.mode.text": "글로 입력",
    "interview.report.m_pace": "분당 단어 수",
    "interview.report.m_fillers": "군말",
    "interview.report.m_pauses": "멈춤",
    "interview.report.m_hedges": "얼버무리는 표현",
    "interview.report.m_talk": "발화 시간",
    "interview.report.pace_chart": (
        "답변 중 말하기 속도 (10초 단위의 분당 단어 수, 맨 위가 200이며 110~170이면 알아듣기 편한 속도예요)"
    ),
    "interview.report.transcript_legend": (
        "강조 표시: 군말 (괄호 안은 받아쓰기에는 빠졌지만 다시 들어서 찾은 것), 점선: 얼버무리는 표현, "
        "[멈춤]: 1.5초 이상의 침묵."
    ),
    "interview.report.media_deleted": "설정에 따라 녹음은 삭제했고, 받아쓴 내용은 남아 있어요.",
    "interview.report.fillers_checking": "군말 횟수: 머뭇거림 몇 개를 아직 다시 듣고 있어요.",
    "interview.report.fillers_high": "군말 횟수: 신뢰도 높음.",
    "interview.report.fillers_medium": "군말 횟수: 신뢰도 보통. 일부 머뭇거림은 분류하지 못했어요.",
    "interview.report.fillers_low": "군말 횟수: 신뢰도 낮음. 최소 횟수로 봐 주세요.",
    "interview.mode.audio": "음성",
    "interview.mode.video": "영상 (카메라는 선택)",
    "interview.setup.hands_free": "음성 면접관 (핸즈프리)",
    "interview.setup.hands_free_hint": (
        "질문을 소리 내어 읽어 주고, 질문이 끝나면 녹음이 시작되며 한동안 조용하면 멈춰요."
    ),
    "interview.setup.limit.auto": "질문마다 추천 시간",
    "interview.setup.limit.seconds": "{seconds}초",
    "interview.setup.page_title": "새 면접 · Interview Coach",
    "interview.setup.role": "직무",
    "interview.setup.language_fallback": (
        "이 직무와 면접 유형에는 아직 {language} 질문이 충분하지 않아서, 이번 면접은 영어로 진행돼요."
    ),
    "interview.setup.start": "면접 시작",
    "interview.setup.timer": "타이머",
    "interview.setup.title": "새 모의 면접",
    "interview.setup.type": "면접 유형",
    # an interview left running ends by itself (INTERVIEW_MAX_MINUTES)
    "interview.ends_soon": (
        "이 면접은 {minutes}분 뒤에 끝나요. 면접은 시작하고 {hours}이 지나면 종료돼요. 지금까지의 답변은 "
        "저장되고, 리포트는 답한 질문을 기준으로 만들어져요."
    ),
    "interview.report.abandoned": (
        "이 면접은 시작하고 {hours}이 지나 자동으로 종료됐어요. 리포트는 답한 질문을 기준으로 만들어졌어요."
    ),
    # interview report: the other half of missed-point cards (number, text, link, ".")
    "interview.report.trainer_cards": "이번 면접에서 놓친 핵심 포인트 {count}개가 데일리 트레이너에 복습 카드로 다시 나와요.",
    "interview.report.trainer_link": "트레이너 열기",
}
