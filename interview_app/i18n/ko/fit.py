"""Korean text of the fit matrix: each requirement against the CV and the answers (key prefix `fit.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "fit.page_title": "적합도 매트릭스 · Interview Coach",
    "fit.title": "직무 적합도",
    "fit.intro": (
        "직무의 자격 요건마다 이력서에서 드러나는 내용과, 면접을 마친 뒤에는 답변에서 드러난 내용을 나란히 보여 "
        "드려요. 강함: 분명한 근거가 있음, 일부: 언급했거나 관련 있음, 없음: 아직 근거 없음."
    ),
    "fit.material": "이력서와 프로필",
    "fit.answers": "내 답변",
    "fit.level.strong": "강함",
    "fit.level.some": "일부",
    "fit.level.none": "없음",
    "fit.level.pending": "아직 답하지 않음",
    "fit.summary": "강함 {strong} · 일부 {some} · 근거 없음 {none}",
    "fit.practise": "연습하기",
    "fit.back_report": "리포트로 돌아가기",
    "fit.not_found": "이 면접에는 적합도 매트릭스가 없어요(맞춤 면접이 아니었거나 회원님의 면접이 아니에요).",
    "fit.topics.intro": "근거가 없는 요건은 이 트레이너 주제로 매일 조금씩 연습해요:",
    "fit.topics.follow": "트레이너에서 팔로우하기",
    "fit.topics.following": "트레이너에서 높은 우선순위로 팔로우하고 있어요.",
    "fit.topics.done": "트레이너에서 높은 우선순위로 팔로우해요: {names}",
}
