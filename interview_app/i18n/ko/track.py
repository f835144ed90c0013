"""한국어: 회사별 트랙의 면접 단계."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "track.stage.recruiter_screen": "리크루터 스크리닝",
    "track.stage.technical_screen": "기술 스크리닝",
    "track.stage.take_home": "과제 또는 역량 평가",
    "track.stage.coding": "코딩 면접",
    "track.stage.system_design": "시스템 설계 면접",
    "track.stage.behavioural": "인성 면접",
    "track.stage.values": "가치관·컬처핏 면접",
    "track.stage.hiring_manager": "채용 매니저 또는 패널 면접",
    "track.stage.team_matching": "팀 매칭",
}
