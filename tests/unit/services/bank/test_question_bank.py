"""The curated question bank: its files, the checker, seeding into the database, and browsing."""

from __future__ import annotations

import copy
import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.models import Question
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions
from interview_app.services.bank.files import (
    ANY_ROLE,
    COMPETENCIES,
    QUESTION_TYPES,
    QuestionSpec,
    known_roles,
    load_bank,
)
from interview_app.services.bank.questions import BankError, BankFilter

ROLES_FILE = Path(__file__).resolve().parents[4] / "interview_app" / "data" / "job_roles.json"
TECHNICAL_FAMILIES = {"Engineering", "Data"}


@functools.cache
def real_bank() -> tuple[list[QuestionSpec], list[str]]:
    """The bank files, parsed once per test run."""
    return load_bank()


def specs() -> list[QuestionSpec]:
    return real_bank()[0]


def role_families() -> dict[str, str]:
    return {r["slug"]: r["family"] for r in json.loads(ROLES_FILE.read_text(encoding="utf-8"))}


# --- the bank files ------------------------------------------------------------------------------


def test_bank_files_validate():
    """Schema, unique ids and prompts, known roles and competencies, key points reflected in model answers."""
    _, problems = real_bank()
    assert problems == [], f"{len(problems)} problem(s) in the question bank:\n" + "\n".join(problems)


def test_bank_is_big_enough():
    roles = {r for s in specs() for r in s.roles if r != ANY_ROLE}
    assert len(specs()) >= 220, f"only {len(specs())} questions"
    assert len(roles) >= 14, f"only {len(roles)} roles: {sorted(roles)}"


def test_every_type_and_difficulty_is_present():
    types = Counter(s.type for s in specs())
    difficulties = Counter(s.difficulty for s in specs())
    assert set(types) == set(QUESTION_TYPES), types
    assert set(difficulties) == {"easy", "medium", "hard"}, difficulties
    assert min(types.values()) >= 10, types
    assert min(difficulties.values()) >= 30, difficulties


def test_ids_and_prompts_are_unique_and_roles_known():
    ids = Counter(s.id for s in specs())
    assert [i for i, n in ids.items() if n > 1] == []
    prompts = Counter(" ".join(s.prompt.lower().split()) for s in specs())
    assert [p for p, n in prompts.items() if n > 1] == []
    allowed = known_roles() | {ANY_ROLE}
    assert {r for s in specs() for r in s.roles} <= allowed
    assert {c for s in specs() for c in s.competencies} <= set(COMPETENCIES)


def test_system_design_is_only_for_engineering_roles():
    families = role_families()
    design = [s for s in specs() if s.type == "system_design"]
    assert design
    for spec in design:
        assert ANY_ROLE not in spec.roles, spec.id
        assert {families[r] for r in spec.roles} & TECHNICAL_FAMILIES, (spec.id, spec.roles)
    assert any(families[r] == "Engineering" for s in design for r in s.roles)


def test_every_role_has_its_own_questions():
    own = Counter(r for s in specs() for r in s.roles if r != ANY_ROLE)
    general = [s for s in specs() if ANY_ROLE in s.roles]
    assert general, "questions for any role"
    assert all(s.type != "system_design" for s in general)
    for role, n in own.items():
        assert n >= 5, f"{role} has only {n} questions"


# --- the checker -----------------------------------------------------------------------------------


def valid_item(**changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "test-cache-invalidation",
        "type": "technical",
        "roles": ["backend-engineer"],
        "difficulty": "medium",
        "competencies": ["technical-depth", "reliability"],
        "tags": ["caching"],
        "prompt": "How would you keep a read-through cache consistent with the database behind it?",
        "key_points": [
            "Invalidate or update the cache entry when the database row changes",
            "Set a time to live so stale entries expire",
            "Measure the hit rate and the staleness",
        ],
        "model_answer": (
            "I would invalidate or update the cache entry whenever the database row changes, ideally from the "
            "same code path that writes the row, or from a change stream so no writer can forget it. I would "
            "also set a time to live on every entry so stale entries expire even when an invalidation is lost. "
            "Finally I would measure the hit rate and the staleness, so we know the cache earns its keep."
        ),
        "follow_ups": ["What happens when two writers race?"],
        "time_limit_seconds": 180,
    }
    item.update(changes)
    return item


def write_bank(directory: Path, *items: dict[str, Any], name: str = "test.json") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(json.dumps({"questions": list(items)}), encoding="utf-8")
    return path


def problems_for(tmp_path: Path, *items: dict[str, Any]) -> list[str]:
    write_bank(tmp_path, *items)
    return load_bank(tmp_path)[1]


def test_checker_accepts_a_valid_file(tmp_path):
    write_bank(tmp_path, valid_item())
    loaded, problems = load_bank(tmp_path)
    assert problems == []
    assert [s.id for s in loaded] == ["test-cache-invalidation"]


def test_checker_catches_an_unknown_competency(tmp_path):
    problems = problems_for(tmp_path, valid_item(competencies=["telepathy"]))
    assert len(problems) == 1
    assert "test-cache-invalidation" in problems[0] and "competencies" in problems[0]
    assert "telepathy" in problems[0]


def test_checker_catches_a_duplicate_id(tmp_path):
    other = valid_item(prompt="A completely different prompt about cache stampedes and how to avoid them.")
    problems = problems_for(tmp_path, valid_item(), other)
    assert any("test-cache-invalidation: id used 2 times" in p for p in problems), problems


def test_checker_catches_a_duplicate_id_across_files(tmp_path):
    write_bank(tmp_path, valid_item(), name="a.json")
    other = valid_item(prompt="A completely different prompt about cache stampedes and how to avoid them.")
    write_bank(tmp_path, other, name="b.json")
    assert any("id used 2 times" in p for p in load_bank(tmp_path)[1])


def test_checker_catches_a_repeated_prompt(tmp_path):
    problems = problems_for(tmp_path, valid_item(), valid_item(id="test-cache-again"))
    assert any(p.startswith("prompt repeated 2 times") for p in problems), problems


def test_checker_catches_a_key_point_absent_from_the_model_answer(tmp_path):
    points = [*valid_item()["key_points"], "Shard the queue consumers by tenant with consistent hashing"]
    problems = problems_for(tmp_path, valid_item(key_points=points))
    assert problems == [
        "test-cache-invalidation: key point not reflected in the model answer: "
        "'Shard the queue consumers by tenant with consistent hashing'"
    ]


def test_checker_catches_malformed_json(tmp_path):
    write_bank(tmp_path, valid_item(), name="good.json")
    (tmp_path / "broken.json").write_text('{"questions": [ {"id": "oops", ', encoding="utf-8")
    loaded, problems = load_bank(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("broken.json: not readable JSON")
    assert [s.id for s in loaded] == ["test-cache-invalidation"]  # the good file still loads


def test_checker_catches_a_file_without_a_questions_list(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([valid_item()]), encoding="utf-8")
    assert load_bank(tmp_path)[1] == ['list.json: expected an object with a "questions" list']


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"roles": ["astronaut"]}, "unknown roles ['astronaut']"),
        ({"type": "system_design", "roles": ["any"]}, "system design questions must name engineering roles"),
        ({"type": "trivia"}, "type"),
        ({"difficulty": "extreme"}, "difficulty"),
        ({"id": "Not A Slug"}, "id"),
        ({"prompt": "Too short?"}, "prompt"),
        ({"key_points": ["Only one", "Only two"]}, "key_points"),
        ({"model_answer": "Short."}, "model_answer"),
        ({"follow_ups": []}, "follow_ups"),
        ({"time_limit_seconds": 30}, "time_limit_seconds"),
        ({"surprise": "field"}, "surprise"),
        ({"tags": ["dup", "DUP"]}, "tags"),
    ],
)
def test_checker_catches_other_bad_fields(tmp_path, changes, expected):
    problems = problems_for(tmp_path, valid_item(**changes))
    assert problems, changes
    assert any(expected in p for p in problems), problems


# --- seeding ---------------------------------------------------------------------------------------


@pytest.fixture
def tmp_bank(tmp_path, monkeypatch) -> Path:
    """seed_questions reads a temporary bank directory instead of the real one."""
    directory = tmp_path / "questions"
    monkeypatch.setattr(questions, "load_bank", lambda: load_bank(directory))
    return directory


def rows(session: Session) -> dict[str, Question]:
    return {q.slug: q for q in session.exec(select(Question)).all()}


def three_items() -> list[dict[str, Any]]:
    second = valid_item(
        id="test-second",
        type="behavioural",
        difficulty="easy",
        prompt="Tell me about a time you had to explain a caching bug to a customer.",
    )
    third = valid_item(id="test-third", roles=["any"], prompt="How would you decide when a cache is worth adding?")
    return [valid_item(), second, third]


def test_seed_adds_every_question(session, tmp_bank):
    items = three_items()
    write_bank(tmp_bank, *items)
    counts = questions.seed_questions(session)
    session.commit()
    assert counts == {"added": 3, "updated": 0, "unchanged": 0, "retired": 0}
    stored = rows(session)
    assert set(stored) == {i["id"] for i in items}
    row = stored["test-cache-invalidation"]
    assert (row.type, row.difficulty, row.roles) == ("technical", "medium", ["backend-engineer"])
    assert row.key_points == items[0]["key_points"] and row.model_answer == items[0]["model_answer"]
    assert row.follow_ups == items[0]["follow_ups"] and row.time_limit_seconds == 180
    assert (row.source, row.status, row.version) == ("curated", "active", 1)
    assert len(row.content_hash) == 64
    assert "read-through cache" in row.search_text and "caching" in row.search_text


def test_seed_twice_changes_nothing(session, tmp_bank):
    write_bank(tmp_bank, *three_items())
    questions.seed_questions(session)
    session.commit()
    before = {slug: (q.version, q.content_hash, q.updated_at) for slug, q in rows(session).items()}
    assert questions.seed_questions(session) == {"added": 0, "updated": 0, "unchanged": 3, "retired": 0}
    session.commit()
    assert {slug: (q.version, q.content_hash, q.updated_at) for slug, q in rows(session).items()} == before


def test_seed_bumps_the_version_of_an_edited_question(session, tmp_bank):
    items = three_items()
    write_bank(tmp_bank, *items)
    questions.seed_questions(session)
    session.commit()
    old_hash = rows(session)["test-second"].content_hash
    edited = copy.deepcopy(items)
    edited[1]["prompt"] = "Tell me about a time you had to explain a tricky caching bug to an upset customer."
    write_bank(tmp_bank, *edited)
    assert questions.seed_questions(session) == {"added": 0, "updated": 1, "unchanged": 2, "retired": 0}
    session.commit()
    row = rows(session)["test-second"]
    assert row.version == 2 and row.content_hash != old_hash
    assert row.prompt == edited[1]["prompt"] and "upset customer" in row.search_text
    assert rows(session)["test-third"].version == 1


def test_seed_retires_a_removed_question_and_revives_it(session, tmp_bank):
    items = three_items()
    write_bank(tmp_bank, *items)
    questions.seed_questions(session)
    session.commit()
    write_bank(tmp_bank, items[0], items[2])
    assert questions.seed_questions(session) == {"added": 0, "updated": 0, "unchanged": 2, "retired": 1}
    session.commit()
    assert rows(session)["test-second"].status == "retired"
    assert questions.seed_questions(session)["retired"] == 0  # already retired
    write_bank(tmp_bank, *items)
    assert questions.seed_questions(session)["updated"] == 1
    session.commit()
    assert rows(session)["test-second"].status == "active"


def test_seed_leaves_admin_questions_alone(session, tmp_bank):
    items = three_items()
    write_bank(tmp_bank, *items)
    questions.seed_questions(session)
    session.commit()
    admin = rows(session)["test-second"]
    admin.source, admin.prompt = "admin", "An admin rewrote this prompt."
    session.add(admin)
    session.commit()
    edited = copy.deepcopy(items)
    edited[1]["prompt"] = "The curated file changed this prompt as well, for another reason."
    write_bank(tmp_bank, *edited)
    assert questions.seed_questions(session)["updated"] == 0
    session.commit()
    row = rows(session)["test-second"]
    assert (row.prompt, row.version, row.status) == ("An admin rewrote this prompt.", 1, "active")
    write_bank(tmp_bank, items[0], items[2])  # removed from the files: still not retired
    assert questions.seed_questions(session)["retired"] == 0
    session.commit()
    assert rows(session)["test-second"].status == "active"


def test_seed_refuses_a_bank_with_problems(session, tmp_bank):
    write_bank(tmp_bank, valid_item(), valid_item(id="test-copy"))
    with pytest.raises(BankError) as info:
        questions.seed_questions(session)
    assert info.value.problems and "prompt repeated" in info.value.problems[0]
    assert rows(session) == {}


# --- browsing --------------------------------------------------------------------------------------


@pytest.fixture
def seeded(session, monkeypatch) -> list[Question]:
    """The real bank in the test database."""
    monkeypatch.setattr(questions, "load_bank", real_bank)
    profiles.seed_job_roles(session)
    questions.seed_questions(session)
    session.commit()
    return list(session.exec(select(Question)).all())


def browse_all(session: Session, **flt: str) -> list[Question]:
    page, total = questions.browse(session, BankFilter(**flt), limit=1000)
    assert len(page) == total
    return page


def test_browse_without_filters_lists_every_active_question(session, seeded):
    assert len(browse_all(session)) == len(seeded) == len(specs())
    page, total = questions.browse(session, BankFilter(), limit=10, offset=5)
    assert total == len(seeded)
    assert [q.id for q in page] == [q.id for q in browse_all(session)][5:15]


def test_browse_searches_the_prompt(session, seeded):
    found = browse_all(session, text="rate LIMITER")
    assert "backend-rate-limiter-design" in {q.slug for q in found}
    for q in found:
        assert "rate" in q.search_text and "limiter" in q.search_text


def test_browse_searches_tags(session, seeded):
    tagged = next(q for q in seeded for t in q.tags if t.lower() not in q.prompt.lower() and len(t) > 4)
    tag = next(t for t in tagged.tags if t.lower() not in tagged.prompt.lower() and len(t) > 4)
    assert tagged.slug in {q.slug for q in browse_all(session, text=tag.upper())}


def test_browse_search_with_no_match_is_empty(session, seeded):
    assert browse_all(session, text="xylophone-quasar") == []
    assert browse_all(session, text="100%_") == []  # LIKE wildcards are escaped


def test_browse_filters_by_role_with_role_specific_questions_first(session, seeded):
    found = browse_all(session, role="ux-designer")
    assert found
    assert all("ux-designer" in q.roles or ANY_ROLE in q.roles for q in found)
    generic = [ANY_ROLE in q.roles for q in found]
    assert generic == sorted(generic), "role-specific questions come before general ones"
    assert not any("backend-engineer" in q.roles and ANY_ROLE not in q.roles for q in found)


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_browse_filters_by_type(session, seeded, kind):
    found = browse_all(session, type=kind)
    assert found and all(q.type == kind for q in found)
    assert len(found) == sum(s.type == kind for s in specs())


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_browse_filters_by_difficulty(session, seeded, difficulty):
    found = browse_all(session, difficulty=difficulty)
    assert found and all(q.difficulty == difficulty for q in found)


def test_browse_filters_by_competency_and_combines_filters(session, seeded):
    found = browse_all(session, competency="security")
    assert found and all("security" in q.competencies for q in found)
    combined = browse_all(session, role="backend-engineer", type="technical", difficulty="medium", competency="coding")
    for q in combined:
        assert q.type == "technical" and q.difficulty == "medium" and "coding" in q.competencies
        assert "backend-engineer" in q.roles or ANY_ROLE in q.roles


def test_browse_hides_retired_questions(session, seeded):
    row = next(q for q in seeded if q.slug == "backend-rate-limiter-design")
    row.status = "retired"
    session.add(row)
    session.commit()
    assert "backend-rate-limiter-design" not in {q.slug for q in browse_all(session, text="rate limiter")}
    assert len(browse_all(session)) == len(seeded) - 1
