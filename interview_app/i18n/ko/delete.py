"""Korean text of deleting the account: what goes, the confirmation, the goodbye page (key prefix `delete.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "delete.title": "계정 삭제",
    "delete.text": "계정과 그 안의 모든 데이터가 즉시, 영구적으로 삭제돼요:",
    "delete.item.account": "프로필, 설정, 로그인 수단(비밀번호, Google, GitHub, LinkedIn)",
    "delete.item.interviews": "모든 면접과 그 질문, 답변, 받아쓴 내용, 피드백, 점수",
    "delete.item.media": "녹음과 데이터 내보내기 파일",
    "delete.item.trainer": "트레이너 퀴즈, 복습 카드, 연속 학습 기록, 직접 만든 주제와 문제",
    "delete.item.rest": "학습 계획, 학습 현황, 알림, 리마인더, 문제 신고 내역",
    "delete.after": (
        "모든 기기에서 로그아웃되고, 다시 로그인할 수 없어요. 보안 로그에는 계정에서 있었던 일의 기록이 남지만 이름, "
        "이메일, IP 주소는 남지 않아요. 사본이 먼저 필요하신가요? 위에서 데이터를 내보내세요."
    ),
    "delete.open": "계정 삭제…",
    "delete.confirm_title": "계정을 영구 삭제할까요?",
    "delete.confirm_text": "되돌릴 수 없어요. 확인하는 순간 데이터가 사라져요.",
    "delete.password": "비밀번호",
    "delete.email": "확인을 위해 이메일 주소를 입력하세요",
    "delete.email_hint": "이 계정에는 비밀번호가 없어서 이메일 주소로 확인해요: ",
    "delete.confirm": "계정 삭제",
    "delete.error.email_mismatch": "이 계정의 이메일 주소가 아니에요.",
    "delete.error.last_admin": (
        "활성 관리자가 회원님 한 명뿐이에요. 먼저 다른 계정을 관리자로 지정한 다음(관리자 → 사용자) 이 계정을 "
        "삭제하세요."
    ),
    "delete.error.subscription": (
        "지금은 결제 대행사에서 유료 구독을 중단하지 못해서 아무것도 삭제하지 않았어요. 몇 분 뒤에 다시 시도하거나, "
        "먼저 설정에서 구독을 해지하세요."
    ),
    "delete.goodbye.title": "계정을 삭제했어요",
    "delete.goodbye.text": (
        "Interview Coach에서 회원님의 데이터를 모두 지웠고, 모든 기기에서 로그아웃됐어요. 그동안 함께 연습해 주셔서 "
        "고마워요. 면접 잘 보세요!"
    ),
    "delete.goodbye.home": "홈으로 돌아가기",
}
