"""Korean text of the `draft.*` keys: the questions a tailored interview writes from a CV and repositories."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "draft.requirement.experience": "{skill} 실무 경험",
    "draft.cv.action": "{action}하신 과정을 처음부터 차근차근 설명해 주세요. 다시 한다면 무엇을 바꾸시겠어요?",
    "draft.cv.action_at": (
        "{place}에서 {action}하신 과정을 처음부터 차근차근 설명해 주세요. 다시 한다면 무엇을 바꾸시겠어요?"
    ),
    "draft.cv.quote": (
        "이력서에 \u201c{quote}\u201d라고 적어 주셨어요. 직접 하신 일, 가장 어려웠던 결정, 다시 한다면 바꾸고 싶은 "
        "점을 들려주세요."
    ),
    "draft.cv.quote_at": (
        "이력서에 {place}에서 \u201c{quote}\u201d라고 적어 주셨어요. 직접 하신 일, 가장 어려웠던 결정, 다시 한다면 "
        "바꾸고 싶은 점을 들려주세요."
    ),
    "draft.cv.project": (
        "{name} 프로젝트 이야기를 듣고 싶어요. 어떤 문제를 풀었고, 설계에서 어떤 결정을 내렸고, 지금 다시 만든다면 "
        "무엇을 다르게 하시겠어요?"
    ),
    "draft.point.problem": "{name}: 어떤 문제를 누구를 위해 푸는지 설명",
    "draft.point.design": "설계와 주요 결정, 그리고 함께 검토한 대안",
    "draft.point.scene": "상황 설명: 목표, 제약 조건, 무엇이 걸려 있었는지",
    "draft.point.scene_at": "{place}에서의 상황 설명: 목표, 제약 조건, 무엇이 걸려 있었는지",
    "draft.point.own_part": "팀의 성과가 아니라 본인이 직접 맡은 역할을 분명히 함",
    "draft.point.skill": "{skill} 활용: 어떻게 썼고 왜 맞는 선택이었는지",
    "draft.point.skills": "{first}, {second} 활용: 어떻게 썼고 왜 맞는 선택이었는지",
    "draft.point.decisions": "핵심 결정과 함께 저울질한 대안",
    "draft.point.metric": "결과를 근거({metric})로 뒷받침하고 어떻게 측정했는지 설명",
    "draft.point.result": "결과와 그 결과를 측정한 방법",
    "draft.point.change": "지금 다시 한다면 바꿀 점과 그 이유(트레이드오프나 교훈)",
    "draft.point.requirement": "이 경험을 공고의 요구 사항과 연결: {requirement}",
    "draft.model.first": "좋은 답변은 이런 내용을 차례로 담아요. {point}.",
    "draft.model.next": "{point}.",
    "draft.follow.without": "그 일을 하지 않았다면 어떻게 됐을까요?",
    "draft.follow.disagree": "그 방식에 반대한 사람이 있었나요? 있었다면 어떻게 풀어 가셨어요?",
    "draft.repo.design": "{name}에서 {feature} 부분을 어떻게 설계하셨는지 설명해 주세요. 지금 다시 만든다면 무엇을 바꾸시겠어요?",
    "draft.repo.design.justify": "{stack}에서 내린 설계 결정을 대안과 비교해 근거를 댐",
    "draft.repo.design.change": "바꾸고 싶은 점 한 가지와 그 이유",
    "draft.repo.design.follow_break": "사용자가 훨씬 많아지면 어느 부분이 가장 먼저 무너질까요?",
    "draft.repo.design.follow_first": "처음에 시도했다가 잘 안 된 방법은 무엇이었나요?",
    "draft.repo.stack": "{name} 프로젝트는 {stack} 기반이네요. 왜 그 기술 스택을 골랐고, 그 대가는 무엇이었고, 다시 고르셔도 같은 선택을 하시겠어요?",
    "draft.repo.stack.reasons": "{stack} 선택이 이 문제에 맞았던 이유",
    "draft.repo.stack.alternative": "함께 검토한 대안",
    "draft.repo.stack.limit": "{focus} 부분에서 실제로 부딪힌 한계",
    "draft.repo.stack.follow_switch": "지금이라면 어떤 상황에서 다른 기술로 바꾸시겠어요?",
    "draft.repo.stack.follow_testing": "그 선택이 테스트와 배포에는 어떤 영향을 줬나요?",
    "draft.repo.hardest": "{name} 프로젝트를 만들면서 부딪힌 가장 어려운 문제는 무엇이었고, 원인을 어떻게 찾아 해결하셨어요?",
    "draft.repo.hardest.symptom": "증상과 원인을 좁혀 간 과정",
    "draft.repo.hardest.fix": "해결 방법과 그것을 검증한 방법",
    "draft.repo.hardest.prevent": "같은 문제가 다시 생기지 않도록 바꾼 것(테스트, 모니터링, 설계)",
    "draft.repo.hardest.follow_time": "해결까지 얼마나 걸렸고, 무엇이 있었다면 더 빨리 찾았을까요?",
    "draft.repo.hardest.follow_help": "다른 사람의 도움을 받았나요? 받았다면 어떻게요?",
    "draft.repo.tested": "{name} 프로젝트는 어떻게 테스트하고 있나요? 사용자나 데이터가 열 배로 늘면 무엇을 바꾸시겠어요?",
    "draft.repo.tested.tests": "있는 테스트와 빠진 테스트, 각각이 확인하는 것",
    "draft.repo.tested.bottleneck": "부하가 열 배일 때 {focus}에서 처음 생길 병목",
    "draft.repo.tested.cost": "변경에 드는 비용과 필요성의 비교",
    "draft.repo.tested.follow_confidence": "어떤 테스트가 가장 큰 확신을 주나요? 그 이유는요?",
    "draft.repo.tested.follow_measure": "부하가 걸리면 무엇부터 측정하시겠어요?",
    "draft.repo.feature_default": "전체 구조",
    "draft.repo.focus_default": "설계",
    "draft.repo.stack_default": "선택한 기술 스택",
    "draft.repo.stack_list": "{items}, {last}",
    "draft.repo.point.does": "{name}의 역할: {summary}",
    "draft.repo.point.handles": "이 기능을 어떻게 처리하는지 설명: {point}",
    "draft.repo.point.requirement": "프로젝트를 공고의 요구 사항과 연결: {requirement}",
    "draft.repo.model": (
        "좋은 답변은 지원자가 {repo}에서 직접 한 일을 다루기 때문에 구체적이에요. 실제 결정, 실제 숫자, 실제 실수를 "
        "이야기해요. 담아야 할 내용: {points} README는 이 프로젝트를 이렇게 소개해요: {readme}"
    ),
    "draft.repo.languages": "공개 저장소의 언어: {languages}",
}
