"""Names in the reader's order (i18n/collation.py): Hangul in 가나다 order before Latin names for a Korean reader,
Latin first for an English one, case and accents after the letters; checked against ICU (node's Intl.Collator)
on every name the product sorts, and where the lists are sorted (trainer topics, mastery, roles, admin filters)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable

import pytest
from sqlmodel import Session

from interview_app.i18n.collation import sort_key, sort_names
from interview_app.models import User
from interview_app.services.accounts import profiles
from interview_app.services.admin import questions as admin_questions
from interview_app.services.trainer import topics
from interview_app.services.trainer.quiz_bank import curated_topics

MIXED = ["SQL", "자료 구조", "네트워크", "Docker", "운영 체제", "가상화", "하나", "résumé", "resume", "Resume"]
MIXED += ["api 설계", "10가지", "2가지", "클라우드", "Zebra", "apple", "ㅎ 모음"]


def test_a_korean_reader_gets_hangul_in_dictionary_order_before_latin_names() -> None:
    assert sort_names(MIXED, "ko") == [
        "10가지", "2가지", "가상화", "네트워크", "운영 체제", "자료 구조", "클라우드", "ㅎ 모음", "하나",
        "api 설계", "apple", "Docker", "resume", "Resume", "résumé", "SQL", "Zebra",
    ]  # fmt: skip


def test_an_english_reader_gets_latin_names_first_without_case_mattering() -> None:
    assert sort_names(MIXED, "en") == [
        "10가지", "2가지", "api 설계", "apple", "Docker", "resume", "Resume", "résumé", "SQL", "Zebra",
        "가상화", "네트워크", "운영 체제", "자료 구조", "클라우드", "ㅎ 모음", "하나",
    ]  # fmt: skip
    assert sort_names(["b", "B", "a", "A"], "xx") == ["a", "A", "b", "B"]  # an unknown language reads as English


def test_syllables_compare_one_by_one_and_different_names_never_tie() -> None:
    assert sort_names(["각", "가나", "가"], "ko") == ["가", "가나", "각"]
    assert sort_key("SQL", "ko") != sort_key("sql", "ko")


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed (Reflex needs it to build pages)")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_order_is_icu_order_for_every_name_the_product_sorts(lang: str) -> None:
    names = {spec.name for spec in curated_topics().values()}
    names |= {spec.translations[key].name for spec in curated_topics().values() for key in spec.translations}
    for role in json.loads((profiles.DATA_DIR / "job_roles.json").read_text(encoding="utf-8")):
        names |= {role["title"], *(text["title"] for text in role.get("translations", {}).values())}
    names |= set(MIXED)
    script = f"console.log(JSON.stringify({json.dumps(sorted(names))}.sort(new Intl.Collator({lang!r}).compare)))"
    icu = json.loads(subprocess.run([NODE or "node", "-e", script], capture_output=True, check=True, text=True).stdout)
    assert sort_names(sorted(names), lang) == icu


def test_the_lists_a_korean_reader_sees_are_in_korean_order(session: Session, make_user: Callable[..., User]):
    topics.seed_quiz_bank(session)
    profiles.seed_job_roles(session)
    user = make_user("ada@example.com")
    own = topics.create_topic(session, user.id or 0, "회사 공부")
    session.commit()
    views = topics.list_topics(session, user.id or 0, lang="ko")
    assert views[0].slug == own.slug  # their own topics first
    names = [v.name for v in views[1:]]
    assert names == sort_names(names, "ko") and names.index("보안") < names.index("SQL")
    english = [v.name for v in topics.list_topics(session, user.id or 0, lang="en")[1:]]
    assert english == sort_names(english, "en") and english.index("Security") < english.index("SQL")
    choices = admin_questions.topic_choices(session, "ko")
    assert [name for _slug, name in choices] == names and ("sql", "SQL") in choices
    roles = [profiles.role_name(r, "ko") for r in profiles.list_roles(session, "ko")]
    assert len(roles) >= 16 and roles == sort_names(roles, "ko")
