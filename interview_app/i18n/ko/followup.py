"""한국어: 템플릿으로 만드는 면접관의 꼬리 질문."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "followup.behavioural.outcome": "결과는 어땠고, 그걸 어떻게 확인하셨나요?",
    "followup.behavioural.reflect": "돌아보면 무엇을 다르게 하시겠고, 무엇을 배우셨나요?",
    "followup.behavioural.people": "함께 설득하거나 맞춰야 했던 사람은 누구였고, 어떻게 하셨나요?",
    "followup.behavioural.options": "어떤 선택지들을 어떻게 비교했고, 왜 그렇게 결정하셨나요?",
    "followup.behavioural.stakes": "그때 정확히 무엇이 걸려 있었고, 왜 중요했나요?",
    "followup.technical.trade_offs": "그 방법의 트레이드오프는 무엇이고, 어떤 대안을 고려하시겠어요?",
    "followup.technical.verify": "그게 제대로 동작하는지 어떻게 확인하고, 운영에서는 무엇을 지켜보시겠어요?",
    "followup.technical.scale": "부하가 커지면 그 구조는 어떻게 버티고, 어디서 먼저 한계가 오나요?",
    "followup.technical.failure": "여기서 무엇이 잘못될 수 있고, 시스템은 그걸 어떻게 처리하나요?",
    "followup.technical.security": "여기서 보안 위험은 무엇이고, 어떻게 대응하시겠어요?",
    "followup.technical.concurrency": "두 요청이 동시에 들어오면 어떻게 되나요?",
    "followup.default.behavioural": "조금 더 구체적으로, 정확히 무엇을 하셨고 그 결과 어떻게 됐는지 말씀해 주시겠어요?",
    "followup.default.technical": "그게 어떻게 동작하는지 단계별로 설명해 주시겠어요?",
    "followup.deeper.technical": "그 부분이 구체적으로 어떻게 동작하는지, 그리고 어떤 경우에 다른 방법을 고르시겠는지 설명해 주시겠어요?",
    "followup.deeper.behavioural": "그 부분에서 직접 하신 일은 무엇이었고, 효과가 있었다는 것은 어떻게 아셨나요?",
    "followup.generic.technical": "그중 한 부분을 골라 한 단계 더 깊이, 실제로 어떻게 동작하는지 설명해 주시겠어요?",
    "followup.generic.behavioural": "그중 한 순간을 골라 정확히 무엇을 왜 하셨는지 차근차근 말씀해 주시겠어요?",
    "followup.quoted": '"{quote}"라고 말씀하셨는데요. {ask}',
    "followup.redirect": "질문으로 다시 돌아가 볼게요: {question}",
}
