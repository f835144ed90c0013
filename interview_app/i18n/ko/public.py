"""한국어: 공개 페이지의 헤더와 푸터."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "public.get_started": "시작하기",
    "public.footer": "Interview Coach는 오픈 소스예요. 내 컴퓨터에서 실행되고, 내 답변은 나에게만 남아요.",
}
