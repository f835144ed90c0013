"""Korean text of the Your data page: exporting everything, the export's status (key prefix `data.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "data.page_title": "내 데이터 · Interview Coach",
    "data.title": "내 데이터",
    "data.link.settings": "내 데이터: 모두 내려받기 또는 계정 삭제",
    "data.link.security": "내 데이터 페이지에서 모든 데이터를 내려받거나 계정을 삭제할 수 있어요.",
    "data.link.open": "내 데이터 열기",
    "data.export.title": "내 데이터 모두 내보내기",
    "data.export.text": (
        "보관 중인 회원님의 모든 데이터를 ZIP 파일 하나로 드려요. 프로필과 계정, 모든 면접의 질문·답변·받아쓴 "
        "내용·피드백·점수, 녹음, 퀴즈, 복습 카드, 연속 학습 기록, 직접 만든 주제, 학습 계획, 알림이 들어 있어요. "
        "프로그램용 JSON, 스프레드시트용 CSV, 그리고 README도 함께 들어 있어요."
    ),
    "data.export.start": "내 데이터 내보내기",
    "data.export.limits": (
        "내보내기는 한 시간에 {per_hour}번, 하루에 {limit}번까지 할 수 있어요. 다운로드 링크는 {hours}시간 동안 쓸 수 "
        "있어요."
    ),
    "data.export.queued": "시작을 기다리는 중…",
    "data.export.building": "내보낼 파일을 만드는 중… ",
    "data.export.ready": "내보내기가 준비됐어요",
    "data.export.ready_until": "링크는 {time}까지 쓸 수 있어요.",
    "data.export.download": "ZIP 다운로드",
    "data.export.download_short": "다운로드",
    "data.export.failed": "내보내기에 실패했어요. 다시 시도해 보고, 계속 실패하면 관리자에게 알려 주세요.",
    "data.export.reason": "원인: ",
    "data.export.retry": "다시 시도",
    "data.export.ready_toast": "데이터 내보내기가 준비됐어요. 지금 내려받을 수 있어요.",
    "data.export.started_toast": "내보내기를 시작했어요. 이 페이지를 떠나도 괜찮아요. 준비되면 알려 드릴게요.",
    "data.export.progress_label": "내보내기 진행률",
    "data.export.earlier": "이전 내보내기",
    "data.export.none": "아직 데이터를 내보낸 적이 없어요.",
    "data.status.queued": "대기 중",
    "data.status.building": "만드는 중",
    "data.status.ready": "준비됨",
    "data.status.failed": "실패",
    "data.status.expired": "만료됨",
}
