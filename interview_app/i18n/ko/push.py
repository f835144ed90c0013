"""Korean text of push notifications: turning them on and off on a device, and their errors (key prefix `push.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "push.error.signed_out": "로그아웃된 상태예요. 푸시 알림을 켜려면 다시 로그인하세요.",
    "push.error.request_invalid": "브라우저가 보낸 구독 정보를 서버가 읽지 못했어요.",
    "push.error.endpoint_invalid": "브라우저의 푸시 주소로는 서버가 알림을 보낼 수 없어요.",
    "push.error.endpoint_insecure": "푸시 알림에는 보안(https) 푸시 주소가 필요해요.",
    "push.error.keys_invalid": "브라우저의 푸시 키가 없거나 형식이 잘못됐어요.",
    "push.error.rate_limited": "푸시 알림 설정을 너무 자주 바꿨어요. 몇 분 뒤에 다시 시도하세요.",
    "push.unsupported": (
        "이 브라우저는 푸시 알림을 표시할 수 없어요. iPhone과 iPad에서는 먼저 Interview Coach를 홈 화면에 추가한 다음 "
        "홈 화면에서 여세요."
    ),
    "push.denied": "이 사이트의 알림이 차단되어 있어요. 브라우저의 사이트 설정에서 알림을 허용한 다음 다시 시도하세요.",
    "push.enabled": "이 기기에서 푸시 알림이 켜져 있어요.",
    "push.disabled": "이 기기에서 푸시 알림이 꺼져 있어요.",
    "push.failed": "푸시 알림을 켜지 못했어요. 인터넷 연결을 확인하고 다시 시도하세요.",
}
