"""Korean text of the GitHub profile panel: fetching, repositories, skills, activity, errors (key prefix `github.`)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "github.title": "GitHub 프로필",
    "github.text": (
        "공개 저장소와 그 언어, 토픽, README, 최근 공개 활동을 읽어요. 그러면 면접에서 회원님의 프로젝트에 대해 질문할 "
        "수 있고, 저장소에서 드러나는 기술을 프로필에 추가할 수 있어요."
    ),
    "github.username": "GitHub 사용자 이름",
    "github.username_hint": "로그인 아이디나 프로필 주소를 입력하세요. 예: octocat 또는 https://github.com/octocat",
    "github.linked_hint": "비워 두면 로그인에 쓰는 GitHub 계정을 사용해요.",
    "github.fetch": "가져오기",
    "github.fetching": "GitHub 프로필을 읽는 중…",
    "github.refetch": "다시 가져오기",
    "github.forget": "삭제",
    "github.forget_confirm": "Interview Coach에서 GitHub 프로필을 삭제할까요? 언제든 다시 가져올 수 있어요.",
    "github.forgotten": "GitHub 프로필을 삭제했어요.",
    "github.fetched": "{when}에 가져옴",
    "github.fetched_toast": "GitHub 프로필을 읽었어요. 저장소 {repos}개.",
    "github.repos": "주요 저장소",
    "github.no_repos": "코드가 있는 본인 소유의 공개 저장소가 아직 없어요.",
    "github.no_summary": "README 요약이 없어요.",
    "github.languages": "언어",
    "github.skills": "저장소에서 드러나는 기술",
    "github.skills_new": "아직 프로필에 없는 기술:",
    "github.adopt": "내 기술에 추가",
    "github.adopted": "내 기술에 추가했어요: {skills}.",
    "github.activity": "최근 {days}일: 푸시 {pushes}회(커밋 {commits}개), 풀 리퀘스트 {prs}개, 리뷰 {reviews}개",
    "github.activity_none": "최근 {days}일 동안 공개 활동이 없어요.",
    "github.stars": "스타 {count}개",
    "github.bad_username": (
        "GitHub 사용자 이름이 아니에요. 영문자, 숫자, 하이픈(연속 사용 불가)으로 39자까지 입력하거나 github.com 링크를 "
        "넣으세요."
    ),
    "github.no_username": "GitHub 사용자 이름을 입력하세요(로그인에 연결된 GitHub 계정이 없어요).",
    "github.not_found": "그런 이름의 GitHub 사용자가 없어요. 철자를 확인하세요.",
    "github.rate_limited": (
        "이 서버의 GitHub 요청 한도를 모두 썼어요. {minutes}분 뒤에 다시 시도하세요. 관리자가 GITHUB_TOKEN을 설정하면 "
        "한도가 늘어나요."
    ),
    "github.too_many": "최근 한 시간 동안 GitHub 프로필을 여러 번 가져왔어요. {minutes}분 뒤에 다시 시도하세요.",
    "github.unavailable": "GitHub가 지금 제대로 응답하지 않았어요. 바뀐 것은 없으니 잠시 뒤에 다시 시도하세요.",
    "github.bad_token": "서버의 GitHub 토큰이 거부됐어요. 관리자가 GITHUB_TOKEN을 확인해야 해요.",
    "github.forbidden": "GitHub가 요청을 거부했어요. 바뀐 것은 없으니 나중에 다시 시도하세요.",
}
