"""한국어: 면접 기록."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "history.delete": "이 면접 기록 삭제",
    "history.delete_confirm": "면접 기록 삭제",
    "history.delete_text": "이 면접의 답변, 녹음, 피드백이 모두 삭제돼요. 되돌릴 수 없어요.",
    "history.delete_title": "이 면접을 삭제할까요?",
    "history.deleted": "면접 기록을 삭제했어요.",
    "history.empty": "아직 면접 기록이 없어요. 면접을 시작하면 여기에 표시돼요.",
    "history.filter.all": "전체 면접",
    "history.filter.all_types": "모든 유형",
    "history.filter.status": "상태별 보기",
    "history.filter.type": "유형별 보기",
    "history.page_title": "면접 기록 · Interview Coach",
    "history.status.abandoned": "중단됨",
    "history.status.completed": "완료",
    "history.status.in_progress": "진행 중",
    "history.title": "면접 기록",
    # "{count} questions"
    "history.questions": "문항",
}
