"""한국어: 요금제, 한도, 가격 페이지, 결제와 구독, 관리자의 요금제와 비용 페이지."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # quotas of a plan used up (services/shared/limits.py): {plan} is the plan's name, {day} the reset day
    "billing.quota.interviews_per_month": (
        "{plan} 요금제에는 매월 면접 {limit}회가 포함되어 있는데, 이번 달 면접을 모두 시작했어요. "
        "{day}({wait} 뒤)에 다시 채워지고, 지금 계속하려면 업그레이드하세요."
    ),
    "billing.quota.voice_minutes_per_month": (
        "{plan} 요금제에는 매월 음성 답변 {limit}분이 포함되어 있는데, 모두 사용했어요. "
        "답변을 글로 입력하거나, 업그레이드하거나, {day}부터 다시 말로 답하세요."
    ),
    "billing.quota.llm_answers_per_month": (
        "{plan} 요금제에는 매월 AI 채점 답변 {limit}개가 포함되어 있는데 모두 사용해서, 이 답변은 기본 채점기로 "
        "채점했어요. AI 채점은 {day}에 다시 시작돼요."
    ),
    "billing.quota.interviews_per_day": (
        "{plan} 요금제에서는 하루에 면접을 {limit}회 할 수 있는데, 최근 24시간 동안 모두 시작했어요. "
        "{wait} 뒤에 다음 면접을 시작하거나, 업그레이드해서 더 많이 연습하세요."
    ),
    "billing.quota.days": "{count, plural, other {#일}}",
    "billing.quota.exports_per_day": (
        "{plan} 요금제에서는 하루에 데이터를 {limit}번 내보낼 수 있어요. {wait} 뒤에 다시 시도하세요."
    ),
    "billing.upgrade": "업그레이드",
    "billing.locked.tailored_interviews": (
        "채용 공고에 맞춘 면접은 {plan} 요금제에 포함되어 있지 않아요. 업그레이드하면 만들 수 있어요."
    ),
    "billing.locked.pdf_reports": "PDF 리포트는 {plan} 요금제에 포함되어 있지 않아요. 업그레이드하면 내려받을 수 있어요.",
    # the plans' quotas and features, as the pricing page and the usage meter name them
    "billing.plan.interviews_per_day": "{count, plural, other {하루 면접 #회}}",
    "billing.plan.interviews_per_month": "{count, plural, other {매월 면접 #회}}",
    "billing.plan.voice_minutes_per_month": "{count, plural, other {매월 음성 답변 #분}}",
    "billing.plan.llm_answers_per_month": "{count, plural, other {매월 AI 채점 답변 #개}}",
    "billing.plan.exports_per_day": "{count, plural, other {하루 데이터 내보내기 #회}}",
    "billing.plan.unlimited_interviews_per_day": "하루 면접 횟수 제한 없음",
    "billing.plan.unlimited_interviews_per_month": "매월 면접 무제한",
    "billing.plan.unlimited_voice_minutes_per_month": "음성 답변 무제한",
    "billing.plan.unlimited_llm_answers_per_month": "모든 답변 AI 채점",
    "billing.plan.unlimited_exports_per_day": "데이터 내보내기 무제한",
    "billing.plan.none_voice_minutes_per_month": "글로 입력한 답변만 가능",
    "billing.plan.none_llm_answers_per_month": "기본 채점기로 채점",
    "billing.feature.tailored_interviews": "채용 공고와 이력서에 맞춘 면접",
    "billing.feature.pdf_reports": "면접 리포트와 학습 현황 PDF",
    # the pricing page
    "billing.pricing.nav": "요금제",
    "billing.pricing.page_title": "요금제 · Interview Coach",
    "billing.pricing.description": (
        "Interview Coach 요금제: 무료로 연습하거나, 업그레이드해서 매월 더 많은 면접과 음성 답변, 모든 답변에 대한 "
        "AI 피드백을 받으세요. 월간 또는 연간 결제, 언제든 해지할 수 있어요."
    ),
    "billing.pricing.title": "요금제와 가격",
    "billing.pricing.intro": (
        "무료로 시작하고, 더 많이 연습하고 싶을 때 업그레이드하세요. 언제든 해지할 수 있고, 어떤 요금제를 쓰든 "
        "면접, 답변, 리포트는 그대로 남아요."
    ),
    "billing.pricing.monthly": "월간",
    "billing.pricing.yearly": "연간",
    "billing.pricing.billing_period": "결제 주기",
    "billing.pricing.currency": "통화",
    "billing.pricing.per_month": "/월",
    "billing.pricing.per_year": "/년",
    "billing.pricing.free": "무료",
    "billing.pricing.free_forever": "기간 제한 없음",
    "billing.pricing.yearly_saving": "월간 결제보다 {percent}% 저렴",
    "billing.pricing.not_in_currency": "{currency}로는 판매하지 않아요",
    "billing.pricing.no_yearly": "월간 결제만 가능",
    "billing.pricing.current": "현재 요금제",
    "billing.pricing.choose": "{plan} 선택",
    "billing.pricing.start_free": "무료로 시작하기",
    "billing.pricing.resets": "월간 한도는 매월 1일(UTC)에 초기화돼요. 가격에는 세금이 포함되어 있지 않아요.",
    "billing.pricing.empty": "지금은 판매 중인 요금제가 없어요.",
    "billing.pricing.signed_out_note": "먼저 무료 계정을 만드세요. 그다음 여기서 업그레이드할 수 있어요.",
    # the usage card on the settings page
    "billing.usage.title": "요금제와 사용량",
    "billing.usage.plan": "지금 {plan} 요금제를 쓰고 있어요.",
    "billing.usage.renews": "{day}에 갱신돼요.",
    "billing.usage.grace": "마지막 결제가 완료되지 않았어요. {day}까지는 {plan} 요금제를 계속 쓸 수 있어요.",
    "billing.usage.see_plans": "요금제 보기",
    "billing.usage.full": "한도를 모두 사용했어요. 지금 계속하려면 업그레이드하거나, 한도가 초기화될 때까지 기다리세요.",
    "billing.meter.interviews_per_month": "이번 달 면접",
    "billing.meter.interviews_per_day": "최근 24시간 면접",
    "billing.meter.voice_minutes_per_month": "이번 달 음성 답변(분)",
    "billing.meter.llm_answers_per_month": "이번 달 AI 채점 답변",
    "billing.meter.exports_per_day": "최근 24시간 데이터 내보내기",
    "billing.meter.used_of": "{limit} 중 {used} 사용 · {left} 남음",
    "billing.meter.unlimited": "{used} 사용 · 제한 없음",
    "billing.meter.resets_on": "{day}에 초기화",
    "billing.meter.next_in": "{wait} 뒤에 다음 사용 가능",
    # the admin's plans page
    "billing.admin.nav_plans": "요금제",
    "billing.admin.nav_costs": "비용",
    "billing.admin.plans.page_title": "요금제 · 관리자 · Interview Coach",
    "billing.admin.plans.title": "요금제",
    "billing.admin.plans.intro": (
        "요금제별 가격과 한도예요. 구독하지 않은 사용자는 모두 기본 요금제를 써요. 요금제를 보관하면 가격 "
        "페이지에서 빠지지만, 기존 구독자는 계속 쓸 수 있어요."
    ),
    "billing.admin.plans.off": (
        "요금제 기능이 꺼져 있어요(PLANS_ENABLED=false). 아무도 이 요금제를 볼 수 없고, 모든 사용자에게 설정의 "
        "한도가 적용돼요. 켜기 전에 여기서 요금제를 미리 준비해 둘 수 있어요."
    ),
    "billing.admin.plans.new": "새 요금제",
    "billing.admin.plans.edit": "수정",
    "billing.admin.plans.archive": "보관",
    "billing.admin.plans.restore": "다시 판매",
    "billing.admin.plans.delete": "삭제",
    "billing.admin.plans.delete_confirm": "{plan} 요금제를 삭제할까요? 구독한 사용자는 없어요.",
    "billing.admin.plans.default": "기본",
    "billing.admin.plans.archived": "보관됨",
    "billing.admin.plans.subscribers": "{count, plural, other {구독자 #명}}",
    "billing.admin.plans.unlimited": "무제한",
    "billing.admin.plans.form_new": "새 요금제",
    "billing.admin.plans.form_edit": "{plan} 수정",
    "billing.admin.plans.slug": "슬러그(링크와 결제 서비스에서 쓰여요)",
    "billing.admin.plans.name": "이름",
    "billing.admin.plans.description": "설명",
    "billing.admin.plans.prices": "가격(비워 두면 해당 통화나 주기로는 판매하지 않아요)",
    "billing.admin.plans.quotas": "한도(비워 두면 무제한, 0이면 사용 불가)",
    "billing.admin.plans.features": "기능",
    "billing.admin.plans.provider_prices": "결제 서비스의 가격 ID",
    "billing.admin.plans.provider_label": "{provider} ({interval})",
    "billing.admin.plans.is_default": "기본 요금제(구독하지 않은 모든 사용자용, 가격 없음)",
    "billing.admin.plans.active": "판매 중(가격 페이지에 표시)",
    "billing.admin.plans.sort_order": "가격 페이지의 표시 순서",
    "billing.admin.plans.save": "요금제 저장",
    "billing.admin.plans.cancel": "취소",
    "billing.admin.plans.saved": "{plan} 요금제를 저장했어요.",
    "billing.admin.plans.deleted": "{plan} 요금제를 삭제했어요.",
    "billing.admin.plans.archived_done": "{plan} 요금제를 보관했어요. 이제 가격 페이지에 나오지 않아요.",
    "billing.admin.plans.restored_done": "{plan} 요금제를 다시 판매해요.",
    "billing.admin.plans.month": "월간",
    "billing.admin.plans.year": "연간",
    # the admin's cost page
    "billing.admin.costs.page_title": "비용 · 관리자 · Interview Coach",
    "billing.admin.costs.title": "비용",
    "billing.admin.costs.intro": (
        "유료 엔진에 든 비용이에요. AI 검토 모델의 토큰과 Whisper가 처리한 오디오 시간(초)을 사용한 시점의 "
        "가격으로 계산해요."
    ),
    "billing.admin.costs.prices": (
        "현재 가격: 프롬프트 토큰 100만 개당 {prompt}, 응답 토큰 100만 개당 {completion}, 오디오 1초당 {whisper}."
    ),
    "billing.admin.costs.from": "시작일",
    "billing.admin.costs.to": "종료일",
    "billing.admin.costs.total": "합계",
    "billing.admin.costs.per_day": "일별",
    "billing.admin.costs.per_user": "사용자별",
    "billing.admin.costs.per_session": "면접별",
    "billing.admin.costs.col_day": "날짜",
    "billing.admin.costs.col_user": "사용자",
    "billing.admin.costs.col_session": "면접",
    "billing.admin.costs.col_audio": "오디오",
    "billing.admin.costs.col_tokens": "토큰(프롬프트 + 응답)",
    "billing.admin.costs.col_calls": "AI 호출",
    "billing.admin.costs.col_cost": "비용",
    "billing.admin.costs.seconds": "{seconds}초",
    "billing.admin.costs.deleted_user": "삭제된 계정",
    "billing.admin.costs.none": "이 기간에는 지출이 없어요.",
    "billing.admin.costs.bad_range": "시작일은 종료일과 같거나 그보다 앞서야 하고, 기간은 최대 1년이에요.",
    # plan errors (services/billing/plans.py)
    "billing.error.invalid": "표시된 항목을 확인하세요.",
    "billing.error.price": "12 또는 12.50처럼 0보다 큰 가격을 입력하세요.",
    "billing.error.quota": "정수를 입력하세요(비워 두면 무제한).",
    "billing.error.slug": "영어 소문자, 숫자, 하이픈으로 1~40자를 쓰고, 문자나 숫자로 시작하세요.",
    "billing.error.slug_taken": "다른 요금제가 이미 이 슬러그를 쓰고 있어요.",
    "billing.error.name": "이름을 입력하세요(1~80자).",
    "billing.error.description": "설명은 500자 이내로 쓰세요.",
    "billing.error.features": "목록에서 기능을 선택하세요.",
    "billing.error.sort_order": "-1000에서 1000 사이의 정수를 입력하세요.",
    "billing.error.default_has_prices": "기본 요금제는 무료예요. 가격을 지우세요.",
    "billing.error.default_inactive": "기본 요금제는 판매를 중단할 수 없어요.",
    "billing.error.no_price": "가격을 하나 이상 입력하세요.",
    "billing.error.plan_not_found": "더 이상 없는 요금제예요.",
    "billing.error.default_needed": "기본 요금제는 항상 하나 있어야 해요. 대신 다른 요금제를 기본으로 지정하세요.",
    "billing.error.default_delete": "기본 요금제는 삭제할 수 없어요.",
    "billing.error.plan_in_use": "이 요금제를 구독한 사용자가 있어요. 대신 보관하세요.",
    # payments (services/billing/checkout.py, subscriptions.py; the webhook route api/billing.py)
    "billing.webhook.not_found": "이런 결제 웹훅은 없어요.",
    "billing.webhook.too_large": "결제 서비스가 보내는 이벤트보다 커요.",
    "billing.webhook.signature_invalid": "이 이벤트의 서명이 없거나, 틀렸거나, 너무 오래됐어요.",
    "billing.webhook.event_invalid": "이 결제 서비스의 이벤트가 아니에요.",
    "billing.webhook.unavailable": "지금은 이벤트를 적용할 수 없어요. 나중에 다시 보내 주세요.",
    "billing.error.plans_off": "이 사이트에서는 요금제를 판매하지 않아요.",
    "billing.error.plan_unavailable": "지금은 이 요금제를 구매할 수 없어요. 가격 페이지에서 다른 요금제를 선택하세요.",
    "billing.error.already_subscribed": (
        "이미 유료 요금제를 쓰고 있어요. 요금제 변경, 해지, 카드 변경은 설정에서 할 수 있어요."
    ),
    "billing.error.no_subscription": "변경할 유료 요금제가 없어요.",
    "billing.error.payment_not_found": "더 이상 없는 결제예요.",
    "billing.error.refund_invalid": "이 결제에서 환불할 금액이 남아 있지 않거나, 요청한 금액이 남은 금액보다 많아요.",
    "billing.error.refund_failed": "결제 서비스에서 환불을 처리하지 못했어요.",
    "billing.error.card_declined": "카드가 거절되었어요. 다른 카드나 결제 수단을 사용해 보세요.",
    "billing.error.auth": (
        "이 사이트의 결제 설정이 올바르지 않아요(결제 서비스가 키를 거부했어요). 청구된 금액은 없고, "
        "관리자에게 알렸어요."
    ),
    "billing.error.rate_limited": "결제 서비스가 혼잡해요. 청구된 금액은 없어요. 1분 뒤에 다시 시도하세요.",
    "billing.error.rejected": "결제 서비스가 요청을 거부했어요. 청구된 금액은 없어요.",
    "billing.error.unavailable": "결제 서비스에 연결할 수 없어요. 청구된 금액은 없어요. 잠시 뒤에 다시 시도하세요.",
    "billing.error.not_configured": "이 사이트에는 아직 결제가 설정되지 않았어요. 청구된 금액은 없어요.",
    "billing.error.payment_due": "마지막 결제가 처리되지 않았어요. 요금제를 다시 선택하기 전에 설정의 결제 관리에서 결제 수단을 바꾸거나 구독을 해지해 주세요.",
    # the page the payment provider sends the candidate back to
    "billing.return.page_title": "결제 · Interview Coach",
    "billing.return.title": "결제",
    "billing.return.processing": (
        "감사해요! 결제 서비스가 결제를 확인해 주기를 기다리고 있어요. 보통 몇 초면 끝나고, 이 페이지는 "
        "저절로 업데이트돼요."
    ),
    "billing.return.slow": (
        "확인이 평소보다 오래 걸리고 있어요. 이 페이지를 떠나도 괜찮아요. 결제가 확인되는 즉시 요금제가 바뀌고, "
        "두 번 청구되는 일은 없어요."
    ),
    "billing.return.premium": "이제 {plan} 요금제예요.",
    "billing.return.premium_text": "새 한도가 바로 적용돼요. 응원해 주셔서 감사해요!",
    "billing.return.none": "확인을 기다리는 결제가 없어요.",
    "billing.return.none_text": "방금 결제했다면 확인이 아직 오는 중일 수 있어요. 1분 뒤에 다시 확인해 보세요.",
    "billing.return.dashboard": "대시보드로 가기",
    "billing.return.pricing": "요금제 보기",
    "billing.return.failed": "결제가 처리되지 않았어요.",
    "billing.return.failed_text": (
        "결제 서비스에서 결제가 실패했다고 알려 왔어요. 청구된 금액은 없고 요금제도 그대로예요. "
        "다른 카드나 결제 수단으로 시도하려면 요금제를 다시 선택하세요."
    ),
    "billing.return.why.bank": "카드사나 은행에서 결제를 거절했어요. 다른 카드를 쓰거나 은행에 이유를 문의해 보세요.",
    "billing.return.why.customer": "결제가 취소되었거나 일회용 비밀번호 같은 인증이 끝나지 않았어요.",
    "billing.return.why.provider": "결제망 쪽에 문제가 있었어요. 몇 분 뒤에 다시 시도해 보세요.",
    "billing.return.why.other": "결제 서비스에서 결제를 완료하지 못했어요.",
    "billing.return.unverified": (
        "이 페이지가 결제 서비스에서 열렸는지 확인할 수 없어서 아무것도 바꾸지 않았어요. 결제했다면 "
        "결제 서비스가 결제를 확인해 주는 즉시 요금제가 바뀌어요."
    ),
    # the app's checkout page that opens the payment provider's payment window (Razorpay Standard Checkout)
    "billing.checkout.page_title": "결제 · Interview Coach",
    "billing.checkout.heading": "결제를 마무리해 주세요",
    "billing.checkout.text": (
        "이 페이지 위에 열리는 결제 서비스의 안전한 결제 창에서 결제해요. 결제가 끝나면 Interview Coach로 "
        "저절로 돌아와요."
    ),
    "billing.checkout.opening": "결제 창을 여는 중이에요…",
    "billing.checkout.open": "결제 창 열기",
    "billing.checkout.script_failed": (
        "결제 창을 불러오지 못했어요. 오프라인이거나, 브라우저 확장 프로그램이나 네트워크 필터가 결제 서비스를 "
        "막고 있을 수 있어요. 청구된 금액은 없어요. 연결을 확인하고 이 페이지에서 결제 서비스를 허용한 뒤 "
        '"결제 창 열기"를 다시 눌러 주세요.'
    ),
    "billing.checkout.dismissed": (
        '결제 창을 닫아서 청구된 금액은 없어요. 결제 진행 상태는 그대로 남아 있으니 준비되면 "결제 창 열기"를 '
        "누르거나 요금제 페이지로 돌아가세요."
    ),
    "billing.checkout.declined": "결제가 처리되지 않았고 청구된 금액은 없어요. 다른 카드나 결제 수단으로 다시 시도해 보세요.",
    "billing.checkout.noscript": "결제 창을 열려면 JavaScript가 필요해요. 이 페이지에서 켜거나 요금제 페이지로 돌아가세요.",
    "billing.checkout.back": "요금제로 돌아가기",
    "billing.checkout.expired_heading": "결제 링크가 만료됐어요",
    "billing.checkout.expired_text": (
        "안전을 위해 결제 링크는 요금제를 고른 뒤 {count, plural, other {#분}} 동안만 쓸 수 있어요. 청구된 금액은 "
        "없어요. 요금제를 다시 골라 새 링크를 받아 주세요."
    ),
    "billing.checkout.invalid_heading": "이 결제 링크는 쓸 수 없어요",
    "billing.checkout.invalid_text": (
        "요금제를 고를 때 Interview Coach가 만든 링크 전체가 아니거나, 다른 사람을 위해 만든 링크예요. 청구된 "
        "금액은 없어요. 요금제를 다시 골라 처음부터 시작해 주세요."
    ),
    "billing.checkout.start_again": "요금제 다시 고르기",
    # the subscription card on the settings page
    "billing.manage.title": "구독",
    "billing.manage.portal": "결제 관리",
    "billing.manage.portal_hint": "결제 서비스에서 카드를 바꾸거나, 청구서를 내려받거나, 요금제를 변경할 수 있어요.",
    "billing.manage.cancel": "구독 해지",
    "billing.manage.cancel_title": "구독을 해지할까요?",
    "billing.manage.cancel_text": (
        "결제한 기간이 끝날 때까지는 지금 요금제를 그대로 쓰고, 그 뒤에는 무료 요금제로 바뀌어요. "
        "면접, 답변, 리포트는 그대로 남아요."
    ),
    "billing.manage.cancel_confirm": "이번 결제 기간이 끝나면 해지",
    "billing.manage.cancelled": "구독이 {day}에 끝나요. 그때까지 {plan} 요금제를 쓸 수 있어요.",
    "billing.manage.cancelling": "해지 예약됨: {plan} 요금제는 {day}에 끝나고 갱신되지 않아요.",
    "billing.manage.past_due": "마지막 결제가 처리되지 않았어요. 결제 관리에서 결제 수단을 바꾸거나 구독을 해지하세요. 결제가 되면 요금제가 바로 돌아와요.",
}
