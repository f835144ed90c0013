"""The curated question bank: the schema of its data files and the checks every file must pass.

Files live in `interview_app/data/questions/*.json`, each `{"questions": [...]}`: English questions at the top,
questions in another language in a folder named by its code (`questions/ko/*.json` for Korean), where every
question's `language` is that code (written or not) and its id starts with it (`ko-...`). Run
`python -m interview_app check-questions` after editing them. A question's tags may name the company tracks
(`company:<slug>`) and interview stages (`stage:<stage>`) it suits (services/tailoring/tracks.py); the checks
refuse unknown ones, and `company_track_problems` checks the track files of `data/companies/` against the bank.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interview_app.services.scoring.text import content_terms, term_coverage
from interview_app.services.shared.data_files import read_json_files, validate_items
from interview_app.services.tailoring import tracks

BANK_DIR = Path(__file__).resolve().parents[2] / "data" / "questions"
ROLES_FILE = Path(__file__).resolve().parents[2] / "data" / "job_roles.json"
ANY_ROLE = "any"
QuestionType = Literal["behavioural", "technical", "system_design", "situational"]
Difficulty = Literal["easy", "medium", "hard"]
QUESTION_TYPES: tuple[str, ...] = ("behavioural", "technical", "system_design", "situational")
Language = Literal["en", "ko"]
LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
COMPETENCIES: dict[str, str] = {
    "communication": "Communication",
    "collaboration": "Collaboration",
    "leadership": "Leadership",
    "ownership": "Ownership",
    "problem-solving": "Problem solving",
    "conflict-resolution": "Conflict resolution",
    "adaptability": "Adaptability",
    "customer-focus": "Customer focus",
    "prioritisation": "Prioritisation",
    "stakeholder-management": "Stakeholder management",
    "decision-making": "Decision making",
    "delivery": "Delivery and execution",
    "mentoring": "Mentoring and coaching",
    "learning": "Learning and growth",
    "technical-depth": "Technical depth",
    "coding": "Coding and craft",
    "debugging": "Debugging and troubleshooting",
    "system-design": "System design",
    "reliability": "Reliability and operations",
    "security": "Security",
    "testing-quality": "Testing and quality",
    "data-analysis": "Data analysis",
    "product-sense": "Product sense",
    "design-thinking": "Design thinking",
    "negotiation": "Negotiation and persuasion",
}
KEY_POINT_MIN_COVERAGE = 0.5


class QuestionSpec(BaseModel):
    """One question as written in a bank file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=3, max_length=80)
    type: QuestionType
    roles: list[str] = Field(min_length=1)
    difficulty: Difficulty
    competencies: list[str] = Field(min_length=1, max_length=4)
    tags: list[str] = Field(default_factory=list, max_length=8)
    prompt: str = Field(min_length=20, max_length=600)
    key_points: list[str] = Field(min_length=3, max_length=6)
    model_answer: str = Field(min_length=200, max_length=4000)
    follow_ups: list[str] = Field(min_length=1, max_length=3)
    time_limit_seconds: int = Field(ge=60, le=900)
    language: Language = DEFAULT_LANGUAGE

    @field_validator("competencies")
    @classmethod
    def _known_competencies(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in COMPETENCIES]
        if unknown:
            raise ValueError(f"unknown competencies {unknown}; use one of {sorted(COMPETENCIES)}")
        return value

    @field_validator("key_points", "follow_ups", "tags")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value]
        if any(not v for v in cleaned):
            raise ValueError("items must not be blank")
        if len({v.lower() for v in cleaned}) != len(cleaned):
            raise ValueError("items must not repeat")
        return cleaned


def known_roles() -> set[str]:
    """Role slugs from `data/job_roles.json`."""
    return {r["slug"] for r in json.loads(ROLES_FILE.read_text(encoding="utf-8"))}


def content_dump(spec: BaseModel) -> dict[str, object]:
    """A spec's fields for its content hash; an English question's hash leaves `language` out (as before it was)."""
    language = getattr(spec, "language", DEFAULT_LANGUAGE)
    return spec.model_dump(exclude={"language"} if language == DEFAULT_LANGUAGE else None)


def language_folders(directory: Path) -> list[tuple[str, Path]]:
    """(language, folder) of a bank: English at the top of `directory`, others in folders named by their code."""
    return [(DEFAULT_LANGUAGE, directory)] + [
        (code, directory / code) for code in LANGUAGES if code != DEFAULT_LANGUAGE and (directory / code).is_dir()
    ]


def with_language(items: list[object], language: str, where: str, problems: list[str]) -> list[object]:
    """The items of a file in a language folder, each given that `language` (a different one is a problem)."""
    marked: list[object] = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and language != DEFAULT_LANGUAGE:
            written = item.get("language", language)
            if written != language:
                problems.append(
                    f"{where}: {item.get('id', f'#{index}')}: language: {written!r} in the {language}/ folder"
                )
                continue
            item = {**item, "language": language}
        marked.append(item)
    return marked


def load_bank(directory: Path = BANK_DIR) -> tuple[list[QuestionSpec], list[str]]:
    """Read every bank file (every language); returns the valid questions and a list of problems (empty when well)."""
    specs: list[QuestionSpec] = []
    problems: list[str] = []
    for language, folder in language_folders(directory):
        prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
        for path, data in read_json_files(folder, problems):
            name = prefix + path.name
            items = data.get("questions") if isinstance(data, dict) else None
            if not isinstance(items, list):
                problems.append(f'{name}: expected an object with a "questions" list')
                continue
            items = with_language(items, language, name, problems)
            specs.extend(validate_items(QuestionSpec, items, name, problems, unnamed=""))
    problems.extend(check_bank(specs))
    return specs, problems


def language_problems(spec: QuestionSpec) -> list[str]:
    """A Korean question written without Hangul, an English one with it, or an id without its language prefix."""
    text = " ".join([spec.prompt, spec.model_answer, *spec.key_points, *spec.follow_ups])
    if spec.language == DEFAULT_LANGUAGE:
        return ["an English question contains Korean text"] if _HANGUL.search(text) else []
    problems = (
        []
        if spec.id.startswith(f"{spec.language}-")
        else [f"ids of {spec.language} questions start with {spec.language}-"]
    )
    if spec.language == "ko":
        problems.extend(
            f"{field} is not written in Korean"
            for field, value in (("prompt", spec.prompt), ("model_answer", spec.model_answer))
            if not _HANGUL.search(value)
        )
    return problems


def company_track_problems(specs: list[QuestionSpec]) -> list[str]:
    """The company track files' own problems, and rounds of theirs no question of `specs` suits."""
    company_tracks, problems = tracks.load_tracks()
    return problems + tracks.coverage_problems(specs, company_tracks, COMPETENCIES)


def key_point_gaps(spec: QuestionSpec) -> list[str]:
    """Key points whose meaning words are mostly absent from the model answer."""
    answer_terms = set(content_terms(spec.model_answer))
    return [kp for kp in spec.key_points if term_coverage(kp, answer_terms) < KEY_POINT_MIN_COVERAGE]


def check_bank(specs: list[QuestionSpec]) -> list[str]:
    """Cross-question checks: unique ids and prompts, known roles, key points in the model answer, company tags.

    Prompts must differ within a language (and across, which a translation never repeats word for word); a
    question must be written in its language.
    """
    problems: list[str] = []
    roles = known_roles() | {ANY_ROLE}
    for key, count in Counter(s.id for s in specs).items():
        if count > 1:
            problems.append(f"{key}: id used {count} times")
    prompts = Counter(" ".join(s.prompt.lower().split()) for s in specs)
    problems.extend(f"prompt repeated {n} times: {p[:60]}" for p, n in prompts.items() if n > 1)
    for spec in specs:
        problems.extend(f"{spec.id}: {message}" for message in language_problems(spec))
        unknown = [r for r in spec.roles if r not in roles]
        if unknown:
            problems.append(f"{spec.id}: unknown roles {unknown}")
        if spec.type == "system_design" and ANY_ROLE in spec.roles:
            problems.append(f"{spec.id}: system design questions must name engineering roles")
        problems.extend(
            f"{spec.id}: key point not reflected in the model answer: {kp!r}" for kp in key_point_gaps(spec)
        )
        problems.extend(f"{spec.id}: {message}" for message in tracks.tag_problems(spec.type, spec.tags))
    return problems
