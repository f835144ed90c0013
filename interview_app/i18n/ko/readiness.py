"""한국어: 면접 준비도 문장."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "readiness.now": (
        "{band, select, ready {준비됐어요} nearly {거의 다 왔어요} progressing {나아지고 있어요} "
        "other {이제 시작이에요}}. {trend, select, improving {최근 평균은 {level}/100점이고 오르고 있어요.} "
        "declining {최근 평균은 {level}/100점인데 요즘 조금 떨어지고 있어요.} "
        "stable {최근 평균은 {level}/100점으로 꾸준해요.} "
        "other {최근 평균은 {level}/100점이에요(추세는 면접을 4번 하면 보여요).}}"
    ),
    "readiness.no_date": "설정에서 면접 날짜를 정하면 이대로 갔을 때 어디까지 갈지 보여 드려요.",
    "readiness.date_passed": "면접 날짜가 지났어요. 설정에서 다음 면접 날짜를 정해 주세요.",
    "readiness.pace": "지금은 일주일에 약 {count}번 연습하고 있어요.",
    "readiness.no_sessions": "최근에는 연습 기록이 없어요.",
    "readiness.projection": (
        "면접까지 {days}일 남았어요. {pace} 이 속도라면 면접 당일에는 약 {projected}점"
        "({band, select, ready {준비됨} nearly {거의 다 옴} progressing {나아지는 중} other {시작 단계}})이 "
        "예상돼요."
    ),
    "readiness.band.ready": "준비됨",
    "readiness.band.nearly": "거의 다 옴",
    "readiness.band.progressing": "나아지는 중",
    "readiness.band.early": "시작 단계",
    "readiness.trend.improving": "오르는 중",
    "readiness.trend.stable": "꾸준함",
    "readiness.trend.declining": "내려가는 중",
    "readiness.trend.not_enough": "면접 횟수가 부족함",
    "readiness.overall": "종합",
}
